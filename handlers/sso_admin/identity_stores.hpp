// The identity stores IAM Identity Center gives an account and region: one per SSO instance.
// Identity Store (handlers/identitystore/) asks here which store ids exist.
#pragma once

#include <string>
#include <vector>

#include "handlers/api.hpp"

namespace junction::handlers::sso_admin {

// The IdentityStoreId of every SSO instance of the caller's account and region.
std::vector<std::string> identity_store_ids(const Context& ctx, storage::Tx& tx);

}  // namespace junction::handlers::sso_admin
