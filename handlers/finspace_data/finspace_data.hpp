// FinSpace Data handlers, SPEC §4: users, permission groups and their memberships; datasets,
// their changesets and data views (state only: no data is ingested or exported); credentials and
// working locations.
#pragma once

#include <functional>

#include "handlers/api.hpp"
#include "storage/finspace_data_repository.hpp"

namespace junction::handlers::finspace_data {

namespace repo = storage::finspace_data;

// Ids of users, permission groups, datasets, changesets and data views: 22 random letters and
// digits, like AWS's.
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
inline constexpr const char* kDatasetNotFound = "DATASET_NOT_FOUND";
inline constexpr const char* kChangesetNotFound = "CHANGESET_NOT_FOUND";
inline constexpr const char* kDataViewNotFound = "DATA_VIEW_NOT_FOUND";
inline constexpr const char* kAliasInUse = "DATASET_ALIAS_IN_USE";
inline constexpr const char* kChangesetInProgress = "CHANGESET_INGESTION_IN_PROGRESS";
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

// --- datasets, changesets, data views (datasets.cpp) -------------------------------------------

// Throws ResourceNotFoundException (404) unless the dataset exists.
repo::Dataset require_dataset(repo::Repository& r, const std::string& dataset_id);
// arn:aws:finspace:<region>:<account>:dataset/<id>, and the changeset's and data view's under it.
std::string dataset_arn(const Context& ctx, const std::string& dataset_id);
// JSON text (as stored) to JSON; null when the text does not parse.
json parse_stored(const std::string& text);

// When something made now that settles after `delay_ms` moves on (as Transition::through):
// RUNNING from half-way, settled at the end. Epoch milliseconds.
struct Settling {
  std::int64_t running_at;
  std::int64_t settles_at;
};
Settling settling(const Context& ctx, std::int64_t delay_ms);
// Its status now: `pending` until running_at, RUNNING until settles_at, then SUCCESS.
std::string settling_status(const Context& ctx, std::int64_t running_at, std::int64_t settles_at,
                            const char* pending = "PENDING");

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

json create_dataset(const Context&, const json&, storage::Tx&);
json get_dataset(const Context&, const json&, storage::Tx&);
json list_datasets(const Context&, const json&, storage::Tx&);
json update_dataset(const Context&, const json&, storage::Tx&);
json delete_dataset(const Context&, const json&, storage::Tx&);

json create_changeset(const Context&, const json&, storage::Tx&);
json get_changeset(const Context&, const json&, storage::Tx&);
json list_changesets(const Context&, const json&, storage::Tx&);
json update_changeset(const Context&, const json&, storage::Tx&);

json create_data_view(const Context&, const json&, storage::Tx&);
json get_data_view(const Context&, const json&, storage::Tx&);
json list_data_views(const Context&, const json&, storage::Tx&);
json get_external_data_view_access_details(const Context&, const json&, storage::Tx&);

json get_programmatic_access_credentials(const Context&, const json&, storage::Tx&);
json get_working_location(const Context&, const json&, storage::Tx&);

}  // namespace junction::handlers::finspace_data
