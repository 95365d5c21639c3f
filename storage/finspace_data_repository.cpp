#include "storage/finspace_data_repository.hpp"

namespace junction::storage::finspace_data {

namespace {

constexpr const char* kUserColumns =
    "u.user_id, u.email_address, u.type, u.first_name, u.last_name, u.api_access,"
    " u.api_access_principal_arn, u.status, u.create_time, u.last_enabled_time,"
    " u.last_disabled_time, u.last_modified_time, u.last_login_time";

constexpr const char* kGroupColumns =
    "g.permission_group_id, g.name, g.description, g.application_permissions, g.create_time,"
    " g.last_modified_time";

std::optional<std::int64_t> optional_integer(const Statement& s, int column) {
  if (s.is_null(column)) return std::nullopt;
  return s.integer(column);
}

User read_user(const Statement& s) {
  return User{s.text(0),
              s.text(1),
              s.text(2),
              s.optional_text(3),
              s.optional_text(4),
              s.text(5),
              s.optional_text(6),
              s.text(7),
              s.integer(8),
              optional_integer(s, 9),
              optional_integer(s, 10),
              s.integer(11),
              optional_integer(s, 12)};
}

// Application permissions are enum values (no commas): stored joined by commas.
std::string join(const std::vector<std::string>& values) {
  std::string out;
  for (const auto& v : values) out += (out.empty() ? "" : ",") + v;
  return out;
}

std::vector<std::string> split(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    auto comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    out.push_back(text.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

std::optional<std::int64_t> optional_int(const Statement& s, int column) {
  if (s.is_null(column)) return std::nullopt;
  return s.integer(column);
}

constexpr const char* kDatasetColumns =
    "dataset_id, dataset_title, kind, dataset_description, owner_info, permission_group_id,"
    " dataset_permissions, alias, schema_definition, create_time, last_modified_time,"
    " running_at, settles_at";

Dataset read_dataset(const Statement& s) {
  return Dataset{s.text(0),          s.text(1),    s.text(2),     s.optional_text(3),
                 s.optional_text(4), s.text(5),    s.text(6),     s.optional_text(7),
                 s.optional_text(8), s.integer(9), s.integer(10), s.integer(11),
                 s.integer(12)};
}

constexpr const char* kChangesetColumns =
    "changeset_id, dataset_id, change_type, source_params, format_params, create_time,"
    " running_at, settles_at, active_from, active_until, updates_changeset_id,"
    " updated_by_changeset_id";

Changeset read_changeset(const Statement& s) {
  return Changeset{s.text(0),    s.text(1),          s.text(2),           s.text(3),
                   s.text(4),    s.integer(5),       s.integer(6),        s.integer(7),
                   s.integer(8), optional_int(s, 9), s.optional_text(10), s.optional_text(11)};
}

constexpr const char* kDataViewColumns =
    "data_view_id, dataset_id, auto_update, sort_columns, partition_columns, as_of_timestamp,"
    " destination_type_params, create_time, last_modified_time, running_at, settles_at";

DataView read_data_view(const Statement& s) {
  return DataView{s.text(0),    s.text(1),    s.integer(2) != 0, s.text(3),
                  s.text(4),    s.integer(5), s.text(6),         s.integer(7),
                  s.integer(8), s.integer(9), s.integer(10)};
}

PermissionGroup read_group(const Statement& s) {
  return PermissionGroup{s.text(0),        s.text(1),    s.optional_text(2),
                         split(s.text(3)), s.integer(4), s.integer(5)};
}

}  // namespace

Savepoint::Savepoint(Tx& tx) : tx_(tx) { tx_.exec_script("SAVEPOINT finspace_call"); }

void Savepoint::release() {
  if (!open_) return;
  open_ = false;
  tx_.exec_script("RELEASE finspace_call");
}

void Savepoint::rollback() {
  if (!open_) return;
  open_ = false;
  tx_.exec_script("ROLLBACK TO finspace_call; RELEASE finspace_call");
}

bool Repository::insert_user(const User& u) {
  return tx_.exec(
             "INSERT OR IGNORE INTO finspace_users (account, region, user_id, email_address, type,"
             " first_name, last_name, api_access, api_access_principal_arn, status, create_time,"
             " last_enabled_time, last_disabled_time, last_modified_time, last_login_time, seq)"
             " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,"
             " (SELECT COALESCE(MAX(seq), 0) + 1 FROM finspace_users"
             " WHERE account = ?1 AND region = ?2))",
             account_, region_, u.user_id, u.email_address, u.type, u.first_name, u.last_name,
             u.api_access, u.api_access_principal_arn, u.status, u.create_time, u.last_enabled_time,
             u.last_disabled_time, u.last_modified_time, u.last_login_time) == 1;
}

std::optional<User> Repository::user(const std::string& user_id) {
  auto s = tx_.query(std::string("SELECT ") + kUserColumns +
                         " FROM finspace_users u WHERE u.account = ?1 AND u.region = ?2"
                         " AND u.user_id = ?3",
                     account_, region_, user_id);
  if (!s.step()) return std::nullopt;
  return read_user(s);
}

std::vector<User> Repository::users(std::int64_t offset, std::int64_t limit) {
  auto s = tx_.query(std::string("SELECT ") + kUserColumns +
                         " FROM finspace_users u WHERE u.account = ?1 AND u.region = ?2"
                         " ORDER BY u.seq LIMIT ?3 OFFSET ?4",
                     account_, region_, limit, offset);
  std::vector<User> out;
  while (s.step()) out.push_back(read_user(s));
  return out;
}

void Repository::update_user(const User& u) {
  tx_.exec(
      "UPDATE finspace_users SET type = ?4, first_name = ?5, last_name = ?6, api_access = ?7,"
      " api_access_principal_arn = ?8, status = ?9, last_enabled_time = ?10,"
      " last_disabled_time = ?11, last_modified_time = ?12, last_login_time = ?13"
      " WHERE account = ?1 AND region = ?2 AND user_id = ?3",
      account_, region_, u.user_id, u.type, u.first_name, u.last_name, u.api_access,
      u.api_access_principal_arn, u.status, u.last_enabled_time, u.last_disabled_time,
      u.last_modified_time, u.last_login_time);
}

void Repository::insert_permission_group(const PermissionGroup& g) {
  tx_.exec(
      "INSERT INTO finspace_permission_groups (account, region,"
      " permission_group_id, name, description, application_permissions, create_time,"
      " last_modified_time, seq) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8,"
      " (SELECT COALESCE(MAX(seq), 0) + 1 FROM finspace_permission_groups"
      " WHERE account = ?1 AND region = ?2))",
      account_, region_, g.permission_group_id, g.name, g.description,
      join(g.application_permissions), g.create_time, g.last_modified_time);
}

std::optional<PermissionGroup> Repository::permission_group(
    const std::string& permission_group_id) {
  auto s = tx_.query(std::string("SELECT ") + kGroupColumns +
                         " FROM finspace_permission_groups g WHERE g.account = ?1"
                         " AND g.region = ?2 AND g.permission_group_id = ?3",
                     account_, region_, permission_group_id);
  if (!s.step()) return std::nullopt;
  return read_group(s);
}

std::vector<PermissionGroup> Repository::permission_groups(std::int64_t offset,
                                                           std::int64_t limit) {
  auto s = tx_.query(std::string("SELECT ") + kGroupColumns +
                         " FROM finspace_permission_groups g WHERE g.account = ?1"
                         " AND g.region = ?2 ORDER BY g.seq"
                         " LIMIT ?3 OFFSET ?4",
                     account_, region_, limit, offset);
  std::vector<PermissionGroup> out;
  while (s.step()) out.push_back(read_group(s));
  return out;
}

void Repository::update_permission_group(const PermissionGroup& g) {
  tx_.exec(
      "UPDATE finspace_permission_groups SET name = ?4, description = ?5,"
      " application_permissions = ?6, last_modified_time = ?7"
      " WHERE account = ?1 AND region = ?2 AND permission_group_id = ?3",
      account_, region_, g.permission_group_id, g.name, g.description,
      join(g.application_permissions), g.last_modified_time);
}

void Repository::delete_permission_group(const std::string& permission_group_id) {
  // The memberships go with it (ON DELETE CASCADE).
  tx_.exec(
      "DELETE FROM finspace_permission_groups WHERE account = ?1 AND region = ?2"
      " AND permission_group_id = ?3",
      account_, region_, permission_group_id);
}

bool Repository::insert_membership(const std::string& permission_group_id,
                                   const std::string& user_id, std::int64_t now) {
  return tx_.exec(
             "INSERT OR IGNORE INTO finspace_memberships (account, region, permission_group_id,"
             " user_id, create_time, seq) VALUES (?1, ?2, ?3, ?4, ?5,"
             " (SELECT COALESCE(MAX(seq), 0) + 1 FROM finspace_memberships"
             " WHERE account = ?1 AND region = ?2))",
             account_, region_, permission_group_id, user_id, now) == 1;
}

bool Repository::delete_membership(const std::string& permission_group_id,
                                   const std::string& user_id) {
  return tx_.exec(
             "DELETE FROM finspace_memberships WHERE account = ?1 AND region = ?2"
             " AND permission_group_id = ?3 AND user_id = ?4",
             account_, region_, permission_group_id, user_id) == 1;
}

std::vector<User> Repository::members(const std::string& permission_group_id, std::int64_t offset,
                                      std::int64_t limit) {
  auto s = tx_.query(std::string("SELECT ") + kUserColumns +
                         " FROM finspace_memberships m JOIN finspace_users u"
                         " ON u.account = m.account AND u.region = m.region"
                         " AND u.user_id = m.user_id"
                         " WHERE m.account = ?1 AND m.region = ?2 AND m.permission_group_id = ?3"
                         " ORDER BY m.seq LIMIT ?4 OFFSET ?5",
                     account_, region_, permission_group_id, limit, offset);
  std::vector<User> out;
  while (s.step()) out.push_back(read_user(s));
  return out;
}

std::vector<PermissionGroup> Repository::groups_of(const std::string& user_id, std::int64_t offset,
                                                   std::int64_t limit) {
  auto s = tx_.query(std::string("SELECT ") + kGroupColumns +
                         " FROM finspace_memberships m JOIN finspace_permission_groups g"
                         " ON g.account = m.account AND g.region = m.region"
                         " AND g.permission_group_id = m.permission_group_id"
                         " WHERE m.account = ?1 AND m.region = ?2 AND m.user_id = ?3"
                         " ORDER BY m.seq LIMIT ?4 OFFSET ?5",
                     account_, region_, user_id, limit, offset);
  std::vector<PermissionGroup> out;
  while (s.step()) out.push_back(read_group(s));
  return out;
}

void Repository::forget_tokens(std::int64_t cutoff) {
  tx_.exec(
      "DELETE FROM finspace_idempotency_tokens WHERE account = ?1 AND region = ?2"
      " AND create_time <= ?3",
      account_, region_, cutoff);
}

std::optional<TokenRecord> Repository::token(const std::string& operation,
                                             const std::string& client_token) {
  auto s = tx_.query(
      "SELECT operation, client_token, parameters, outcome, body, create_time"
      " FROM finspace_idempotency_tokens WHERE account = ?1 AND region = ?2"
      " AND operation = ?3 AND client_token = ?4",
      account_, region_, operation, client_token);
  if (!s.step()) return std::nullopt;
  return TokenRecord{s.text(0), s.text(1),   s.text(2), s.text(3) == "ERROR",
                     s.text(4), s.integer(5)};
}

void Repository::insert_token(const TokenRecord& r) {
  tx_.exec(
      "INSERT OR REPLACE INTO finspace_idempotency_tokens (account, region, operation,"
      " client_token, parameters, outcome, body, create_time)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
      account_, region_, r.operation, r.client_token, r.parameters, r.is_error ? "ERROR" : "RESULT",
      r.body, r.create_time);
  // Beside the 10-minute lifetime, forget the records more than kTokensKept older than this one
  // (rowids grow with each insert): a row or two per insert, found from the oldest.
  tx_.exec("DELETE FROM finspace_idempotency_tokens WHERE rowid <= last_insert_rowid() - ?1",
           kTokensKept);
}

// --- datasets -------------------------------------------------------------------------------

namespace {
// Another dataset of the partition has `alias`.
bool alias_taken(Tx& tx, const std::string& account, const std::string& region,
                 const std::optional<std::string>& alias, const std::string& dataset_id) {
  if (!alias) return false;
  return tx
      .query(
          "SELECT 1 FROM finspace_datasets WHERE account = ?1 AND region = ?2 AND alias = ?3"
          " AND dataset_id <> ?4",
          account, region, *alias, dataset_id)
      .step();
}
}  // namespace

bool Repository::insert_dataset(const Dataset& d) {
  if (alias_taken(tx_, account_, region_, d.alias, d.dataset_id)) return false;
  tx_.exec(
      "INSERT INTO finspace_datasets (account, region, dataset_id, dataset_title, kind,"
      " dataset_description, owner_info, permission_group_id, dataset_permissions, alias,"
      " schema_definition, create_time, last_modified_time, running_at, settles_at, seq)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,"
      " (SELECT COALESCE(MAX(seq), 0) + 1 FROM finspace_datasets"
      " WHERE account = ?1 AND region = ?2))",
      account_, region_, d.dataset_id, d.title, d.kind, d.description, d.owner_info,
      d.permission_group_id, d.dataset_permissions, d.alias, d.schema_definition, d.create_time,
      d.last_modified_time, d.running_at, d.settles_at);
  return true;
}

std::optional<Dataset> Repository::dataset(const std::string& dataset_id) {
  auto s = tx_.query(std::string("SELECT ") + kDatasetColumns +
                         " FROM finspace_datasets WHERE account = ?1 AND region = ?2"
                         " AND dataset_id = ?3",
                     account_, region_, dataset_id);
  if (!s.step()) return std::nullopt;
  return read_dataset(s);
}

std::vector<Dataset> Repository::datasets(std::int64_t offset, std::int64_t limit) {
  auto s = tx_.query(std::string("SELECT ") + kDatasetColumns +
                         " FROM finspace_datasets WHERE account = ?1 AND region = ?2"
                         " ORDER BY seq LIMIT ?3 OFFSET ?4",
                     account_, region_, limit, offset);
  std::vector<Dataset> out;
  while (s.step()) out.push_back(read_dataset(s));
  return out;
}

bool Repository::update_dataset(const Dataset& d) {
  if (alias_taken(tx_, account_, region_, d.alias, d.dataset_id)) return false;
  tx_.exec(
      "UPDATE finspace_datasets SET dataset_title = ?4, kind = ?5, dataset_description = ?6,"
      " alias = ?7, schema_definition = ?8, last_modified_time = ?9"
      " WHERE account = ?1 AND region = ?2 AND dataset_id = ?3",
      account_, region_, d.dataset_id, d.title, d.kind, d.description, d.alias, d.schema_definition,
      d.last_modified_time);
  return true;
}

void Repository::delete_dataset(const std::string& dataset_id) {
  // Its changesets and data views go with it (ON DELETE CASCADE).
  tx_.exec("DELETE FROM finspace_datasets WHERE account = ?1 AND region = ?2 AND dataset_id = ?3",
           account_, region_, dataset_id);
}

// --- changesets -----------------------------------------------------------------------------

void Repository::insert_changeset(const Changeset& c) {
  tx_.exec(
      "INSERT INTO finspace_changesets (account, region, changeset_id, dataset_id, change_type,"
      " source_params, format_params, create_time, running_at, settles_at, active_from,"
      " active_until, updates_changeset_id, updated_by_changeset_id, seq)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,"
      " (SELECT COALESCE(MAX(seq), 0) + 1 FROM finspace_changesets"
      " WHERE account = ?1 AND region = ?2))",
      account_, region_, c.changeset_id, c.dataset_id, c.change_type, c.source_params,
      c.format_params, c.create_time, c.running_at, c.settles_at, c.active_from, c.active_until,
      c.updates_changeset_id, c.updated_by_changeset_id);
}

std::optional<Changeset> Repository::changeset(const std::string& dataset_id,
                                               const std::string& changeset_id) {
  auto s = tx_.query(std::string("SELECT ") + kChangesetColumns +
                         " FROM finspace_changesets WHERE account = ?1 AND region = ?2"
                         " AND dataset_id = ?3 AND changeset_id = ?4",
                     account_, region_, dataset_id, changeset_id);
  if (!s.step()) return std::nullopt;
  return read_changeset(s);
}

std::vector<Changeset> Repository::changesets(const std::string& dataset_id, std::int64_t offset,
                                              std::int64_t limit) {
  auto s = tx_.query(std::string("SELECT ") + kChangesetColumns +
                         " FROM finspace_changesets WHERE account = ?1 AND region = ?2"
                         " AND dataset_id = ?3 ORDER BY seq LIMIT ?4 OFFSET ?5",
                     account_, region_, dataset_id, limit, offset);
  std::vector<Changeset> out;
  while (s.step()) out.push_back(read_changeset(s));
  return out;
}

std::optional<Changeset> Repository::latest_active_changeset(const std::string& dataset_id) {
  auto s = tx_.query(std::string("SELECT ") + kChangesetColumns +
                         " FROM finspace_changesets WHERE account = ?1 AND region = ?2"
                         " AND dataset_id = ?3 AND active_until IS NULL"
                         " ORDER BY seq DESC LIMIT 1",
                     account_, region_, dataset_id);
  if (!s.step()) return std::nullopt;
  return read_changeset(s);
}

void Repository::end_active_changesets(const std::string& dataset_id, std::int64_t until) {
  tx_.exec(
      "UPDATE finspace_changesets SET active_until = ?4 WHERE account = ?1 AND region = ?2"
      " AND dataset_id = ?3 AND active_until IS NULL",
      account_, region_, dataset_id, until);
}

void Repository::update_changeset(const Changeset& c) {
  tx_.exec(
      "UPDATE finspace_changesets SET source_params = ?5, format_params = ?6, running_at = ?7,"
      " settles_at = ?8, active_until = ?9, updated_by_changeset_id = ?10"
      " WHERE account = ?1 AND region = ?2 AND dataset_id = ?3 AND changeset_id = ?4",
      account_, region_, c.dataset_id, c.changeset_id, c.source_params, c.format_params,
      c.running_at, c.settles_at, c.active_until, c.updated_by_changeset_id);
}

// --- data views -----------------------------------------------------------------------------

void Repository::insert_data_view(const DataView& v) {
  tx_.exec(
      "INSERT INTO finspace_data_views (account, region, data_view_id, dataset_id, auto_update,"
      " sort_columns, partition_columns, as_of_timestamp, destination_type_params, create_time,"
      " last_modified_time, running_at, settles_at, seq)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,"
      " (SELECT COALESCE(MAX(seq), 0) + 1 FROM finspace_data_views"
      " WHERE account = ?1 AND region = ?2))",
      account_, region_, v.data_view_id, v.dataset_id, v.auto_update, v.sort_columns,
      v.partition_columns, v.as_of_timestamp, v.destination_type_params, v.create_time,
      v.last_modified_time, v.running_at, v.settles_at);
}

std::optional<DataView> Repository::data_view(const std::string& dataset_id,
                                              const std::string& data_view_id) {
  auto s = tx_.query(std::string("SELECT ") + kDataViewColumns +
                         " FROM finspace_data_views WHERE account = ?1 AND region = ?2"
                         " AND dataset_id = ?3 AND data_view_id = ?4",
                     account_, region_, dataset_id, data_view_id);
  if (!s.step()) return std::nullopt;
  return read_data_view(s);
}

std::vector<DataView> Repository::data_views(const std::string& dataset_id, std::int64_t offset,
                                             std::int64_t limit) {
  auto s = tx_.query(std::string("SELECT ") + kDataViewColumns +
                         " FROM finspace_data_views WHERE account = ?1 AND region = ?2"
                         " AND dataset_id = ?3 ORDER BY seq LIMIT ?4 OFFSET ?5",
                     account_, region_, dataset_id, limit, offset);
  std::vector<DataView> out;
  while (s.step()) out.push_back(read_data_view(s));
  return out;
}

}  // namespace junction::storage::finspace_data
