// Group memberships: create, describe, delete, list by group or by member, look up, check.
#include <algorithm>

#include "handlers/common/pagination.hpp"
#include "handlers/identitystore/identitystore.hpp"

namespace junction::handlers::identitystore {

namespace {

std::string member_user_id(const json& input) { return str(input["MemberId"], "UserId"); }

json membership_json(const std::string& store_id, const repo::Membership& m) {
  json out = {{"IdentityStoreId", store_id},
              {"MembershipId", m.membership_id},
              {"GroupId", m.group_id},
              {"MemberId", {{"UserId", m.member_user_id}}}};
  put_audit(out, m.audit);
  return out;
}

json page_of(const std::string& store_id, const std::vector<repo::Membership>& rows,
             const Page& page) {
  return page_json("GroupMemberships", rows, page,
                   [&](const auto& row) { return membership_json(store_id, row); });
}

}  // namespace

json create_group_membership(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::Repository r = store_of(ctx, tx, input);
  std::string group_id = str(input, "GroupId");
  std::string user_id = member_user_id(input);
  if (!r.has_group(group_id)) not_found(resource_type::kGroup, group_id);
  if (!r.has_user(user_id)) not_found(resource_type::kUser, user_id);
  repo::Membership m{new_resource_id(), group_id, user_id, created_now(ctx)};
  if (!r.insert_membership(m)) duplicate("Duplicate GroupMembership");
  return {{"MembershipId", m.membership_id}, {"IdentityStoreId", str(input, "IdentityStoreId")}};
}

json describe_group_membership(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::Repository r = store_of(ctx, tx, input);
  std::string membership_id = str(input, "MembershipId");
  auto m = r.membership(membership_id);
  if (!m) not_found(resource_type::kMembership, membership_id);
  return membership_json(str(input, "IdentityStoreId"), *m);
}

json delete_group_membership(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::Repository r = store_of(ctx, tx, input);
  std::string membership_id = str(input, "MembershipId");
  if (!r.delete_membership(membership_id)) not_found(resource_type::kMembership, membership_id);
  return json::object();
}

json list_group_memberships(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::Repository r = store_of(ctx, tx, input);
  std::string group_id = str(input, "GroupId");
  if (!r.has_group(group_id)) not_found(resource_type::kGroup, group_id);
  Page page = page_from(input, "NextToken", "MaxResults", kDefaultPageSize);
  return page_of(str(input, "IdentityStoreId"),
                 r.memberships_of_group(group_id, page.offset, page.limit + 1), page);
}

json list_group_memberships_for_member(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::Repository r = store_of(ctx, tx, input);
  std::string user_id = member_user_id(input);
  if (!r.has_user(user_id)) not_found(resource_type::kUser, user_id);
  Page page = page_from(input, "NextToken", "MaxResults", kDefaultPageSize);
  return page_of(str(input, "IdentityStoreId"),
                 r.memberships_of_user(user_id, page.offset, page.limit + 1), page);
}

json get_group_membership_id(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::Repository r = store_of(ctx, tx, input);
  std::string group_id = str(input, "GroupId");
  std::string user_id = member_user_id(input);
  auto m = r.membership_of(group_id, user_id);
  if (!m) {
    if (!r.has_group(group_id)) not_found(resource_type::kGroup, group_id);
    if (!r.has_user(user_id)) not_found(resource_type::kUser, user_id);
    not_found(resource_type::kMembership, "");
  }
  return {{"MembershipId", m->membership_id}, {"IdentityStoreId", str(input, "IdentityStoreId")}};
}

json is_member_in_groups(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::Repository r = store_of(ctx, tx, input);
  std::string user_id = member_user_id(input);
  std::vector<std::string> group_ids = input["GroupIds"].get<std::vector<std::string>>();
  auto member_of = r.groups_with_member(user_id, group_ids);
  json results = json::array();
  for (const auto& group_id : group_ids) {
    bool exists = std::find(member_of.begin(), member_of.end(), group_id) != member_of.end();
    results.push_back(
        {{"GroupId", group_id}, {"MemberId", {{"UserId", user_id}}}, {"MembershipExists", exists}});
  }
  return {{"Results", results}};
}

}  // namespace junction::handlers::identitystore
