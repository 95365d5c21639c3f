// FinSpace Data's tables: users, permission groups, memberships, datasets with their changesets
// and data views, and the clientToken records of recent calls. One repository per call, bound to
// an account and region. JSON-valued members are JSON text, as stored.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "storage/database.hpp"

namespace junction::storage::finspace_data {

struct User {
  std::string user_id;
  std::string email_address;
  std::string type;  // SUPER_USER | APP_USER
  std::optional<std::string> first_name;
  std::optional<std::string> last_name;
  std::string api_access;  // ENABLED | DISABLED
  std::optional<std::string> api_access_principal_arn;
  std::string status;            // ENABLED | DISABLED
  std::int64_t create_time = 0;  // epoch milliseconds, as every time below
  std::optional<std::int64_t> last_enabled_time;
  std::optional<std::int64_t> last_disabled_time;
  std::int64_t last_modified_time = 0;
  std::optional<std::int64_t> last_login_time;
};

struct PermissionGroup {
  std::string permission_group_id;
  std::string name;
  std::optional<std::string> description;
  std::vector<std::string> application_permissions;
  std::int64_t create_time = 0;
  std::int64_t last_modified_time = 0;
};

// A dataset, its changesets and its data views each settle after a delay: PENDING (STARTING for
// a data view) until `running_at`, RUNNING until `settles_at`, then SUCCESS. Epoch milliseconds.
struct Dataset {
  std::string dataset_id;
  std::string title;
  std::string kind;  // TABULAR | NON_TABULAR
  std::optional<std::string> description;
  std::optional<std::string> owner_info;  // JSON text of DatasetOwnerInfo
  std::string permission_group_id;
  std::string dataset_permissions = "[]";        // JSON text: the permission names
  std::optional<std::string> alias;              // unique per account and region
  std::optional<std::string> schema_definition;  // JSON text of SchemaUnion
  std::int64_t create_time = 0;
  std::int64_t last_modified_time = 0;
  std::int64_t running_at = 0;
  std::int64_t settles_at = 0;
};

struct Changeset {
  std::string changeset_id;
  std::string dataset_id;
  std::string change_type;  // REPLACE | APPEND | MODIFY
  std::string source_params;
  std::string format_params;
  std::int64_t create_time = 0;
  std::int64_t running_at = 0;
  std::int64_t settles_at = 0;
  std::int64_t active_from = 0;
  std::optional<std::int64_t> active_until;  // when a later changeset replaced this one
  std::optional<std::string> updates_changeset_id;
  std::optional<std::string> updated_by_changeset_id;
};

struct DataView {
  std::string data_view_id;
  std::string dataset_id;
  bool auto_update = false;
  std::string sort_columns = "[]";       // JSON text
  std::string partition_columns = "[]";  // JSON text
  std::int64_t as_of_timestamp = 0;
  std::string destination_type_params;  // JSON text of DataViewDestinationTypeParams
  std::int64_t create_time = 0;
  std::int64_t last_modified_time = 0;
  std::int64_t running_at = 0;
  std::int64_t settles_at = 0;
};

// What a call with a clientToken did, kept so that a retry replays it.
struct TokenRecord {
  std::string operation;
  std::string client_token;
  std::string parameters;  // the canonical parameters of the first call
  bool is_error = false;
  std::string body;  // the result, or the error, as the handlers serialized it
  std::int64_t create_time = 0;
};

// A SAVEPOINT inside the call's transaction: rollback() undoes what was written since it was
// taken and keeps the transaction going; release() keeps it. Neither after the other. An
// exception that leaves the call with neither rolls the whole transaction back anyway.
class Savepoint {
 public:
  explicit Savepoint(Tx& tx);
  Savepoint(const Savepoint&) = delete;
  Savepoint& operator=(const Savepoint&) = delete;

  void release();
  void rollback();

 private:
  Tx& tx_;
  bool open_ = true;
};

class Repository {
 public:
  // clientToken records kept, over all accounts, the newest (each also expires after ten
  // minutes): a retry beyond that many newer calls runs again instead of being replayed.
  static constexpr std::int64_t kTokensKept = 10000;

  Repository(Tx& tx, std::string account, std::string region)
      : tx_(tx), account_(std::move(account)), region_(std::move(region)) {}

  // False when the email address (compared without case) is already a user's.
  bool insert_user(const User& user);
  std::optional<User> user(const std::string& user_id);
  std::vector<User> users(std::int64_t offset, std::int64_t limit);
  void update_user(const User& user);

  void insert_permission_group(const PermissionGroup& group);
  std::optional<PermissionGroup> permission_group(const std::string& permission_group_id);
  std::vector<PermissionGroup> permission_groups(std::int64_t offset, std::int64_t limit);
  void update_permission_group(const PermissionGroup& group);
  // Drops the group's memberships too.
  void delete_permission_group(const std::string& permission_group_id);

  // False when the user is a member already.
  bool insert_membership(const std::string& permission_group_id, const std::string& user_id,
                         std::int64_t now);
  // False when the user was not a member.
  bool delete_membership(const std::string& permission_group_id, const std::string& user_id);
  // Members in the order they joined.
  std::vector<User> members(const std::string& permission_group_id, std::int64_t offset,
                            std::int64_t limit);
  // The user's groups in the order the user joined them.
  std::vector<PermissionGroup> groups_of(const std::string& user_id, std::int64_t offset,
                                         std::int64_t limit);

  // Datasets, in the order they were made. insert/update return false when another dataset has
  // the alias.
  bool insert_dataset(const Dataset& d);
  std::optional<Dataset> dataset(const std::string& dataset_id);
  std::vector<Dataset> datasets(std::int64_t offset, std::int64_t limit);
  bool update_dataset(const Dataset& d);
  // Drops its changesets and data views too.
  void delete_dataset(const std::string& dataset_id);

  // A dataset's changesets, in the order they were made.
  void insert_changeset(const Changeset& c);
  std::optional<Changeset> changeset(const std::string& dataset_id,
                                     const std::string& changeset_id);
  std::vector<Changeset> changesets(const std::string& dataset_id, std::int64_t offset,
                                    std::int64_t limit);
  // The newest changeset of the dataset that no other has replaced.
  std::optional<Changeset> latest_active_changeset(const std::string& dataset_id);
  // Every changeset of the dataset that no other has replaced is active until `until`.
  void end_active_changesets(const std::string& dataset_id, std::int64_t until);
  // The source and format, the times of the ingestion, what replaced it: all but the identity.
  void update_changeset(const Changeset& c);

  // A dataset's data views, in the order they were made.
  void insert_data_view(const DataView& v);
  std::optional<DataView> data_view(const std::string& dataset_id, const std::string& data_view_id);
  std::vector<DataView> data_views(const std::string& dataset_id, std::int64_t offset,
                                   std::int64_t limit);

  // Forgets the records made at or before `cutoff`.
  void forget_tokens(std::int64_t cutoff);
  std::optional<TokenRecord> token(const std::string& operation, const std::string& client_token);
  void insert_token(const TokenRecord& record);

 private:
  Tx& tx_;
  std::string account_;
  std::string region_;
};

}  // namespace junction::storage::finspace_data
