#include "server/protocol/cbor_body.hpp"

#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstring>

#include "server/protocol/json_body.hpp"
#include "server/shapes/api_error.hpp"
#include "server/shapes/json_text.hpp"
#include "server/util/base64.hpp"

namespace junction::protocol {
namespace {

using nlohmann::json;
using shapes::Kind;
using shapes::Shape;

// Major types (RFC 8949 §3.1).
enum Major : unsigned {
  kUnsigned = 0,
  kNegative = 1,
  kBytes = 2,
  kText = 3,
  kArray = 4,
  kMap = 5,
  kTag = 6,
  kSimple = 7
};
constexpr unsigned kIndefinite = 31;  // additional information of an indefinite length, or break
constexpr unsigned char kBreak = 0xff;
constexpr std::uint64_t kEpochTimeTag = 1;

// ---- UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing beyond U+10FFFF)

// The length of the well-formed sequence at `p`, or 0.
std::size_t utf8_sequence(const unsigned char* p, const unsigned char* end) {
  unsigned c = p[0];
  if (c < 0x80) return 1;
  std::size_t n = 0;
  unsigned lo = 0x80, hi = 0xBF;  // the range of the second byte
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (static_cast<std::size_t>(end - p) < n || p[1] < lo || p[1] > hi) return 0;
  for (std::size_t i = 2; i < n; ++i)
    if (p[i] < 0x80 || p[i] > 0xBF) return 0;
  return n;
}

const unsigned char* bytes_of(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

bool valid_utf8(std::string_view s) {
  const unsigned char* p = bytes_of(s);
  const unsigned char* end = p + s.size();
  while (p < end) {
    if (*p < 0x80) {
      ++p;
      continue;
    }
    std::size_t n = utf8_sequence(p, end);
    if (!n) return false;
    p += n;
  }
  return true;
}

// `s` cut to at most `max` bytes on a character boundary, for a message.
std::string shown(std::string_view s, std::size_t max = 64) {
  if (s.size() <= max) return std::string(s);
  while (max > 0 && (static_cast<unsigned char>(s[max]) & 0xC0) == 0x80) --max;
  return std::string(s.substr(0, max)) + "...";
}

double half_to_double(std::uint16_t half) {
  int exponent = (half >> 10) & 0x1f;
  int mantissa = half & 0x3ff;
  double value;
  if (exponent == 0)
    value = std::ldexp(mantissa, -24);  // subnormal
  else if (exponent != 31)
    value = std::ldexp(mantissa + 1024, exponent - 25);
  else
    value = mantissa == 0 ? INFINITY : NAN;
  return half & 0x8000 ? -value : value;
}

// What a shape expects, in the validator's words.
const char* expected(const Shape& shape) {
  switch (shape.kind) {
    case Kind::kString:
      return "a string";
    case Kind::kBlob:
      return "a byte string";
    case Kind::kBoolean:
      return "a boolean";
    case Kind::kInteger:
    case Kind::kLong:
      return "an integer";
    case Kind::kDouble:
      return "a number";
    case Kind::kTimestamp:
      return "a timestamp";
    case Kind::kList:
      return "a list";
    case Kind::kMap:
      return "a map";
    default:
      return "a structure";
  }
}

// Where a value sits in the request, written as the validator writes member paths
// (`userStackAssociations.2.member.stackName`, `tags.k.value`).
struct Place {
  const Place* parent = nullptr;
  std::string_view member;  // a structure member or a map key
  std::uint64_t index = 0;  // a list position (1-based) when there is no member
  bool map_value = false;

  std::string path() const {
    if (!parent) return "";
    std::string up = parent->path();
    std::string here = map_value ? std::string(member) + ".value"
                       : index   ? std::to_string(index) + ".member"
                                 : shapes::lower_camel(member);
    return up.empty() ? here : up + "." + here;
  }
  std::string quoted() const {
    std::string p = path();
    return "'" + (p.empty() ? std::string("<input>") : p) + "'";
  }
};

class Reader {
 public:
  explicit Reader(std::string_view body)
      : begin_(bytes_of(body)), p_(begin_), end_(begin_ + body.size()) {}

  json read(const Shape* input) {
    if ((*p_ >> 5) != kMap)
      throw ApiError("SerializationException", "The request body must be a CBOR map.");
    Place root;
    json value = item(input, root);
    if (p_ != end_) malformed(offset(), "more bytes follow the body's map");
    return value;
  }

 private:
  struct Head {
    unsigned major;
    unsigned info;       // the additional information: < 24, 24..27, or kIndefinite
    std::uint64_t arg;   // the count, length, value or float bits
    std::size_t offset;  // where the item starts
  };

  std::size_t offset() const { return static_cast<std::size_t>(p_ - begin_); }
  std::size_t remaining() const { return static_cast<std::size_t>(end_ - p_); }

  [[noreturn]] static void malformed(std::size_t at, const std::string& why) {
    throw ApiError("SerializationException", "The request body is not valid CBOR: " + why +
                                                 " (at byte " + std::to_string(at) + ").");
  }
  [[noreturn]] void truncated() const { malformed(offset(), "it ends inside an item"); }
  void need(std::uint64_t n) const {
    if (n > remaining()) truncated();
  }

  Head head() {
    need(1);
    Head h{static_cast<unsigned>(*p_ >> 5), static_cast<unsigned>(*p_ & 31), 0, offset()};
    ++p_;
    h.arg = h.info;
    if (h.info < 24 || h.info == kIndefinite) return h;
    if (h.info > 27)
      malformed(h.offset, "additional information " + std::to_string(h.info) + " is reserved");
    std::size_t n = std::size_t{1} << (h.info - 24);  // 1, 2, 4 or 8 bytes
    need(n);
    h.arg = 0;
    for (std::size_t i = 0; i < n; ++i) h.arg = (h.arg << 8) | *p_++;
    return h;
  }

  // True, past it, when the next byte is the break that ends an indefinite-length item.
  bool at_break() {
    need(1);
    if (*p_ != kBreak) return false;
    ++p_;
    return true;
  }

  std::string take(std::uint64_t n) {
    need(n);
    std::string s(reinterpret_cast<const char*>(p_), static_cast<std::size_t>(n));
    p_ += n;
    return s;
  }

  // The content of a byte or text string, its chunks joined when it has an indefinite length.
  std::string string_body(const Head& h) {
    if (h.info != kIndefinite) return take(h.arg);
    std::string out;
    while (!at_break()) {
      Head chunk = head();
      if (chunk.major != h.major || chunk.info == kIndefinite)
        malformed(chunk.offset,
                  "a chunk of an indefinite-length string is not a definite-length string of "
                  "the same type");
      out += take(chunk.arg);
    }
    return out;
  }

  std::string text(const Head& h) {
    std::string s = string_body(h);
    if (!valid_utf8(s)) malformed(h.offset, "a text string is not valid UTF-8");
    return s;
  }

  [[noreturn]] static void mismatch(const Shape& shape, const Place& at, const char* found) {
    throw ApiError("SerializationException", std::string("Expected ") + expected(shape) + " at " +
                                                 at.quoted() + " but found " + found + ".");
  }

  static json negative(std::uint64_t n, const Place& at) {
    if (n > static_cast<std::uint64_t>(INT64_MAX))
      throw ApiError("SerializationException", "Number at " + at.quoted() + " is out of range.");
    return -1 - static_cast<std::int64_t>(n);
  }

  static double floating(const Head& h) {
    if (h.info == 25) return half_to_double(static_cast<std::uint16_t>(h.arg));
    if (h.info == 26) {
      auto bits = static_cast<std::uint32_t>(h.arg);
      float f;
      std::memcpy(&f, &bits, sizeof f);
      return f;
    }
    double d;
    std::memcpy(&d, &h.arg, sizeof d);
    return d;
  }

  // `shape` is what the model expects here; null where it expects nothing in particular (a
  // member it does not declare), and then any well-formed value is read as JSON would carry it.
  json item(const Shape* shape, const Place& at) {
    Head h = head();
    if (h.info == kIndefinite && (h.major == kUnsigned || h.major == kNegative || h.major == kTag))
      malformed(h.offset, "major type " + std::to_string(h.major) + " has no indefinite length");
    switch (h.major) {
      case kUnsigned:
        return h.arg;
      case kNegative:
        return negative(h.arg, at);
      case kBytes: {
        if (shape && shape->kind != Kind::kBlob && shape->kind != Kind::kDocument)
          mismatch(*shape, at, "a byte string");
        return base64_encode(string_body(h));  // a blob as awsJson1.1 carries it
      }
      case kText:
        if (shape && shape->kind == Kind::kBlob) mismatch(*shape, at, "a text string");
        return text(h);
      case kArray:
        return array(h, shape, at);
      case kMap:
        return map(h, shape, at);
      case kTag:
        return tagged(h, shape, at);
      default:
        return simple(h);
    }
  }

  struct Nested {
    Reader& reader;
    explicit Nested(Reader& r) : reader(r) {
      if (++reader.depth_ > kMaxJsonDepth)
        throw ApiError("SerializationException", "The request body nests deeper than " +
                                                     std::to_string(kMaxJsonDepth) + " levels.");
    }
    ~Nested() { --reader.depth_; }
  };

  json array(const Head& h, const Shape* shape, const Place& at) {
    Nested nested(*this);
    const bool indefinite = h.info == kIndefinite;
    if (!indefinite) need(h.arg);  // every item takes a byte at least
    const Shape* element = shape && shape->kind == Kind::kList ? shape->element : nullptr;
    json out = json::array();
    auto& items = out.get_ref<json::array_t&>();
    for (std::uint64_t i = 0; indefinite || i < h.arg; ++i) {
      if (indefinite && at_break()) break;
      Place place{&at, {}, i + 1, false};
      items.push_back(item(element, place));
    }
    return out;
  }

  json map(const Head& h, const Shape* shape, const Place& at) {
    Nested nested(*this);
    const bool indefinite = h.info == kIndefinite;
    if (!indefinite && h.arg > remaining() / 2) truncated();  // two bytes a pair at least
    const bool structure =
        shape && (shape->kind == Kind::kStructure || shape->kind == Kind::kUnion);
    const bool is_map = shape && shape->kind == Kind::kMap;
    json out = json::object();
    auto& members = out.get_ref<json::object_t&>();
    for (std::uint64_t i = 0; indefinite || i < h.arg; ++i) {
      if (indefinite && at_break()) break;
      Head k = head();
      if (k.major != kText) malformed(k.offset, "a map key is not a text string");
      std::string key = text(k);
      if (members.count(key))
        throw ApiError("SerializationException", "The request body is not valid CBOR: the key '" +
                                                     shown(key) + "' appears twice in the map at " +
                                                     at.quoted() + ".");
      const Shape* value_shape = nullptr;
      if (structure) {
        if (const shapes::Member* m = shape->member(key)) value_shape = m->shape;
      } else if (is_map) {
        value_shape = shape->value;
      }
      Place place{&at, key, 0, is_map};
      json value = item(value_shape, place);
      members.emplace(std::move(key), std::move(value));
    }
    return out;
  }

  // Tag 1 (epoch-based date/time) around an integer or a float: the epoch seconds, as awsJson1.1
  // carries a timestamp. Other tags (bignums, decimal fractions, ...) are not Smithy's.
  json tagged(const Head& h, const Shape* shape, const Place& at) {
    if (h.arg != kEpochTimeTag)
      throw ApiError("SerializationException",
                     "The request body uses CBOR tag " + std::to_string(h.arg) + " at byte " +
                         std::to_string(h.offset) + "; only tag 1 (epoch time) is supported.");
    if (shape && shape->kind != Kind::kTimestamp && shape->kind != Kind::kDocument)
      mismatch(*shape, at, "a timestamp");
    Head v = head();
    if (v.major == kUnsigned && v.info != kIndefinite) return v.arg;
    if (v.major == kNegative && v.info != kIndefinite) return negative(v.arg, at);
    if (v.major == kSimple && v.info >= 25 && v.info <= 27) {
      double seconds = floating(v);
      if (!std::isfinite(seconds))
        throw ApiError("SerializationException",
                       "The timestamp at " + at.quoted() + " is not a finite number.");
      return seconds;
    }
    throw ApiError("SerializationException", "The timestamp at " + at.quoted() +
                                                 " is not a number of epoch seconds inside tag 1.");
  }

  static json simple(const Head& h) {
    switch (h.info) {
      case 20:
        return false;
      case 21:
        return true;
      case 22:  // null
      case 23:  // undefined, read as null (as the protocol requires)
        return nullptr;
      case 25:
      case 26:
      case 27:
        return floating(h);
      case kIndefinite:
        malformed(h.offset, "a break code stands outside an indefinite-length item");
      default:
        malformed(h.offset, "simple value " + std::to_string(h.arg) + " is not supported");
    }
  }

  const unsigned char* begin_;
  const unsigned char* p_;
  const unsigned char* end_;
  int depth_ = 0;
};

// ---- writing

class Writer {
 public:
  std::string out;

  void value(const json& v, const Shape* shape) {
    const bool timestamp = shape && shape->kind == Kind::kTimestamp;
    switch (v.type()) {
      case json::value_t::object:
        object(v, shape);
        return;
      case json::value_t::array: {
        const Shape* element = shape && shape->kind == Kind::kList ? shape->element : nullptr;
        head(kArray, v.size());
        for (const auto& item : v.get_ref<const json::array_t&>()) value(item, element);
        return;
      }
      case json::value_t::string: {
        const auto& s = v.get_ref<const std::string&>();
        if (shape && shape->kind == Kind::kBlob) {
          // Handlers hold blobs as base64 text, as awsJson1.1 carries them.
          auto bytes = base64_decode(s);
          write_string(kBytes, bytes ? *bytes : s);
        } else {
          text(s);
        }
        return;
      }
      case json::value_t::boolean:
        out += static_cast<char>(v.get<bool>() ? 0xf5 : 0xf4);
        return;
      case json::value_t::number_integer:
        if (timestamp) tag(kEpochTimeTag);
        integer(v.get<std::int64_t>());
        return;
      case json::value_t::number_unsigned:
        if (timestamp) tag(kEpochTimeTag);
        head(kUnsigned, v.get<std::uint64_t>());
        return;
      case json::value_t::number_float: {
        double d = v.get<double>();
        if (timestamp) {
          tag(kEpochTimeTag);
          if (std::floor(d) == d && std::fabs(d) < 9.0e18) {  // whole seconds: an integer
            integer(static_cast<std::int64_t>(d));
            return;
          }
        }
        floating(d);
        return;
      }
      case json::value_t::binary:
        if (auto raw = shapes::raw_json_text(v)) {  // a list written as JSON text by a handler
          value(parse_json(*raw), shape);
        } else {
          const auto& b = v.get_binary();
          write_string(kBytes, std::string_view(reinterpret_cast<const char*>(b.data()), b.size()));
        }
        return;
      default:  // null, discarded
        out += static_cast<char>(0xf6);
        return;
    }
  }

 private:
  void head(unsigned major, std::uint64_t arg) {
    const auto initial = static_cast<unsigned char>(major << 5);
    int bytes = 0;
    if (arg < 24) {
      out += static_cast<char>(initial | arg);
      return;
    }
    if (arg <= 0xff) {
      out += static_cast<char>(initial | 24);
      bytes = 1;
    } else if (arg <= 0xffff) {
      out += static_cast<char>(initial | 25);
      bytes = 2;
    } else if (arg <= 0xffffffff) {
      out += static_cast<char>(initial | 26);
      bytes = 4;
    } else {
      out += static_cast<char>(initial | 27);
      bytes = 8;
    }
    for (int i = bytes - 1; i >= 0; --i) out += static_cast<char>((arg >> (8 * i)) & 0xff);
  }

  void tag(std::uint64_t number) { head(kTag, number); }

  void integer(std::int64_t n) {
    if (n >= 0)
      head(kUnsigned, static_cast<std::uint64_t>(n));
    else
      head(kNegative, static_cast<std::uint64_t>(-1 - n));
  }

  // Single precision when it holds `d` exactly, else double; never half precision, which the
  // protocol advises against.
  void floating(double d) {
    if (std::isnan(d) || std::isinf(d) ||
        (std::fabs(d) <= FLT_MAX && static_cast<double>(static_cast<float>(d)) == d)) {
      float f = std::isnan(d) ? NAN : static_cast<float>(d);
      std::uint32_t bits;
      std::memcpy(&bits, &f, sizeof bits);
      out += static_cast<char>(0xfa);
      for (int i = 3; i >= 0; --i) out += static_cast<char>((bits >> (8 * i)) & 0xff);
      return;
    }
    std::uint64_t bits;
    std::memcpy(&bits, &d, sizeof bits);
    out += static_cast<char>(0xfb);
    for (int i = 7; i >= 0; --i) out += static_cast<char>((bits >> (8 * i)) & 0xff);
  }

  void write_string(unsigned major, std::string_view s) {
    head(major, s.size());
    out += s;
  }

  // Text as UTF-8, each ill-formed sequence replaced with U+FFFD (as JSON answers are written).
  void text(std::string_view s) {
    if (valid_utf8(s)) return write_string(kText, s);
    std::string fixed;
    const unsigned char* p = bytes_of(s);
    const unsigned char* end = p + s.size();
    while (p < end) {
      std::size_t n = utf8_sequence(p, end);
      if (n) {
        fixed.append(reinterpret_cast<const char*>(p), n);
        p += n;
      } else {
        fixed += "\xEF\xBF\xBD";
        ++p;
      }
    }
    write_string(kText, fixed);
  }

  void object(const json& v, const Shape* shape) {
    const bool structure =
        shape && (shape->kind == Kind::kStructure || shape->kind == Kind::kUnion);
    const Shape* map_value = shape && shape->kind == Kind::kMap ? shape->value : nullptr;
    const auto& members = v.get_ref<const json::object_t&>();
    std::size_t count = 0;
    for (const auto& [key, item] : members) count += !item.is_null();
    head(kMap, count);
    for (const auto& [key, item] : members) {
      if (item.is_null()) continue;  // null values are left out of the wire
      const Shape* item_shape = map_value;
      if (structure) {
        const shapes::Member* m = shape->member(key);
        item_shape = m ? m->shape : nullptr;
      }
      text(key);
      value(item, item_shape);
    }
  }
};

}  // namespace

json read_cbor_input(std::string_view body, const Shape* input) {
  if (body.empty()) return json::object();
  return Reader(body).read(input);
}

std::string write_cbor(const json& value, const Shape* shape) {
  Writer writer;
  writer.value(value, shape);
  return std::move(writer.out);
}

}  // namespace junction::protocol
