#include "server/protocol/json_body.hpp"

#include <array>

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
  } catch (const nlohmann::json::parse_error& e) {
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

namespace {

using nlohmann::json;

// Exactly what nlohmann::json::dump(-1, ' ', false, replace) writes, a run of plain characters at
// a time instead of one character at a time. Strings with bytes beyond ASCII (UTF-8 to check and
// maybe replace) and floating-point numbers are left to nlohmann's serializer.
// What each byte needs inside a JSON string: 0 nothing, 1 an escape, 2 UTF-8 handling.
constexpr auto kByteClass = [] {
  std::array<unsigned char, 256> t{};
  for (int c = 0; c < 0x20; ++c) t[c] = 1;
  t['"'] = t['\\'] = 1;
  for (int c = 0x80; c < 0x100; ++c) t[c] = 2;
  return t;
}();

void write_string(std::string& out, const std::string& s) {
  static constexpr char kHex[] = "0123456789abcdef";
  const std::size_t start = out.size();
  const char* p = s.data();
  const std::size_t n = s.size();
  out += '"';
  std::size_t run = 0;
  for (std::size_t i = 0; i < n; ++i) {
    unsigned char c = static_cast<unsigned char>(p[i]);
    unsigned char kind = kByteClass[c];
    if (kind == 0) continue;
    if (kind == 2) {
      out.resize(start);
      out += json(s).dump(-1, ' ', false, json::error_handler_t::replace);
      return;
    }
    out.append(p + run, i - run);
    run = i + 1;
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        out += "\\u00";
        out += kHex[c >> 4];
        out += kHex[c & 15];
    }
  }
  out.append(p + run, n - run);
  out += '"';
}

void write_json(std::string& out, const json& v) {
  switch (v.type()) {
    case json::value_t::object: {
      out += '{';
      bool first = true;
      for (auto it = v.begin(); it != v.end(); ++it) {
        if (!first) out += ',';
        first = false;
        write_string(out, it.key());
        out += ':';
        write_json(out, it.value());
      }
      out += '}';
      return;
    }
    case json::value_t::array: {
      out += '[';
      bool first = true;
      for (const auto& item : v) {
        if (!first) out += ',';
        first = false;
        write_json(out, item);
      }
      out += ']';
      return;
    }
    case json::value_t::string:
      write_string(out, v.get_ref<const std::string&>());
      return;
    case json::value_t::boolean:
      out += v.get<bool>() ? "true" : "false";
      return;
    case json::value_t::number_integer:
      out += std::to_string(v.get<std::int64_t>());
      return;
    case json::value_t::number_unsigned:
      out += std::to_string(v.get<std::uint64_t>());
      return;
    case json::value_t::null:
      out += "null";
      return;
    default:  // floating point, binary, discarded
      out += v.dump(-1, ' ', false, json::error_handler_t::replace);
  }
}

}  // namespace

std::string dump_json(const nlohmann::json& value) {
  std::string out;
  out.reserve(256);
  write_json(out, value);
  return out;
}

}  // namespace junction::protocol
