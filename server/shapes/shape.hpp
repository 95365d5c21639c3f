// The shape DSL at run time: services, operations and shapes linked into one graph, built from the
// generated tables of server/shapes/models/. Immutable after start-up, shared by all threads.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/shapes/model_tables.hpp"
#include "server/shapes/pattern.hpp"

namespace junction::shapes {

struct Shape;

struct Member {
  std::string name;
  const Shape* shape = nullptr;
  bool required = false;
  bool idempotency_token = false;
  Location location = Location::kBody;
  std::string location_name;  // the URI label, query key or header name
};

struct Shape {
  std::string name;
  Kind kind = Kind::kString;
  bool sensitive = false;
  bool holds_sensitive = false;  // it, or a shape anywhere inside it, is sensitive
  bool is_error = false;
  bool is_fault = false;
  std::optional<std::int64_t> min;
  std::optional<std::int64_t> max;
  std::unique_ptr<Pattern> pattern;
  std::vector<std::string> enum_values;
  std::vector<Member> members;     // structure and union
  const Shape* element = nullptr;  // list member, or map key
  const Shape* value = nullptr;    // map value
  int http_status = 0;             // error shapes: the model's httpStatusCode, 0 when none
  std::string error_code;          // error shapes: the wire code when it differs from the name

  const Member* member(std::string_view member_name) const;
};

struct Service;

struct Operation {
  std::string name;
  const Service* service = nullptr;
  std::string method;
  std::string uri;  // the request URI template, e.g. /permission-group/{permissionGroupId}
  int success_code = 200;
  const Shape* input = nullptr;
  const Shape* output = nullptr;
  std::vector<const Shape*> errors;
};

struct Service {
  std::string sdk_name;  // botocore's name: sso-admin, finspace-data, ...
  std::string api_version;
  Protocol protocol = Protocol::kAwsJson11;
  std::string signing_name;
  std::string target_prefix;
  std::string endpoint_prefix;
  std::vector<std::unique_ptr<Shape>> shapes;
  std::vector<Operation> operations;

  const Operation* operation(std::string_view name) const;
  const Shape* shape(std::string_view name) const;
};

// Every service of the product, linked from the generated tables once per process.
class Model {
 public:
  static const Model& instance();
  explicit Model(const std::vector<const ServiceDef*>& defs);

  const std::vector<std::unique_ptr<Service>>& services() const { return services_; }
  const Service* by_sdk_name(std::string_view name) const;
  const Service* by_signing_name(std::string_view name) const;
  const Service* by_target_prefix(std::string_view prefix) const;

 private:
  std::vector<std::unique_ptr<Service>> services_;
};

// The member name as AWS writes it in validation messages: lower camel case.
std::string lower_camel(std::string_view name);

}  // namespace junction::shapes
