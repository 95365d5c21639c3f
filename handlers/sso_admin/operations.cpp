// The SSO Admin operations Junction implements. Their bindings, shapes and errors come from the
// service model (server/shapes/models/sso_admin.cpp); every other operation answers 501.
#include "handlers/sso_admin/applications.hpp"
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
          {"ListApplicationProviders", list_application_providers, A::kRead},
          {"DescribeApplicationProvider", describe_application_provider, A::kRead},
          {"CreateApplication", create_application, A::kWrite},
          {"DescribeApplication", describe_application, A::kRead},
          {"UpdateApplication", update_application, A::kWrite},
          {"DeleteApplication", delete_application, A::kWrite},
          {"ListApplications", list_applications, A::kRead},
          {"CreateApplicationAssignment", create_application_assignment, A::kWrite},
          {"DeleteApplicationAssignment", delete_application_assignment, A::kWrite},
          {"DescribeApplicationAssignment", describe_application_assignment, A::kRead},
          {"ListApplicationAssignments", list_application_assignments, A::kRead},
          {"ListApplicationAssignmentsForPrincipal", list_application_assignments_for_principal,
           A::kRead},
          {"GetApplicationAssignmentConfiguration", get_application_assignment_configuration,
           A::kRead},
          {"PutApplicationAssignmentConfiguration", put_application_assignment_configuration,
           A::kWrite},
          {"GetApplicationSessionConfiguration", get_application_session_configuration, A::kRead},
          {"PutApplicationSessionConfiguration", put_application_session_configuration, A::kWrite},
          {"PutApplicationAccessScope", put_application_access_scope, A::kWrite},
          {"GetApplicationAccessScope", get_application_access_scope, A::kRead},
          {"DeleteApplicationAccessScope", delete_application_access_scope, A::kWrite},
          {"ListApplicationAccessScopes", list_application_access_scopes, A::kRead},
          {"PutApplicationAuthenticationMethod", put_application_authentication_method, A::kWrite},
          {"GetApplicationAuthenticationMethod", get_application_authentication_method, A::kRead},
          {"DeleteApplicationAuthenticationMethod", delete_application_authentication_method,
           A::kWrite},
          {"ListApplicationAuthenticationMethods", list_application_authentication_methods,
           A::kRead},
          {"PutApplicationGrant", put_application_grant, A::kWrite},
          {"GetApplicationGrant", get_application_grant, A::kRead},
          {"DeleteApplicationGrant", delete_application_grant, A::kWrite},
          {"ListApplicationGrants", list_application_grants, A::kRead},
          {"CreateTrustedTokenIssuer", create_trusted_token_issuer, A::kWrite},
          {"DescribeTrustedTokenIssuer", describe_trusted_token_issuer, A::kRead},
          {"UpdateTrustedTokenIssuer", update_trusted_token_issuer, A::kWrite},
          {"DeleteTrustedTokenIssuer", delete_trusted_token_issuer, A::kWrite},
          {"ListTrustedTokenIssuers", list_trusted_token_issuers, A::kRead},
      }};
}

}  // namespace junction::handlers
