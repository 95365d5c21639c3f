#include "server/control/params.hpp"

#include <algorithm>

#include "server/control/control_error.hpp"

namespace junction {

Params::Params(const protocol::HttpRequest& request, std::vector<std::string> allowed) {
  if (!protocol::parse_query(request.query(), pairs_))
    throw bad_request("InvalidParameter", "The query string has a malformed percent escape.");
  for (const auto& [name, value] : pairs_) {
    if (std::find(allowed.begin(), allowed.end(), name) != allowed.end()) continue;
    std::string names;
    for (const auto& a : allowed) names += (names.empty() ? "" : ", ") + a;
    throw bad_request("InvalidParameter",
                      "Unknown query parameter '" + name + "' for " + request.method + " " +
                          std::string(request.path()) + "." +
                          (names.empty() ? " It takes none." : " It takes: " + names + "."));
  }
}

std::vector<std::string> Params::list(const std::string& name) const {
  std::vector<std::string> out;
  for (const auto& [key, value] : pairs_) {
    if (key != name) continue;
    std::size_t start = 0;
    while (true) {
      auto end = value.find(',', start);
      std::string part = value.substr(start, end == std::string::npos ? end : end - start);
      if (part.empty())
        throw bad_request("InvalidParameter", "Query parameter '" + name + "' has an empty value.");
      out.push_back(part);
      if (end == std::string::npos) break;
      start = end + 1;
    }
  }
  return out;
}

std::optional<std::string> Params::get(const std::string& name) const {
  std::optional<std::string> out;
  for (const auto& [key, value] : pairs_)
    if (key == name) out = value;
  if (out && out->empty())
    throw bad_request("InvalidParameter", "Query parameter '" + name + "' has an empty value.");
  return out;
}

}  // namespace junction
