// FinSpace Data handlers, SPEC §4: users, permission groups and their memberships.
#pragma once

#include <functional>

#include "handlers/api.hpp"
#include "storage/finspace_data_repository.hpp"

namespace junction::handlers::finspace_data {

namespace repo = storage::finspace_data;

// Ids of users and permission groups: 22 random letters and digits, like AWS's.
inline constexpr int kIdLength = 22;
// A clientToken is remembered this long after the first call that used it.
inline constexpr std::int64_t kClientTokenLifetimeMs = 10 * 60 * 1000;

// The `reason` member of the errors Junction raises.
namespace reason {
inline constexpr const char* kUserNotFound = "USER_NOT_FOUND";
inline constexpr const char* kPermissionGroupNotFound = "PERMISSION_GROUP_NOT_FOUND";
inline constexpr const char* kEmailInUse = "EMAIL_ADDRESS_IN_USE";
inline constexpr const char* kAlreadyMember = "USER_ALREADY_IN_PERMISSION_GROUP";
inline constexpr const char* kNotMember = "USER_NOT_IN_PERMISSION_GROUP";
inline constexpr const char* kClientTokenReused = "CLIENT_TOKEN_REUSED";
}  // namespace reason

// Runs `call` once per clientToken (SPEC §4): when `input` has a clientToken that `operation`
// saw in the last 10 minutes, replays that call's outcome (its result, or its error) if the
// parameters are the same, else throws ConflictException. Otherwise runs `call` and records its
// outcome; a failed call's writes are undone, its error recorded and then reported.
json once_per_client_token(const Context& ctx, const char* operation, const json& input,
                           storage::Tx& tx, const std::function<json()>& call);

// Throw ResourceNotFoundException (404) unless the user / permission group exists.
repo::User require_user(repo::Repository& r, const std::string& user_id);
repo::PermissionGroup require_permission_group(repo::Repository& r,
                                               const std::string& permission_group_id);

// The model's User and PermissionGroup structures.
json user_json(const repo::User& u);
json permission_group_json(const repo::PermissionGroup& g);

std::optional<std::string> optional_str(const json& input, const char* member);

json create_user(const Context&, const json&, storage::Tx&);
json get_user(const Context&, const json&, storage::Tx&);
json list_users(const Context&, const json&, storage::Tx&);
json update_user(const Context&, const json&, storage::Tx&);
json disable_user(const Context&, const json&, storage::Tx&);
json enable_user(const Context&, const json&, storage::Tx&);
json reset_user_password(const Context&, const json&, storage::Tx&);

json create_permission_group(const Context&, const json&, storage::Tx&);
json get_permission_group(const Context&, const json&, storage::Tx&);
json list_permission_groups(const Context&, const json&, storage::Tx&);
json update_permission_group(const Context&, const json&, storage::Tx&);
json delete_permission_group(const Context&, const json&, storage::Tx&);

json associate_user_to_permission_group(const Context&, const json&, storage::Tx&);
json disassociate_user_from_permission_group(const Context&, const json&, storage::Tx&);
json list_users_by_permission_group(const Context&, const json&, storage::Tx&);
json list_permission_groups_by_user(const Context&, const json&, storage::Tx&);

}  // namespace junction::handlers::finspace_data
