// Smithy RPC v2 CBOR, for the awsJson1.1 services: POST /service/<service>/operation/<operation>
// with `smithy-protocol: rpc-v2-cbor` (routed in router.cpp), the input and the output as CBOR
// maps (cbor_body.*), errors as CBOR maps with `__type` and `message`. Every answer carries
// `smithy-protocol: rpc-v2-cbor`; none carries x-amzn-ErrorType, which the protocol leaves out:
// the type travels in the body only.
#include "server/protocol/cbor_body.hpp"
#include "server/protocol/codec.hpp"

namespace junction::protocol::rpc_v2_cbor {

namespace {
constexpr const char* kContentType = "application/cbor";

HttpResponse answer(int status) {
  HttpResponse response;
  response.status = status;
  response.set_header(kSmithyProtocolHeader, kRpcV2CborProtocol);
  return response;
}
}  // namespace

nlohmann::json decode(const Route& route, const HttpRequest& request) {
  return read_cbor_input(request.body, route.operation->input);
}

HttpResponse encode(const Route& route, const nlohmann::json& output) {
  HttpResponse response = answer(200);
  // An operation without output (Smithy's Unit) answers with no body and no content type.
  if (!route.operation->output) return response;
  response.set_header("Content-Type", kContentType);
  response.body =
      write_cbor(output.is_null() ? nlohmann::json::object() : output, route.operation->output);
  return response;
}

HttpResponse encode_error(const shapes::Service* service, const ApiError& error) {
  HttpResponse response = answer(error_status(service, error));
  response.set_header("Content-Type", kContentType);
  const shapes::Shape* shape = service ? service->shape(error.type) : nullptr;
  if (shape && !shape->is_error) shape = nullptr;
  // `__type` is the error's absolute shape id, as the protocol requires, when the model declares
  // it; the errors of the protocol layer itself (SerializationException, ...) have no shape in
  // the model and go by their bare name. SDKs read both.
  nlohmann::json body = {
      {"__type", shape ? smithy_namespace(*service) + "#" + shape->name : error.type},
      {"message", error.message}};
  // The models spell the member `Message`: SDKs that read the error into its modeled type look
  // for that, those that read only the protocol's fields for `message`.
  if (shape && shape->member("Message")) body["Message"] = error.message;
  for (const auto& [k, v] : error.fields.items())
    if (!shape || shape->member(k)) body[k] = v;
  response.body = write_cbor(body, shape);
  return response;
}

}  // namespace junction::protocol::rpc_v2_cbor
