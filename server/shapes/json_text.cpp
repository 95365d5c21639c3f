#include "server/shapes/json_text.hpp"

#include <algorithm>
#include <array>
#include <cstring>

namespace junction::shapes {
namespace {

using nlohmann::json;

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

}  // namespace

void append_json_string(std::string& out, std::string_view s) {
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
        out += json(std::string(s)).dump(-1, ' ', false, json::error_handler_t::replace);
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

json raw_json(std::string_view text) {
  return json::binary(json::binary_t::container_type(text.begin(), text.end()), kRawJsonSubtype);
}

std::optional<std::string_view> raw_json_text(const json& value) {
  if (!value.is_binary()) return std::nullopt;
  const auto& bytes = value.get_binary();
  if (!bytes.has_subtype() || bytes.subtype() != kRawJsonSubtype) return std::nullopt;
  return std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

}  // namespace junction::shapes
