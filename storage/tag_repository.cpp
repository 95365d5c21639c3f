#include "storage/tag_repository.hpp"

namespace junction::storage {

void TagRepository::put(const std::string& arn, const std::vector<Tag>& tags) {
  for (const auto& [key, value] : tags)
    tx_.exec(
        "INSERT INTO shared_tags (account, region, service, arn, key, value)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO UPDATE SET value = excluded.value",
        account_, region_, service_, arn, key, value);
}

void TagRepository::remove(const std::string& arn, const std::vector<std::string>& keys) {
  for (const auto& key : keys)
    tx_.exec("DELETE FROM shared_tags WHERE account = ?1 AND region = ?2 AND arn = ?3 AND key = ?4",
             account_, region_, arn, key);
}

void TagRepository::remove_all(const std::string& arn) {
  tx_.exec("DELETE FROM shared_tags WHERE account = ?1 AND region = ?2 AND arn = ?3", account_,
           region_, arn);
}

std::vector<Tag> TagRepository::list(const std::string& arn) {
  auto s = tx_.query(
      "SELECT key, value FROM shared_tags WHERE account = ?1 AND region = ?2 AND arn = ?3"
      " ORDER BY key",
      account_, region_, arn);
  std::vector<Tag> out;
  while (s.step()) out.emplace_back(s.text(0), s.text(1));
  return out;
}

std::int64_t TagRepository::count(const std::string& arn) {
  auto s =
      tx_.query("SELECT COUNT(*) FROM shared_tags WHERE account = ?1 AND region = ?2 AND arn = ?3",
                account_, region_, arn);
  s.step();
  return s.integer(0);
}

}  // namespace junction::storage
