// `junction healthcheck` (the container health check): check_health against a real server on an
// ephemeral port (healthy, also with the control plane off or token-guarded), a closed port, a
// port that never answers, and a server answering 503 (all unhealthy).
#include "server/healthcheck.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>
#include <catch2/catch.hpp>
#include <chrono>
#include <string>
#include <thread>

#include "server/app.hpp"
#include "server/logging.hpp"

using junction::App;
using junction::check_health;
using junction::Config;
using junction::health_address;

namespace {

Config test_config() {
  junction::log::configure(junction::log::Level::kError, junction::log::Format::kText);
  Config config;
  config.host = "127.0.0.1";
  config.port = 0;
  config.ephemeral = true;
  config.threads = 1;
  return config;
}

// A port on which nothing listens: bind one, note it, close it.
std::uint16_t closed_port() {
  boost::asio::io_context ioc;
  boost::asio::ip::tcp::acceptor acceptor(ioc, {boost::asio::ip::make_address("127.0.0.1"), 0});
  return acceptor.local_endpoint().port();
}

}  // namespace

TEST_CASE("healthcheck: a running server is healthy") {
  App app(test_config());
  app.start();
  auto result = check_health("127.0.0.1", app.port());
  CHECK(result.healthy);
  CHECK(result.status == 200);
  CHECK(result.detail == "200 OK");
  app.stop();
}

TEST_CASE("healthcheck: health stays open with the control plane off or token-guarded") {
  Config config = test_config();
  config.no_control_plane = true;
  App off(config);
  off.start();
  CHECK(check_health("127.0.0.1", off.port()).healthy);
  off.stop();

  config = test_config();
  config.admin_token = "secret";
  App guarded(config);
  guarded.start();
  CHECK(check_health("127.0.0.1", guarded.port()).healthy);
  guarded.stop();
}

TEST_CASE("healthcheck: a closed port is unhealthy, without waiting") {
  auto started = std::chrono::steady_clock::now();
  auto result = check_health("127.0.0.1", closed_port());
  CHECK_FALSE(result.healthy);
  CHECK(result.status == 0);
  CHECK_FALSE(result.detail.empty());
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(1));
}

TEST_CASE("healthcheck: a server that never answers is unhealthy after the timeout") {
  // Listening but never accepting: the connection completes in the backlog, no answer comes.
  boost::asio::io_context ioc;
  boost::asio::ip::tcp::acceptor silent(ioc, {boost::asio::ip::make_address("127.0.0.1"), 0});
  auto started = std::chrono::steady_clock::now();
  auto result =
      check_health("127.0.0.1", silent.local_endpoint().port(), std::chrono::milliseconds(300));
  auto took = std::chrono::steady_clock::now() - started;
  CHECK_FALSE(result.healthy);
  CHECK(result.detail == "timed out");
  CHECK(took >= std::chrono::milliseconds(250));
  CHECK(took < std::chrono::seconds(2));
}

TEST_CASE("healthcheck: an answer other than 200 is unhealthy") {
  // A one-shot server that answers 503 to whatever it is asked.
  boost::asio::io_context ioc;
  boost::asio::ip::tcp::acceptor acceptor(ioc, {boost::asio::ip::make_address("127.0.0.1"), 0});
  std::thread server([&] {
    boost::asio::ip::tcp::socket socket(ioc);
    acceptor.accept(socket);
    boost::asio::streambuf request;
    boost::asio::read_until(socket, request, "\r\n\r\n");
    const std::string answer =
        "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
    boost::asio::write(socket, boost::asio::buffer(answer));
  });
  auto result = check_health("127.0.0.1", acceptor.local_endpoint().port());
  server.join();
  CHECK_FALSE(result.healthy);
  CHECK(result.status == 503);
  CHECK(result.detail == "503 Service Unavailable");
}

TEST_CASE("healthcheck: only numeric addresses, nothing is resolved") {
  auto result = check_health("localhost", 4566);
  CHECK_FALSE(result.healthy);
  CHECK(result.detail == "not a numeric address: localhost");
}

TEST_CASE("healthcheck: wildcard hosts are reached on loopback") {
  CHECK(health_address("0.0.0.0") == "127.0.0.1");
  CHECK(health_address("::") == "::1");
  CHECK(health_address("127.0.0.1") == "127.0.0.1");
  CHECK(health_address("10.1.2.3") == "10.1.2.3");
  CHECK(health_address("::1") == "::1");
}
