// The three wire protocols of the product: awsJson1.1 (SSO Admin, AppStream), restJson1
// (FinSpace Data, License Manager User Subscriptions) and Smithy RPC v2 CBOR (the awsJson1.1
// services again, for the SDKs that speak it). Each decodes a routed request into the
// operation's input as one JSON object keyed by member name, and encodes a result or an error;
// a call is answered in the protocol it came in.
#pragma once

#include <nlohmann/json.hpp>

#include "server/protocol/http_message.hpp"
#include "server/protocol/router.hpp"
#include "server/shapes/api_error.hpp"

namespace junction::protocol {

// Throws ApiError SerializationException for a body or parameter that cannot be read.
nlohmann::json decode_request(const Route& route, const HttpRequest& request);

HttpResponse encode_result(const Route& route, const nlohmann::json& output);

// `service` may be null when the request matched no service.
HttpResponse encode_error(shapes::Protocol protocol, const shapes::Service* service,
                          const ApiError& error);

// The status code rules of SPEC §1: the model's httpStatusCode; else 500 for faults
// (InternalServerException, LMUS ConflictException); else 400.
int error_status(const shapes::Service* service, const ApiError& error);

namespace aws_json {
nlohmann::json decode(const Route& route, const HttpRequest& request);
HttpResponse encode(const Route& route, const nlohmann::json& output);
HttpResponse encode_error(const shapes::Service* service, const ApiError& error);
}  // namespace aws_json

namespace rest_json {
nlohmann::json decode(const Route& route, const HttpRequest& request);
HttpResponse encode(const Route& route, const nlohmann::json& output);
HttpResponse encode_error(const shapes::Service* service, const ApiError& error);
}  // namespace rest_json

namespace rpc_v2_cbor {
nlohmann::json decode(const Route& route, const HttpRequest& request);
HttpResponse encode(const Route& route, const nlohmann::json& output);
HttpResponse encode_error(const shapes::Service* service, const ApiError& error);
}  // namespace rpc_v2_cbor

}  // namespace junction::protocol
