// The one way an operation fails: an AWS error type and message. The protocol layer maps it to
// the status code and body of its wire format; handlers never choose an HTTP status.
#pragma once

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

namespace junction {

struct ApiError : std::runtime_error {
  ApiError(std::string type, std::string message, nlohmann::json fields = nlohmann::json::object())
      : std::runtime_error(message),
        type(std::move(type)),
        message(std::move(message)),
        fields(std::move(fields)) {}

  std::string type;
  std::string message;
  // Extra members the error shape declares (FinSpace's `reason`, SSO Admin's `Reason`).
  nlohmann::json fields;
  // Set only for errors raised outside the model (413, 431, 501): overrides the status rules.
  int status_override = 0;
  // Set by a handler that has undone its own partial work and recorded the failure (e.g. the
  // outcome of a clientToken, replayed to retries): the call's transaction then commits what the
  // handler wrote before the error is reported. Unset (the rule), a thrown error rolls back.
  bool keep_writes = false;
};

}  // namespace junction
