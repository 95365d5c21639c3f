#include "server/app.hpp"

#include "server/logging.hpp"

namespace junction {

App::App(const Config& config) : config_(config) {
  settings_.sso_delay_ms = config.sso_delay_ms;
  database_ = std::make_unique<storage::Database>(config.database_path());
  dispatcher_ = std::make_unique<Dispatcher>(shapes::Model::instance(), *database_, settings_);
  control_ = std::make_unique<ControlPlane>(shapes::Model::instance(), *dispatcher_, *database_);
  ServerOptions options;
  options.host = config.host;
  options.port = config.port;
  options.threads = config.threads;
  options.max_body_bytes = config.max_body_bytes;
  options.max_header_bytes = config.max_header_bytes;
  options.idle_timeout_seconds = config.idle_timeout_seconds;
  options.max_connections = config.max_connections;
  server_ = std::make_unique<HttpServer>(
      options, [this](const protocol::HttpRequest& request) { return handle(request); });
}

App::~App() { stop(); }

void App::start() { server_->start(); }
void App::stop() {
  if (server_) server_->stop();
}
void App::wait() { server_->wait(); }

protocol::HttpResponse App::handle(const protocol::HttpRequest& request) {
  auto started = std::chrono::steady_clock::now();
  if (ControlPlane::owns(request.path())) {
    auto response = control_->handle(request);
    log::debug("control " + request.method + " " + std::string(request.path()) + " " +
               std::to_string(response.status));
    return response;
  }
  CallRecord record;
  auto response = dispatcher_->handle(request, record);
  double latency =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  std::string path(request.path());
  log::request({record.request_id, request.method, path, record.service, record.operation,
                record.account, record.region, record.status, record.error_type, latency});
  return response;
}

}  // namespace junction
