// Users: create, describe, update (attribute paths), delete, list.
#include "handlers/common/pagination.hpp"
#include "handlers/identitystore/identitystore.hpp"

namespace junction::handlers::identitystore {

namespace {

repo::User require_user(repo::Repository& r, const std::string& user_id) {
  auto user = r.user(user_id);
  if (!user) not_found(resource_type::kUser, user_id);
  return *user;
}

}  // namespace

json create_user(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::Repository r = store_of(ctx, tx, input);
  json profile = profile_from_create(input);
  check_profile(profile);
  std::string user_id = new_resource_id();
  if (!r.insert_user(user_row(user_id, profile, created_now(ctx)))) duplicate("Duplicate UserName");
  return {{"IdentityStoreId", str(input, "IdentityStoreId")}, {"UserId", user_id}};
}

json describe_user(const Context& ctx, const json& input, storage::Tx& tx) {
  auto extensions = requested_extensions(input);
  repo::Repository r = store_of(ctx, tx, input);
  std::string user_id = str(input, "UserId");
  repo::User user = require_user(r, user_id);
  return user_json(str(input, "IdentityStoreId"), user,
                   r.external_ids(repo::ResourceKind::kUser, user_id), extensions);
}

json update_user(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::Repository r = store_of(ctx, tx, input);
  std::string user_id = str(input, "UserId");
  repo::User user = require_user(r, user_id);
  json profile = apply_user_operations(profile_of(user), input["Operations"]);
  check_profile(profile);
  validate_profile(profile);
  repo::User updated = user_row(user_id, profile, user.audit);
  touch(updated.audit, ctx);
  if (!r.update_user(updated)) duplicate("Duplicate UserName");
  return json::object();
}

json delete_user(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::Repository r = store_of(ctx, tx, input);
  std::string user_id = str(input, "UserId");
  if (!r.delete_user(user_id)) not_found(resource_type::kUser, user_id);
  return json::object();
}

json list_users(const Context& ctx, const json& input, storage::Tx& tx) {
  auto extensions = requested_extensions(input);
  repo::Repository r = store_of(ctx, tx, input);
  // The deprecated Filters: at most one, on UserName (ListUsers' only documented path).
  std::optional<std::string> user_name;
  if (has(input, "Filters") && !input["Filters"].empty()) {
    const json& filter = input["Filters"][0];
    std::string path = filter["AttributePath"];
    if (!iequals(path, "UserName"))
      invalid("The filter attribute path " + path +
              " is not supported: ListUsers filters on UserName.");
    user_name = filter["AttributeValue"].get<std::string>();
  }
  Page page = page_from(input, "NextToken", "MaxResults", kDefaultPageSize);
  auto users = r.users(user_name, page.offset, page.limit + 1);
  std::string store_id = str(input, "IdentityStoreId");
  return page_json("Users", users, page, [&](const auto& user) {
    return user_json(store_id, user, r.external_ids(repo::ResourceKind::kUser, user.user_id),
                     extensions);
  });
}

}  // namespace junction::handlers::identitystore
