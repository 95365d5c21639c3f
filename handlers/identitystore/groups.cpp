// Groups: create, describe, update (displayName, description), delete, list.
#include "handlers/common/pagination.hpp"
#include "handlers/identitystore/identitystore.hpp"
#include "server/shapes/shape.hpp"
#include "server/shapes/validator.hpp"

namespace junction::handlers::identitystore {

namespace {

repo::Group require_group(repo::Repository& r, const std::string& group_id) {
  auto group = r.group(group_id);
  if (!group) not_found(resource_type::kGroup, group_id);
  return *group;
}

json group_json(const std::string& store_id, repo::Repository& r, const repo::Group& g) {
  json out = {
      {"GroupId", g.group_id}, {"DisplayName", g.display_name}, {"IdentityStoreId", store_id}};
  if (g.description) out["Description"] = *g.description;
  auto ids = r.external_ids(repo::ResourceKind::kGroup, g.group_id);
  if (!ids.empty()) out["ExternalIds"] = external_ids_json(ids);
  put_audit(out, g.audit);
  return out;
}

// A group's attributes checked against the model's Group shape: UpdateGroup's values are
// documents, which the input validation does not look into.
void validate_group(const repo::Group& g) {
  static const shapes::Shape* shape =
      shapes::Model::instance().by_sdk_name("identitystore")->shape("Group");
  json group = {{"GroupId", "00000000-0000-0000-0000-000000000000"},
                {"IdentityStoreId", "d-0000000000"},
                {"DisplayName", g.display_name}};
  if (g.description) group["Description"] = *g.description;
  auto violations = shapes::validate(*shape, group);
  if (!violations.empty()) invalid(shapes::validation_message(violations));
}

}  // namespace

json create_group(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::Repository r = store_of(ctx, tx, input);
  if (!has(input, "DisplayName")) invalid("displayName is a required attribute");
  repo::Group g{new_resource_id(), str(input, "DisplayName"), std::nullopt, created_now(ctx)};
  if (has(input, "Description")) g.description = str(input, "Description");
  reject_reserved_name(g.display_name);
  if (!r.insert_group(g)) duplicate("Duplicate GroupDisplayName");
  return {{"GroupId", g.group_id}, {"IdentityStoreId", str(input, "IdentityStoreId")}};
}

json describe_group(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::Repository r = store_of(ctx, tx, input);
  return group_json(str(input, "IdentityStoreId"), r, require_group(r, str(input, "GroupId")));
}

json update_group(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::Repository r = store_of(ctx, tx, input);
  repo::Group g = require_group(r, str(input, "GroupId"));
  for (const auto& op : input["Operations"]) {
    std::string path = op.value("AttributePath", "");
    auto it = op.find("AttributeValue");
    const json* value = it != op.end() && !it->is_null() ? &*it : nullptr;
    if (iequals(path, "displayName")) {
      if (!value) invalid("displayName is a required attribute");
      g.display_name = string_value(*value, path);
    } else if (iequals(path, "description")) {
      if (value)
        g.description = string_value(*value, path);
      else
        g.description.reset();
    } else {
      invalid("Invalid attribute path: " + path + " is not an attribute that can be updated.");
    }
  }
  validate_group(g);
  reject_reserved_name(g.display_name);
  touch(g.audit, ctx);
  if (!r.update_group(g)) duplicate("Duplicate GroupDisplayName");
  return json::object();
}

json delete_group(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::Repository r = store_of(ctx, tx, input);
  std::string group_id = str(input, "GroupId");
  if (!r.delete_group(group_id)) not_found(resource_type::kGroup, group_id);
  return json::object();
}

json list_groups(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::Repository r = store_of(ctx, tx, input);
  // The deprecated Filters: at most one, on DisplayName (ListGroups' only documented path).
  std::optional<std::string> display_name;
  if (has(input, "Filters") && !input["Filters"].empty()) {
    const json& filter = input["Filters"][0];
    std::string path = filter["AttributePath"];
    if (!iequals(path, "DisplayName"))
      invalid("The filter attribute path " + path +
              " is not supported: ListGroups filters on DisplayName.");
    display_name = filter["AttributeValue"].get<std::string>();
  }
  Page page = page_from(input, "NextToken", "MaxResults", kDefaultPageSize);
  auto groups = r.groups(display_name, page.offset, page.limit + 1);
  std::string store_id = str(input, "IdentityStoreId");
  return page_json("Groups", groups, page,
                   [&](const auto& row) { return group_json(store_id, r, row); });
}

}  // namespace junction::handlers::identitystore
