// awsJson1.1: POST / with X-Amz-Target, the input as the JSON body, the output as the JSON body,
// errors as {"__type", "Message"} plus the x-amzn-ErrorType header.
#include "server/protocol/codec.hpp"
#include "server/protocol/json_body.hpp"

namespace junction::protocol::aws_json {

namespace {
constexpr const char* kContentType = "application/x-amz-json-1.1";
}

nlohmann::json decode(const Route&, const HttpRequest& request) {
  return parse_json_object(request.body);
}

HttpResponse encode(const Route&, const nlohmann::json& output) {
  HttpResponse response;
  response.status = 200;
  response.set_header("Content-Type", kContentType);
  response.body = output.is_null() ? "{}" : dump_json(output);
  return response;
}

HttpResponse encode_error(const shapes::Service* service, const ApiError& error) {
  HttpResponse response;
  response.status = error_status(service, error);
  response.set_header("Content-Type", kContentType);
  response.set_header("x-amzn-ErrorType", error.type);
  nlohmann::json body = {{"__type", error.type}, {"Message", error.message}};
  const shapes::Shape* shape = service ? service->shape(error.type) : nullptr;
  for (const auto& [k, v] : error.fields.items())
    if (!shape || shape->member(k)) body[k] = v;
  response.body = dump_json(body);
  return response;
}

}  // namespace junction::protocol::aws_json
