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

// The image columns of a query that joins appstream_images as `i`.
const std::string& joined_image_columns() {
  static const std::string columns = [] {
    std::string out = "i.";
    for (const char* c = kImageColumns; *c; ++c) {
      out += *c;
      if (*c == ' ' && c[-1] == ',') out += "i.";
    }
    return out;
  }();
  return columns;
}

ImagePermission read_permission(const Statement& s) {
  return ImagePermission{s.text(0), s.text(1), s.real(2)};
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

bool ImageRepository::delete_image(const std::string& name) {
  return tx_.exec("DELETE FROM appstream_images WHERE account = ?1 AND region = ?2 AND name = ?3",
                  account_, region_, name) == 1;
}

std::optional<std::pair<std::string, std::string>> ImageRepository::image_user(
    const std::string& name) {
  auto s = tx_.query(
      "SELECT 'fleet', name FROM appstream_fleets"
      " WHERE account = ?1 AND region = ?2 AND private_image_name = ?3"
      " UNION ALL SELECT 'image builder', name FROM appstream_image_builders"
      " WHERE account = ?1 AND region = ?2 AND private_image_name = ?3"
      " ORDER BY 1, 2 LIMIT 1",
      account_, region_, name);
  if (!s.step()) return std::nullopt;
  return std::make_pair(s.text(0), s.text(1));
}

void ImageRepository::put_permission(const std::string& image_name, const ImagePermission& p) {
  tx_.exec(
      "INSERT INTO appstream_image_permissions (account, region, image_name, shared_account_id,"
      " image_permissions, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
      " ON CONFLICT (account, region, image_name, shared_account_id)"
      " DO UPDATE SET image_permissions = excluded.image_permissions",
      account_, region_, image_name, p.shared_account_id, p.image_permissions, p.created_at);
}

std::optional<ImagePermission> ImageRepository::permission(const std::string& image_name,
                                                           const std::string& shared_account_id) {
  auto s = tx_.query(
      "SELECT shared_account_id, image_permissions, created_at FROM appstream_image_permissions"
      " WHERE account = ?1 AND region = ?2 AND image_name = ?3 AND shared_account_id = ?4",
      account_, region_, image_name, shared_account_id);
  if (!s.step()) return std::nullopt;
  return read_permission(s);
}

bool ImageRepository::delete_permission(const std::string& image_name,
                                        const std::string& shared_account_id) {
  return tx_.exec(
             "DELETE FROM appstream_image_permissions WHERE account = ?1 AND region = ?2"
             " AND image_name = ?3 AND shared_account_id = ?4",
             account_, region_, image_name, shared_account_id) == 1;
}

std::vector<ImagePermission> ImageRepository::permissions(const std::string& image_name) {
  auto s = tx_.query(
      "SELECT shared_account_id, image_permissions, created_at FROM appstream_image_permissions"
      " WHERE account = ?1 AND region = ?2 AND image_name = ?3 ORDER BY shared_account_id",
      account_, region_, image_name);
  std::vector<ImagePermission> out;
  while (s.step()) out.push_back(read_permission(s));
  return out;
}

bool ImageRepository::shared_with_others(const std::string& image_name) {
  return tx_
      .query(
          "SELECT 1 FROM appstream_image_permissions WHERE account = ?1 AND region = ?2"
          " AND image_name = ?3 LIMIT 1",
          account_, region_, image_name)
      .step();
}

void ImageRepository::set_shared_with_others(const std::string& image_name,
                                             const std::string& value) {
  tx_.exec(
      "UPDATE appstream_images SET image_shared_with_others = ?4"
      " WHERE account = ?1 AND region = ?2 AND name = ?3",
      account_, region_, image_name, value);
}

std::vector<SharedImage> ImageRepository::shared_images() {
  auto s = tx_.query("SELECT " + joined_image_columns() +
                         ", p.account, p.image_permissions FROM appstream_image_permissions p"
                         " JOIN appstream_images i ON i.account = p.account"
                         " AND i.region = p.region AND i.name = p.image_name"
                         " WHERE p.region = ?1 AND p.shared_account_id = ?2"
                         " ORDER BY i.name, p.account",
                     region_, account_);
  std::vector<SharedImage> out;
  while (s.step()) out.push_back(SharedImage{s.text(25), read_image(s), s.text(26)});
  return out;
}

std::optional<SharedImage> ImageRepository::shared_image(const std::string& owner,
                                                         const std::string& name) {
  auto s = tx_.query("SELECT " + joined_image_columns() +
                         ", p.account, p.image_permissions FROM appstream_image_permissions p"
                         " JOIN appstream_images i ON i.account = p.account"
                         " AND i.region = p.region AND i.name = p.image_name"
                         " WHERE p.account = ?1 AND p.region = ?2 AND p.image_name = ?3"
                         " AND p.shared_account_id = ?4",
                     owner, region_, name, account_);
  if (!s.step()) return std::nullopt;
  return SharedImage{s.text(25), read_image(s), s.text(26)};
}

}  // namespace junction::storage::appstream
