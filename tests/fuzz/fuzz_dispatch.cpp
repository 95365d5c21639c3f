// libFuzzer target: whole API calls, handlers and SQLite included, as the dispatcher runs them,
// on an in-memory database emptied before each input (as POST /_junction/reset does). Input:
// requests separated by lines "----"; each is
//   A <target>\n<body>                            (awsJson1.1, signed for its service)
//   R <METHOD> <path>\n<name: value lines>\n\n<body>   (restJson1)
// so that one input can create something and then use it. Any exception escaping the dispatcher,
// any 5xx answer, and any sanitizer report is a failure.
#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "fuzz_common.hpp"
#include "server/dispatcher.hpp"
#include "server/logging.hpp"
#include "storage/state_store.hpp"

namespace {

using namespace junction;

std::string signing_name_of(std::string_view target) {
  if (target.rfind("SWBExternalService.", 0) == 0) return "sso";
  if (target.rfind("PhotonAdminProxyService.", 0) == 0) return "appstream";
  return "";
}

protocol::HttpRequest parse_request(std::string_view text) {
  protocol::HttpRequest request;
  std::string_view rest;
  std::string_view line = fuzz::first_line(text, rest);
  if (line.size() >= 2 && line[0] == 'A' && line[1] == ' ') {
    std::string_view target = line.substr(2);
    request.method = "POST";
    request.target = "/";
    request.headers.emplace_back("content-type", "application/x-amz-json-1.1");
    request.headers.emplace_back("x-amz-target", std::string(target));
    std::string signing = signing_name_of(target);
    if (!signing.empty())
      request.headers.emplace_back("authorization",
                                   "AWS4-HMAC-SHA256 Credential=111111111111/20260101/us-east-1/" +
                                       signing + "/aws4_request, Signature=0");
    request.body = std::string(rest);
    return request;
  }
  if (line.size() >= 2 && line[0] == 'R') line.remove_prefix(std::min<std::size_t>(2, line.size()));
  return fuzz::parse_rest_request(line, rest);
}

struct World {
  storage::Database database{""};
  storage::StateStore state{database};
  handlers::Settings settings;
  Dispatcher dispatcher{shapes::Model::instance(), database, settings};
};

World& world() {
  static World* w = new World();  // never destroyed: libFuzzer exits without unwinding
  return *w;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  log::configure(log::Level::kError, log::Format::kText);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  World& w = world();
  w.state.reset({});
  int calls = 0;
  while (!input.empty() && calls++ < 16) {
    auto end = input.find("\n----\n");
    std::string_view one = input.substr(0, end);
    input = end == std::string_view::npos ? std::string_view() : input.substr(end + 6);
    CallRecord record;
    auto response = w.dispatcher.handle(parse_request(one), record);
    // The dispatcher answers a fault of ours as 500 InternalServerException; LMUS documents its
    // ConflictException as a 500; 501 is an operation Junction does not implement.
    if (response.status >= 500 && response.status != 501 &&
        record.error_type != "ConflictException") {
      std::fprintf(stderr, "%d %s %s: %s\n", response.status, record.operation.c_str(),
                   record.error_type.c_str(), record.error_message.c_str());
      std::abort();
    }
  }
  return 0;
}
