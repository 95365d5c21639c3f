#include "server/protocol/json_body.hpp"

#include "server/shapes/api_error.hpp"

namespace junction::protocol {

namespace {
// Depth of the deepest nesting, counted without recursion, strings skipped.
bool too_deep(std::string_view body) {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < body.size(); ++i) {
    char c = body[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > kMaxJsonDepth) return true;
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return false;
}
}  // namespace

nlohmann::json parse_json_object(std::string_view body) {
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) return nlohmann::json::object();
  if (too_deep(body))
    throw ApiError("SerializationException", "The request body nests deeper than " +
                                                 std::to_string(kMaxJsonDepth) + " levels.");
  nlohmann::json value;
  try {
    value = nlohmann::json::parse(body);
  } catch (const nlohmann::json::exception& e) {
    // parse_error, and out_of_range for a number beyond a double (1e400): both the client's.
    std::string what = e.what();
    auto pos = what.find("] ");
    throw ApiError("SerializationException",
                   "The request body is not valid JSON: " +
                       (pos == std::string::npos ? what : what.substr(pos + 2)));
  }
  if (!value.is_object())
    throw ApiError("SerializationException", "The request body must be a JSON object.");
  return value;
}

std::string dump_json(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace junction::protocol
