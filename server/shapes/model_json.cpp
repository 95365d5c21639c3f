#include "server/shapes/model_json.hpp"

namespace junction::shapes {

namespace {

const char* kind_name(Kind kind) {
  switch (kind) {
    case Kind::kString:
      return "string";
    case Kind::kInteger:
      return "integer";
    case Kind::kLong:
      return "long";
    case Kind::kBoolean:
      return "boolean";
    case Kind::kTimestamp:
      return "timestamp";
    case Kind::kBlob:
      return "blob";
    case Kind::kDouble:
      return "double";
    case Kind::kList:
      return "list";
    case Kind::kMap:
      return "map";
    case Kind::kStructure:
      return "structure";
    case Kind::kUnion:
      return "union";
    case Kind::kDocument:
      return "document";
  }
  return "?";
}

const char* location_name(Location location) {
  switch (location) {
    case Location::kUri:
      return "uri";
    case Location::kQuery:
      return "querystring";
    case Location::kHeader:
      return "header";
    case Location::kHeaders:
      return "headers";
    case Location::kStatusCode:
      return "statusCode";
    default:
      return "body";
  }
}

nlohmann::json shape_json(const Shape& s) {
  nlohmann::json out = {{"type", kind_name(s.kind)}};
  if (s.min) out["min"] = *s.min;
  if (s.max) out["max"] = *s.max;
  if (s.pattern) out["pattern"] = s.pattern->source();
  if (!s.enum_values.empty()) out["enum"] = s.enum_values;
  if (s.sensitive) out["sensitive"] = true;
  if (s.is_error) out["exception"] = true;
  if (s.is_fault) out["fault"] = true;
  if (s.http_status) out["httpStatusCode"] = s.http_status;
  if (s.element) out[s.kind == Kind::kMap ? "key" : "member"] = s.element->name;
  if (s.value) out["value"] = s.value->name;
  if (s.kind == Kind::kStructure || s.kind == Kind::kUnion) {
    nlohmann::json members = nlohmann::json::object();
    for (const auto& m : s.members) {
      nlohmann::json mj = {{"shape", m.shape->name}, {"location", location_name(m.location)}};
      if (m.required) mj["required"] = true;
      if (m.idempotency_token) mj["idempotencyToken"] = true;
      if (m.location != Location::kBody) mj["locationName"] = m.location_name;
      members[m.name] = mj;
    }
    out["members"] = members;
  }
  return out;
}

}  // namespace

nlohmann::json describe_model(const Model& model,
                              const std::function<bool(const Operation&)>& implemented) {
  nlohmann::json services = nlohmann::json::object();
  for (const auto& service : model.services()) {
    nlohmann::json ops = nlohmann::json::object();
    for (const auto& op : service->operations) {
      nlohmann::json errors = nlohmann::json::array();
      for (const auto* e : op.errors) errors.push_back(e->name);
      ops[op.name] = {{"method", op.method},
                      {"requestUri", op.uri},
                      {"responseCode", op.success_code},
                      {"input", op.input ? op.input->name : ""},
                      {"output", op.output ? op.output->name : ""},
                      {"errors", errors},
                      {"implemented", implemented(op)}};
    }
    nlohmann::json shapes = nlohmann::json::object();
    for (const auto& s : service->shapes) shapes[s->name] = shape_json(*s);
    services[service->sdk_name] = {
        {"apiVersion", service->api_version},
        {"protocol", service->protocol == Protocol::kAwsJson11 ? "json" : "rest-json"},
        {"signingName", service->signing_name},
        {"targetPrefix", service->target_prefix},
        {"operations", ops},
        {"shapes", shapes}};
  }
  return services;
}

}  // namespace junction::shapes
