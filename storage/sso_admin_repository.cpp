#include "storage/sso_admin_repository.hpp"

namespace junction::storage::sso_admin {

namespace {

PermissionSet read_permission_set(const Statement& s) {
  return PermissionSet{s.text(0), s.text(1),          s.text(2), s.optional_text(3),
                       s.text(4), s.optional_text(5), s.real(6)};
}

// Visits the rows of `s`, whose columns are those of `row` that `read` fills in; the others are
// the query's own parameters (equal, byte for byte, to the stored values), set once.
template <class Read>
std::int64_t visit_assignments(Statement& s, AssignmentRow row, const Read& read,
                               const AssignmentVisitor& visit) {
  std::int64_t rows = 0;
  while (s.step()) {
    read(row);
    visit(row);
    ++rows;
  }
  return rows;
}

}  // namespace

std::optional<Instance> Repository::instance() {
  auto s = tx_.query(
      "SELECT instance_arn, identity_store_id, name, created_at FROM sso_instances"
      " WHERE account = ?1 AND region = ?2",
      account_, region_);
  if (!s.step()) return std::nullopt;
  return Instance{s.text(0), s.text(1), s.optional_text(2), s.real(3), true};
}

void Repository::ensure_instance(const Instance& i) {
  if (i.stored) return;
  tx_.exec(
      "INSERT OR IGNORE INTO sso_instances"
      " (account, region, instance_arn, identity_store_id, name, created_at)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
      account_, region_, i.arn, i.identity_store_id, i.name, i.created_at);
}

bool Repository::insert_permission_set(const PermissionSet& ps) {
  return tx_.exec(
             "INSERT OR IGNORE INTO sso_permission_sets (account, region, instance_arn, arn, name,"
             " description, session_duration, relay_state, created_at)"
             " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
             account_, region_, ps.instance_arn, ps.arn, ps.name, ps.description,
             ps.session_duration, ps.relay_state, ps.created_at) == 1;
}

std::optional<PermissionSet> Repository::permission_set(const std::string& arn) {
  auto s = tx_.query(
      "SELECT arn, instance_arn, name, description, session_duration, relay_state, created_at"
      " FROM sso_permission_sets WHERE account = ?1 AND region = ?2 AND arn = ?3",
      account_, region_, arn);
  if (!s.step()) return std::nullopt;
  return read_permission_set(s);
}

bool Repository::has_permission_set(const std::string& instance_arn, const std::string& arn) {
  return tx_
      .query(
          "SELECT 1 FROM sso_permission_sets WHERE account = ?1 AND region = ?2 AND arn = ?3"
          " AND instance_arn = ?4",
          account_, region_, arn, instance_arn)
      .step();
}

std::vector<std::string> Repository::permission_set_arns(const std::string& instance_arn,
                                                         std::int64_t offset, std::int64_t limit) {
  auto s = tx_.query(
      "SELECT arn FROM sso_permission_sets WHERE account = ?1 AND region = ?2"
      " AND instance_arn = ?3 ORDER BY created_at, arn LIMIT ?4 OFFSET ?5",
      account_, region_, instance_arn, limit, offset);
  std::vector<std::string> out;
  while (s.step()) out.push_back(s.text(0));
  return out;
}

void Repository::update_permission_set(const PermissionSet& ps) {
  tx_.exec(
      "UPDATE sso_permission_sets SET description = ?4, session_duration = ?5, relay_state = ?6"
      " WHERE account = ?1 AND region = ?2 AND arn = ?3",
      account_, region_, ps.arn, ps.description, ps.session_duration, ps.relay_state);
}

void Repository::delete_permission_set(const std::string& arn) {
  tx_.exec("DELETE FROM sso_permission_sets WHERE account = ?1 AND region = ?2 AND arn = ?3",
           account_, region_, arn);
}

std::int64_t Repository::assignment_count(const std::string& permission_set_arn) {
  auto s = tx_.query(
      "SELECT COUNT(*) FROM sso_account_assignments WHERE account = ?1 AND region = ?2"
      " AND permission_set_arn = ?3",
      account_, region_, permission_set_arn);
  s.step();
  return s.integer(0);
}

bool Repository::insert_assignment(const Assignment& a) {
  return tx_.exec(
             "INSERT OR IGNORE INTO sso_account_assignments (account, region, instance_arn,"
             " target_id, target_type, permission_set_arn, principal_type, principal_id,"
             " created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
             account_, region_, a.instance_arn, a.target_id, a.target_type, a.permission_set_arn,
             a.principal_type, a.principal_id, a.created_at) == 1;
}

bool Repository::delete_assignment(const Assignment& a) {
  return tx_.exec(
             // By the primary key: left to itself the planner may pick the by-principal index,
             // which covers the same seven columns, and then deletes in two passes (collecting
             // keys in a temporary table first, because of the foreign key).
             "DELETE FROM sso_account_assignments"
             " INDEXED BY sqlite_autoindex_sso_account_assignments_1"
             " WHERE account = ?1 AND region = ?2"
             " AND instance_arn = ?3 AND target_id = ?4 AND permission_set_arn = ?5"
             " AND principal_type = ?6 AND principal_id = ?7",
             account_, region_, a.instance_arn, a.target_id, a.permission_set_arn, a.principal_type,
             a.principal_id) == 1;
}

std::int64_t Repository::assignments(const std::string& instance_arn, const std::string& target_id,
                                     const std::string& permission_set_arn, std::int64_t offset,
                                     std::int64_t limit, const AssignmentVisitor& visit) {
  // Ordered by the primary key, so a page is an index range scan whatever the table's size.
  auto s = tx_.query(
      "SELECT target_type, principal_type, principal_id, created_at"
      " FROM sso_account_assignments WHERE account = ?1 AND region = ?2"
      " AND instance_arn = ?3 AND target_id = ?4 AND permission_set_arn = ?5"
      " ORDER BY principal_type, principal_id LIMIT ?6 OFFSET ?7",
      account_, region_, instance_arn, target_id, permission_set_arn, limit, offset);
  AssignmentRow row;
  row.instance_arn = instance_arn;
  row.target_id = target_id;
  row.permission_set_arn = permission_set_arn;
  return visit_assignments(
      s, row,
      [&s](AssignmentRow& r) {
        r.target_type = s.view(0);
        r.principal_type = s.view(1);
        r.principal_id = s.view(2);
        r.created_at = s.real(3);
      },
      visit);
}

std::int64_t Repository::assignments_for_principal(const std::string& instance_arn,
                                                   const std::string& principal_type,
                                                   const std::string& principal_id,
                                                   const std::optional<std::string>& target_id,
                                                   std::int64_t offset, std::int64_t limit,
                                                   const AssignmentVisitor& visit) {
  auto s = tx_.query(
      "SELECT target_id, target_type, permission_set_arn, created_at"
      " FROM sso_account_assignments WHERE account = ?1 AND region = ?2"
      " AND instance_arn = ?3 AND principal_type = ?4"
      " AND principal_id = ?5 AND (?6 IS NULL OR target_id = ?6)"
      " ORDER BY target_id, permission_set_arn LIMIT ?7 OFFSET ?8",
      account_, region_, instance_arn, principal_type, principal_id, target_id, limit, offset);
  AssignmentRow row;
  row.instance_arn = instance_arn;
  row.principal_type = principal_type;
  row.principal_id = principal_id;
  return visit_assignments(
      s, row,
      [&s](AssignmentRow& r) {
        r.target_id = s.view(0);
        r.target_type = s.view(1);
        r.permission_set_arn = s.view(2);
        r.created_at = s.real(3);
      },
      visit);
}

}  // namespace junction::storage::sso_admin
