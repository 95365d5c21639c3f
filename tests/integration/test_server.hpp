// A real Junction server in-process on an ephemeral port, with a fresh temporary database, and a
// small blocking HTTP/1.1 client (keep-alive) to speak to it.
#pragma once

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <string>

#include "server/app.hpp"
#include "server/logging.hpp"

namespace junction::testing {

struct Response {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  nlohmann::json json() const { return nlohmann::json::parse(body); }
  std::string header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
};

class TestServer {
 public:
  explicit TestServer(Config config = {}) {
    log::configure(log::Level::kWarn, log::Format::kText);
    dir_ = std::filesystem::temp_directory_path() /
           ("junction-it-" + std::to_string(std::random_device{}()));
    config.host = "127.0.0.1";
    config.port = 0;
    config.threads = 2;
    // Tests of the HTTP layer use made-up principal ids; the identity store behind them is the
    // end-to-end tests' subject (tests/e2e/test_sso_admin_principals.py).
    config.lenient_principals = true;
    if (config.data_dir.empty() && !config.ephemeral) config.data_dir = dir_.string();
    config_ = config;
    app_ = std::make_unique<App>(config_);
    app_->start();
  }
  ~TestServer() {
    app_.reset();
    std::filesystem::remove_all(dir_);
  }
  std::uint16_t port() const { return app_->port(); }
  const Config& config() const { return config_; }
  // Stops the server and starts a new one on the same data directory.
  void restart() {
    app_.reset();
    app_ = std::make_unique<App>(config_);
    app_->start();
  }

 private:
  std::filesystem::path dir_;
  Config config_;
  std::unique_ptr<App> app_;
};

class HttpClient {
 public:
  explicit HttpClient(std::uint16_t port) : stream_(ioc_) {
    stream_.connect(
        boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port));
  }
  ~HttpClient() {
    boost::beast::error_code ec;
    stream_.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_both, ec);
  }

  Response request(const std::string& method, const std::string& target, const std::string& body,
                   const std::map<std::string, std::string>& headers = {}) {
    namespace http = boost::beast::http;
    http::request<http::string_body> req{http::string_to_verb(method), target, 11};
    req.set(http::field::host, "localhost");
    for (const auto& [k, v] : headers) req.set(k, v);
    req.body() = body;
    req.prepare_payload();
    http::write(stream_, req);
    http::response<http::string_body> res;
    http::read(stream_, buffer_, res);
    Response out;
    out.status = static_cast<int>(res.result_int());
    for (const auto& f : res) {
      std::string name(f.name_string());
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      out.headers[name] = std::string(f.value());
    }
    out.body = res.body();
    return out;
  }

  // An awsJson1.1 call, signed-looking so that account and region are read from the scope.
  Response aws_json(const std::string& target, const nlohmann::json& input,
                    const std::string& key = "AKIDEXAMPLE", const std::string& region = "us-east-1",
                    const std::string& signing_name = "sso") {
    return request(
        "POST", "/", input.dump(),
        {{"X-Amz-Target", target},
         {"Content-Type", "application/x-amz-json-1.1"},
         {"Authorization", "AWS4-HMAC-SHA256 Credential=" + key + "/20261121/" + region + "/" +
                               signing_name + "/aws4_request, SignedHeaders=host, Signature=0"}});
  }

 private:
  boost::asio::io_context ioc_;
  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
};

}  // namespace junction::testing
