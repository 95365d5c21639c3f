// AppStream's image builders with the license-included software of builders and images, and its
// app block builders with the app blocks they package. One repository per call, bound to an
// account and region.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "storage/database.hpp"

namespace junction::storage::appstream {

struct ImageBuilder {
  std::string name;
  std::string arn;
  std::string image_name;
  std::string image_arn;
  std::optional<std::string> private_image_name;  // when the image is one of the account's
  std::string instance_type;
  std::optional<std::string> platform;
  std::string attributes = "{}";  // JSON object of the other members of the ImageBuilder shape
  // The state: `state_pending` until `state_settles_at`, then `state_settled`.
  std::string state_pending;
  std::string state_settled;
  double state_settles_at = 0;
  double created_at = 0;
};

// A license-included application of an image builder or an image (by its ARN), with its
// deployment status: `status_pending` until `status_settles_at`, then `status_settled`.
struct SoftwareAssociation {
  std::string resource_arn;
  std::string software_name;
  std::string status_pending;
  std::string status_settled;
  double status_settles_at = 0;
  double created_at = 0;
};

// The status an uninstalled application settles in: it is no longer listed.
inline constexpr const char* kUninstalled = "UNINSTALLED";

struct AppBlockBuilder {
  std::string name;
  std::string arn;
  std::string platform;
  std::string instance_type;
  std::string attributes = "{}";  // JSON object of the other members of the AppBlockBuilder shape
  std::string state_pending;
  std::string state_settled;
  double state_settles_at = 0;
  double created_at = 0;
};

struct AppBlockBuilderAssociation {
  std::string app_block_builder_name;
  std::string app_block_name;
  double created_at = 0;
};

class BuilderRepository {
 public:
  BuilderRepository(Tx& tx, std::string account, std::string region)
      : tx_(tx), account_(std::move(account)), region_(std::move(region)) {}

  // False when an image builder of that name exists already.
  bool insert_image_builder(const ImageBuilder& builder);
  std::optional<ImageBuilder> image_builder(const std::string& name);
  // Ordered by name.
  std::vector<ImageBuilder> image_builders(std::int64_t offset, std::int64_t limit);
  // Writes the attributes and the state of the named image builder.
  void update_image_builder(const ImageBuilder& builder);
  // False when there was no such image builder.
  bool delete_image_builder(const std::string& name);

  // Adds or replaces an application of a resource.
  void put_software(const SoftwareAssociation& software);
  std::optional<SoftwareAssociation> software(const std::string& resource_arn,
                                              const std::string& software_name);
  // The applications of a resource not uninstalled by `now`, ordered by name.
  std::vector<SoftwareAssociation> software_of(const std::string& resource_arn, double now);
  void delete_software(const std::string& resource_arn, const std::string& software_name);
  // The resource is gone: so are its applications.
  void forget_software(const std::string& resource_arn);

  // False when an app block builder of that name exists already.
  bool insert_app_block_builder(const AppBlockBuilder& builder);
  std::optional<AppBlockBuilder> app_block_builder(const std::string& name);
  // Ordered by name.
  std::vector<AppBlockBuilder> app_block_builders(std::int64_t offset, std::int64_t limit);
  // Writes every column of the named app block builder but its ARN and creation time.
  void update_app_block_builder(const AppBlockBuilder& builder);
  // False when there was no such app block builder.
  bool delete_app_block_builder(const std::string& name);

  void associate_app_block(const AppBlockBuilderAssociation& association);
  // The app block a builder packages, if any.
  std::optional<std::string> builder_app_block(const std::string& builder_name);
  // The builders that package an app block, ordered by name.
  std::vector<std::string> app_block_builders_of(const std::string& app_block_name);
  // False when the pair was not associated.
  bool disassociate_app_block(const std::string& builder_name, const std::string& app_block_name);
  // Associations of a builder, of an app block, or both; ordered by builder name.
  std::vector<AppBlockBuilderAssociation> app_block_associations(
      const std::optional<std::string>& builder_name,
      const std::optional<std::string>& app_block_name, std::int64_t offset, std::int64_t limit);

 private:
  Tx& tx_;
  std::string account_;
  std::string region_;
};

}  // namespace junction::storage::appstream
