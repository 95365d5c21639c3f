// The Identity Store operations. Their bindings, shapes and errors come from the service model
// (server/shapes/models/identitystore.cpp).
#include "handlers/identitystore/identitystore.hpp"

namespace junction::handlers {

ServiceBindings identitystore_bindings() {
  using namespace identitystore;
  using A = Access;
  return {"identitystore",
          {
              {"CreateUser", create_user, A::kWrite},
              {"DescribeUser", describe_user, A::kRead},
              {"UpdateUser", update_user, A::kWrite},
              {"DeleteUser", delete_user, A::kWrite},
              {"ListUsers", list_users, A::kRead},
              {"CreateGroup", create_group, A::kWrite},
              {"DescribeGroup", describe_group, A::kRead},
              {"UpdateGroup", update_group, A::kWrite},
              {"DeleteGroup", delete_group, A::kWrite},
              {"ListGroups", list_groups, A::kRead},
              {"CreateGroupMembership", create_group_membership, A::kWrite},
              {"DescribeGroupMembership", describe_group_membership, A::kRead},
              {"DeleteGroupMembership", delete_group_membership, A::kWrite},
              {"ListGroupMemberships", list_group_memberships, A::kRead},
              {"ListGroupMembershipsForMember", list_group_memberships_for_member, A::kRead},
              {"GetGroupMembershipId", get_group_membership_id, A::kRead},
              {"IsMemberInGroups", is_member_in_groups, A::kRead},
              {"GetUserId", get_user_id, A::kRead},
              {"GetGroupId", get_group_id, A::kRead},
          }};
}

}  // namespace junction::handlers
