#include "server/protocol/codec.hpp"

namespace junction::protocol {

nlohmann::json decode_request(const Route& route, const HttpRequest& request) {
  return route.service->protocol == shapes::Protocol::kAwsJson11
             ? aws_json::decode(route, request)
             : rest_json::decode(route, request);
}

HttpResponse encode_result(const Route& route, const nlohmann::json& output) {
  return route.service->protocol == shapes::Protocol::kAwsJson11 ? aws_json::encode(route, output)
                                                                 : rest_json::encode(route, output);
}

HttpResponse encode_error(shapes::Protocol protocol, const shapes::Service* service,
                          const ApiError& error) {
  return protocol == shapes::Protocol::kAwsJson11 ? aws_json::encode_error(service, error)
                                                  : rest_json::encode_error(service, error);
}

int error_status(const shapes::Service* service, const ApiError& error) {
  if (error.status_override) return error.status_override;
  if (service) {
    const shapes::Shape* shape = service->shape(error.type);
    if (shape && shape->is_error) {
      if (shape->http_status) return shape->http_status;
      return shape->is_fault ? 500 : 400;
    }
  }
  if (error.type == "InternalServerException" || error.type == "InternalFailure") return 500;
  return 400;
}

}  // namespace junction::protocol
