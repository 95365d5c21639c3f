// AppStream's app blocks, their applications, the fleets those are associated with, and the
// entitlements of stacks to applications. One repository per call, bound to an account and
// region.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "storage/database.hpp"

namespace junction::storage::appstream {

struct AppBlock {
  std::string name;
  std::string arn;
  std::optional<std::string> description;
  std::optional<std::string> display_name;
  // JSON text of the AppBlock shape's members of the same names.
  std::string source_s3_location;
  std::optional<std::string> setup_script_details;
  std::optional<std::string> post_setup_script_details;
  std::string packaging_type;
  std::string state;
  double created_at = 0;
};

struct Application {
  std::string name;
  std::string arn;
  std::optional<std::string> display_name;
  std::optional<std::string> description;
  std::string icon_s3_location;  // JSON of S3Location
  std::string launch_path;
  std::optional<std::string> working_directory;
  std::optional<std::string> launch_parameters;
  std::string platforms;          // JSON list
  std::string instance_families;  // JSON list
  std::string app_block_name;
  bool enabled = true;
  double created_at = 0;
};

struct Entitlement {
  std::string stack_name;
  std::string name;
  std::optional<std::string> description;
  std::string app_visibility;
  std::string attributes;  // JSON list of EntitlementAttribute
  double created_at = 0;
  double modified_at = 0;
};

class ApplicationRepository {
 public:
  ApplicationRepository(Tx& tx, std::string account, std::string region)
      : tx_(tx), account_(std::move(account)), region_(std::move(region)) {}

  // False when an app block of that name exists already.
  bool insert_app_block(const AppBlock& block);
  std::optional<AppBlock> app_block(const std::string& name);
  // Ordered by name.
  std::vector<AppBlock> app_blocks(std::int64_t offset, std::int64_t limit);
  bool app_block_in_use(const std::string& name);
  bool delete_app_block(const std::string& name);

  // False when an application of that name exists already.
  bool insert_application(const Application& app);
  std::optional<Application> application(const std::string& name);
  // Ordered by name.
  std::vector<Application> applications(std::int64_t offset, std::int64_t limit);
  void update_application(const Application& app);
  bool delete_application(const std::string& name);

  void associate_fleet(const std::string& application_name, const std::string& fleet_name,
                       double at);
  bool disassociate_fleet(const std::string& application_name, const std::string& fleet_name);
  bool application_has_fleets(const std::string& application_name);
  // (fleet name, application name) pairs of a fleet, or of an application, or both, ordered by
  // fleet then application.
  std::vector<std::pair<std::string, std::string>> fleet_associations(
      const std::optional<std::string>& fleet_name,
      const std::optional<std::string>& application_name, std::int64_t offset, std::int64_t limit);

  // False when the stack has an entitlement of that name already.
  bool insert_entitlement(const Entitlement& e);
  std::optional<Entitlement> entitlement(const std::string& stack_name, const std::string& name);
  // A stack's entitlements, ordered by name.
  std::vector<Entitlement> entitlements(const std::string& stack_name, std::int64_t offset,
                                        std::int64_t limit);
  void update_entitlement(const Entitlement& e);
  // Its entitled applications go with it.
  bool delete_entitlement(const std::string& stack_name, const std::string& name);
  void entitle(const std::string& stack_name, const std::string& entitlement_name,
               const std::string& application_identifier, double at);
  bool unentitle(const std::string& stack_name, const std::string& entitlement_name,
                 const std::string& application_identifier);
  // Ordered by identifier.
  std::vector<std::string> entitled_applications(const std::string& stack_name,
                                                 const std::string& entitlement_name,
                                                 std::int64_t offset, std::int64_t limit);

 private:
  Tx& tx_;
  std::string account_;
  std::string region_;
};

}  // namespace junction::storage::appstream
