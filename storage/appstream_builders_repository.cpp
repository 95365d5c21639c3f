#include "storage/appstream_builders_repository.hpp"

namespace junction::storage::appstream {

namespace {

constexpr const char* kImageBuilderColumns =
    "name, arn, image_name, image_arn, private_image_name, instance_type, platform, attributes,"
    " state_pending, state_settled, state_settles_at, created_at";

ImageBuilder read_image_builder(const Statement& s) {
  ImageBuilder b;
  b.name = s.text(0);
  b.arn = s.text(1);
  b.image_name = s.text(2);
  b.image_arn = s.text(3);
  b.private_image_name = s.optional_text(4);
  b.instance_type = s.text(5);
  b.platform = s.optional_text(6);
  b.attributes = s.text(7);
  b.state_pending = s.text(8);
  b.state_settled = s.text(9);
  b.state_settles_at = s.real(10);
  b.created_at = s.real(11);
  return b;
}

constexpr const char* kSoftwareColumns =
    "resource_arn, software_name, status_pending, status_settled, status_settles_at, created_at";

SoftwareAssociation read_software(const Statement& s) {
  return SoftwareAssociation{s.text(0), s.text(1), s.text(2), s.text(3), s.real(4), s.real(5)};
}

constexpr const char* kAppBlockBuilderColumns =
    "name, arn, platform, instance_type, attributes, state_pending, state_settled,"
    " state_settles_at, created_at";

AppBlockBuilder read_app_block_builder(const Statement& s) {
  AppBlockBuilder b;
  b.name = s.text(0);
  b.arn = s.text(1);
  b.platform = s.text(2);
  b.instance_type = s.text(3);
  b.attributes = s.text(4);
  b.state_pending = s.text(5);
  b.state_settled = s.text(6);
  b.state_settles_at = s.real(7);
  b.created_at = s.real(8);
  return b;
}

}  // namespace

bool BuilderRepository::insert_image_builder(const ImageBuilder& b) {
  return tx_.exec(std::string("INSERT OR IGNORE INTO appstream_image_builders (account, region, ") +
                      kImageBuilderColumns +
                      ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
                  account_, region_, b.name, b.arn, b.image_name, b.image_arn, b.private_image_name,
                  b.instance_type, b.platform, b.attributes, b.state_pending, b.state_settled,
                  b.state_settles_at, b.created_at) == 1;
}

std::optional<ImageBuilder> BuilderRepository::image_builder(const std::string& name) {
  auto s = tx_.query(std::string("SELECT ") + kImageBuilderColumns +
                         " FROM appstream_image_builders"
                         " WHERE account = ?1 AND region = ?2 AND name = ?3",
                     account_, region_, name);
  if (!s.step()) return std::nullopt;
  return read_image_builder(s);
}

std::vector<ImageBuilder> BuilderRepository::image_builders(std::int64_t offset,
                                                            std::int64_t limit) {
  auto s = tx_.query(std::string("SELECT ") + kImageBuilderColumns +
                         " FROM appstream_image_builders WHERE account = ?1 AND region = ?2"
                         " ORDER BY name LIMIT ?3 OFFSET ?4",
                     account_, region_, limit, offset);
  std::vector<ImageBuilder> out;
  while (s.step()) out.push_back(read_image_builder(s));
  return out;
}

void BuilderRepository::update_image_builder(const ImageBuilder& b) {
  tx_.exec(
      "UPDATE appstream_image_builders SET attributes = ?4, state_pending = ?5,"
      " state_settled = ?6, state_settles_at = ?7"
      " WHERE account = ?1 AND region = ?2 AND name = ?3",
      account_, region_, b.name, b.attributes, b.state_pending, b.state_settled,
      b.state_settles_at);
}

bool BuilderRepository::delete_image_builder(const std::string& name) {
  return tx_.exec(
             "DELETE FROM appstream_image_builders WHERE account = ?1 AND region = ?2"
             " AND name = ?3",
             account_, region_, name) == 1;
}

void BuilderRepository::put_software(const SoftwareAssociation& a) {
  tx_.exec(
      std::string("INSERT OR REPLACE INTO appstream_software_associations (account, region, ") +
          kSoftwareColumns + ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
      account_, region_, a.resource_arn, a.software_name, a.status_pending, a.status_settled,
      a.status_settles_at, a.created_at);
}

std::optional<SoftwareAssociation> BuilderRepository::software(const std::string& resource_arn,
                                                               const std::string& software_name) {
  auto s = tx_.query(std::string("SELECT ") + kSoftwareColumns +
                         " FROM appstream_software_associations WHERE account = ?1"
                         " AND region = ?2 AND resource_arn = ?3 AND software_name = ?4",
                     account_, region_, resource_arn, software_name);
  if (!s.step()) return std::nullopt;
  return read_software(s);
}

std::vector<SoftwareAssociation> BuilderRepository::software_of(const std::string& resource_arn,
                                                                double now) {
  auto s = tx_.query(std::string("SELECT ") + kSoftwareColumns +
                         " FROM appstream_software_associations WHERE account = ?1"
                         " AND region = ?2 AND resource_arn = ?3"
                         " AND NOT (status_settled = ?4 AND status_settles_at <= ?5)"
                         " ORDER BY software_name",
                     account_, region_, resource_arn, kUninstalled, now);
  std::vector<SoftwareAssociation> out;
  while (s.step()) out.push_back(read_software(s));
  return out;
}

void BuilderRepository::delete_software(const std::string& resource_arn,
                                        const std::string& software_name) {
  tx_.exec(
      "DELETE FROM appstream_software_associations WHERE account = ?1 AND region = ?2"
      " AND resource_arn = ?3 AND software_name = ?4",
      account_, region_, resource_arn, software_name);
}

void BuilderRepository::forget_software(const std::string& resource_arn) {
  tx_.exec(
      "DELETE FROM appstream_software_associations WHERE account = ?1 AND region = ?2"
      " AND resource_arn = ?3",
      account_, region_, resource_arn);
}

bool BuilderRepository::insert_app_block_builder(const AppBlockBuilder& b) {
  return tx_.exec(
             std::string("INSERT OR IGNORE INTO appstream_app_block_builders (account, region, ") +
                 kAppBlockBuilderColumns +
                 ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
             account_, region_, b.name, b.arn, b.platform, b.instance_type, b.attributes,
             b.state_pending, b.state_settled, b.state_settles_at, b.created_at) == 1;
}

std::optional<AppBlockBuilder> BuilderRepository::app_block_builder(const std::string& name) {
  auto s = tx_.query(std::string("SELECT ") + kAppBlockBuilderColumns +
                         " FROM appstream_app_block_builders"
                         " WHERE account = ?1 AND region = ?2 AND name = ?3",
                     account_, region_, name);
  if (!s.step()) return std::nullopt;
  return read_app_block_builder(s);
}

std::vector<AppBlockBuilder> BuilderRepository::app_block_builders(std::int64_t offset,
                                                                   std::int64_t limit) {
  auto s = tx_.query(std::string("SELECT ") + kAppBlockBuilderColumns +
                         " FROM appstream_app_block_builders WHERE account = ?1 AND region = ?2"
                         " ORDER BY name LIMIT ?3 OFFSET ?4",
                     account_, region_, limit, offset);
  std::vector<AppBlockBuilder> out;
  while (s.step()) out.push_back(read_app_block_builder(s));
  return out;
}

void BuilderRepository::update_app_block_builder(const AppBlockBuilder& b) {
  tx_.exec(
      "UPDATE appstream_app_block_builders SET platform = ?4, instance_type = ?5,"
      " attributes = ?6, state_pending = ?7, state_settled = ?8, state_settles_at = ?9"
      " WHERE account = ?1 AND region = ?2 AND name = ?3",
      account_, region_, b.name, b.platform, b.instance_type, b.attributes, b.state_pending,
      b.state_settled, b.state_settles_at);
}

bool BuilderRepository::delete_app_block_builder(const std::string& name) {
  return tx_.exec(
             "DELETE FROM appstream_app_block_builders WHERE account = ?1 AND region = ?2"
             " AND name = ?3",
             account_, region_, name) == 1;
}

void BuilderRepository::associate_app_block(const AppBlockBuilderAssociation& a) {
  tx_.exec(
      "INSERT OR IGNORE INTO appstream_app_block_builder_app_blocks (account, region,"
      " app_block_builder_name, app_block_name, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
      account_, region_, a.app_block_builder_name, a.app_block_name, a.created_at);
}

std::optional<std::string> BuilderRepository::builder_app_block(const std::string& builder_name) {
  auto s = tx_.query(
      "SELECT app_block_name FROM appstream_app_block_builder_app_blocks"
      " WHERE account = ?1 AND region = ?2 AND app_block_builder_name = ?3",
      account_, region_, builder_name);
  if (!s.step()) return std::nullopt;
  return s.text(0);
}

std::vector<std::string> BuilderRepository::app_block_builders_of(
    const std::string& app_block_name) {
  auto s = tx_.query(
      "SELECT app_block_builder_name FROM appstream_app_block_builder_app_blocks"
      " WHERE account = ?1 AND region = ?2 AND app_block_name = ?3"
      " ORDER BY app_block_builder_name",
      account_, region_, app_block_name);
  std::vector<std::string> out;
  while (s.step()) out.push_back(s.text(0));
  return out;
}

bool BuilderRepository::disassociate_app_block(const std::string& builder_name,
                                               const std::string& app_block_name) {
  return tx_.exec(
             "DELETE FROM appstream_app_block_builder_app_blocks WHERE account = ?1"
             " AND region = ?2 AND app_block_builder_name = ?3 AND app_block_name = ?4",
             account_, region_, builder_name, app_block_name) == 1;
}

std::vector<AppBlockBuilderAssociation> BuilderRepository::app_block_associations(
    const std::optional<std::string>& builder_name,
    const std::optional<std::string>& app_block_name, std::int64_t offset, std::int64_t limit) {
  auto s = tx_.query(
      "SELECT app_block_builder_name, app_block_name, created_at"
      " FROM appstream_app_block_builder_app_blocks WHERE account = ?1 AND region = ?2"
      " AND (?3 IS NULL OR app_block_builder_name = ?3) AND (?4 IS NULL OR app_block_name = ?4)"
      " ORDER BY app_block_builder_name LIMIT ?5 OFFSET ?6",
      account_, region_, builder_name, app_block_name, limit, offset);
  std::vector<AppBlockBuilderAssociation> out;
  while (s.step()) out.push_back({s.text(0), s.text(1), s.real(2)});
  return out;
}

}  // namespace junction::storage::appstream
