#include "storage/identitystore_repository.hpp"

namespace junction::storage::identitystore {

namespace {

const char* kind_text(ResourceKind kind) { return kind == ResourceKind::kUser ? "USER" : "GROUP"; }

std::optional<double> optional_real(const Statement& s, int column) {
  if (s.is_null(column)) return std::nullopt;
  return s.real(column);
}

// The four audit columns, read from `first` on.
Audit read_audit(const Statement& s, int first) {
  return Audit{s.real(first), s.optional_text(first + 1), optional_real(s, first + 2),
               s.optional_text(first + 3)};
}

constexpr const char* kUserColumns =
    "user_id, user_name, display_name, attributes, created_at, created_by, updated_at, updated_by";
User read_user(const Statement& s) {
  return User{s.text(0), s.text(1), s.optional_text(2), s.text(3), read_audit(s, 4)};
}

Group read_group(const Statement& s) {
  return Group{s.text(0), s.text(1), s.optional_text(2), read_audit(s, 3)};
}

Membership read_membership(const Statement& s) {
  return Membership{s.text(0), s.text(1), s.text(2), read_audit(s, 3)};
}

template <class T, class Read>
std::vector<T> read_all(Statement& s, const Read& read) {
  std::vector<T> out;
  while (s.step()) out.push_back(read(s));
  return out;
}

std::optional<std::string> first_text(Statement s) {
  if (!s.step()) return std::nullopt;
  return s.text(0);
}

}  // namespace

bool Repository::insert_user(const User& u) {
  return tx_.exec(
             "INSERT OR IGNORE INTO identitystore_users (account, region, identity_store_id,"
             " user_id, user_name, display_name, attributes, created_at, created_by, updated_at,"
             " updated_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
             account_, region_, store_, u.user_id, u.user_name, u.display_name, u.attributes,
             u.audit.created_at, u.audit.created_by, u.audit.updated_at, u.audit.updated_by) == 1;
}

std::optional<User> Repository::user(const std::string& user_id) {
  auto s = tx_.query(std::string("SELECT ") + kUserColumns +
                         " FROM identitystore_users WHERE account = ?1 AND region = ?2"
                         " AND identity_store_id = ?3 AND user_id = ?4",
                     account_, region_, store_, user_id);
  if (!s.step()) return std::nullopt;
  return read_user(s);
}

bool Repository::has_user(const std::string& user_id) {
  return tx_
      .query(
          "SELECT 1 FROM identitystore_users WHERE account = ?1 AND region = ?2"
          " AND identity_store_id = ?3 AND user_id = ?4",
          account_, region_, store_, user_id)
      .step();
}

bool Repository::update_user(const User& u) {
  // OR IGNORE: a user name another user has leaves the row as it was (no change reported).
  return tx_.exec(
             "UPDATE OR IGNORE identitystore_users SET user_name = ?5, display_name = ?6,"
             " attributes = ?7, updated_at = ?8, updated_by = ?9"
             " WHERE account = ?1 AND region = ?2 AND identity_store_id = ?3 AND user_id = ?4",
             account_, region_, store_, u.user_id, u.user_name, u.display_name, u.attributes,
             u.audit.updated_at, u.audit.updated_by) == 1;
}

bool Repository::delete_user(const std::string& user_id) {
  tx_.exec(
      "DELETE FROM identitystore_external_ids WHERE account = ?1 AND region = ?2"
      " AND identity_store_id = ?3 AND resource_type = 'USER' AND resource_id = ?4",
      account_, region_, store_, user_id);
  return tx_.exec(
             "DELETE FROM identitystore_users WHERE account = ?1 AND region = ?2"
             " AND identity_store_id = ?3 AND user_id = ?4",
             account_, region_, store_, user_id) == 1;
}

std::vector<User> Repository::users(const std::optional<std::string>& user_name,
                                    std::int64_t offset, std::int64_t limit) {
  auto s = tx_.query(std::string("SELECT ") + kUserColumns +
                         " FROM identitystore_users WHERE account = ?1 AND region = ?2"
                         " AND identity_store_id = ?3 AND (?4 IS NULL OR user_name = ?4)"
                         " ORDER BY user_name LIMIT ?5 OFFSET ?6",
                     account_, region_, store_, user_name, limit, offset);
  return read_all<User>(s, read_user);
}

std::optional<std::string> Repository::user_id_by_name(const std::string& user_name) {
  return first_text(
      tx_.query("SELECT user_id FROM identitystore_users WHERE account = ?1 AND region = ?2"
                " AND identity_store_id = ?3 AND user_name = ?4",
                account_, region_, store_, user_name));
}

std::optional<std::string> Repository::user_id_by_email(const std::string& email) {
  // The expression is the one of the index, named: without statistics the planner would
  // rather scan the store's users by primary key.
  return first_text(
      tx_.query("SELECT user_id FROM identitystore_users INDEXED BY identitystore_users_by_email"
                " WHERE account = ?1 AND region = ?2"
                " AND identity_store_id = ?3"
                " AND json_extract(attributes, '$.Emails[0].Value') = ?4 COLLATE NOCASE"
                " ORDER BY created_at, user_id LIMIT 1",
                account_, region_, store_, email));
}

bool Repository::insert_group(const Group& g) {
  return tx_.exec(
             "INSERT OR IGNORE INTO identitystore_groups (account, region, identity_store_id,"
             " group_id, display_name, description, created_at, created_by, updated_at,"
             " updated_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
             account_, region_, store_, g.group_id, g.display_name, g.description,
             g.audit.created_at, g.audit.created_by, g.audit.updated_at, g.audit.updated_by) == 1;
}

std::optional<Group> Repository::group(const std::string& group_id) {
  auto s = tx_.query(
      "SELECT group_id, display_name, description, created_at, created_by, updated_at,"
      " updated_by FROM identitystore_groups WHERE account = ?1 AND region = ?2"
      " AND identity_store_id = ?3 AND group_id = ?4",
      account_, region_, store_, group_id);
  if (!s.step()) return std::nullopt;
  return read_group(s);
}

bool Repository::has_group(const std::string& group_id) {
  return tx_
      .query(
          "SELECT 1 FROM identitystore_groups WHERE account = ?1 AND region = ?2"
          " AND identity_store_id = ?3 AND group_id = ?4",
          account_, region_, store_, group_id)
      .step();
}

bool Repository::update_group(const Group& g) {
  return tx_.exec(
             "UPDATE OR IGNORE identitystore_groups SET display_name = ?5, description = ?6,"
             " updated_at = ?7, updated_by = ?8"
             " WHERE account = ?1 AND region = ?2 AND identity_store_id = ?3 AND group_id = ?4",
             account_, region_, store_, g.group_id, g.display_name, g.description,
             g.audit.updated_at, g.audit.updated_by) == 1;
}

bool Repository::delete_group(const std::string& group_id) {
  tx_.exec(
      "DELETE FROM identitystore_external_ids WHERE account = ?1 AND region = ?2"
      " AND identity_store_id = ?3 AND resource_type = 'GROUP' AND resource_id = ?4",
      account_, region_, store_, group_id);
  return tx_.exec(
             "DELETE FROM identitystore_groups WHERE account = ?1 AND region = ?2"
             " AND identity_store_id = ?3 AND group_id = ?4",
             account_, region_, store_, group_id) == 1;
}

std::vector<Group> Repository::groups(const std::optional<std::string>& display_name,
                                      std::int64_t offset, std::int64_t limit) {
  auto s = tx_.query(
      "SELECT group_id, display_name, description, created_at, created_by, updated_at,"
      " updated_by FROM identitystore_groups WHERE account = ?1 AND region = ?2"
      " AND identity_store_id = ?3 AND (?4 IS NULL OR display_name = ?4)"
      " ORDER BY display_name LIMIT ?5 OFFSET ?6",
      account_, region_, store_, display_name, limit, offset);
  return read_all<Group>(s, read_group);
}

std::optional<std::string> Repository::group_id_by_name(const std::string& display_name) {
  return first_text(
      tx_.query("SELECT group_id FROM identitystore_groups WHERE account = ?1 AND region = ?2"
                " AND identity_store_id = ?3 AND display_name = ?4",
                account_, region_, store_, display_name));
}

std::vector<ExternalId> Repository::external_ids(ResourceKind kind,
                                                 const std::string& resource_id) {
  auto s = tx_.query(
      "SELECT issuer, external_id FROM identitystore_external_ids WHERE account = ?1"
      " AND region = ?2 AND identity_store_id = ?3 AND resource_type = ?4 AND resource_id = ?5"
      " ORDER BY issuer, external_id",
      account_, region_, store_, kind_text(kind), resource_id);
  return read_all<ExternalId>(s, [](const Statement& row) {
    return ExternalId{row.text(0), row.text(1)};
  });
}

std::optional<std::string> Repository::resource_by_external_id(ResourceKind kind,
                                                               const ExternalId& id) {
  return first_text(tx_.query(
      "SELECT resource_id FROM identitystore_external_ids WHERE account = ?1 AND region = ?2"
      " AND identity_store_id = ?3 AND resource_type = ?4 AND issuer = ?5 AND external_id = ?6",
      account_, region_, store_, kind_text(kind), id.issuer, id.id));
}

bool Repository::insert_membership(const Membership& m) {
  return tx_.exec(
             "INSERT OR IGNORE INTO identitystore_group_memberships (account, region,"
             " identity_store_id, membership_id, group_id, member_user_id, created_at,"
             " created_by, updated_at, updated_by)"
             " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
             account_, region_, store_, m.membership_id, m.group_id, m.member_user_id,
             m.audit.created_at, m.audit.created_by, m.audit.updated_at, m.audit.updated_by) == 1;
}

namespace {
constexpr const char* kMembershipColumns =
    "SELECT membership_id, group_id, member_user_id, created_at, created_by, updated_at,"
    " updated_by FROM identitystore_group_memberships WHERE account = ?1 AND region = ?2"
    " AND identity_store_id = ?3";
}

std::optional<Membership> Repository::membership(const std::string& membership_id) {
  auto s = tx_.query(std::string(kMembershipColumns) + " AND membership_id = ?4", account_, region_,
                     store_, membership_id);
  if (!s.step()) return std::nullopt;
  return read_membership(s);
}

std::optional<Membership> Repository::membership_of(const std::string& group_id,
                                                    const std::string& user_id) {
  auto s = tx_.query(std::string(kMembershipColumns) + " AND group_id = ?4 AND member_user_id = ?5",
                     account_, region_, store_, group_id, user_id);
  if (!s.step()) return std::nullopt;
  return read_membership(s);
}

bool Repository::delete_membership(const std::string& membership_id) {
  return tx_.exec(
             "DELETE FROM identitystore_group_memberships WHERE account = ?1 AND region = ?2"
             " AND identity_store_id = ?3 AND membership_id = ?4",
             account_, region_, store_, membership_id) == 1;
}

std::vector<Membership> Repository::memberships_of_group(const std::string& group_id,
                                                         std::int64_t offset, std::int64_t limit) {
  auto s = tx_.query(std::string(kMembershipColumns) +
                         " AND group_id = ?4 ORDER BY member_user_id LIMIT ?5 OFFSET ?6",
                     account_, region_, store_, group_id, limit, offset);
  return read_all<Membership>(s, read_membership);
}

std::vector<Membership> Repository::memberships_of_user(const std::string& user_id,
                                                        std::int64_t offset, std::int64_t limit) {
  auto s = tx_.query(std::string(kMembershipColumns) +
                         " AND member_user_id = ?4 ORDER BY group_id LIMIT ?5 OFFSET ?6",
                     account_, region_, store_, user_id, limit, offset);
  return read_all<Membership>(s, read_membership);
}

std::vector<std::string> Repository::groups_with_member(const std::string& user_id,
                                                        const std::vector<std::string>& group_ids) {
  std::vector<std::string> out;
  for (const auto& group_id : group_ids)
    if (membership_of(group_id, user_id)) out.push_back(group_id);
  return out;
}

}  // namespace junction::storage::identitystore
