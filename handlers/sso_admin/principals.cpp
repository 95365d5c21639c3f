// The principals of assignments are the users and groups of the instance's identity store
// (SPEC §2). An assignment to one that does not exist does not take effect: AWS accepts the call
// and its request ends FAILED, with the reason IAM Identity Center gives ("Received a 404 status
// error: the USER assignee ... was not found in directory d-..."; evidence in
// docs/sso-admin.md). --lenient-principals turns the check off.
#include "handlers/sso_admin/sso_admin.hpp"
#include "storage/identitystore_repository.hpp"

namespace junction::handlers::sso_admin {

bool principal_exists(const Context& ctx, storage::Tx& tx, const repo::Instance& instance,
                      const std::string& principal_type, const std::string& principal_id) {
  if (ctx.settings->lenient_principals) return true;
  storage::identitystore::Repository store(tx, ctx.account, ctx.region, instance.identity_store_id);
  return principal_type == "GROUP" ? store.has_group(principal_id) : store.has_user(principal_id);
}

std::optional<std::string> missing_principal(const Context& ctx, storage::Tx& tx,
                                             const repo::Instance& instance,
                                             const std::string& principal_type,
                                             const std::string& principal_id) {
  if (principal_exists(ctx, tx, instance, principal_type, principal_id)) return std::nullopt;
  return "Received a 404 status error: the " + principal_type + " assignee " + principal_id +
         " was not found in directory " + instance.identity_store_id;
}

}  // namespace junction::handlers::sso_admin
