// GetUserId and GetGroupId: an id by a unique attribute or by an external id.
#include "handlers/identitystore/identitystore.hpp"

namespace junction::handlers::identitystore {

namespace {

// The resource an AlternateIdentifier's ExternalId names, if any.
std::optional<std::string> by_external_id(repo::Repository& r, repo::ResourceKind kind,
                                          const json& identifier) {
  const json& external = identifier["ExternalId"];
  return r.resource_by_external_id(kind, {str(external, "Issuer"), str(external, "Id")});
}

}  // namespace

json get_user_id(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::Repository r = store_of(ctx, tx, input);
  const json& identifier = input["AlternateIdentifier"];
  std::optional<std::string> user_id;
  if (has(identifier, "ExternalId")) {
    user_id = by_external_id(r, repo::ResourceKind::kUser, identifier);
  } else {
    const json& unique = identifier["UniqueAttribute"];
    std::string path = str(unique, "AttributePath");
    // The unique attributes of a user: its user name and its (only) email.
    bool by_name = iequals(path, "userName");
    if (!by_name && !iequals(path, "emails.value"))
      invalid("The attribute " + path + " is not a unique attribute");
    std::string value = string_value(unique.value("AttributeValue", json()), path);
    user_id = by_name ? r.user_id_by_name(value) : r.user_id_by_email(value);
  }
  if (!user_id) not_found(resource_type::kUser, "");
  return {{"IdentityStoreId", str(input, "IdentityStoreId")}, {"UserId", *user_id}};
}

json get_group_id(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::Repository r = store_of(ctx, tx, input);
  const json& identifier = input["AlternateIdentifier"];
  std::optional<std::string> group_id;
  if (has(identifier, "ExternalId")) {
    group_id = by_external_id(r, repo::ResourceKind::kGroup, identifier);
  } else {
    const json& unique = identifier["UniqueAttribute"];
    std::string path = str(unique, "AttributePath");
    // A group's only unique attribute is its display name.
    if (!iequals(path, "displayName"))
      invalid("The attribute " + path + " is not a unique attribute");
    group_id = r.group_id_by_name(string_value(unique.value("AttributeValue", json()), path));
  }
  if (!group_id) not_found(resource_type::kGroup, "");
  return {{"GroupId", *group_id}, {"IdentityStoreId", str(input, "IdentityStoreId")}};
}

}  // namespace junction::handlers::identitystore
