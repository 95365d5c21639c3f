#include "storage/appstream_settings_repository.hpp"

namespace junction::storage::appstream {

namespace {

constexpr const char* kDirectoryConfigColumns =
    "directory_name, organizational_unit_distinguished_names, account_name, account_password,"
    " certificate_based_auth_properties, created_at";

DirectoryConfig read_directory_config(const Statement& s) {
  return DirectoryConfig{s.text(0),          s.text(1),          s.optional_text(2),
                         s.optional_text(3), s.optional_text(4), s.real(5)};
}

constexpr const char* kThemeColumns =
    "stack_name, state, title_text, theme_styling, footer_links, organization_logo_s3_location,"
    " favicon_s3_location, created_at";

}  // namespace

bool SettingsRepository::insert_directory_config(const DirectoryConfig& c) {
  return tx_.exec(
             std::string("INSERT OR IGNORE INTO appstream_directory_configs (account, region, ") +
                 kDirectoryConfigColumns + ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
             account_, region_, c.directory_name, c.organizational_unit_distinguished_names,
             c.account_name, c.account_password, c.certificate_based_auth_properties,
             c.created_at) == 1;
}

std::optional<DirectoryConfig> SettingsRepository::directory_config(
    const std::string& directory_name) {
  auto s = tx_.query(std::string("SELECT ") + kDirectoryConfigColumns +
                         " FROM appstream_directory_configs"
                         " WHERE account = ?1 AND region = ?2 AND directory_name = ?3",
                     account_, region_, directory_name);
  if (!s.step()) return std::nullopt;
  return read_directory_config(s);
}

std::vector<DirectoryConfig> SettingsRepository::directory_configs(std::int64_t offset,
                                                                   std::int64_t limit) {
  auto s = tx_.query(std::string("SELECT ") + kDirectoryConfigColumns +
                         " FROM appstream_directory_configs WHERE account = ?1 AND region = ?2"
                         " ORDER BY directory_name LIMIT ?3 OFFSET ?4",
                     account_, region_, limit, offset);
  std::vector<DirectoryConfig> out;
  while (s.step()) out.push_back(read_directory_config(s));
  return out;
}

void SettingsRepository::update_directory_config(const DirectoryConfig& c) {
  tx_.exec(
      "UPDATE appstream_directory_configs SET organizational_unit_distinguished_names = ?4,"
      " account_name = ?5, account_password = ?6, certificate_based_auth_properties = ?7"
      " WHERE account = ?1 AND region = ?2 AND directory_name = ?3",
      account_, region_, c.directory_name, c.organizational_unit_distinguished_names,
      c.account_name, c.account_password, c.certificate_based_auth_properties);
}

bool SettingsRepository::delete_directory_config(const std::string& directory_name) {
  return tx_.exec(
             "DELETE FROM appstream_directory_configs WHERE account = ?1 AND region = ?2"
             " AND directory_name = ?3",
             account_, region_, directory_name) == 1;
}

std::optional<std::pair<std::string, std::string>> SettingsRepository::directory_user(
    const std::string& directory_name, const std::optional<std::string>& ou) {
  auto s = tx_.query(
      "SELECT 'fleet', name FROM appstream_fleets WHERE account = ?1 AND region = ?2"
      " AND json_extract(attributes, '$.DomainJoinInfo.DirectoryName') = ?3 AND (?4 IS NULL OR"
      " json_extract(attributes, '$.DomainJoinInfo.OrganizationalUnitDistinguishedName') = ?4)"
      " UNION ALL SELECT 'image builder', name FROM appstream_image_builders"
      " WHERE account = ?1 AND region = ?2"
      " AND json_extract(attributes, '$.DomainJoinInfo.DirectoryName') = ?3 AND (?4 IS NULL OR"
      " json_extract(attributes, '$.DomainJoinInfo.OrganizationalUnitDistinguishedName') = ?4)"
      " ORDER BY 1, 2 LIMIT 1",
      account_, region_, directory_name, ou);
  if (!s.step()) return std::nullopt;
  return std::make_pair(s.text(0), s.text(1));
}

bool SettingsRepository::insert_theme(const Theme& t) {
  return tx_.exec(std::string("INSERT OR IGNORE INTO appstream_themes (account, region, ") +
                      kThemeColumns + ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                  account_, region_, t.stack_name, t.state, t.title_text, t.theme_styling,
                  t.footer_links, t.organization_logo_s3_location, t.favicon_s3_location,
                  t.created_at) == 1;
}

std::optional<Theme> SettingsRepository::theme(const std::string& stack_name) {
  auto s = tx_.query(std::string("SELECT ") + kThemeColumns +
                         " FROM appstream_themes WHERE account = ?1 AND region = ?2"
                         " AND stack_name = ?3",
                     account_, region_, stack_name);
  if (!s.step()) return std::nullopt;
  return Theme{s.text(0),          s.text(1), s.text(2), s.text(3),
               s.optional_text(4), s.text(5), s.text(6), s.real(7)};
}

void SettingsRepository::update_theme(const Theme& t) {
  tx_.exec(
      "UPDATE appstream_themes SET state = ?4, title_text = ?5, theme_styling = ?6,"
      " footer_links = ?7, organization_logo_s3_location = ?8, favicon_s3_location = ?9"
      " WHERE account = ?1 AND region = ?2 AND stack_name = ?3",
      account_, region_, t.stack_name, t.state, t.title_text, t.theme_styling, t.footer_links,
      t.organization_logo_s3_location, t.favicon_s3_location);
}

bool SettingsRepository::delete_theme(const std::string& stack_name) {
  return tx_.exec(
             "DELETE FROM appstream_themes WHERE account = ?1 AND region = ?2 AND stack_name = ?3",
             account_, region_, stack_name) == 1;
}

std::optional<UsageReportSubscription> SettingsRepository::usage_report_subscription() {
  auto s = tx_.query(
      "SELECT s3_bucket_name, schedule, created_at FROM appstream_usage_report_subscriptions"
      " WHERE account = ?1 AND region = ?2",
      account_, region_);
  if (!s.step()) return std::nullopt;
  return UsageReportSubscription{s.text(0), s.text(1), s.real(2)};
}

bool SettingsRepository::insert_usage_report_subscription(const UsageReportSubscription& u) {
  return tx_.exec(
             "INSERT OR IGNORE INTO appstream_usage_report_subscriptions (account, region,"
             " s3_bucket_name, schedule, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
             account_, region_, u.s3_bucket_name, u.schedule, u.created_at) == 1;
}

bool SettingsRepository::delete_usage_report_subscription() {
  return tx_.exec(
             "DELETE FROM appstream_usage_report_subscriptions WHERE account = ?1 AND region = ?2",
             account_, region_) == 1;
}

}  // namespace junction::storage::appstream
