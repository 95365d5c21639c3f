// How a control-plane call fails: an HTTP status, a short error type and a sentence, sent as
// {"error": type, "message": message}.
#pragma once

#include <stdexcept>
#include <string>

namespace junction {

struct ControlError : std::runtime_error {
  ControlError(int status, std::string type, const std::string& message)
      : std::runtime_error(message), status(status), type(std::move(type)) {}
  int status;
  std::string type;
  std::string allow;  // 405: the methods the endpoint takes (the Allow header)
};

// 400 with `type`: the request is wrong.
inline ControlError bad_request(std::string type, const std::string& message) {
  return ControlError(400, std::move(type), message);
}

}  // namespace junction
