#include "storage/appstream_applications_repository.hpp"

namespace junction::storage::appstream {

namespace {

constexpr const char* kAppBlockColumns =
    "name, arn, description, display_name, source_s3_location, setup_script_details,"
    " post_setup_script_details, packaging_type, state, created_at";

AppBlock read_app_block(const Statement& s) {
  return AppBlock{s.text(0), s.text(1),          s.optional_text(2), s.optional_text(3),
                  s.text(4), s.optional_text(5), s.optional_text(6), s.text(7),
                  s.text(8), s.real(9)};
}

constexpr const char* kApplicationColumns =
    "name, arn, display_name, description, icon_s3_location, launch_path, working_directory,"
    " launch_parameters, platforms, instance_families, app_block_name, enabled, created_at";

Application read_application(const Statement& s) {
  return Application{s.text(0), s.text(1), s.optional_text(2), s.optional_text(3),
                     s.text(4), s.text(5), s.optional_text(6), s.optional_text(7),
                     s.text(8), s.text(9), s.text(10),         s.integer(11) != 0,
                     s.real(12)};
}

constexpr const char* kEntitlementColumns =
    "stack_name, name, description, app_visibility, attributes, created_at, modified_at";

Entitlement read_entitlement(const Statement& s) {
  return Entitlement{s.text(0), s.text(1), s.optional_text(2), s.text(3),
                     s.text(4), s.real(5), s.real(6)};
}

}  // namespace

bool ApplicationRepository::insert_app_block(const AppBlock& b) {
  return tx_.exec(std::string("INSERT OR IGNORE INTO appstream_app_blocks (account, region, ") +
                      kAppBlockColumns +
                      ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11,"
                      " ?12)",
                  account_, region_, b.name, b.arn, b.description, b.display_name,
                  b.source_s3_location, b.setup_script_details, b.post_setup_script_details,
                  b.packaging_type, b.state, b.created_at) == 1;
}

std::optional<AppBlock> ApplicationRepository::app_block(const std::string& name) {
  auto s = tx_.query(std::string("SELECT ") + kAppBlockColumns +
                         " FROM appstream_app_blocks WHERE account = ?1 AND region = ?2"
                         " AND name = ?3",
                     account_, region_, name);
  if (!s.step()) return std::nullopt;
  return read_app_block(s);
}

std::vector<AppBlock> ApplicationRepository::app_blocks(std::int64_t offset, std::int64_t limit) {
  auto s = tx_.query(std::string("SELECT ") + kAppBlockColumns +
                         " FROM appstream_app_blocks WHERE account = ?1 AND region = ?2"
                         " ORDER BY name LIMIT ?3 OFFSET ?4",
                     account_, region_, limit, offset);
  std::vector<AppBlock> out;
  while (s.step()) out.push_back(read_app_block(s));
  return out;
}

bool ApplicationRepository::app_block_in_use(const std::string& name) {
  return tx_
      .query(
          "SELECT 1 FROM appstream_applications WHERE account = ?1 AND region = ?2"
          " AND app_block_name = ?3",
          account_, region_, name)
      .step();
}

bool ApplicationRepository::delete_app_block(const std::string& name) {
  return tx_.exec(
             "DELETE FROM appstream_app_blocks WHERE account = ?1 AND region = ?2 AND name = ?3",
             account_, region_, name) == 1;
}

bool ApplicationRepository::insert_application(const Application& a) {
  return tx_.exec(std::string("INSERT OR IGNORE INTO appstream_applications (account, region, ") +
                      kApplicationColumns +
                      ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
                  account_, region_, a.name, a.arn, a.display_name, a.description,
                  a.icon_s3_location, a.launch_path, a.working_directory, a.launch_parameters,
                  a.platforms, a.instance_families, a.app_block_name, a.enabled, a.created_at) == 1;
}

std::optional<Application> ApplicationRepository::application(const std::string& name) {
  auto s = tx_.query(std::string("SELECT ") + kApplicationColumns +
                         " FROM appstream_applications WHERE account = ?1 AND region = ?2"
                         " AND name = ?3",
                     account_, region_, name);
  if (!s.step()) return std::nullopt;
  return read_application(s);
}

std::vector<Application> ApplicationRepository::applications(std::int64_t offset,
                                                             std::int64_t limit) {
  auto s = tx_.query(std::string("SELECT ") + kApplicationColumns +
                         " FROM appstream_applications WHERE account = ?1 AND region = ?2"
                         " ORDER BY name LIMIT ?3 OFFSET ?4",
                     account_, region_, limit, offset);
  std::vector<Application> out;
  while (s.step()) out.push_back(read_application(s));
  return out;
}

void ApplicationRepository::update_application(const Application& a) {
  tx_.exec(
      "UPDATE appstream_applications SET display_name = ?4, description = ?5,"
      " icon_s3_location = ?6, launch_path = ?7, working_directory = ?8, launch_parameters = ?9,"
      " app_block_name = ?10 WHERE account = ?1 AND region = ?2 AND name = ?3",
      account_, region_, a.name, a.display_name, a.description, a.icon_s3_location, a.launch_path,
      a.working_directory, a.launch_parameters, a.app_block_name);
}

bool ApplicationRepository::delete_application(const std::string& name) {
  return tx_.exec(
             "DELETE FROM appstream_applications WHERE account = ?1 AND region = ?2"
             " AND name = ?3",
             account_, region_, name) == 1;
}

void ApplicationRepository::associate_fleet(const std::string& application_name,
                                            const std::string& fleet_name, double at) {
  tx_.exec(
      "INSERT OR IGNORE INTO appstream_application_fleets (account, region, application_name,"
      " fleet_name, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
      account_, region_, application_name, fleet_name, at);
}

bool ApplicationRepository::disassociate_fleet(const std::string& application_name,
                                               const std::string& fleet_name) {
  return tx_.exec(
             "DELETE FROM appstream_application_fleets WHERE account = ?1 AND region = ?2"
             " AND application_name = ?3 AND fleet_name = ?4",
             account_, region_, application_name, fleet_name) == 1;
}

bool ApplicationRepository::application_has_fleets(const std::string& application_name) {
  return tx_
      .query(
          "SELECT 1 FROM appstream_application_fleets WHERE account = ?1 AND region = ?2"
          " AND application_name = ?3",
          account_, region_, application_name)
      .step();
}

std::vector<std::pair<std::string, std::string>> ApplicationRepository::fleet_associations(
    const std::optional<std::string>& fleet_name,
    const std::optional<std::string>& application_name, std::int64_t offset, std::int64_t limit) {
  auto s = tx_.query(
      "SELECT fleet_name, application_name FROM appstream_application_fleets"
      " WHERE account = ?1 AND region = ?2 AND (?3 IS NULL OR fleet_name = ?3)"
      " AND (?4 IS NULL OR application_name = ?4)"
      " ORDER BY fleet_name, application_name LIMIT ?5 OFFSET ?6",
      account_, region_, fleet_name, application_name, limit, offset);
  std::vector<std::pair<std::string, std::string>> out;
  while (s.step()) out.emplace_back(s.text(0), s.text(1));
  return out;
}

bool ApplicationRepository::insert_entitlement(const Entitlement& e) {
  return tx_.exec(std::string("INSERT OR IGNORE INTO appstream_entitlements (account, region, ") +
                      kEntitlementColumns + ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                  account_, region_, e.stack_name, e.name, e.description, e.app_visibility,
                  e.attributes, e.created_at, e.modified_at) == 1;
}

std::optional<Entitlement> ApplicationRepository::entitlement(const std::string& stack_name,
                                                              const std::string& name) {
  auto s = tx_.query(std::string("SELECT ") + kEntitlementColumns +
                         " FROM appstream_entitlements WHERE account = ?1 AND region = ?2"
                         " AND stack_name = ?3 AND name = ?4",
                     account_, region_, stack_name, name);
  if (!s.step()) return std::nullopt;
  return read_entitlement(s);
}

std::vector<Entitlement> ApplicationRepository::entitlements(const std::string& stack_name,
                                                             std::int64_t offset,
                                                             std::int64_t limit) {
  auto s = tx_.query(std::string("SELECT ") + kEntitlementColumns +
                         " FROM appstream_entitlements WHERE account = ?1 AND region = ?2"
                         " AND stack_name = ?3 ORDER BY name LIMIT ?4 OFFSET ?5",
                     account_, region_, stack_name, limit, offset);
  std::vector<Entitlement> out;
  while (s.step()) out.push_back(read_entitlement(s));
  return out;
}

void ApplicationRepository::update_entitlement(const Entitlement& e) {
  tx_.exec(
      "UPDATE appstream_entitlements SET description = ?5, app_visibility = ?6, attributes = ?7,"
      " modified_at = ?8 WHERE account = ?1 AND region = ?2 AND stack_name = ?3 AND name = ?4",
      account_, region_, e.stack_name, e.name, e.description, e.app_visibility, e.attributes,
      e.modified_at);
}

bool ApplicationRepository::delete_entitlement(const std::string& stack_name,
                                               const std::string& name) {
  return tx_.exec(
             "DELETE FROM appstream_entitlements WHERE account = ?1 AND region = ?2"
             " AND stack_name = ?3 AND name = ?4",
             account_, region_, stack_name, name) == 1;
}

void ApplicationRepository::entitle(const std::string& stack_name,
                                    const std::string& entitlement_name,
                                    const std::string& application_identifier, double at) {
  tx_.exec(
      "INSERT OR IGNORE INTO appstream_entitled_applications (account, region, stack_name,"
      " entitlement_name, application_identifier, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
      account_, region_, stack_name, entitlement_name, application_identifier, at);
}

bool ApplicationRepository::unentitle(const std::string& stack_name,
                                      const std::string& entitlement_name,
                                      const std::string& application_identifier) {
  return tx_.exec(
             "DELETE FROM appstream_entitled_applications WHERE account = ?1 AND region = ?2"
             " AND stack_name = ?3 AND entitlement_name = ?4 AND application_identifier = ?5",
             account_, region_, stack_name, entitlement_name, application_identifier) == 1;
}

std::vector<std::string> ApplicationRepository::entitled_applications(
    const std::string& stack_name, const std::string& entitlement_name, std::int64_t offset,
    std::int64_t limit) {
  auto s = tx_.query(
      "SELECT application_identifier FROM appstream_entitled_applications"
      " WHERE account = ?1 AND region = ?2 AND stack_name = ?3 AND entitlement_name = ?4"
      " ORDER BY application_identifier LIMIT ?5 OFFSET ?6",
      account_, region_, stack_name, entitlement_name, limit, offset);
  std::vector<std::string> out;
  while (s.step()) out.push_back(s.text(0));
  return out;
}

}  // namespace junction::storage::appstream
