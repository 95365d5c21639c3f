// libFuzzer target: a Smithy RPC v2 CBOR request (SSO Admin, AppStream) routed, decoded,
// validated and encoded. Input: "<service>.<operation>" (the path's two names), a newline, then
// the CBOR body; a first line starting with '@' also gives the credential scope's signing name:
// "@<signing name> <service>.<operation>".
//
// Beyond not crashing, a body that reads must read back the same after being written along the
// same shape (the writer is the reader's inverse on what the reader accepts); a difference aborts.
#include <cmath>
#include <cstdlib>

#include "fuzz_common.hpp"
#include "server/protocol/cbor_body.hpp"

namespace {

using nlohmann::json;

// Equal as the protocol sees values: null members of maps are absent, numbers compare by value
// (a whole-second float timestamp is written as an integer), NaN equals NaN.
bool equivalent(const json& a, const json& b) {
  if (a.is_number() && b.is_number()) {
    if (a.is_number_float() || b.is_number_float()) {
      double x = a.get<double>(), y = b.get<double>();
      return x == y || (std::isnan(x) && std::isnan(y));
    }
    return a == b;
  }
  if (a.type() != b.type()) return false;
  if (a.is_object()) {
    for (const auto* side : {&a, &b}) {
      const json& other = side == &a ? b : a;
      for (const auto& [k, v] : side->items()) {
        auto it = other.find(k);
        bool absent = it == other.end() || it->is_null();
        if (v.is_null() ? !absent : absent || !equivalent(v, *it)) return false;
      }
    }
    return true;
  }
  if (a.is_array()) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
      if (!equivalent(a[i], b[i])) return false;
    return true;
  }
  return a == b;
}

void round_trip(const std::string& body, const junction::shapes::Shape* input) {
  json first;
  try {
    first = junction::protocol::read_cbor_input(body, input);
  } catch (const junction::ApiError&) {
    return;
  }
  json again =
      junction::protocol::read_cbor_input(junction::protocol::write_cbor(first, input), input);
  if (!equivalent(first, again)) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace junction;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::string_view body;
  std::string_view names = fuzz::first_line(input, body);
  protocol::HttpRequest request;
  request.method = "POST";
  if (!names.empty() && names.front() == '@') {
    auto space = names.find(' ');
    std::string_view signing =
        names.substr(1, space == std::string_view::npos ? names.npos : space - 1);
    names = space == std::string_view::npos ? std::string_view() : names.substr(space + 1);
    request.headers.emplace_back("authorization",
                                 "AWS4-HMAC-SHA256 Credential=111111111111/20260101/us-east-1/" +
                                     std::string(signing) + "/aws4_request, Signature=0");
  }
  auto dot = names.rfind('.');  // the service may be an absolute id, dots and all
  request.target = "/service/" + std::string(names.substr(0, dot)) + "/operation/" +
                   std::string(dot == std::string_view::npos ? "" : names.substr(dot + 1));
  request.headers.emplace_back("smithy-protocol", "rpc-v2-cbor");
  request.headers.emplace_back("content-type", "application/cbor");
  request.body = std::string(body);
  fuzz::route_decode_validate(request);

  // The reader and writer alone, along the operation's shape when the path names one.
  const shapes::Shape* shape = nullptr;
  try {
    shape = fuzz::router().route(request, protocol::identify(request)).operation->input;
  } catch (const ApiError&) {
  }
  round_trip(request.body, shape);
  return 0;
}
