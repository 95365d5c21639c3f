// Query parameters of control-plane requests: only the documented ones are accepted, so a typo
// (?servcie=) is a 400 rather than a silently ignored filter.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "server/protocol/http_message.hpp"

namespace junction {

class Params {
 public:
  // Throws ControlError 400 InvalidParameter for a malformed query or a name not in `allowed`.
  Params(const protocol::HttpRequest& request, std::vector<std::string> allowed);

  // Every value of a repeatable parameter, comma-separated values split, empty ones rejected.
  std::vector<std::string> list(const std::string& name) const;
  // The value of a single parameter (the last one given); an empty value is rejected.
  std::optional<std::string> get(const std::string& name) const;
  bool empty() const { return pairs_.empty(); }

 private:
  std::vector<std::pair<std::string, std::string>> pairs_;
};

}  // namespace junction
