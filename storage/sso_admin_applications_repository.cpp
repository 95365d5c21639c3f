#include "storage/sso_admin_applications_repository.hpp"

namespace junction::storage::sso_admin {

namespace {

constexpr const char* kApplicationColumns =
    "arn, instance_arn, provider_arn, name, description, status, portal_visibility,"
    " sign_in_origin, sign_in_application_url, assignment_required, user_background_sessions,"
    " created_at, client_token, request_digest";

Application read_application(const Statement& s) {
  Application a;
  a.arn = s.text(0);
  a.instance_arn = s.text(1);
  a.provider_arn = s.text(2);
  a.name = s.text(3);
  a.description = s.optional_text(4);
  a.status = s.text(5);
  a.portal_visibility = s.text(6);
  a.sign_in_origin = s.optional_text(7);
  a.sign_in_application_url = s.optional_text(8);
  a.assignment_required = s.integer(9) != 0;
  a.user_background_sessions = s.text(10);
  a.created_at = s.real(11);
  a.client_token = s.optional_text(12);
  a.request_digest = s.optional_text(13);
  return a;
}

ApplicationAssignment read_assignment(const Statement& s) {
  return ApplicationAssignment{s.text(0), s.text(1), s.text(2), s.text(3), s.real(4)};
}

std::vector<TypedSetting> read_settings(Statement s) {
  std::vector<TypedSetting> out;
  while (s.step()) out.push_back(TypedSetting{s.text(0), s.text(1)});
  return out;
}

}  // namespace

void ApplicationRepository::insert_application(const Application& a) {
  tx_.exec(
      "INSERT INTO sso_applications (account, region, arn, instance_arn, provider_arn, name,"
      " description, status, portal_visibility, sign_in_origin, sign_in_application_url,"
      " assignment_required, user_background_sessions, created_at, client_token, request_digest)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
      account_, region_, a.arn, a.instance_arn, a.provider_arn, a.name, a.description, a.status,
      a.portal_visibility, a.sign_in_origin, a.sign_in_application_url, a.assignment_required,
      a.user_background_sessions, a.created_at, a.client_token, a.request_digest);
}

std::optional<Application> ApplicationRepository::application(const std::string& arn) {
  auto s = tx_.query(std::string("SELECT ") + kApplicationColumns +
                         " FROM sso_applications WHERE account = ?1 AND region = ?2 AND arn = ?3",
                     account_, region_, arn);
  if (!s.step()) return std::nullopt;
  return read_application(s);
}

std::optional<Application> ApplicationRepository::application_by_client_token(
    const std::string& instance_arn, const std::string& client_token) {
  auto s = tx_.query(std::string("SELECT ") + kApplicationColumns +
                         " FROM sso_applications WHERE account = ?1 AND region = ?2"
                         " AND instance_arn = ?3 AND client_token = ?4",
                     account_, region_, instance_arn, client_token);
  if (!s.step()) return std::nullopt;
  return read_application(s);
}

std::vector<Application> ApplicationRepository::applications(
    const std::string& instance_arn, const std::optional<std::string>& provider_arn,
    std::int64_t offset, std::int64_t limit) {
  auto s = tx_.query(std::string("SELECT ") + kApplicationColumns +
                         " FROM sso_applications WHERE account = ?1 AND region = ?2"
                         " AND instance_arn = ?3 AND (?4 IS NULL OR provider_arn = ?4)"
                         " ORDER BY created_at, arn LIMIT ?5 OFFSET ?6",
                     account_, region_, instance_arn, provider_arn, limit, offset);
  std::vector<Application> out;
  while (s.step()) out.push_back(read_application(s));
  return out;
}

void ApplicationRepository::update_application(const Application& a) {
  tx_.exec(
      "UPDATE sso_applications SET name = ?4, description = ?5, status = ?6,"
      " portal_visibility = ?7, sign_in_origin = ?8, sign_in_application_url = ?9,"
      " assignment_required = ?10, user_background_sessions = ?11"
      " WHERE account = ?1 AND region = ?2 AND arn = ?3",
      account_, region_, a.arn, a.name, a.description, a.status, a.portal_visibility,
      a.sign_in_origin, a.sign_in_application_url, a.assignment_required,
      a.user_background_sessions);
}

void ApplicationRepository::delete_application(const std::string& arn) {
  tx_.exec("DELETE FROM sso_applications WHERE account = ?1 AND region = ?2 AND arn = ?3", account_,
           region_, arn);
}

bool ApplicationRepository::insert_assignment(const ApplicationAssignment& a) {
  return tx_.exec(
             "INSERT OR IGNORE INTO sso_application_assignments (account, region,"
             " application_arn, principal_type, principal_id, instance_arn, created_at)"
             " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
             account_, region_, a.application_arn, a.principal_type, a.principal_id, a.instance_arn,
             a.created_at) == 1;
}

bool ApplicationRepository::has_assignment(const std::string& application_arn,
                                           const std::string& principal_type,
                                           const std::string& principal_id) {
  return tx_
      .query(
          "SELECT 1 FROM sso_application_assignments WHERE account = ?1 AND region = ?2"
          " AND application_arn = ?3 AND principal_type = ?4 AND principal_id = ?5",
          account_, region_, application_arn, principal_type, principal_id)
      .step();
}

bool ApplicationRepository::delete_assignment(const std::string& application_arn,
                                              const std::string& principal_type,
                                              const std::string& principal_id) {
  return tx_.exec(
             "DELETE FROM sso_application_assignments WHERE account = ?1 AND region = ?2"
             " AND application_arn = ?3 AND principal_type = ?4 AND principal_id = ?5",
             account_, region_, application_arn, principal_type, principal_id) == 1;
}

std::vector<ApplicationAssignment> ApplicationRepository::assignments(
    const std::string& application_arn, std::int64_t offset, std::int64_t limit) {
  auto s = tx_.query(
      "SELECT application_arn, principal_type, principal_id, instance_arn, created_at"
      " FROM sso_application_assignments WHERE account = ?1 AND region = ?2"
      " AND application_arn = ?3 ORDER BY principal_type, principal_id LIMIT ?4 OFFSET ?5",
      account_, region_, application_arn, limit, offset);
  std::vector<ApplicationAssignment> out;
  while (s.step()) out.push_back(read_assignment(s));
  return out;
}

std::vector<ApplicationAssignment> ApplicationRepository::assignments_for_principal(
    const std::string& instance_arn, const std::string& principal_type,
    const std::string& principal_id, const std::optional<std::string>& groups_of_store,
    const std::optional<std::string>& application_arn, std::int64_t offset, std::int64_t limit) {
  // The principal's rows, then its groups' rows, merged in order.
  auto s = tx_.query(
      "SELECT application_arn, principal_type, principal_id, instance_arn, created_at"
      " FROM sso_application_assignments WHERE account = ?1 AND region = ?2"
      " AND instance_arn = ?3 AND principal_type = ?4 AND principal_id = ?5"
      " AND (?6 IS NULL OR application_arn = ?6)"
      " UNION ALL SELECT application_arn, principal_type, principal_id, instance_arn, created_at"
      " FROM sso_application_assignments WHERE ?7 IS NOT NULL AND account = ?1 AND region = ?2"
      " AND instance_arn = ?3 AND principal_type = 'GROUP'"
      " AND principal_id IN (SELECT group_id FROM identitystore_group_memberships"
      "  WHERE account = ?1 AND region = ?2 AND identity_store_id = ?7 AND member_user_id = ?5)"
      " AND (?6 IS NULL OR application_arn = ?6)"
      " ORDER BY 1, 2, 3 LIMIT ?8 OFFSET ?9",
      account_, region_, instance_arn, principal_type, principal_id, application_arn,
      groups_of_store, limit, offset);
  std::vector<ApplicationAssignment> out;
  while (s.step()) out.push_back(read_assignment(s));
  return out;
}

std::vector<std::string> ApplicationRepository::delete_applications_of(
    const std::string& instance_arn) {
  auto s = tx_.query(
      "DELETE FROM sso_applications WHERE account = ?1 AND region = ?2 AND instance_arn = ?3"
      " RETURNING arn",
      account_, region_, instance_arn);
  std::vector<std::string> arns;
  while (s.step()) arns.push_back(s.text(0));
  return arns;
}

void ApplicationRepository::put_access_scope(const std::string& application_arn,
                                             const AccessScope& scope) {
  tx_.exec(
      "INSERT INTO sso_application_access_scopes (account, region, application_arn, scope,"
      " authorized_targets) VALUES (?1, ?2, ?3, ?4, ?5)"
      " ON CONFLICT DO UPDATE SET authorized_targets = excluded.authorized_targets",
      account_, region_, application_arn, scope.scope, scope.authorized_targets);
}

std::optional<AccessScope> ApplicationRepository::access_scope(const std::string& application_arn,
                                                               const std::string& scope) {
  auto s = tx_.query(
      "SELECT scope, authorized_targets FROM sso_application_access_scopes"
      " WHERE account = ?1 AND region = ?2 AND application_arn = ?3 AND scope = ?4",
      account_, region_, application_arn, scope);
  if (!s.step()) return std::nullopt;
  return AccessScope{s.text(0), s.optional_text(1)};
}

bool ApplicationRepository::delete_access_scope(const std::string& application_arn,
                                                const std::string& scope) {
  return tx_.exec(
             "DELETE FROM sso_application_access_scopes WHERE account = ?1 AND region = ?2"
             " AND application_arn = ?3 AND scope = ?4",
             account_, region_, application_arn, scope) == 1;
}

std::vector<AccessScope> ApplicationRepository::access_scopes(const std::string& application_arn,
                                                              std::int64_t offset,
                                                              std::int64_t limit) {
  auto s = tx_.query(
      "SELECT scope, authorized_targets FROM sso_application_access_scopes"
      " WHERE account = ?1 AND region = ?2 AND application_arn = ?3"
      " ORDER BY scope LIMIT ?4 OFFSET ?5",
      account_, region_, application_arn, limit, offset);
  std::vector<AccessScope> out;
  while (s.step()) out.push_back(AccessScope{s.text(0), s.optional_text(1)});
  return out;
}

void ApplicationRepository::put_authentication_method(const std::string& application_arn,
                                                      const TypedSetting& method) {
  tx_.exec(
      "INSERT INTO sso_application_authentication_methods (account, region, application_arn,"
      " method_type, method) VALUES (?1, ?2, ?3, ?4, ?5)"
      " ON CONFLICT DO UPDATE SET method = excluded.method",
      account_, region_, application_arn, method.type, method.value);
}

std::optional<TypedSetting> ApplicationRepository::authentication_method(
    const std::string& application_arn, const std::string& type) {
  auto s = tx_.query(
      "SELECT method_type, method FROM sso_application_authentication_methods"
      " WHERE account = ?1 AND region = ?2 AND application_arn = ?3 AND method_type = ?4",
      account_, region_, application_arn, type);
  if (!s.step()) return std::nullopt;
  return TypedSetting{s.text(0), s.text(1)};
}

bool ApplicationRepository::delete_authentication_method(const std::string& application_arn,
                                                         const std::string& type) {
  return tx_.exec(
             "DELETE FROM sso_application_authentication_methods WHERE account = ?1"
             " AND region = ?2 AND application_arn = ?3 AND method_type = ?4",
             account_, region_, application_arn, type) == 1;
}

std::vector<TypedSetting> ApplicationRepository::authentication_methods(
    const std::string& application_arn) {
  return read_settings(
      tx_.query("SELECT method_type, method FROM sso_application_authentication_methods"
                " WHERE account = ?1 AND region = ?2 AND application_arn = ?3 ORDER BY method_type",
                account_, region_, application_arn));
}

void ApplicationRepository::put_grant(const std::string& application_arn,
                                      const TypedSetting& grant) {
  tx_.exec(
      "INSERT INTO sso_application_grants (account, region, application_arn, grant_type,"
      " grant_value) VALUES (?1, ?2, ?3, ?4, ?5)"
      " ON CONFLICT DO UPDATE SET grant_value = excluded.grant_value",
      account_, region_, application_arn, grant.type, grant.value);
}

std::optional<TypedSetting> ApplicationRepository::grant(const std::string& application_arn,
                                                         const std::string& type) {
  auto s = tx_.query(
      "SELECT grant_type, grant_value FROM sso_application_grants"
      " WHERE account = ?1 AND region = ?2 AND application_arn = ?3 AND grant_type = ?4",
      account_, region_, application_arn, type);
  if (!s.step()) return std::nullopt;
  return TypedSetting{s.text(0), s.text(1)};
}

bool ApplicationRepository::delete_grant(const std::string& application_arn,
                                         const std::string& type) {
  return tx_.exec(
             "DELETE FROM sso_application_grants WHERE account = ?1 AND region = ?2"
             " AND application_arn = ?3 AND grant_type = ?4",
             account_, region_, application_arn, type) == 1;
}

std::vector<TypedSetting> ApplicationRepository::grants(const std::string& application_arn) {
  return read_settings(
      tx_.query("SELECT grant_type, grant_value FROM sso_application_grants"
                " WHERE account = ?1 AND region = ?2 AND application_arn = ?3 ORDER BY grant_type",
                account_, region_, application_arn));
}

}  // namespace junction::storage::sso_admin
