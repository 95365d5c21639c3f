#include "server/protocol/json_body.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>

#include "server/shapes/api_error.hpp"
#include "server/shapes/json_text.hpp"

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

// A parser for the JSON requests are made of: ASCII text, simple escapes, integers. It builds
// the same value nlohmann::json::parse builds (duplicate keys: the last wins; non-negative
// integers unsigned) and gives up, returning false, on anything else (bytes beyond ASCII, \u
// escapes, fractions and exponents, integers out of range, malformed text); the caller then
// parses with nlohmann::json, which handles those and words the errors.
class FastParser {
 public:
  explicit FastParser(std::string_view text) : p_(text.data()), end_(text.data() + text.size()) {}

  bool parse(nlohmann::json& out) {
    if (!value(out)) return false;
    skip_space();
    return p_ == end_;
  }

 private:
  void skip_space() {
    while (p_ != end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
  }

  bool literal(std::string_view word) {
    if (static_cast<std::size_t>(end_ - p_) < word.size() ||
        std::string_view(p_, word.size()) != word)
      return false;
    p_ += word.size();
    return true;
  }

  bool string(std::string& out) {
    ++p_;  // the opening quote
    const char* run = p_;
    for (;;) {
      if (p_ == end_) return false;
      unsigned char c = static_cast<unsigned char>(*p_);
      if (c == '"') break;
      if (c < 0x20 || c >= 0x80) return false;
      if (c != '\\') {
        ++p_;
        continue;
      }
      out.append(run, p_);
      if (++p_ == end_) return false;
      switch (*p_) {
        case '"':
        case '\\':
        case '/':
          out += *p_;
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        default:  // \u and invalid escapes
          return false;
      }
      run = ++p_;
    }
    out.append(run, p_);
    ++p_;  // the closing quote
    return true;
  }

  bool number(nlohmann::json& out) {
    bool negative = *p_ == '-';
    if (negative) ++p_;
    const char* digits = p_;
    std::uint64_t n = 0;
    while (p_ != end_ && *p_ >= '0' && *p_ <= '9') {
      unsigned d = static_cast<unsigned>(*p_ - '0');
      if (n > (UINT64_MAX - d) / 10) return false;
      n = n * 10 + d;
      ++p_;
    }
    std::size_t count = static_cast<std::size_t>(p_ - digits);
    if (count == 0 || (count > 1 && *digits == '0')) return false;
    if (p_ != end_ && (*p_ == '.' || *p_ == 'e' || *p_ == 'E')) return false;
    if (!negative) {
      out = n;
    } else {
      if (n > static_cast<std::uint64_t>(INT64_MAX) + 1) return false;
      out = n == static_cast<std::uint64_t>(INT64_MAX) + 1 ? INT64_MIN
                                                           : -static_cast<std::int64_t>(n);
    }
    return true;
  }

  bool value(nlohmann::json& out) {
    skip_space();
    if (p_ == end_ || depth_ > kMaxJsonDepth) return false;  // nlohmann's parser does not recurse
    struct Nested {
      int& depth;
      explicit Nested(int& d) : depth(++d) {}
      ~Nested() { --depth; }
    } nested(depth_);
    switch (*p_) {
      case '{': {
        ++p_;
        out = nlohmann::json::object();
        auto& members = out.get_ref<nlohmann::json::object_t&>();
        skip_space();
        if (p_ != end_ && *p_ == '}') {
          ++p_;
          return true;
        }
        for (;;) {
          skip_space();
          if (p_ == end_ || *p_ != '"') return false;
          std::string key;
          if (!string(key)) return false;
          skip_space();
          if (p_ == end_ || *p_ != ':') return false;
          ++p_;
          nlohmann::json item;
          if (!value(item)) return false;
          members[std::move(key)] = std::move(item);
          skip_space();
          if (p_ == end_) return false;
          if (*p_ == '}') {
            ++p_;
            return true;
          }
          if (*p_ != ',') return false;
          ++p_;
        }
      }
      case '[': {
        ++p_;
        out = nlohmann::json::array();
        auto& items = out.get_ref<nlohmann::json::array_t&>();
        skip_space();
        if (p_ != end_ && *p_ == ']') {
          ++p_;
          return true;
        }
        for (;;) {
          items.emplace_back();
          if (!value(items.back())) return false;
          skip_space();
          if (p_ == end_) return false;
          if (*p_ == ']') {
            ++p_;
            return true;
          }
          if (*p_ != ',') return false;
          ++p_;
        }
      }
      case '"': {
        std::string text;
        if (!string(text)) return false;
        out = std::move(text);
        return true;
      }
      case 't':
        out = true;
        return literal("true");
      case 'f':
        out = false;
        return literal("false");
      case 'n':
        out = nullptr;
        return literal("null");
      default:
        if (*p_ == '-' || (*p_ >= '0' && *p_ <= '9')) return number(out);
        return false;
    }
  }

  const char* p_;
  const char* end_;
  int depth_ = 0;
};

}  // namespace

nlohmann::json parse_json(std::string_view text) {
  nlohmann::json value;
  if (FastParser(text).parse(value)) return value;
  return nlohmann::json::parse(text);
}

nlohmann::json parse_json_object(std::string_view body) {
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) return nlohmann::json::object();
  if (too_deep(body))
    throw ApiError("SerializationException", "The request body nests deeper than " +
                                                 std::to_string(kMaxJsonDepth) + " levels.");
  nlohmann::json value;
  try {
    value = parse_json(body);
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

namespace {

using nlohmann::json;
using shapes::append_json_string;
using shapes::raw_json_text;

// Exactly what nlohmann::json::dump(-1, ' ', false, replace) writes, faster: strings a run of
// plain characters at a time (shapes/json_text), containers walked directly. Floating-point
// numbers are left to nlohmann's serializer.
void write_json(std::string& out, const json& v) {
  switch (v.type()) {
    case json::value_t::object: {
      out += '{';
      bool first = true;
      for (const auto& [key, value] : v.get_ref<const json::object_t&>()) {
        if (!first) out += ',';
        first = false;
        append_json_string(out, key);
        out += ':';
        write_json(out, value);
      }
      out += '}';
      return;
    }
    case json::value_t::array: {
      out += '[';
      bool first = true;
      for (const auto& item : v.get_ref<const json::array_t&>()) {
        if (!first) out += ',';
        first = false;
        write_json(out, item);
      }
      out += ']';
      return;
    }
    case json::value_t::string:
      append_json_string(out, v.get_ref<const std::string&>());
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
    case json::value_t::binary:
      if (auto text = raw_json_text(v)) {
        out += *text;
        return;
      }
      break;
    default:  // floating point, discarded
      break;
  }
  out += v.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace

std::string dump_json(const nlohmann::json& value) {
  std::string out;
  out.reserve(256);
  write_json(out, value);
  return out;
}

}  // namespace junction::protocol
