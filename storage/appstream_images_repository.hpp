// AppStream's private images: the account's own, made from image builders, copied, updated or
// imported, and the accounts they are shared with. (The public base images are constant data of
// the handlers.) One repository per call, bound to an account and region.
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

// An account an image is shared with, and what it may do with it (the JSON text of the model's
// ImagePermissions).
struct ImagePermission {
  std::string shared_account_id;
  std::string image_permissions;
  double created_at = 0;
};

// An image another account shares with this repository's account.
struct SharedImage {
  std::string owner;  // the account that owns the image
  Image image;
  std::string image_permissions;  // what the owner allows this account
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
  // False when there was no such image. Its permissions go with it.
  bool delete_image(const std::string& name);
  // What uses the image, if anything: ("fleet" or "image builder", its name), the first by name.
  std::optional<std::pair<std::string, std::string>> image_user(const std::string& name);

  // Adds or replaces the permissions of an account on an image of this account.
  void put_permission(const std::string& image_name, const ImagePermission& permission);
  std::optional<ImagePermission> permission(const std::string& image_name,
                                            const std::string& shared_account_id);
  // False when the image was not shared with that account.
  bool delete_permission(const std::string& image_name, const std::string& shared_account_id);
  // Ordered by account id.
  std::vector<ImagePermission> permissions(const std::string& image_name);
  bool shared_with_others(const std::string& image_name);
  // Sets the image's ImageSharedWithOthers (TRUE or FALSE).
  void set_shared_with_others(const std::string& image_name, const std::string& value);

  // The images other accounts of the region share with this account, ordered by name and owner.
  std::vector<SharedImage> shared_images();
  std::optional<SharedImage> shared_image(const std::string& owner, const std::string& name);

 private:
  Tx& tx_;
  std::string account_;
  std::string region_;
};

}  // namespace junction::storage::appstream
