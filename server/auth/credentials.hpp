// The access keys strict mode accepts (--credentials FILE, SPEC §7): each key's secret and the
// account it acts in. Secrets stay in memory only: never stored, exported, logged or echoed.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace junction::auth {

struct Credential {
  std::string access_key_id;
  std::string secret_access_key;
  std::string account_id;  // 12 digits
};

class CredentialStore {
 public:
  // `[{"accessKeyId": ..., "secretAccessKey": ..., "accountId": ...}, ...]`. Throws
  // std::invalid_argument naming the entry and member at fault (never a secret's value).
  static CredentialStore from_json(const nlohmann::json& document);
  // Reads and parses FILE; throws std::runtime_error naming the file and the problem.
  static CredentialStore load(const std::string& path);

  // The credential of an access key id, or null.
  const Credential* find(std::string_view access_key_id) const;
  std::size_t size() const { return by_key_.size(); }

 private:
  std::map<std::string, Credential, std::less<>> by_key_;
};

}  // namespace junction::auth
