// AppStream's account settings: directory configs (how fleets and image builders join a domain),
// stack themes and the usage report subscription. One repository per call, bound to an account
// and region.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "storage/database.hpp"

namespace junction::storage::appstream {

struct DirectoryConfig {
  std::string directory_name;
  std::string organizational_unit_distinguished_names = "[]";  // JSON list
  std::optional<std::string> account_name;
  std::optional<std::string> account_password;                   // kept, never returned by the API
  std::optional<std::string> certificate_based_auth_properties;  // JSON, as given
  double created_at = 0;
};

struct Theme {
  std::string stack_name;
  std::string state;
  std::string title_text;
  std::string theme_styling;
  // JSON text of the model's shapes of the same names.
  std::optional<std::string> footer_links;
  std::string organization_logo_s3_location;
  std::string favicon_s3_location;
  double created_at = 0;
};

struct UsageReportSubscription {
  std::string s3_bucket_name;
  std::string schedule;
  double created_at = 0;
};

class SettingsRepository {
 public:
  SettingsRepository(Tx& tx, std::string account, std::string region)
      : tx_(tx), account_(std::move(account)), region_(std::move(region)) {}

  // False when a directory config of that name exists already.
  bool insert_directory_config(const DirectoryConfig& config);
  std::optional<DirectoryConfig> directory_config(const std::string& directory_name);
  // Ordered by directory name.
  std::vector<DirectoryConfig> directory_configs(std::int64_t offset, std::int64_t limit);
  // Writes every column of the named directory config but its creation time.
  void update_directory_config(const DirectoryConfig& config);
  bool delete_directory_config(const std::string& directory_name);
  // What joins the directory (in the organizational unit `ou`, when given), if anything:
  // ("fleet" or "image builder", its name), the first by name.
  std::optional<std::pair<std::string, std::string>> directory_user(
      const std::string& directory_name, const std::optional<std::string>& ou = std::nullopt);

  // False when the stack has a theme already.
  bool insert_theme(const Theme& theme);
  std::optional<Theme> theme(const std::string& stack_name);
  // Writes every column of the stack's theme but its creation time.
  void update_theme(const Theme& theme);
  bool delete_theme(const std::string& stack_name);

  std::optional<UsageReportSubscription> usage_report_subscription();
  // False when there is a subscription already (it is kept as it is).
  bool insert_usage_report_subscription(const UsageReportSubscription& subscription);
  bool delete_usage_report_subscription();

 private:
  Tx& tx_;
  std::string account_;
  std::string region_;
};

}  // namespace junction::storage::appstream
