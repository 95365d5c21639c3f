#include "server/protocol/json_body.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>

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

// True when none of the eight bytes needs attention in a JSON string: no control character, no
// quote or backslash, nothing beyond ASCII (bit tricks for "some byte is zero / less than n").
constexpr bool plain8(std::uint64_t x) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ull;
  constexpr std::uint64_t kHighs = 0x8080808080808080ull;
  const std::uint64_t control = (x - kOnes * 0x20) & ~x;
  const std::uint64_t q = x ^ (kOnes * '"');
  const std::uint64_t b = x ^ (kOnes * '\\');
  const std::uint64_t quote = (q - kOnes) & ~q;
  const std::uint64_t backslash = (b - kOnes) & ~b;
  return ((control | quote | backslash | x) & kHighs) == 0;
}

void write_string(std::string& out, const std::string& s) {
  static constexpr char kHex[] = "0123456789abcdef";
  const std::size_t start = out.size();
  const char* p = s.data();
  const std::size_t n = s.size();
  out += '"';
  std::size_t run = 0;
  std::size_t i = 0;
  while (i < n) {
    // Eight plain bytes at a time, then up to eight one by one from the first block that is not.
    while (i + 8 <= n) {
      std::uint64_t block;
      std::memcpy(&block, p + i, 8);
      if (!plain8(block)) break;
      i += 8;
    }
    const std::size_t block_end = std::min(n, i + 8);
    for (; i < block_end; ++i) {
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
