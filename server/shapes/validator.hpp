// The generic validator: checks a decoded request against its input shape (required, type,
// length and value ranges, patterns, enums, nested lists, maps, structures and unions) and reports
// violations in AWS's words, e.g.
//   Value '12' at 'targetId' failed to satisfy constraint: Member must satisfy regular
//   expression pattern: \d{12}
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "server/shapes/shape.hpp"

namespace junction::shapes {

struct Violation {
  std::string path;     // lower camel case, list items as `name.1.member.field`
  std::string message;  // the whole "Value ... failed to satisfy constraint: ..." sentence
};

// Collects constraint violations. A value of the wrong JSON type throws ApiError
// SerializationException, as AWS does for a request it cannot deserialize.
std::vector<Violation> validate(const Shape& shape, const nlohmann::json& value);

// Throws ApiError ValidationException ("N validation error(s) detected: ...") when any.
void validate_or_throw(const Shape& shape, const nlohmann::json& value);

// What a sensitive value is shown as, in messages and in the request journal.
inline constexpr const char* kRedacted = "*** Sensitive Data Redacted ***";

// Replaces, in place, every value of `value` that `shape` marks sensitive (also inside lists,
// maps and structures, and map keys of a sensitive key shape) with kRedacted. Members the shape
// does not declare are left as they are.
void redact_sensitive(const Shape& shape, nlohmann::json& value);

// "1 validation error detected: ..." for a list of violations.
std::string validation_message(const std::vector<Violation>& violations);

}  // namespace junction::shapes
