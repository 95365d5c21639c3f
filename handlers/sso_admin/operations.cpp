// The SSO Admin operations Junction implements. Their bindings, shapes and errors come from the
// service model (server/shapes/models/sso_admin.cpp); every other operation answers 501.
#include "handlers/sso_admin/sso_admin.hpp"

namespace junction::handlers {

ServiceBindings sso_admin_bindings() {
  using namespace sso_admin;
  using A = Access;
  return {
      "sso-admin",
      {
          {"ListInstances", list_instances, A::kRead},
          {"DescribeInstance", describe_instance, A::kRead},
          {"CreatePermissionSet", create_permission_set, A::kWrite},
          {"DescribePermissionSet", describe_permission_set, A::kRead},
          {"ListPermissionSets", list_permission_sets, A::kRead},
          {"UpdatePermissionSet", update_permission_set, A::kWrite},
          {"DeletePermissionSet", delete_permission_set, A::kWrite},
          {"ListTagsForResource", list_tags_for_resource, A::kRead},
          {"TagResource", tag_resource, A::kWrite},
          {"UntagResource", untag_resource, A::kWrite},
          {"CreateAccountAssignment", create_account_assignment, A::kWrite},
          {"DeleteAccountAssignment", delete_account_assignment, A::kWrite},
          {"DescribeAccountAssignmentCreationStatus", describe_account_assignment_creation_status,
           A::kRead},
          {"DescribeAccountAssignmentDeletionStatus", describe_account_assignment_deletion_status,
           A::kRead},
          {"ListAccountAssignmentCreationStatus", list_account_assignment_creation_status,
           A::kRead},
          {"ListAccountAssignmentDeletionStatus", list_account_assignment_deletion_status,
           A::kRead},
          {"ListAccountAssignments", list_account_assignments, A::kRead},
          {"ListAccountAssignmentsForPrincipal", list_account_assignments_for_principal, A::kRead},
      }};
}

}  // namespace junction::handlers
