#include "storage/sso_admin_repository.hpp"

namespace junction::storage::sso_admin {

namespace {

PermissionSet read_permission_set(const Statement& s) {
  return PermissionSet{s.text(0),          s.text(1),          s.text(2), s.optional_text(3),
                       s.text(4),          s.optional_text(5), s.real(6), s.integer(7),
                       s.optional_text(8), s.optional_text(9)};
}

constexpr const char* kInstanceColumns =
    "instance_arn, identity_store_id, name, created_at, kind, active_at, kms_key_type,"
    " kms_key_arn, encryption_settles_at, client_token, request, region";

Instance read_instance(const Statement& s) {
  Instance i{s.text(0), s.text(1), s.optional_text(2), s.real(3), true};
  i.organization = s.view(4) == "ORGANIZATION";
  i.active_at = s.real(5);
  i.kms_key_type = s.text(6);
  i.kms_key_arn = s.optional_text(7);
  i.encryption_settles_at = s.real(8);
  i.client_token = s.optional_text(9);
  i.request = s.optional_text(10);
  i.region = s.text(11);
  return i;
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
  auto s = tx_.query(std::string("SELECT ") + kInstanceColumns +
                         " FROM sso_instances WHERE account = ?1 AND region = ?2"
                         " AND kind = 'ORGANIZATION' ORDER BY created_at, instance_arn LIMIT 1",
                     account_, region_);
  if (!s.step()) return std::nullopt;
  return read_instance(s);
}

std::optional<Instance> Repository::instance(const std::string& arn) {
  auto s = tx_.query(
      "SELECT instance_arn, identity_store_id, name, created_at, kind, active_at, kms_key_type,"
      " kms_key_arn, encryption_settles_at, client_token, request, region"
      " FROM sso_instances WHERE account = ?1 AND region = ?2 AND instance_arn = ?3",
      account_, region_, arn);
  if (!s.step()) return std::nullopt;
  return read_instance(s);
}

std::vector<Instance> Repository::instances() {
  auto s = tx_.query(std::string("SELECT ") + kInstanceColumns +
                         " FROM sso_instances WHERE account = ?1 AND region = ?2"
                         " ORDER BY kind = 'ACCOUNT', created_at, instance_arn",
                     account_, region_);
  std::vector<Instance> out;
  while (s.step()) out.push_back(read_instance(s));
  return out;
}

std::optional<Instance> Repository::account_instance_anywhere() {
  auto s = tx_.query(std::string("SELECT ") + kInstanceColumns +
                         " FROM sso_instances WHERE account = ?1 AND kind = 'ACCOUNT'"
                         " ORDER BY created_at LIMIT 1",
                     account_);
  if (!s.step()) return std::nullopt;
  return read_instance(s);
}

std::optional<Instance> Repository::instance_by_identity_store(const std::string& id) {
  auto s = tx_.query(std::string("SELECT ") + kInstanceColumns +
                         " FROM sso_instances WHERE account = ?1 AND region = ?2"
                         " AND identity_store_id = ?3 LIMIT 1",
                     account_, region_, id);
  if (!s.step()) return std::nullopt;
  return read_instance(s);
}

void Repository::ensure_instance(const Instance& i) {
  if (i.stored) return;
  tx_.exec(
      "INSERT OR IGNORE INTO sso_instances"
      " (account, region, instance_arn, identity_store_id, name, created_at)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
      account_, region_, i.arn, i.identity_store_id, i.name, i.created_at);
}

void Repository::insert_instance(const Instance& i) {
  tx_.exec(
      "INSERT INTO sso_instances (account, region, instance_arn, identity_store_id, name,"
      " created_at, kind, active_at, kms_key_type, kms_key_arn, encryption_settles_at,"
      " client_token, request) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
      account_, region_, i.arn, i.identity_store_id, i.name, i.created_at,
      i.organization ? "ORGANIZATION" : "ACCOUNT", i.active_at, i.kms_key_type, i.kms_key_arn,
      i.encryption_settles_at, i.client_token, i.request);
}

void Repository::update_instance(const Instance& i) {
  tx_.exec(
      "UPDATE sso_instances SET name = ?4, kms_key_type = ?5, kms_key_arn = ?6,"
      " encryption_settles_at = ?7 WHERE account = ?1 AND region = ?2 AND instance_arn = ?3",
      account_, region_, i.arn, i.name, i.kms_key_type, i.kms_key_arn, i.encryption_settles_at);
}

void Repository::delete_instance(const std::string& arn) {
  // What belongs to the instance alone goes with it.
  tx_.exec(
      "DELETE FROM sso_instance_access_control_attributes WHERE account = ?1 AND region = ?2"
      " AND instance_arn = ?3",
      account_, region_, arn);
  tx_.exec(
      "DELETE FROM sso_instance_regions WHERE account = ?1 AND region = ?2 AND instance_arn = ?3",
      account_, region_, arn);
  tx_.exec("DELETE FROM sso_instances WHERE account = ?1 AND region = ?2 AND instance_arn = ?3",
           account_, region_, arn);
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
      "SELECT arn, instance_arn, name, description, session_duration, relay_state, created_at,"
      " version, inline_policy, permissions_boundary"
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
      "UPDATE sso_permission_sets SET description = ?4, session_duration = ?5, relay_state = ?6,"
      " version = ?7 WHERE account = ?1 AND region = ?2 AND arn = ?3",
      account_, region_, ps.arn, ps.description, ps.session_duration, ps.relay_state, ps.version);
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

std::int64_t Repository::assignments_for_principal(
    const std::string& instance_arn, const std::string& principal_type,
    const std::string& principal_id, const std::optional<std::string>& groups_of_store,
    const std::optional<std::string>& target_id, std::int64_t offset, std::int64_t limit,
    const AssignmentVisitor& visit) {
  // Two index look-ups (the principal's rows, then its groups' rows), merged in order.
  auto s = tx_.query(
      "SELECT target_id, target_type, permission_set_arn, principal_type, principal_id,"
      " created_at FROM sso_account_assignments WHERE account = ?1 AND region = ?2"
      " AND instance_arn = ?3 AND principal_type = ?4 AND principal_id = ?5"
      " AND (?6 IS NULL OR target_id = ?6)"
      " UNION ALL SELECT target_id, target_type, permission_set_arn, principal_type,"
      " principal_id, created_at FROM sso_account_assignments"
      " INDEXED BY sso_account_assignments_by_principal WHERE ?7 IS NOT NULL"
      " AND account = ?1 AND region = ?2 AND instance_arn = ?3 AND principal_type = 'GROUP'"
      " AND principal_id IN (SELECT group_id FROM identitystore_group_memberships"
      "  WHERE account = ?1 AND region = ?2 AND identity_store_id = ?7 AND member_user_id = ?5)"
      " AND (?6 IS NULL OR target_id = ?6)"
      " ORDER BY 1, 3, 4, 5 LIMIT ?8 OFFSET ?9",
      account_, region_, instance_arn, principal_type, principal_id, target_id, groups_of_store,
      limit, offset);
  AssignmentRow row;
  row.instance_arn = instance_arn;
  return visit_assignments(
      s, row,
      [&s](AssignmentRow& r) {
        r.target_id = s.view(0);
        r.target_type = s.view(1);
        r.permission_set_arn = s.view(2);
        r.principal_type = s.view(3);
        r.principal_id = s.view(4);
        r.created_at = s.real(5);
      },
      visit);
}

bool Repository::has_assignment(const Assignment& a) {
  return tx_
      .query(
          "SELECT 1 FROM sso_account_assignments WHERE account = ?1 AND region = ?2"
          " AND instance_arn = ?3 AND target_id = ?4 AND permission_set_arn = ?5"
          " AND principal_type = ?6 AND principal_id = ?7",
          account_, region_, a.instance_arn, a.target_id, a.permission_set_arn, a.principal_type,
          a.principal_id)
      .step();
}

// --- permission-set policies ------------------------------------------------------------------

void Repository::set_inline_policy(const std::string& arn,
                                   const std::optional<std::string>& policy) {
  tx_.exec(
      "UPDATE sso_permission_sets SET inline_policy = ?4, version = version + 1"
      " WHERE account = ?1 AND region = ?2 AND arn = ?3",
      account_, region_, arn, policy);
}

void Repository::set_permissions_boundary(const std::string& arn,
                                          const std::optional<std::string>& boundary) {
  tx_.exec(
      "UPDATE sso_permission_sets SET permissions_boundary = ?4, version = version + 1"
      " WHERE account = ?1 AND region = ?2 AND arn = ?3",
      account_, region_, arn, boundary);
}

bool Repository::attach_policy(const std::string& permission_set_arn, const char* kind,
                               const AttachedPolicy& p, double now) {
  return tx_.exec(
             "INSERT OR IGNORE INTO sso_permission_set_policies (account, region,"
             " permission_set_arn, kind, policy, name, path, attached_at)"
             " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
             account_, region_, permission_set_arn, kind, p.policy, p.name, p.path, now) == 1;
}

bool Repository::detach_policy(const std::string& permission_set_arn, const char* kind,
                               const std::string& policy) {
  return tx_.exec(
             "DELETE FROM sso_permission_set_policies WHERE account = ?1 AND region = ?2"
             " AND permission_set_arn = ?3 AND kind = ?4 AND policy = ?5",
             account_, region_, permission_set_arn, kind, policy) == 1;
}

std::int64_t Repository::attached_policy_count(const std::string& permission_set_arn) {
  auto s = tx_.query(
      "SELECT COUNT(*) FROM sso_permission_set_policies WHERE account = ?1 AND region = ?2"
      " AND permission_set_arn = ?3",
      account_, region_, permission_set_arn);
  s.step();
  return s.integer(0);
}

std::vector<AttachedPolicy> Repository::attached_policies(const std::string& permission_set_arn,
                                                          const char* kind, std::int64_t offset,
                                                          std::int64_t limit) {
  auto s = tx_.query(
      "SELECT policy, name, path FROM sso_permission_set_policies WHERE account = ?1"
      " AND region = ?2 AND permission_set_arn = ?3 AND kind = ?4"
      " ORDER BY attached_at, policy LIMIT ?5 OFFSET ?6",
      account_, region_, permission_set_arn, kind, limit, offset);
  std::vector<AttachedPolicy> out;
  while (s.step()) out.push_back({s.text(0), s.text(1), s.optional_text(2)});
  return out;
}

void Repository::bump_version(const std::string& permission_set_arn) {
  tx_.exec(
      "UPDATE sso_permission_sets SET version = version + 1"
      " WHERE account = ?1 AND region = ?2 AND arn = ?3",
      account_, region_, permission_set_arn);
}

// --- provisioning -----------------------------------------------------------------------------

bool Repository::provision(const std::string& instance_arn, const std::string& permission_set_arn,
                           const std::string& target_id, double now) {
  return tx_.exec(
             "INSERT INTO sso_permission_set_provisioning (account, region, instance_arn,"
             " permission_set_arn, target_id, version, provisioned_at)"
             " SELECT account, region, instance_arn, arn, ?5, version, ?6"
             " FROM sso_permission_sets WHERE account = ?1 AND region = ?2 AND arn = ?4"
             " AND instance_arn = ?3"
             " ON CONFLICT (account, region, permission_set_arn, target_id)"
             " DO UPDATE SET version = excluded.version, provisioned_at = excluded.provisioned_at",
             account_, region_, instance_arn, permission_set_arn, target_id, now) == 1;
}

void Repository::reprovision_all(const std::string& permission_set_arn, double now) {
  tx_.exec(
      "UPDATE sso_permission_set_provisioning SET provisioned_at = ?4, version ="
      " (SELECT version FROM sso_permission_sets WHERE account = ?1 AND region = ?2 AND arn = ?3)"
      " WHERE account = ?1 AND region = ?2 AND permission_set_arn = ?3",
      account_, region_, permission_set_arn, now);
}

void Repository::deprovision_if_unassigned(const std::string& instance_arn,
                                           const std::string& permission_set_arn,
                                           const std::string& target_id) {
  tx_.exec(
      "DELETE FROM sso_permission_set_provisioning WHERE account = ?1 AND region = ?2"
      " AND permission_set_arn = ?4 AND target_id = ?5 AND NOT EXISTS ("
      "  SELECT 1 FROM sso_account_assignments WHERE account = ?1 AND region = ?2"
      "  AND instance_arn = ?3 AND target_id = ?5 AND permission_set_arn = ?4)",
      account_, region_, instance_arn, permission_set_arn, target_id);
}

std::vector<std::string> Repository::permission_sets_provisioned_to(const std::string& instance_arn,
                                                                    const std::string& target_id,
                                                                    std::optional<bool> latest,
                                                                    std::int64_t offset,
                                                                    std::int64_t limit) {
  auto s = tx_.query(
      "SELECT p.permission_set_arn FROM sso_permission_set_provisioning AS p"
      " JOIN sso_permission_sets AS ps ON ps.account = p.account AND ps.region = p.region"
      " AND ps.arn = p.permission_set_arn"
      " WHERE p.account = ?1 AND p.region = ?2 AND p.instance_arn = ?3 AND p.target_id = ?4"
      " AND (?5 IS NULL OR ?5 = (p.version = ps.version))"
      " ORDER BY ps.created_at, p.permission_set_arn LIMIT ?6 OFFSET ?7",
      account_, region_, instance_arn, target_id, latest, limit, offset);
  std::vector<std::string> out;
  while (s.step()) out.push_back(s.text(0));
  return out;
}

std::vector<std::string> Repository::accounts_provisioned_with(
    const std::string& permission_set_arn, std::optional<bool> latest, std::int64_t offset,
    std::int64_t limit) {
  auto s = tx_.query(
      "SELECT p.target_id FROM sso_permission_set_provisioning AS p"
      " JOIN sso_permission_sets AS ps ON ps.account = p.account AND ps.region = p.region"
      " AND ps.arn = p.permission_set_arn"
      " WHERE p.account = ?1 AND p.region = ?2 AND p.permission_set_arn = ?3"
      " AND (?4 IS NULL OR ?4 = (p.version = ps.version))"
      " ORDER BY p.target_id LIMIT ?5 OFFSET ?6",
      account_, region_, permission_set_arn, latest, limit, offset);
  std::vector<std::string> out;
  while (s.step()) out.push_back(s.text(0));
  return out;
}

// --- access-control attributes ----------------------------------------------------------------

std::optional<AccessControlAttributes> Repository::access_control_attributes(
    const std::string& instance_arn) {
  auto s = tx_.query(
      "SELECT attributes, created_at, settles_at FROM sso_instance_access_control_attributes"
      " WHERE account = ?1 AND region = ?2 AND instance_arn = ?3",
      account_, region_, instance_arn);
  if (!s.step()) return std::nullopt;
  return AccessControlAttributes{s.text(0), s.real(1), s.real(2)};
}

bool Repository::insert_access_control_attributes(const std::string& instance_arn,
                                                  const AccessControlAttributes& a) {
  return tx_.exec(
             "INSERT OR IGNORE INTO sso_instance_access_control_attributes (account, region,"
             " instance_arn, attributes, created_at, settles_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
             account_, region_, instance_arn, a.attributes, a.created_at, a.settles_at) == 1;
}

bool Repository::update_access_control_attributes(const std::string& instance_arn,
                                                  const std::string& attributes) {
  return tx_.exec(
             "UPDATE sso_instance_access_control_attributes SET attributes = ?4"
             " WHERE account = ?1 AND region = ?2 AND instance_arn = ?3",
             account_, region_, instance_arn, attributes) == 1;
}

bool Repository::delete_access_control_attributes(const std::string& instance_arn) {
  return tx_.exec(
             "DELETE FROM sso_instance_access_control_attributes WHERE account = ?1"
             " AND region = ?2 AND instance_arn = ?3",
             account_, region_, instance_arn) == 1;
}

// --- Regions ----------------------------------------------------------------------------------

std::vector<InstanceRegion> Repository::instance_regions(const std::string& instance_arn) {
  auto s = tx_.query(
      "SELECT region_name, pending_status, final_status, settles_at, added_at"
      " FROM sso_instance_regions WHERE account = ?1 AND region = ?2 AND instance_arn = ?3"
      " ORDER BY added_at, region_name",
      account_, region_, instance_arn);
  std::vector<InstanceRegion> out;
  while (s.step()) out.push_back({s.text(0), s.text(1), s.text(2), s.real(3), s.real(4)});
  return out;
}

void Repository::put_instance_region(const std::string& instance_arn, const InstanceRegion& r) {
  tx_.exec(
      "INSERT INTO sso_instance_regions (account, region, instance_arn, region_name,"
      " pending_status, final_status, settles_at, added_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
      " ON CONFLICT (account, region, instance_arn, region_name) DO UPDATE SET"
      " pending_status = excluded.pending_status, final_status = excluded.final_status,"
      " settles_at = excluded.settles_at, added_at = excluded.added_at",
      account_, region_, instance_arn, r.region_name, r.pending_status, r.final_status,
      r.settles_at, r.added_at);
}

void Repository::forget_removed_regions(const std::string& instance_arn, double now) {
  tx_.exec(
      "DELETE FROM sso_instance_regions WHERE account = ?1 AND region = ?2 AND instance_arn = ?3"
      " AND final_status = 'REMOVED' AND settles_at <= ?4",
      account_, region_, instance_arn, now);
}

}  // namespace junction::storage::sso_admin
