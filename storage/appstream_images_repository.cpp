#include "storage/appstream_images_repository.hpp"

namespace junction::storage::appstream {

namespace {

constexpr const char* kImageColumns =
    "name, arn, display_name, description, platform, visibility, base_image_arn,"
    " image_builder_name, image_builder_supported, applications, supported_instance_families,"
    " appstream_agent_version, latest_appstream_agent_version, dynamic_app_providers_enabled,"
    " image_shared_with_others, managed_software_included, image_type, image_permissions,"
    " state_change_reason, image_errors, public_base_image_released_at, state_pending,"
    " state_settled, state_settles_at, created_at";

std::optional<bool> optional_bool(const Statement& s, int column) {
  if (s.is_null(column)) return std::nullopt;
  return s.integer(column) != 0;
}

Image read_image(const Statement& s) {
  Image i;
  i.name = s.text(0);
  i.arn = s.text(1);
  i.display_name = s.optional_text(2);
  i.description = s.optional_text(3);
  i.platform = s.optional_text(4);
  i.visibility = s.text(5);
  i.base_image_arn = s.optional_text(6);
  i.image_builder_name = s.optional_text(7);
  i.image_builder_supported = optional_bool(s, 8);
  i.applications = s.optional_text(9);
  i.supported_instance_families = s.optional_text(10);
  i.appstream_agent_version = s.optional_text(11);
  i.latest_appstream_agent_version = s.optional_text(12);
  i.dynamic_app_providers_enabled = s.optional_text(13);
  i.image_shared_with_others = s.optional_text(14);
  i.managed_software_included = optional_bool(s, 15);
  i.image_type = s.optional_text(16);
  i.image_permissions = s.optional_text(17);
  i.state_change_reason = s.optional_text(18);
  i.image_errors = s.optional_text(19);
  if (!s.is_null(20)) i.public_base_image_released_at = s.real(20);
  i.state_pending = s.text(21);
  i.state_settled = s.text(22);
  i.state_settles_at = s.real(23);
  i.created_at = s.real(24);
  return i;
}

}  // namespace

bool ImageRepository::insert_image(const Image& i) {
  return tx_.exec(std::string("INSERT OR IGNORE INTO appstream_images (account, region, ") +
                      kImageColumns +
                      ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,"
                      " ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27)",
                  account_, region_, i.name, i.arn, i.display_name, i.description, i.platform,
                  i.visibility, i.base_image_arn, i.image_builder_name, i.image_builder_supported,
                  i.applications, i.supported_instance_families, i.appstream_agent_version,
                  i.latest_appstream_agent_version, i.dynamic_app_providers_enabled,
                  i.image_shared_with_others, i.managed_software_included, i.image_type,
                  i.image_permissions, i.state_change_reason, i.image_errors,
                  i.public_base_image_released_at, i.state_pending, i.state_settled,
                  i.state_settles_at, i.created_at) == 1;
}

std::optional<Image> ImageRepository::image(const std::string& name) {
  auto s = tx_.query(std::string("SELECT ") + kImageColumns +
                         " FROM appstream_images WHERE account = ?1 AND region = ?2 AND name = ?3",
                     account_, region_, name);
  if (!s.step()) return std::nullopt;
  return read_image(s);
}

bool ImageRepository::image_exists(const std::string& name) {
  return tx_
      .query("SELECT 1 FROM appstream_images WHERE account = ?1 AND region = ?2 AND name = ?3",
             account_, region_, name)
      .step();
}

std::vector<Image> ImageRepository::images(std::int64_t offset, std::int64_t limit) {
  auto s = tx_.query(std::string("SELECT ") + kImageColumns +
                         " FROM appstream_images WHERE account = ?1 AND region = ?2"
                         " ORDER BY name LIMIT ?3 OFFSET ?4",
                     account_, region_, limit, offset);
  std::vector<Image> out;
  while (s.step()) out.push_back(read_image(s));
  return out;
}

std::int64_t ImageRepository::count_images() {
  auto s = tx_.query("SELECT COUNT(*) FROM appstream_images WHERE account = ?1 AND region = ?2",
                     account_, region_);
  return s.step() ? s.integer(0) : 0;
}

}  // namespace junction::storage::appstream
