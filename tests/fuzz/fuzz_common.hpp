// Shared by the libFuzzer targets: run a raw request through routing, decoding and validation
// (everything before a handler), and encode whatever comes out, as the server would.
#pragma once

#include <cctype>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "server/protocol/codec.hpp"
#include "server/protocol/router.hpp"
#include "server/shapes/api_error.hpp"
#include "server/shapes/validator.hpp"

namespace junction::fuzz {

inline const protocol::Router& router() {
  static const protocol::Router r(shapes::Model::instance());
  return r;
}

// The request path of the dispatcher up to the handler. Any exception other than ApiError is a
// bug (the dispatcher would answer 500 InternalServerException), so it is let through: libFuzzer
// reports it as a crash.
inline void route_decode_validate(const protocol::HttpRequest& request) {
  protocol::Caller caller = protocol::identify(request);
  shapes::Protocol wire = router().protocol_for(request, caller);
  const shapes::Service* service = nullptr;
  try {
    protocol::Route route = router().route(request, caller);
    service = route.service;
    wire = route.wire();
    nlohmann::json input = protocol::decode_request(route, request);
    if (route.operation->input) shapes::validate_or_throw(*route.operation->input, input);
    // What a handler might echo: encode the input as if it were the output.
    auto response = protocol::encode_result(route, input);
    (void)response;
  } catch (const ApiError& e) {
    auto response = protocol::encode_error(wire, service, e);
    (void)response;
  }
}

// Splits off the first line (without its '\n'); `rest` is what follows.
inline std::string_view first_line(std::string_view data, std::string_view& rest) {
  auto nl = data.find('\n');
  if (nl == std::string_view::npos) {
    rest = {};
    return data;
  }
  rest = data.substr(nl + 1);
  return data.substr(0, nl);
}

// A restJson1 request from "METHOD TARGET" (`request_line`) and what follows it: "name: value"
// header lines (names lower-cased, a trailing '\r' dropped), an empty line, and the body.
inline protocol::HttpRequest parse_rest_request(std::string_view request_line,
                                                std::string_view rest) {
  protocol::HttpRequest request;
  auto space = request_line.find(' ');
  request.method = std::string(request_line.substr(0, space));
  request.target =
      space == std::string_view::npos ? "/" : std::string(request_line.substr(space + 1));
  while (!rest.empty()) {
    std::string_view line = first_line(rest, rest);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) break;
    auto colon = line.find(':');
    std::string name(line.substr(0, colon));
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string_view value =
        colon == std::string_view::npos ? std::string_view() : line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    request.headers.emplace_back(std::move(name), std::string(value));
  }
  request.body = std::string(rest);
  return request;
}

}  // namespace junction::fuzz
