// libFuzzer target: an awsJson1.1 request (SSO Admin, AppStream) routed, decoded and validated.
// Input: the X-Amz-Target value, a newline, then the body. A target line starting with '@'
// also gives the Authorization credential scope: "@<signing name> <target>".
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace junction;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::string_view body;
  std::string_view target = fuzz::first_line(input, body);
  protocol::HttpRequest request;
  request.method = "POST";
  request.target = "/";
  request.headers.emplace_back("content-type", "application/x-amz-json-1.1");
  if (!target.empty() && target.front() == '@') {
    auto space = target.find(' ');
    std::string_view signing =
        target.substr(1, space == std::string_view::npos ? target.npos : space - 1);
    target = space == std::string_view::npos ? std::string_view() : target.substr(space + 1);
    request.headers.emplace_back("authorization",
                                 "AWS4-HMAC-SHA256 Credential=111111111111/20260101/us-east-1/" +
                                     std::string(signing) + "/aws4_request, Signature=0");
  }
  request.headers.emplace_back("x-amz-target", std::string(target));
  request.body = std::string(body);
  fuzz::route_decode_validate(request);
  return 0;
}
