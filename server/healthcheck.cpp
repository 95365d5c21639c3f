#include "server/healthcheck.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <iostream>
#include <nlohmann/json.hpp>

#include "server/config.hpp"

namespace junction {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

HealthResult check_health(const std::string& address, std::uint16_t port,
                          std::chrono::milliseconds timeout) {
  HealthResult result;
  beast::error_code ec;
  auto ip = asio::ip::make_address(address, ec);
  if (ec) {
    result.detail = "not a numeric address: " + address;
    return result;
  }
  const tcp::endpoint endpoint(ip, port);
  const std::string host =
      (ip.is_v6() ? "[" + address + "]" : address) + ":" + std::to_string(port);

  asio::io_context ioc;
  beast::tcp_stream stream(ioc);
  beast::flat_buffer buffer;
  http::request<http::empty_body> request{http::verb::get, "/_junction/health", 11};
  request.set(http::field::host, host);
  request.set(http::field::user_agent, "junction-healthcheck");
  request.keep_alive(false);
  http::response_parser<http::string_body> parser;
  parser.body_limit(1 << 20);

  // Each step re-arms the stream's timer with what is left of the one deadline.
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  auto fail = [&](beast::error_code e) {
    result.detail = e == beast::error::timeout ? "timed out" : e.message();
  };
  stream.expires_at(deadline);
  stream.async_connect(endpoint, [&](beast::error_code e) {
    if (e) return fail(e);
    stream.expires_at(deadline);
    http::async_write(stream, request, [&](beast::error_code e, std::size_t) {
      if (e) return fail(e);
      stream.expires_at(deadline);
      http::async_read(stream, buffer, parser, [&](beast::error_code e, std::size_t) {
        if (e) return fail(e);
        const auto& response = parser.get();
        result.status = static_cast<int>(response.result_int());
        result.healthy = response.result() == http::status::ok;
        result.detail = std::to_string(result.status) + " " + std::string(response.reason());
        // An unhealthy storage says why: the line a container's health log keeps.
        auto body = nlohmann::json::parse(response.body(), nullptr, false);
        if (!result.healthy && body.is_object() && body.contains("storage") &&
            body["storage"].is_object() && body["storage"].value("reason", "") != "")
          result.detail += ": storage " + body["storage"]["reason"].get<std::string>();
        beast::error_code ignored;
        stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
      });
    });
  });
  ioc.run();
  return result;
}

std::string health_address(const std::string& host) {
  beast::error_code ec;
  auto ip = asio::ip::make_address(host, ec);
  if (ec || !ip.is_unspecified()) return host;
  return ip.is_v6() ? "::1" : "127.0.0.1";
}

int run_healthcheck(const std::vector<std::string>& args) {
  for (const auto& arg : args)
    if (arg == "--help" || arg == "-h") {
      std::cout << "usage: junction healthcheck [--port N] [--host H]\n\n"
                   "GET /_junction/health of the Junction listening on that port (JUNCTION_PORT,\n"
                   "default 4566) and host (JUNCTION_HOST; 0.0.0.0 and :: are reached on\n"
                   "loopback), within 2 seconds. Exit code 0 when it answers 200, else 1.\n";
      return 0;
    }
  auto parsed = parse_config(args);
  if (parsed.exit) return parsed.exit_code;
  if (!parsed.error.empty()) {
    std::cerr << "junction healthcheck: " << parsed.error << "\n";
    return 1;
  }
  const std::string address = health_address(parsed.config.host);
  const auto result = check_health(address, parsed.config.port);
  const std::string url = "http://" +
                          (address.find(':') != std::string::npos ? "[" + address + "]" : address) +
                          ":" + std::to_string(parsed.config.port) + "/_junction/health";
  if (result.healthy) {
    std::cout << "healthy: " << url << " answered " << result.detail << "\n";
    return 0;
  }
  std::cerr << "unhealthy: " << url << ": " << result.detail << "\n";
  return 1;
}

}  // namespace junction
