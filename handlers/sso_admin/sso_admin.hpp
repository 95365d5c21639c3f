// SSO Admin (IAM Identity Center) handlers, SPEC §2.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "handlers/api.hpp"
#include "handlers/common/tags.hpp"
#include "storage/sso_admin_repository.hpp"

namespace junction::handlers::sso_admin {

namespace repo = storage::sso_admin;

inline constexpr const char* kService = "sso-admin";
// The FailureReason of a request that failed inside IAM Identity Center, in its words: what an
// injected outcome gives a request unless the fault rule words it otherwise.
inline constexpr const char* kInternalFailureReason =
    "An unexpected internal service exception was encountered";
// IAM Identity Center's quota: 50 tags per resource.
inline constexpr tags::Quota kTagQuota{50, "ServiceQuotaExceededException"};

// The account+region's organization instance: the stored one, or the one it has from the start
// (its ids derived from account and region, so they are stable across restarts and resets).
repo::Instance instance_of(const Context& ctx, repo::Repository& r);
// The caller's instances: the organization instance first, then the account instance
// CreateInstance added, if any.
std::vector<repo::Instance> instances_of(const Context& ctx, repo::Repository& r);
// Throws ResourceNotFoundException unless `arn` is one of the caller's instances.
repo::Instance require_instance(const Context& ctx, repo::Repository& r, const std::string& arn);
// Throws ValidationException when `instance` is an account instance: permission sets and Regions
// are an organization instance's. `what` names the instance in the message.
void require_organization_instance(const repo::Instance& instance, const std::string& what);
// The identity store ids of the caller's instances (each instance has its own store), and the
// instance whose store `identity_store_id` is.
std::vector<std::string> identity_store_ids(const Context& ctx, storage::Tx& tx);
std::optional<repo::Instance> instance_of_identity_store(const Context& ctx, storage::Tx& tx,
                                                         const std::string& identity_store_id);
// The permission set `arn` of the caller's instance `instance_arn`. Throws
// ResourceNotFoundException for the instance when `instance_arn` is not the caller's, else for
// the permission set when it is not in it. A permission set found proves its instance, which is
// then not looked up.
repo::PermissionSet require_permission_set(const Context& ctx, repo::Repository& r,
                                           const std::string& instance_arn, const std::string& arn);
// The same checks and errors, when the permission set itself is not needed.
void require_permission_set_exists(const Context& ctx, repo::Repository& r,
                                   const std::string& instance_arn, const std::string& arn);

// True when the USER or GROUP is in the instance's identity store, or --lenient-principals is set
// (principals.cpp).
bool principal_exists(const Context& ctx, storage::Tx& tx, const repo::Instance& instance,
                      const std::string& principal_type, const std::string& principal_id);
// Why an assignment to the principal cannot take effect (its request's FailureReason), or none
// when the USER or GROUP is in the instance's identity store or --lenient-principals is set
// (principals.cpp).
std::optional<std::string> missing_principal(const Context& ctx, storage::Tx& tx,
                                             const repo::Instance& instance,
                                             const std::string& principal_type,
                                             const std::string& principal_id);

json list_instances(const Context&, const json&, storage::Tx&);
json describe_instance(const Context&, const json&, storage::Tx&);
json create_instance(const Context&, const json&, storage::Tx&);
json update_instance(const Context&, const json&, storage::Tx&);
json delete_instance(const Context&, const json&, storage::Tx&);

json create_instance_access_control_attribute_configuration(const Context&, const json&,
                                                            storage::Tx&);
json describe_instance_access_control_attribute_configuration(const Context&, const json&,
                                                              storage::Tx&);
json update_instance_access_control_attribute_configuration(const Context&, const json&,
                                                            storage::Tx&);
json delete_instance_access_control_attribute_configuration(const Context&, const json&,
                                                            storage::Tx&);

json add_region(const Context&, const json&, storage::Tx&);
json remove_region(const Context&, const json&, storage::Tx&);
json describe_region(const Context&, const json&, storage::Tx&);
json list_regions(const Context&, const json&, storage::Tx&);

json create_permission_set(const Context&, const json&, storage::Tx&);
json describe_permission_set(const Context&, const json&, storage::Tx&);
json list_permission_sets(const Context&, const json&, storage::Tx&);
json update_permission_set(const Context&, const json&, storage::Tx&);
json delete_permission_set(const Context&, const json&, storage::Tx&);

json put_inline_policy_to_permission_set(const Context&, const json&, storage::Tx&);
json get_inline_policy_for_permission_set(const Context&, const json&, storage::Tx&);
json delete_inline_policy_from_permission_set(const Context&, const json&, storage::Tx&);
json attach_managed_policy_to_permission_set(const Context&, const json&, storage::Tx&);
json list_managed_policies_in_permission_set(const Context&, const json&, storage::Tx&);
json detach_managed_policy_from_permission_set(const Context&, const json&, storage::Tx&);
json attach_customer_managed_policy_reference_to_permission_set(const Context&, const json&,
                                                                storage::Tx&);
json list_customer_managed_policy_references_in_permission_set(const Context&, const json&,
                                                               storage::Tx&);
json detach_customer_managed_policy_reference_from_permission_set(const Context&, const json&,
                                                                  storage::Tx&);
json put_permissions_boundary_to_permission_set(const Context&, const json&, storage::Tx&);
json get_permissions_boundary_for_permission_set(const Context&, const json&, storage::Tx&);
json delete_permissions_boundary_from_permission_set(const Context&, const json&, storage::Tx&);

json provision_permission_set(const Context&, const json&, storage::Tx&);
json describe_permission_set_provisioning_status(const Context&, const json&, storage::Tx&);
json list_permission_set_provisioning_status(const Context&, const json&, storage::Tx&);
json list_permission_sets_provisioned_to_account(const Context&, const json&, storage::Tx&);
json list_accounts_for_provisioned_permission_set(const Context&, const json&, storage::Tx&);

json list_tags_for_resource(const Context&, const json&, storage::Tx&);
json tag_resource(const Context&, const json&, storage::Tx&);
json untag_resource(const Context&, const json&, storage::Tx&);

json create_account_assignment(const Context&, const json&, storage::Tx&);
json delete_account_assignment(const Context&, const json&, storage::Tx&);
json describe_account_assignment_creation_status(const Context&, const json&, storage::Tx&);
json describe_account_assignment_deletion_status(const Context&, const json&, storage::Tx&);
json list_account_assignment_creation_status(const Context&, const json&, storage::Tx&);
json list_account_assignment_deletion_status(const Context&, const json&, storage::Tx&);
json list_account_assignments(const Context&, const json&, storage::Tx&);
json list_account_assignments_for_principal(const Context&, const json&, storage::Tx&);

}  // namespace junction::handlers::sso_admin
