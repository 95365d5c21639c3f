#include "storage/appstream_fleets_repository.hpp"

namespace junction::storage::appstream {

namespace {

constexpr const char* kFleetColumns =
    "name, arn, fleet_type, instance_type, platform, image_name, image_arn, private_image_name,"
    " attributes, state_pending, state_settled, state_settles_at, created_at, state_errors";

Fleet read_fleet(const Statement& s) {
  Fleet f;
  f.name = s.text(0);
  f.arn = s.text(1);
  f.fleet_type = s.text(2);
  f.instance_type = s.text(3);
  f.platform = s.optional_text(4);
  f.image_name = s.optional_text(5);
  f.image_arn = s.optional_text(6);
  f.private_image_name = s.optional_text(7);
  f.attributes = s.text(8);
  f.state_pending = s.text(9);
  f.state_settled = s.text(10);
  f.state_settles_at = s.real(11);
  f.created_at = s.real(12);
  f.state_errors = s.optional_text(13);
  return f;
}

constexpr const char* kSessionColumns =
    "session_id, stack_name, fleet_name, user_id, authentication_type, instance_id, draining,"
    " network_access, started_at, max_expires_at";

Session read_session(const Statement& s) {
  return Session{s.text(0), s.text(1),         s.text(2),          s.text(3), s.text(4),
                 s.text(5), s.integer(6) != 0, s.optional_text(7), s.real(8), s.real(9)};
}

}  // namespace

bool FleetRepository::insert_fleet(const Fleet& f) {
  return tx_.exec(std::string("INSERT OR IGNORE INTO appstream_fleets (account, region, ") +
                      kFleetColumns +
                      ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,"
                      " ?16)",
                  account_, region_, f.name, f.arn, f.fleet_type, f.instance_type, f.platform,
                  f.image_name, f.image_arn, f.private_image_name, f.attributes, f.state_pending,
                  f.state_settled, f.state_settles_at, f.created_at, f.state_errors) == 1;
}

std::optional<Fleet> FleetRepository::fleet(const std::string& name) {
  auto s = tx_.query(std::string("SELECT ") + kFleetColumns +
                         " FROM appstream_fleets WHERE account = ?1 AND region = ?2 AND name = ?3",
                     account_, region_, name);
  if (!s.step()) return std::nullopt;
  return read_fleet(s);
}

bool FleetRepository::fleet_exists(const std::string& name) {
  return tx_
      .query("SELECT 1 FROM appstream_fleets WHERE account = ?1 AND region = ?2 AND name = ?3",
             account_, region_, name)
      .step();
}

std::vector<Fleet> FleetRepository::fleets(std::int64_t offset, std::int64_t limit) {
  auto s = tx_.query(std::string("SELECT ") + kFleetColumns +
                         " FROM appstream_fleets WHERE account = ?1 AND region = ?2"
                         " ORDER BY name LIMIT ?3 OFFSET ?4",
                     account_, region_, limit, offset);
  std::vector<Fleet> out;
  while (s.step()) out.push_back(read_fleet(s));
  return out;
}

void FleetRepository::update_fleet(const Fleet& f) {
  tx_.exec(
      "UPDATE appstream_fleets SET instance_type = ?4, platform = ?5, image_name = ?6,"
      " image_arn = ?7, private_image_name = ?8, attributes = ?9, state_pending = ?10,"
      " state_settled = ?11, state_settles_at = ?12, state_errors = ?13"
      " WHERE account = ?1 AND region = ?2 AND name = ?3",
      account_, region_, f.name, f.instance_type, f.platform, f.image_name, f.image_arn,
      f.private_image_name, f.attributes, f.state_pending, f.state_settled, f.state_settles_at,
      f.state_errors);
}

bool FleetRepository::delete_fleet(const std::string& name) {
  return tx_.exec("DELETE FROM appstream_fleets WHERE account = ?1 AND region = ?2 AND name = ?3",
                  account_, region_, name) == 1;
}

std::optional<std::string> FleetRepository::stack_fleet(const std::string& stack_name) {
  auto s = tx_.query(
      "SELECT fleet_name FROM appstream_stack_fleets"
      " WHERE account = ?1 AND region = ?2 AND stack_name = ?3",
      account_, region_, stack_name);
  if (!s.step()) return std::nullopt;
  return s.text(0);
}

void FleetRepository::associate(const std::string& stack_name, const std::string& fleet_name,
                                double at) {
  tx_.exec(
      "INSERT OR IGNORE INTO appstream_stack_fleets (account, region, stack_name, fleet_name,"
      " created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
      account_, region_, stack_name, fleet_name, at);
}

bool FleetRepository::disassociate(const std::string& stack_name, const std::string& fleet_name) {
  return tx_.exec(
             "DELETE FROM appstream_stack_fleets WHERE account = ?1 AND region = ?2"
             " AND stack_name = ?3 AND fleet_name = ?4",
             account_, region_, stack_name, fleet_name) == 1;
}

std::vector<std::string> FleetRepository::fleet_stacks(const std::string& fleet_name,
                                                       std::int64_t offset, std::int64_t limit) {
  auto s = tx_.query(
      "SELECT stack_name FROM appstream_stack_fleets WHERE account = ?1 AND region = ?2"
      " AND fleet_name = ?3 ORDER BY stack_name LIMIT ?4 OFFSET ?5",
      account_, region_, fleet_name, limit, offset);
  std::vector<std::string> out;
  while (s.step()) out.push_back(s.text(0));
  return out;
}

bool FleetRepository::fleet_has_stacks(const std::string& fleet_name) {
  return tx_
      .query(
          "SELECT 1 FROM appstream_stack_fleets WHERE account = ?1 AND region = ?2"
          " AND fleet_name = ?3",
          account_, region_, fleet_name)
      .step();
}

void FleetRepository::insert_session(const Session& x) {
  tx_.exec(std::string("INSERT INTO appstream_sessions (account, region, ") + kSessionColumns +
               ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
           account_, region_, x.session_id, x.stack_name, x.fleet_name, x.user_id,
           x.authentication_type, x.instance_id, x.draining, x.network_access, x.started_at,
           x.max_expires_at);
}

std::optional<Session> FleetRepository::session(const std::string& session_id) {
  auto s = tx_.query(std::string("SELECT ") + kSessionColumns +
                         " FROM appstream_sessions WHERE account = ?1 AND region = ?2"
                         " AND session_id = ?3",
                     account_, region_, session_id);
  if (!s.step()) return std::nullopt;
  return read_session(s);
}

std::optional<Session> FleetRepository::user_session(const std::string& stack_name,
                                                     const std::string& fleet_name,
                                                     const std::string& user_id,
                                                     const std::string& authentication_type,
                                                     double now) {
  auto s = tx_.query(std::string("SELECT ") + kSessionColumns +
                         " FROM appstream_sessions WHERE account = ?1 AND region = ?2"
                         " AND fleet_name = ?3 AND stack_name = ?4 AND user_id = ?5"
                         " AND authentication_type = ?6 AND max_expires_at > ?7"
                         " ORDER BY started_at DESC LIMIT 1",
                     account_, region_, fleet_name, stack_name, user_id, authentication_type, now);
  if (!s.step()) return std::nullopt;
  return read_session(s);
}

std::vector<Session> FleetRepository::sessions(const SessionFilter& f, std::int64_t offset,
                                               std::int64_t limit) {
  auto s = tx_.query(std::string("SELECT ") + kSessionColumns +
                         " FROM appstream_sessions WHERE account = ?1 AND region = ?2"
                         " AND fleet_name = ?3 AND stack_name = ?4 AND max_expires_at > ?5"
                         " AND (?6 IS NULL OR user_id = ?6)"
                         " AND (?7 IS NULL OR authentication_type = ?7)"
                         " AND (?8 IS NULL OR instance_id = ?8)"
                         " ORDER BY started_at, session_id LIMIT ?9 OFFSET ?10",
                     account_, region_, f.fleet_name, f.stack_name, f.now, f.user_id,
                     f.authentication_type, f.instance_id, limit, offset);
  std::vector<Session> out;
  while (s.step()) out.push_back(read_session(s));
  return out;
}

SessionCounts FleetRepository::session_counts(const std::string& fleet_name, double now) {
  auto s = tx_.query(
      "SELECT COUNT(*), COUNT(DISTINCT instance_id),"
      " COUNT(DISTINCT CASE WHEN draining THEN instance_id END),"
      " COALESCE(SUM(draining), 0)"
      " FROM appstream_sessions WHERE account = ?1 AND region = ?2 AND fleet_name = ?3"
      " AND max_expires_at > ?4",
      account_, region_, fleet_name, now);
  SessionCounts out;
  if (s.step()) out = {s.integer(0), s.integer(1), s.integer(2), s.integer(3)};
  return out;
}

std::vector<std::pair<std::string, std::int64_t>> FleetRepository::instance_loads(
    const std::string& fleet_name, double now) {
  auto s = tx_.query(
      "SELECT instance_id, COUNT(*) FROM appstream_sessions"
      " WHERE account = ?1 AND region = ?2 AND fleet_name = ?3 AND max_expires_at > ?4"
      " AND NOT draining GROUP BY instance_id ORDER BY instance_id",
      account_, region_, fleet_name, now);
  std::vector<std::pair<std::string, std::int64_t>> out;
  while (s.step()) out.emplace_back(s.text(0), s.integer(1));
  return out;
}

bool FleetRepository::delete_session(const std::string& session_id) {
  return tx_.exec(
             "DELETE FROM appstream_sessions WHERE account = ?1 AND region = ?2"
             " AND session_id = ?3",
             account_, region_, session_id) == 1;
}

void FleetRepository::delete_sessions(const std::string& fleet_name,
                                      const std::optional<std::string>& stack_name) {
  tx_.exec(
      "DELETE FROM appstream_sessions WHERE account = ?1 AND region = ?2 AND fleet_name = ?3"
      " AND (?4 IS NULL OR stack_name = ?4)",
      account_, region_, fleet_name, stack_name);
}

bool FleetRepository::has_sessions(const std::string& stack_name, const std::string& fleet_name,
                                   double now) {
  return tx_
      .query(
          "SELECT 1 FROM appstream_sessions WHERE account = ?1 AND region = ?2"
          " AND fleet_name = ?3 AND stack_name = ?4 AND max_expires_at > ?5",
          account_, region_, fleet_name, stack_name, now)
      .step();
}

void FleetRepository::drain_instance(const std::string& fleet_name,
                                     const std::string& instance_id) {
  tx_.exec(
      "UPDATE appstream_sessions SET draining = 1 WHERE account = ?1 AND region = ?2"
      " AND fleet_name = ?3 AND instance_id = ?4",
      account_, region_, fleet_name, instance_id);
}

}  // namespace junction::storage::appstream
