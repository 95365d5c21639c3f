// A tiny blocking HTTP/1.1 client for integration tests (Boost.Beast): one request per call on
// a fresh connection to 127.0.0.1:<port>, or several on one kept-alive connection.
//
//   junction::test::HttpClient http(app.port());
//   auto r = http.post("/_junction/reset");
//   REQUIRE(r.status == 200);
//   auto body = r.json();
//   auto r2 = http.aws_json("sso-admin", "SWBExternalService.ListInstances", "{}",
//                           "111111111111", "eu-west-1");
#pragma once

#include <sys/socket.h>
#include <sys/time.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace junction::test {

struct HttpResult {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // names in lower case
  std::string body;

  // The header's value, or empty.
  std::string header(const std::string& lower_name) const {
    for (const auto& [k, v] : headers)
      if (k == lower_name) return v;
    return {};
  }
  nlohmann::json json() const { return nlohmann::json::parse(body); }
};

class HttpClient {
 public:
  using Headers = std::vector<std::pair<std::string, std::string>>;

  // keep_alive: reuse one connection for every request of this client.
  explicit HttpClient(std::uint16_t port, bool keep_alive = false)
      : port_(port), keep_alive_(keep_alive) {}
  ~HttpClient() { close(); }
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Headers given here are sent with every request (e.g. Authorization).
  void set_default_header(std::string name, std::string value) {
    defaults_.emplace_back(std::move(name), std::move(value));
  }

  HttpResult request(const std::string& method, const std::string& target,
                     const std::string& body = {}, const Headers& headers = {}) {
    namespace http = boost::beast::http;
    if (!stream_) connect();
    http::request<http::string_body> req;
    req.method_string(method);
    req.target(target);
    req.version(11);
    req.set(http::field::host, "127.0.0.1:" + std::to_string(port_));
    req.keep_alive(keep_alive_);
    for (const auto& [k, v] : defaults_) req.set(k, v);
    for (const auto& [k, v] : headers) req.set(k, v);
    req.body() = body;
    if (!body.empty() || method == "POST" || method == "PUT") req.prepare_payload();
    http::write(*stream_, req);

    boost::beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(64u << 20);
    if (method == "HEAD") parser.skip(true);
    http::read(*stream_, buffer, parser);
    auto& res = parser.get();
    HttpResult out;
    out.status = static_cast<int>(res.result_int());
    for (const auto& field : res) {
      std::string name(field.name_string());
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      out.headers.emplace_back(std::move(name), std::string(field.value()));
    }
    out.body = std::move(res.body());
    if (!keep_alive_ || !res.keep_alive()) close();
    return out;
  }

  HttpResult get(const std::string& target, const Headers& headers = {}) {
    return request("GET", target, {}, headers);
  }
  HttpResult post(const std::string& target, const std::string& body = {},
                  const Headers& headers = {}) {
    return request("POST", target, body, headers);
  }
  HttpResult post_json(const std::string& target, const nlohmann::json& body,
                       const Headers& headers = {}) {
    return request("POST", target, body.dump(), headers);
  }
  HttpResult del(const std::string& target, const Headers& headers = {}) {
    return request("DELETE", target, {}, headers);
  }

  // A SigV4-shaped Authorization header (not a real signature: Junction reads the access key
  // and the credential scope) for `access_key` in `region`, signing name `signing_name`.
  static std::string authorization(const std::string& access_key, const std::string& region,
                                   const std::string& signing_name) {
    return "AWS4-HMAC-SHA256 Credential=" + access_key + "/20260101/" + region + "/" +
           signing_name +
           "/aws4_request, SignedHeaders=host;x-amz-date, Signature=" + std::string(64, '0');
  }

  // An awsJson1.1 call, e.g. target "SWBExternalService.ListInstances", signing name "sso".
  HttpResult aws_json(const std::string& signing_name, const std::string& target,
                      const std::string& body, const std::string& access_key = "AKIDEXAMPLE",
                      const std::string& region = "us-east-1") {
    return request("POST", "/", body,
                   {{"Content-Type", "application/x-amz-json-1.1"},
                    {"X-Amz-Target", target},
                    {"Authorization", authorization(access_key, region, signing_name)}});
  }

  // A restJson1 call.
  HttpResult rest_json(const std::string& signing_name, const std::string& method,
                       const std::string& target, const std::string& body = {},
                       const std::string& access_key = "AKIDEXAMPLE",
                       const std::string& region = "us-east-1") {
    Headers headers = {{"Authorization", authorization(access_key, region, signing_name)}};
    if (!body.empty()) headers.emplace_back("Content-Type", "application/json");
    return request(method, target, body, headers);
  }

 private:
  void connect() {
    namespace asio = boost::asio;
    stream_ = std::make_unique<boost::beast::tcp_stream>(io_);
    stream_->expires_never();
    stream_->connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port_));
    // Blocking reads have no deadline of their own: a hung server fails the test instead.
    timeval timeout{30, 0};
    ::setsockopt(stream_->socket().native_handle(), SOL_SOCKET, SO_RCVTIMEO, &timeout,
                 sizeof timeout);
  }
  void close() {
    if (!stream_) return;
    boost::beast::error_code ignored;
    stream_->socket().shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
    stream_->close();
    stream_.reset();
  }

  boost::asio::io_context io_;
  std::uint16_t port_;
  bool keep_alive_;
  Headers defaults_;
  std::unique_ptr<boost::beast::tcp_stream> stream_;
};

}  // namespace junction::test
