#include "server/protocol/codec.hpp"

namespace junction::protocol {

nlohmann::json decode_request(const Route& route, const HttpRequest& request) {
  switch (route.wire()) {
    case shapes::Protocol::kAwsJson11:
      return aws_json::decode(route, request);
    case shapes::Protocol::kRpcV2Cbor:
      return rpc_v2_cbor::decode(route, request);
    default:
      return rest_json::decode(route, request);
  }
}

HttpResponse encode_result(const Route& route, const nlohmann::json& output) {
  switch (route.wire()) {
    case shapes::Protocol::kAwsJson11:
      return aws_json::encode(route, output);
    case shapes::Protocol::kRpcV2Cbor:
      return rpc_v2_cbor::encode(route, output);
    default:
      return rest_json::encode(route, output);
  }
}

HttpResponse encode_error(shapes::Protocol protocol, const shapes::Service* service,
                          const ApiError& error) {
  switch (protocol) {
    case shapes::Protocol::kAwsJson11:
      return aws_json::encode_error(service, error);
    case shapes::Protocol::kRpcV2Cbor:
      return rpc_v2_cbor::encode_error(service, error);
    default:
      return rest_json::encode_error(service, error);
  }
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
