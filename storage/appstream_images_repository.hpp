// AppStream's private images: the account's own, made from image builders, copied or imported.
// (The public base images are constant data of the handlers.) One repository per call, bound to
// an account and region.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "storage/database.hpp"

namespace junction::storage::appstream {

struct Image {
  std::string name;
  std::string arn;
  std::optional<std::string> display_name;
  std::optional<std::string> description;
  std::optional<std::string> platform;
  std::string visibility = "PRIVATE";
  std::optional<std::string> base_image_arn;
  std::optional<std::string> image_builder_name;
  std::optional<bool> image_builder_supported;
  // JSON text of the Image shape's members of the same names.
  std::optional<std::string> applications;
  std::optional<std::string> supported_instance_families;
  std::optional<std::string> appstream_agent_version;
  std::optional<std::string> latest_appstream_agent_version;
  std::optional<std::string> dynamic_app_providers_enabled;
  std::optional<std::string> image_shared_with_others;
  std::optional<bool> managed_software_included;
  std::optional<std::string> image_type;
  std::optional<std::string> image_permissions;
  std::optional<std::string> state_change_reason;
  std::optional<std::string> image_errors;
  std::optional<double> public_base_image_released_at;
  // The state: `state_pending` until `state_settles_at`, then `state_settled`.
  std::string state_pending;
  std::string state_settled;
  double state_settles_at = 0;
  double created_at = 0;
};

class ImageRepository {
 public:
  ImageRepository(Tx& tx, std::string account, std::string region)
      : tx_(tx), account_(std::move(account)), region_(std::move(region)) {}

  // False when an image of that name exists already.
  bool insert_image(const Image& image);
  std::optional<Image> image(const std::string& name);
  bool image_exists(const std::string& name);
  // Ordered by name.
  std::vector<Image> images(std::int64_t offset, std::int64_t limit);
  std::int64_t count_images();

 private:
  Tx& tx_;
  std::string account_;
  std::string region_;
};

}  // namespace junction::storage::appstream
