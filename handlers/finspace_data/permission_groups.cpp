// Permission groups: create, read, list, update, delete.
#include <algorithm>

#include "handlers/common/pagination.hpp"
#include "handlers/finspace_data/finspace_data.hpp"
#include "server/util/ids.hpp"

namespace junction::handlers::finspace_data {

namespace {

constexpr std::int64_t kDefaultPageSize = 100;

// The permissions as given, each once, in their first position.
std::vector<std::string> permissions_of(const json& list) {
  std::vector<std::string> out;
  for (const auto& p : list) {
    std::string value = p.get<std::string>();
    if (std::find(out.begin(), out.end(), value) == out.end()) out.push_back(value);
  }
  return out;
}

}  // namespace

repo::PermissionGroup require_permission_group(repo::Repository& r,
                                               const std::string& permission_group_id) {
  auto group = r.permission_group(permission_group_id);
  if (!group)
    throw ApiError("ResourceNotFoundException",
                   "The permission group " + permission_group_id + " does not exist.",
                   {{"reason", reason::kPermissionGroupNotFound}});
  return *group;
}

json permission_group_json(const repo::PermissionGroup& g) {
  json out = {{"permissionGroupId", g.permission_group_id},
              {"name", g.name},
              {"applicationPermissions", g.application_permissions},
              {"createTime", g.create_time},
              {"lastModifiedTime", g.last_modified_time}};
  if (g.description) out["description"] = *g.description;
  return out;
}

json create_permission_group(const Context& ctx, const json& input, storage::Tx& tx) {
  return once_per_client_token(ctx, "CreatePermissionGroup", input, tx, [&] {
    repo::Repository r(tx, ctx.account, ctx.region);
    repo::PermissionGroup g;
    g.permission_group_id = random_alnum(kIdLength);
    g.name = str(input, "name");
    g.description = optional_str(input, "description");
    g.application_permissions = permissions_of(input["applicationPermissions"]);
    g.create_time = g.last_modified_time = ctx.now_ms;
    r.insert_permission_group(g);
    return json{{"permissionGroupId", g.permission_group_id}};
  });
}

json get_permission_group(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::Repository r(tx, ctx.account, ctx.region);
  return {{"permissionGroup",
           permission_group_json(require_permission_group(r, str(input, "permissionGroupId")))}};
}

json list_permission_groups(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::Repository r(tx, ctx.account, ctx.region);
  Page page = page_from(input, "nextToken", "maxResults", kDefaultPageSize);
  auto groups = r.permission_groups(page.offset, page.limit + 1);
  return page_json({"permissionGroups", "nextToken"}, groups, page,
                   [&](const auto& row) { return permission_group_json(row); });
}

json update_permission_group(const Context& ctx, const json& input, storage::Tx& tx) {
  return once_per_client_token(ctx, "UpdatePermissionGroup", input, tx, [&] {
    repo::Repository r(tx, ctx.account, ctx.region);
    repo::PermissionGroup g = require_permission_group(r, str(input, "permissionGroupId"));
    if (has(input, "name")) g.name = str(input, "name");
    if (has(input, "description")) g.description = str(input, "description");
    if (has(input, "applicationPermissions"))
      g.application_permissions = permissions_of(input["applicationPermissions"]);
    g.last_modified_time = ctx.now_ms;
    r.update_permission_group(g);
    return json{{"permissionGroupId", g.permission_group_id}};
  });
}

json delete_permission_group(const Context& ctx, const json& input, storage::Tx& tx) {
  return once_per_client_token(ctx, "DeletePermissionGroup", input, tx, [&] {
    repo::Repository r(tx, ctx.account, ctx.region);
    repo::PermissionGroup g = require_permission_group(r, str(input, "permissionGroupId"));
    r.delete_permission_group(g.permission_group_id);
    return json{{"permissionGroupId", g.permission_group_id}};
  });
}

}  // namespace junction::handlers::finspace_data
