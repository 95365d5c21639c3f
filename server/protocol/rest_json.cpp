// restJson1: the operation's method and URI template; members bound to URI labels, the query
// string and headers, the rest in a JSON body; output members bound to the status code or headers;
// errors as {"message", ...declared members} plus the x-amzn-ErrorType header.
#include <cctype>
#include <charconv>
#include <cstdlib>

#include "server/protocol/codec.hpp"
#include "server/protocol/json_body.hpp"

namespace junction::protocol::rest_json {

namespace {

using shapes::Kind;
using shapes::Location;

constexpr const char* kContentType = "application/json";

[[noreturn]] void bad_parameter(const shapes::Member& m, const std::string& why) {
  throw ApiError("SerializationException", "Cannot read '" + m.location_name + "': " + why + ".");
}

// A string from the URI, query string or a header, as the member's JSON type.
nlohmann::json scalar(const shapes::Member& m, const shapes::Shape& shape, const std::string& s) {
  switch (shape.kind) {
    case Kind::kInteger:
    case Kind::kLong: {
      // The whole text, digits with an optional sign, as Java's parseLong reads it: no spaces,
      // no trailing bytes (a %00 would otherwise end the number early).
      std::string_view digits = s;
      if (digits.size() > 1 && digits.front() == '+' && digits[1] != '-') digits.remove_prefix(1);
      long long n = 0;
      auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
      if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size())
        bad_parameter(m, "not an integer");
      return n;
    }
    case Kind::kDouble: {
      char* end = nullptr;
      double d = std::strtod(s.c_str(), &end);
      if (s.empty() || std::isspace(static_cast<unsigned char>(s.front())) ||
          end != s.c_str() + s.size())
        bad_parameter(m, "not a number");
      return d;
    }
    case Kind::kBoolean:
      if (s == "true") return true;
      if (s == "false") return false;
      bad_parameter(m, "not a boolean");
    default:
      return s;
  }
}

}  // namespace

nlohmann::json decode(const Route& route, const HttpRequest& request) {
  const shapes::Shape* input = route.operation->input;
  bool has_body_members = false;
  if (input)
    for (const auto& m : input->members) has_body_members |= m.location == Location::kBody;
  nlohmann::json value =
      has_body_members ? parse_json_object(request.body) : nlohmann::json::object();
  if (!input) return value;

  std::vector<std::pair<std::string, std::string>> query;
  if (!parse_query(request.query(), query))
    throw ApiError("SerializationException", "Malformed percent-encoding in the query string.");

  for (const auto& m : input->members) {
    switch (m.location) {
      case Location::kUri:
        for (const auto& [name, label] : route.labels)
          if (name == m.location_name) value[m.name] = scalar(m, *m.shape, label);
        break;
      case Location::kQuery:
        if (m.shape->kind == Kind::kList) {
          nlohmann::json list = nlohmann::json::array();
          for (const auto& [k, v] : query)
            if (k == m.location_name) list.push_back(scalar(m, *m.shape->element, v));
          if (!list.empty()) value[m.name] = std::move(list);
        } else {
          for (const auto& [k, v] : query)
            if (k == m.location_name) value[m.name] = scalar(m, *m.shape, v);
        }
        break;
      case Location::kHeader: {
        std::string lower = m.location_name;
        for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        auto h = request.header(lower);
        if (!h.empty()) value[m.name] = scalar(m, *m.shape, std::string(h));
        break;
      }
      default:
        break;
    }
  }
  return value;
}

HttpResponse encode(const Route& route, const nlohmann::json& output) {
  HttpResponse response;
  response.status = route.operation->success_code;
  response.set_header("Content-Type", kContentType);
  nlohmann::json body = nlohmann::json::object();
  const shapes::Shape* shape = route.operation->output;
  if (output.is_object()) {
    for (const auto& [k, v] : output.items()) {
      const shapes::Member* m = shape ? shape->member(k) : nullptr;
      if (m && m->location == Location::kStatusCode) continue;  // the HTTP status carries it
      if (m && m->location == Location::kHeader) {
        response.set_header(m->location_name, v.is_string() ? v.get<std::string>() : v.dump());
        continue;
      }
      body[k] = v;
    }
  }
  response.body = dump_json(body);
  return response;
}

HttpResponse encode_error(const shapes::Service* service, const ApiError& error) {
  HttpResponse response;
  response.status = error_status(service, error);
  response.set_header("Content-Type", kContentType);
  response.set_header("x-amzn-ErrorType", error.type);
  nlohmann::json body = {{"message", error.message}};
  const shapes::Shape* shape = service ? service->shape(error.type) : nullptr;
  for (const auto& [k, v] : error.fields.items())
    if (!shape || shape->member(k)) body[k] = v;
  response.body = dump_json(body);
  return response;
}

}  // namespace junction::protocol::rest_json
