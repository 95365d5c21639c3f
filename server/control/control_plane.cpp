#include "server/control/control_plane.hpp"

#include <nlohmann/json.hpp>

#include "server/protocol/json_body.hpp"

#ifndef JUNCTION_VERSION
#define JUNCTION_VERSION "0.0.0"
#endif

namespace junction {

namespace {

using nlohmann::json;

protocol::HttpResponse json_response(int status, const json& body) {
  protocol::HttpResponse r;
  r.status = status;
  r.set_header("Content-Type", "application/json");
  r.body = protocol::dump_json(body);
  return r;
}

protocol::HttpResponse error_response(int status, const std::string& type,
                                      const std::string& message) {
  auto r = json_response(status, {{"error", type}, {"message", message}});
  r.set_header("x-amzn-ErrorType", type);
  return r;
}

}  // namespace

ControlPlane::ControlPlane(const shapes::Model& model, const Dispatcher& dispatcher,
                           storage::Database& database)
    : model_(model), dispatcher_(dispatcher), database_(database) {}

bool ControlPlane::owns(std::string_view path) {
  return path.rfind("/_junction/", 0) == 0 || path == "/_junction" ||
         path.rfind("/moto-api/", 0) == 0;
}

protocol::HttpResponse ControlPlane::handle(const protocol::HttpRequest& request) {
  std::string_view path = request.path();
  if (path == "/_junction/ping") {
    protocol::HttpResponse r;
    r.set_header("Content-Type", "text/plain");
    r.body = "pong";
    return r;
  }
  if (path == "/_junction/health") {
    if (request.method != "GET" && request.method != "HEAD")
      return error_response(405, "MethodNotAllowed", "Use GET on /_junction/health.");
    return health();
  }
  return error_response(404, "NotFound", "No control-plane endpoint at " + std::string(path) + ".");
}

protocol::HttpResponse ControlPlane::health() {
  bool storage_ok = database_.healthy();
  json services = json::object();
  for (const auto& service : model_.services()) {
    json implemented = json::array();
    for (const auto& op : service->operations)
      if (dispatcher_.implemented(op)) implemented.push_back(op.name);
    services[service->sdk_name] = {
        {"protocol",
         service->protocol == shapes::Protocol::kAwsJson11 ? "awsJson1_1" : "restJson1"},
        {"apiVersion", service->api_version},
        {"signingName", service->signing_name},
        {"operations", implemented},
        {"modelOperations", service->operations.size()}};
  }
  double uptime =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  json body = {{"status", storage_ok ? "ok" : "degraded"},
               {"version", JUNCTION_VERSION},
               {"uptimeSeconds", uptime},
               {"storage",
                {{"path", database_.path().empty() ? ":memory:" : database_.path()},
                 {"ephemeral", database_.path().empty()},
                 {"schemaVersion", database_.schema_version()},
                 {"healthy", storage_ok}}},
               {"services", services}};
  return json_response(storage_ok ? 200 : 503, body);
}

}  // namespace junction
