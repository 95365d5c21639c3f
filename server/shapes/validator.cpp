#include "server/shapes/validator.hpp"

#include <algorithm>

#include "server/shapes/api_error.hpp"

namespace junction::shapes {
namespace {

using nlohmann::json;

// A message never echoes more than this much of a value, nor lists more than this many
// violations: a 1 MiB body of 40,000 bad list items would otherwise come back as a 15 MB answer.
constexpr std::size_t kMaxShownValue = 1024;  // bytes
constexpr std::size_t kMaxListedViolations = 100;

// `s` cut to kMaxShownValue bytes (on a UTF-8 character boundary) and marked with "...".
std::string shorten(std::string s) {
  if (s.size() <= kMaxShownValue) return s;
  std::size_t cut = kMaxShownValue;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  s.resize(cut);
  return s + "...";
}

// How AWS (a Java service) prints a value inside a message. `shape` is the value's shape (null
// when unknown): sensitive values are redacted, also where they sit inside a list, map or
// structure that is not sensitive itself.
std::string render(const Shape* shape, const json& v) {
  if (shape && shape->sensitive) return kRedacted;
  switch (v.type()) {
    case json::value_t::string:
      return v.get_ref<const std::string&>();
    case json::value_t::array: {
      const Shape* element = shape && shape->kind == Kind::kList ? shape->element : nullptr;
      std::string out = "[";
      for (std::size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + render(element, v[i]);
      return out + "]";
    }
    case json::value_t::object: {
      bool is_map = shape && shape->kind == Kind::kMap;
      bool keys_sensitive = is_map && shape->element && shape->element->sensitive;
      std::string out = "{";
      bool first = true;
      for (const auto& [k, item] : v.items()) {
        const Shape* item_shape = nullptr;
        if (is_map) {
          item_shape = shape->value;
        } else if (shape) {
          const Member* m = shape->member(k);
          item_shape = m ? m->shape : nullptr;
        }
        out += (first ? "" : ", ") + (keys_sensitive ? std::string(kRedacted) : k) + "=" +
               render(item_shape, item);
        first = false;
      }
      return out + "}";
    }
    default:
      return v.dump(-1, ' ', false, json::error_handler_t::replace);
  }
}

const char* json_kind(const json& v) {
  switch (v.type()) {
    case json::value_t::string:
      return "a string";
    case json::value_t::boolean:
      return "a boolean";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
      return "an integer";
    case json::value_t::number_float:
      return "a decimal number";
    case json::value_t::array:
      return "a list";
    case json::value_t::object:
      return "an object";
    default:
      return "null";
  }
}

std::size_t utf8_length(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

class Checker {
 public:
  std::vector<Violation> violations;

  void check(const Shape& shape, const json& v, const std::string& path, bool sensitive) {
    sensitive = sensitive || shape.sensitive;
    switch (shape.kind) {
      case Kind::kString:
        expect(v.is_string(), "a string", v, path);
        check_string(shape, v, path, sensitive);
        break;
      case Kind::kBlob:
        expect(v.is_string(), "a base64 string", v, path);
        break;
      case Kind::kBoolean:
        expect(v.is_boolean(), "a boolean", v, path);
        break;
      case Kind::kInteger:
      case Kind::kLong:
        check_integer(shape, v, path, sensitive);
        break;
      case Kind::kDouble:
        expect(v.is_number(), "a number", v, path);
        check_range(shape, v.get<double>(), v, path, sensitive);
        break;
      case Kind::kTimestamp:
        expect(v.is_number() || v.is_string(), "a timestamp", v, path);
        break;
      case Kind::kList:
        expect(v.is_array(), "a list", v, path);
        check_length(shape, v.size(), v, path, sensitive);
        for (std::size_t i = 0; i < v.size(); ++i) {
          if (v[i].is_null()) {
            add(path + "." + std::to_string(i + 1) + ".member", "null", "Member must not be null");
            continue;
          }
          check(*shape.element, v[i], path + "." + std::to_string(i + 1) + ".member", sensitive);
        }
        break;
      case Kind::kMap:
        expect(v.is_object(), "a map", v, path);
        check_length(shape, v.size(), v, path, sensitive);
        for (const auto& [k, item] : v.items()) {
          check(*shape.element, json(k), path + "." + k + ".key", sensitive);
          if (!item.is_null()) check(*shape.value, item, path + "." + k + ".value", sensitive);
        }
        break;
      case Kind::kStructure:
      case Kind::kUnion:
        expect(v.is_object(), "a structure", v, path);
        check_structure(shape, v, path, sensitive);
        break;
      case Kind::kDocument:
        break;
    }
  }

  void check_structure(const Shape& shape, const json& v, const std::string& path, bool sensitive) {
    int set = 0;
    for (const auto& m : shape.members) {
      std::string member_path =
          path.empty() ? lower_camel(m.name) : path + "." + lower_camel(m.name);
      auto it = v.find(m.name);
      if (it == v.end() || it->is_null()) {
        if (m.required) add(member_path, "null", "Member must not be null");
        continue;
      }
      ++set;
      check(*m.shape, *it, member_path, sensitive);
    }
    if (shape.kind == Kind::kUnion && set != 1)
      add(path, sensitive ? quoted(kRedacted) : quoted(shorten(render(&shape, v))),
          "Member must have exactly one of its members set");
  }

 private:
  static std::string quoted(const std::string& s) { return "'" + s + "'"; }

  void expect(bool ok, const char* wanted, const json& v, const std::string& path) {
    if (ok) return;
    throw ApiError("SerializationException", std::string("Expected ") + wanted + " at '" +
                                                 (path.empty() ? "<input>" : path) +
                                                 "' but found " + json_kind(v) + ".");
  }

  void add(const std::string& path, const std::string& shown, const std::string& rule) {
    violations.push_back(
        {path, "Value " + shown + " at '" + path + "' failed to satisfy constraint: " + rule});
  }

  void violation(const Shape& shape, const json& v, const std::string& path, bool sensitive,
                 const std::string& rule) {
    add(path, quoted(sensitive ? kRedacted : shorten(render(&shape, v))), rule);
  }

  void check_length(const Shape& shape, std::size_t n, const json& v, const std::string& path,
                    bool sensitive) {
    if (shape.min && static_cast<std::int64_t>(n) < *shape.min)
      violation(shape, v, path, sensitive,
                "Member must have length greater than or equal to " + std::to_string(*shape.min));
    if (shape.max && static_cast<std::int64_t>(n) > *shape.max)
      violation(shape, v, path, sensitive,
                "Member must have length less than or equal to " + std::to_string(*shape.max));
  }

  void check_range(const Shape& shape, double n, const json& v, const std::string& path,
                   bool sensitive) {
    if (shape.min && n < static_cast<double>(*shape.min))
      violation(shape, v, path, sensitive,
                "Member must have value greater than or equal to " + std::to_string(*shape.min));
    if (shape.max && n > static_cast<double>(*shape.max))
      violation(shape, v, path, sensitive,
                "Member must have value less than or equal to " + std::to_string(*shape.max));
  }

  void check_integer(const Shape& shape, const json& v, const std::string& path, bool sensitive) {
    expect(v.is_number_integer(), "an integer", v, path);
    if (v.is_number_unsigned() && v.get<std::uint64_t>() > INT64_MAX)
      throw ApiError("SerializationException", "Number at '" + path + "' is out of range.");
    std::int64_t n = v.get<std::int64_t>();
    if (shape.kind == Kind::kInteger && (n < INT32_MIN || n > INT32_MAX))
      throw ApiError("SerializationException",
                     "Number at '" + path + "' does not fit in a 32-bit integer.");
    check_range(shape, static_cast<double>(n), v, path, sensitive);
  }

  void check_string(const Shape& shape, const json& v, const std::string& path, bool sensitive) {
    const auto& s = v.get_ref<const std::string&>();
    check_length(shape, utf8_length(s), v, path, sensitive);
    if (shape.pattern && !shape.pattern->full_match(s))
      violation(shape, v, path, sensitive,
                "Member must satisfy regular expression pattern: " + shape.pattern->source());
    if (!shape.enum_values.empty()) {
      bool found = false;
      for (const auto& e : shape.enum_values) found = found || e == s;
      if (!found) {
        std::string set;
        for (const auto& e : shape.enum_values) set += (set.empty() ? "" : ", ") + e;
        violation(shape, v, path, sensitive, "Member must satisfy enum value set: [" + set + "]");
      }
    }
  }
};

}  // namespace

std::vector<Violation> validate(const Shape& shape, const nlohmann::json& value) {
  Checker checker;
  if (!value.is_object())
    throw ApiError("SerializationException", "The request body must be a JSON object.");
  checker.check_structure(shape, value, "", false);
  return std::move(checker.violations);
}

std::string validation_message(const std::vector<Violation>& violations) {
  std::string out =
      std::to_string(violations.size()) +
      (violations.size() == 1 ? " validation error detected: " : " validation errors detected: ");
  std::size_t listed = std::min(violations.size(), kMaxListedViolations);
  for (std::size_t i = 0; i < listed; ++i) out += (i ? "; " : "") + violations[i].message;
  if (listed < violations.size())
    out += "; and " + std::to_string(violations.size() - listed) + " more";
  return out;
}

void redact_sensitive(const Shape& shape, nlohmann::json& value) {
  if (shape.sensitive) {
    value = kRedacted;
    return;
  }
  if (!shape.holds_sensitive) return;
  if (value.is_array() && shape.kind == Kind::kList && shape.element) {
    for (auto& item : value) redact_sensitive(*shape.element, item);
  } else if (value.is_object() && shape.kind == Kind::kMap) {
    if (shape.element && shape.element->sensitive) {  // the keys themselves
      json redacted = json::object();
      std::size_t n = 0;
      for (auto& [k, item] : value.items()) {
        (void)k;
        redacted[std::string(kRedacted) + (n++ ? " " + std::to_string(n) : "")] = std::move(item);
      }
      value = std::move(redacted);
    }
    if (shape.value)
      for (auto& [k, item] : value.items()) redact_sensitive(*shape.value, item);
  } else if (value.is_object() && (shape.kind == Kind::kStructure || shape.kind == Kind::kUnion)) {
    for (const auto& m : shape.members) {
      auto it = value.find(m.name);
      if (it != value.end() && !it->is_null()) redact_sensitive(*m.shape, *it);
    }
  }
}

void validate_or_throw(const Shape& shape, const nlohmann::json& value) {
  auto violations = validate(shape, value);
  if (!violations.empty()) throw ApiError("ValidationException", validation_message(violations));
}

}  // namespace junction::shapes
