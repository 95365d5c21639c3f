// The HTTP front on its own, with handlers that misbehave.
#include "server/http_server.hpp"

#include <catch2/catch.hpp>
#include <stdexcept>

#include "http_client.hpp"
#include "server/logging.hpp"

using namespace junction;
using junction::test::HttpClient;

TEST_CASE("a handler that throws costs one 500, never a worker thread", "[http]") {
  log::configure(log::Level::kError, log::Format::kText);
  ServerOptions options;
  options.port = 0;
  options.threads = 2;
  HttpServer server(options, [](const protocol::HttpRequest& request) -> protocol::HttpResponse {
    if (request.target == "/throw") throw std::runtime_error("boom");
    if (request.target == "/throw-int") throw 42;
    protocol::HttpResponse ok;
    ok.body = "ok";
    return ok;
  });
  server.start();
  // More failures than there are worker threads: each would have ended one.
  for (int i = 0; i < 6; ++i) {
    HttpClient c(server.port());
    auto r = c.get(i % 2 ? "/throw" : "/throw-int");
    CHECK(r.status == 500);
    CHECK(r.header("x-amzn-errortype") == "InternalFailure");
    CHECK(r.header("x-amzn-requestid").size() == 36);
  }
  HttpClient c(server.port());
  auto r = c.get("/fine");
  CHECK(r.status == 200);
  CHECK(r.body == "ok");
  server.stop();
}
