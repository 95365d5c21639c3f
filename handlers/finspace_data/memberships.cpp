// Which users belong to which permission groups: associate, disassociate, list either way.
#include "handlers/common/pagination.hpp"
#include "handlers/finspace_data/finspace_data.hpp"

namespace junction::handlers::finspace_data {

namespace {

constexpr std::int64_t kDefaultPageSize = 100;
// Memberships take effect at once: there is no ADDITION_IN_PROGRESS or REMOVAL_IN_PROGRESS.
constexpr const char* kMember = "ADDITION_SUCCESS";

json member_json(const repo::User& u) {
  json out = user_json(u);
  json member = json::object();
  for (const char* key : {"userId", "status", "firstName", "lastName", "emailAddress", "type",
                          "apiAccess", "apiAccessPrincipalArn"})
    if (out.contains(key)) member[key] = out[key];
  member["membershipStatus"] = kMember;
  return member;
}

}  // namespace

json associate_user_to_permission_group(const Context& ctx, const json& input, storage::Tx& tx) {
  return once_per_client_token(ctx, "AssociateUserToPermissionGroup", input, tx, [&] {
    repo::Repository r(tx, ctx.account, ctx.region);
    repo::PermissionGroup g = require_permission_group(r, str(input, "permissionGroupId"));
    repo::User u = require_user(r, str(input, "userId"));
    if (!r.insert_membership(g.permission_group_id, u.user_id, ctx.now_ms))
      throw ApiError("ConflictException",
                     "The user " + u.user_id + " is already a member of the permission group " +
                         g.permission_group_id + ".",
                     {{"reason", reason::kAlreadyMember}});
    // statusCode is the HTTP status, 200, set by the protocol layer.
    return json::object();
  });
}

json disassociate_user_from_permission_group(const Context& ctx, const json& input,
                                             storage::Tx& tx) {
  return once_per_client_token(ctx, "DisassociateUserFromPermissionGroup", input, tx, [&] {
    repo::Repository r(tx, ctx.account, ctx.region);
    repo::PermissionGroup g = require_permission_group(r, str(input, "permissionGroupId"));
    repo::User u = require_user(r, str(input, "userId"));
    if (!r.delete_membership(g.permission_group_id, u.user_id))
      throw ApiError("ResourceNotFoundException",
                     "The user " + u.user_id + " is not a member of the permission group " +
                         g.permission_group_id + ".",
                     {{"reason", reason::kNotMember}});
    return json::object();
  });
}

json list_users_by_permission_group(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::Repository r(tx, ctx.account, ctx.region);
  repo::PermissionGroup g = require_permission_group(r, str(input, "permissionGroupId"));
  Page page = page_from(input, "nextToken", "maxResults", kDefaultPageSize);
  auto users = r.members(g.permission_group_id, page.offset, page.limit + 1);
  return page_json({"users", "nextToken"}, users, page,
                   [&](const auto& row) { return member_json(row); });
}

json list_permission_groups_by_user(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::Repository r(tx, ctx.account, ctx.region);
  repo::User u = require_user(r, str(input, "userId"));
  Page page = page_from(input, "nextToken", "maxResults", kDefaultPageSize);
  auto groups = r.groups_of(u.user_id, page.offset, page.limit + 1);
  return page_json({"permissionGroups", "nextToken"}, groups, page, [](const auto& g) {
    return json{{"permissionGroupId", g.permission_group_id},
                {"name", g.name},
                {"membershipStatus", kMember}};
  });
}

}  // namespace junction::handlers::finspace_data
