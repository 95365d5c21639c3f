// Parsing and writing JSON bodies safely: bounded nesting (no stack exhaustion on hostile input),
// invalid UTF-8 rejected on input and replaced on output.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace junction::protocol {

inline constexpr int kMaxJsonDepth = 64;

// Parses a request body that must be a JSON object; an empty body is `{}`.
// Throws ApiError SerializationException.
nlohmann::json parse_json_object(std::string_view body);

// Exactly what nlohmann::json::parse(text) returns or throws, faster on plain ASCII JSON.
nlohmann::json parse_json(std::string_view text);

std::string dump_json(const nlohmann::json& value);

}  // namespace junction::protocol
