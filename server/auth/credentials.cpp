#include "server/auth/credentials.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "server/logging.hpp"

namespace junction::auth {
namespace {

using nlohmann::json;

// Real AWS access key ids are 16 to 128 word characters; examples such as AKIDEXAMPLE are
// shorter, so any 1 to 128 characters that cannot break a credential scope are accepted.
bool valid_access_key(const std::string& id) {
  return !id.empty() && id.size() <= 128 && std::all_of(id.begin(), id.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.' ||
           c == '+';
  });
}

bool twelve_digits(const std::string& s) {
  return s.size() == 12 && std::all_of(s.begin(), s.end(), [](char c) {
           return std::isdigit(static_cast<unsigned char>(c));
         });
}

std::string member(const json& entry, const char* name, const std::string& where) {
  auto it = entry.find(name);
  if (it == entry.end()) throw std::invalid_argument(where + " has no \"" + name + "\"");
  if (!it->is_string() || it->get_ref<const std::string&>().empty())
    throw std::invalid_argument(where + ": \"" + name + "\" must be a non-empty string");
  return it->get<std::string>();
}

}  // namespace

CredentialStore CredentialStore::from_json(const json& document) {
  if (!document.is_array() || document.empty())
    throw std::invalid_argument(
        "expected a non-empty JSON array of {\"accessKeyId\", \"secretAccessKey\", "
        "\"accountId\"} objects");
  CredentialStore store;
  for (std::size_t i = 0; i < document.size(); ++i) {
    const json& entry = document[i];
    std::string where = "entry " + std::to_string(i + 1);
    if (!entry.is_object()) throw std::invalid_argument(where + " is not an object");
    for (const auto& [key, value] : entry.items())
      if (key != "accessKeyId" && key != "secretAccessKey" && key != "accountId")
        throw std::invalid_argument(where + " has an unknown member \"" + key +
                                    "\" (expected accessKeyId, secretAccessKey, accountId)");
    Credential c;
    c.access_key_id = member(entry, "accessKeyId", where);
    c.secret_access_key = member(entry, "secretAccessKey", where);
    c.account_id = member(entry, "accountId", where);
    if (!valid_access_key(c.access_key_id))
      throw std::invalid_argument(where +
                                  ": accessKeyId must be 1 to 128 letters, digits or _ - . +");
    if (!twelve_digits(c.account_id))
      throw std::invalid_argument(where + ": accountId must be 12 digits");
    std::string key = c.access_key_id;
    if (!store.by_key_.emplace(key, std::move(c)).second)
      throw std::invalid_argument(where + ": accessKeyId " + key + " is listed twice");
  }
  return store;
}

CredentialStore CredentialStore::load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read the credentials file " + path);
  std::stringstream text;
  text << in.rdbuf();
  json document;
  try {
    document = json::parse(text.str());
  } catch (const json::parse_error&) {
    // The parser's message may quote the file's text, secrets included: say only where.
    throw std::runtime_error("the credentials file " + path + " is not valid JSON");
  }
  CredentialStore store;
  try {
    store = from_json(document);
  } catch (const std::invalid_argument& e) {
    throw std::runtime_error("the credentials file " + path + ": " + e.what());
  }
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && (st.st_mode & S_IROTH))
    log::warn("the credentials file " + path +
              " is readable by every user of this machine; consider chmod 600");
  return store;
}

const Credential* CredentialStore::find(std::string_view access_key_id) const {
  auto it = by_key_.find(access_key_id);
  return it == by_key_.end() ? nullptr : &it->second;
}

}  // namespace junction::auth
