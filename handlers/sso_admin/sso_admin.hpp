// SSO Admin (IAM Identity Center) handlers, SPEC §2.
#pragma once

#include "handlers/api.hpp"
#include "handlers/common/tags.hpp"
#include "storage/sso_admin_repository.hpp"

namespace junction::handlers::sso_admin {

namespace repo = storage::sso_admin;

inline constexpr const char* kService = "sso-admin";
// IAM Identity Center's quota: 50 tags per resource.
inline constexpr tags::Quota kTagQuota{50, "ServiceQuotaExceededException"};

// The account+region's one instance: the stored one, or the one it has from the start (its ids
// derived from account and region, so they are stable across restarts and resets).
repo::Instance instance_of(const Context& ctx, repo::Repository& r);
// Throws ResourceNotFoundException unless `arn` is the caller's instance.
repo::Instance require_instance(const Context& ctx, repo::Repository& r, const std::string& arn);
// The permission set `arn` of the caller's instance `instance_arn`. Throws
// ResourceNotFoundException for the instance when `instance_arn` is not the caller's, else for
// the permission set when it is not in it. A permission set found proves its instance, which is
// then not looked up.
repo::PermissionSet require_permission_set(const Context& ctx, repo::Repository& r,
                                           const std::string& instance_arn, const std::string& arn);
// The same checks and errors, when the permission set itself is not needed.
void require_permission_set_exists(const Context& ctx, repo::Repository& r,
                                   const std::string& instance_arn, const std::string& arn);

json list_instances(const Context&, const json&, storage::Tx&);
json describe_instance(const Context&, const json&, storage::Tx&);
json create_permission_set(const Context&, const json&, storage::Tx&);
json describe_permission_set(const Context&, const json&, storage::Tx&);
json list_permission_sets(const Context&, const json&, storage::Tx&);
json update_permission_set(const Context&, const json&, storage::Tx&);
json delete_permission_set(const Context&, const json&, storage::Tx&);

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
