// Finds the operation a request calls (SPEC §1): by the SigV4 credential scope's signing name,
// else the X-Amz-Target prefix, else a unique REST path match; a Smithy RPC v2 CBOR request
// (header `smithy-protocol: rpc-v2-cbor`) by its path /service/<name>/operation/<operation>.
// And the caller's account and region from the credential scope.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "server/protocol/http_message.hpp"
#include "server/shapes/shape.hpp"

namespace junction::protocol {

inline constexpr const char* kDefaultAccount = "000000000000";
inline constexpr const char* kDefaultRegion = "us-east-1";

// Smithy RPC v2 CBOR requests carry `smithy-protocol: rpc-v2-cbor`, and so does every answer.
inline constexpr const char* kSmithyProtocolHeader = "smithy-protocol";
inline constexpr const char* kRpcV2CborProtocol = "rpc-v2-cbor";
bool is_rpc_v2_cbor(const HttpRequest& request);

// The Smithy namespace of a service's shapes, `com.amazonaws.` and the SDK name without its
// dashes (com.amazonaws.ssoadmin, com.amazonaws.appstream): errors are named by shape id in it.
std::string smithy_namespace(const shapes::Service& service);

struct Caller {
  std::string access_key;
  std::string account = kDefaultAccount;
  std::string region = kDefaultRegion;
  std::string signing_service;  // empty for unsigned requests
};

// Reads the Authorization header (or presigned X-Amz-Credential); unsigned → defaults.
Caller identify(const HttpRequest& request);

struct Route {
  const shapes::Service* service = nullptr;
  const shapes::Operation* operation = nullptr;
  std::vector<std::pair<std::string, std::string>> labels;  // URI labels, percent-decoded
  // Set when the call came as Smithy RPC v2 CBOR rather than in the service's own protocol.
  bool rpc_v2_cbor = false;

  // The wire protocol to decode the call from and to answer it in.
  shapes::Protocol wire() const {
    return rpc_v2_cbor ? shapes::Protocol::kRpcV2Cbor : service->protocol;
  }
};

class Router {
 public:
  explicit Router(const shapes::Model& model);

  // Throws ApiError: UnknownOperationException (400) for what no operation of a known service
  // matches, NotImplemented (501) for a service Junction does not emulate.
  Route route(const HttpRequest& request, const Caller& caller) const;

  // The wire protocol to answer in before (or without) a route.
  shapes::Protocol protocol_for(const HttpRequest& request, const Caller& caller) const;

 private:
  struct Segment {
    enum Kind { kLiteral, kLabel, kGreedy } kind;
    std::string text;  // the literal, or the label name
  };
  struct Template {
    const shapes::Operation* operation;
    std::vector<Segment> segments;
    std::vector<std::pair<std::string, std::string>> query;  // literal query the URI requires
    int literals = 0;
  };
  Route route_rpc_v2_cbor(const HttpRequest& request, const shapes::Service* signed_for) const;
  bool match(const Template& t, const std::vector<std::string>& path,
             const std::vector<std::pair<std::string, std::string>>& query, Route& out) const;

  const shapes::Model& model_;
  std::vector<Template> templates_;  // every restJson1 operation
};

}  // namespace junction::protocol
