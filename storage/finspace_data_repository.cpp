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

}  // namespace junction::storage::finspace_data
