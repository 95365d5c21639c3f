#include "handlers/sso_admin/identity_stores.hpp"

#include "handlers/sso_admin/sso_admin.hpp"

namespace junction::handlers::sso_admin {

std::vector<std::string> identity_store_ids(const Context& ctx, storage::Tx& tx) {
  repo::Repository r(tx, ctx.account, ctx.region);
  return {instance_of(ctx, r).identity_store_id};
}

}  // namespace junction::handlers::sso_admin
