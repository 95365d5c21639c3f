#include "server/control/control_plane.hpp"

#include <cmath>
#include <nlohmann/json.hpp>

#include "server/auth/sha256.hpp"
#include "server/control/control_error.hpp"
#include "server/control/dashboard.hpp"
#include "server/control/params.hpp"
#include "server/control/services.hpp"
#include "server/control/state_document.hpp"
#include "server/logging.hpp"
#include "server/memory/block_pool.hpp"
#include "server/protocol/json_body.hpp"
#include "server/util/ids.hpp"

#ifndef JUNCTION_VERSION
#define JUNCTION_VERSION "0.0.0"
#endif

namespace junction {

namespace {

using nlohmann::json;

constexpr std::string_view kFaultPrefix = "/_junction/faults/";

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

// Throws 405 unless the request uses one of `methods`.
void allow(const protocol::HttpRequest& request, std::initializer_list<const char*> methods) {
  std::string list;
  for (const char* m : methods) {
    if (request.method == m) return;
    list += std::string(list.empty() ? "" : ", ") + m;
  }
  ControlError e(
      405, "MethodNotAllowed",
      request.method + " is not allowed on " + std::string(request.path()) + "; use " + list + ".");
  e.allow = list;
  throw e;
}

json body_object(const protocol::HttpRequest& request) {
  try {
    return protocol::parse_json_object(request.body);
  } catch (const ApiError& e) {
    throw bad_request("InvalidJson", e.message);
  }
}

void no_params(const protocol::HttpRequest& request) { Params params(request, {}); }

json entry_json(const JournalEntry& e) {
  json out = {{"sequence", e.sequence},
              {"time", iso8601(e.time_ms)},
              {"requestId", e.request_id},
              {"method", e.method},
              {"path", e.path},
              {"service", e.service.empty() ? json(nullptr) : json(e.service)},
              {"operation", e.operation.empty() ? json(nullptr) : json(e.operation)},
              {"account", e.account},
              {"region", e.region},
              {"status", e.status},
              {"errorType", e.error_type.empty() ? json(nullptr) : json(e.error_type)},
              {"latencyMs", std::round(e.latency_ms * 1000.0) / 1000.0},
              {"faulted", e.faulted}};
  if (!e.error_message.empty()) out["errorMessage"] = e.error_message;
  if (!e.fault_id.empty()) out["faultId"] = e.fault_id;
  if (e.injected_latency_ms) out["injectedLatencyMs"] = e.injected_latency_ms;
  return out;
}

// ?status=404 or ?status=4xx
std::function<bool(int)> status_filter(const std::string& text) {
  if (text.size() == 3 && text[0] >= '1' && text[0] <= '5' && (text[1] == 'x' || text[1] == 'X') &&
      (text[2] == 'x' || text[2] == 'X')) {
    int hundreds = text[0] - '0';
    return [hundreds](int status) { return status / 100 == hundreds; };
  }
  if (text.size() == 3 && std::all_of(text.begin(), text.end(), ::isdigit)) {
    int wanted = std::stoi(text);
    return [wanted](int status) { return status == wanted; };
  }
  throw bad_request(
      "InvalidParameter",
      "status must be an HTTP status code (e.g. 400) or a class (e.g. 4xx), not '" + text + "'.");
}

}  // namespace

ControlPlane::ControlPlane(const shapes::Model& model, const Dispatcher& dispatcher,
                           storage::Database& database, storage::StateStore& state,
                           Journal& journal, FaultRules& faults, ControlOptions options)
    : model_(model),
      dispatcher_(dispatcher),
      database_(database),
      state_(state),
      journal_(journal),
      faults_(faults),
      options_(std::move(options)) {}

bool ControlPlane::owns(std::string_view path) {
  return path.rfind("/_junction/", 0) == 0 || path == "/_junction" ||
         path.rfind("/moto-api/", 0) == 0;
}

bool ControlPlane::authorized(const protocol::HttpRequest& request) const {
  if (options_.admin_token.empty()) return true;
  std::string_view auth = request.header("authorization");
  constexpr std::string_view kScheme = "bearer ";
  if (auth.size() < kScheme.size()) return false;
  for (std::size_t i = 0; i < kScheme.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(auth[i])) != kScheme[i]) return false;
  std::string_view token = auth.substr(kScheme.size());
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
  return auth::equal_constant_time(token, options_.admin_token);
}

protocol::HttpResponse ControlPlane::handle(const protocol::HttpRequest& request) {
  try {
    return route(request);
  } catch (const ControlError& e) {
    auto r = error_response(e.status, e.type, e.what());
    if (!e.allow.empty()) r.set_header("Allow", e.allow);
    return r;
  } catch (const std::exception& e) {
    log::error("control " + request.method + " " + std::string(request.path()) +
               " failed: " + e.what());
    return error_response(500, "InternalError",
                          std::string("The control plane failed: ") + e.what());
  }
}

protocol::HttpResponse ControlPlane::route(const protocol::HttpRequest& request) {
  std::string_view path = request.path();
  // Always open: Docker and orchestrators probe these.
  if (path == "/_junction/ping") {
    allow(request, {"GET", "HEAD"});
    protocol::HttpResponse r;
    r.set_header("Content-Type", "text/plain");
    r.body = "pong";
    return r;
  }
  if (path == "/_junction/health") {
    allow(request, {"GET", "HEAD"});
    return health();
  }

  if (!options_.enabled)
    throw ControlError(404, "NotFound",
                       "The control plane is switched off (--no-control-plane); only "
                       "/_junction/health and /_junction/ping answer (GET or HEAD).");
  // The dashboard's files hold no data, so they need no token; the page sends it with the data
  // calls it makes.
  if (is_dashboard_path(path)) return serve_dashboard(request);
  if (!authorized(request)) {
    auto r = error_response(401, "Unauthorized",
                            request.header("authorization").empty()
                                ? "The control plane needs `Authorization: Bearer <token>` "
                                  "(--admin-token)."
                                : "The admin token is wrong.");
    r.set_header("WWW-Authenticate", "Bearer realm=\"junction\"");
    return r;
  }

  if (path == "/_junction/reset" || path == "/moto-api/reset") {
    allow(request, {"POST"});
    return reset(request);
  }
  if (path == "/_junction/state") {
    allow(request, {"GET", "POST"});
    return request.method == "GET" ? export_state(request) : import_state(request);
  }
  if (path == "/_junction/requests") {
    allow(request, {"GET", "DELETE"});
    return request.method == "GET" ? list_requests(request) : clear_requests(request);
  }
  if (path == "/_junction/faults") {
    allow(request, {"GET", "POST", "DELETE"});
    if (request.method == "GET") return list_faults(request);
    if (request.method == "POST") return add_fault(request);
    return clear_faults(request);
  }
  if (path.size() > kFaultPrefix.size() && path.rfind(kFaultPrefix, 0) == 0) {
    std::string id;
    if (!protocol::percent_decode(path.substr(kFaultPrefix.size()), id))
      throw bad_request("InvalidParameter", "The fault id is not validly percent-encoded.");
    allow(request, {"GET", "DELETE"});
    return request.method == "GET" ? get_fault(request, id) : delete_fault(request, id);
  }
  throw ControlError(404, "NotFound",
                     "No control-plane endpoint at " + std::string(path) +
                         ". Endpoints: /_junction/health, /_junction/reset, /_junction/state, "
                         "/_junction/requests, /_junction/faults, /_junction/ui, "
                         "/moto-api/reset.");
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
                {{"mode", database_.path().empty() ? "memory" : "file"},
                 {"path", database_.path().empty() ? ":memory:" : database_.path()},
                 {"ephemeral", database_.path().empty()},
                 {"schemaVersion", database_.schema_version()},
                 {"healthy", storage_ok}}},
               {"controlPlane",
                {{"enabled", options_.enabled},
                 {"tokenRequired", !options_.admin_token.empty()},
                 {"journalSize", journal_.capacity()}}},
               {"services", services}};
  if (const handlers::Settings* s = options_.settings)
    body["settings"] = {{"ssoDelayMs", s->sso_delay_ms},
                        {"principals", s->lenient_principals ? "lenient" : "checked"}};
  return json_response(storage_ok ? 200 : 503, body);
}

protocol::HttpResponse ControlPlane::reset(const protocol::HttpRequest& request) {
  Params params(request, {"service", "account", "region"});
  storage::StateFilter filter = state_filter(params);
  std::map<std::string, std::int64_t> deleted;
  try {
    deleted = state_.reset(filter);
  } catch (const storage::StateError& e) {
    throw ControlError(409, e.type, e.what());
  }
  json tables = json::object();
  std::int64_t rows = 0;
  for (const auto& [table, n] : deleted) tables[table] = n, rows += n;
  json body = {{"status", "ok"}, {"deleted", tables}, {"rows", rows}};
  // A full reset is a fresh start: the journal and the fault rules go too.
  bool everything = params.empty();
  body["journalCleared"] = everything;
  body["faultRulesCleared"] = everything ? faults_.reset() : 0;
  if (everything) journal_.clear();
  log::info("control reset" + (everything ? std::string(" (everything)") : " " + request.target) +
            ": " + std::to_string(rows) + " rows deleted");
  return json_response(200, body);
}

protocol::HttpResponse ControlPlane::export_state(const protocol::HttpRequest& request) {
  Params params(request, {"service", "account", "region"});
  auto filter = state_filter(params);
  auto doc =
      junction::export_state(state_, filter, database_.schema_version(), filter_json(params));
  protocol::HttpResponse r;
  r.set_header("Content-Type", "application/json");
  r.body = doc.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

protocol::HttpResponse ControlPlane::import_state(const protocol::HttpRequest& request) {
  no_params(request);
  json summary = junction::import_state(state_, body_object(request));
  // The parsed document is gone: a large import would otherwise leave its peak in the RSS.
  memory::return_free_memory();
  summary["status"] = "ok";
  log::info("control state import: " + std::to_string(summary["rows"].get<std::int64_t>()) +
            " rows");
  return json_response(200, summary);
}

protocol::HttpResponse ControlPlane::list_requests(const protocol::HttpRequest& request) {
  Params params(request, {"service", "operation", "status", "account", "region", "errorType",
                          "faulted", "limit"});
  auto service = params.get("service");
  if (service) require_service(model_, *service);
  auto operation = params.get("operation");
  auto account = params.get("account");
  auto region = params.get("region");
  auto error_type = params.get("errorType");
  std::function<bool(int)> status_ok = [](int) { return true; };
  if (auto status = params.get("status")) status_ok = status_filter(*status);
  std::optional<bool> faulted;
  if (auto f = params.get("faulted")) {
    if (*f != "true" && *f != "false")
      throw bad_request("InvalidParameter", "faulted must be true or false.");
    faulted = *f == "true";
  }
  std::size_t limit = 0;
  if (auto l = params.get("limit")) {
    if (l->size() > 9 || !std::all_of(l->begin(), l->end(), ::isdigit) || std::stoul(*l) == 0)
      throw bad_request("InvalidParameter", "limit must be a positive whole number.");
    limit = std::stoul(*l);
  }
  auto entries = journal_.entries([&](const JournalEntry& e) {
    return (!service || e.service == *service) && (!operation || e.operation == *operation) &&
           (!account || e.account == *account) && (!region || e.region == *region) &&
           (!error_type || e.error_type == *error_type) && (!faulted || e.faulted == *faulted) &&
           status_ok(e.status);
  });
  std::size_t skip = limit && entries.size() > limit ? entries.size() - limit : 0;
  json list = json::array();
  for (std::size_t i = skip; i < entries.size(); ++i) list.push_back(entry_json(entries[i]));
  return json_response(200, {{"capacity", journal_.capacity()},
                             {"total", journal_.total()},
                             {"count", list.size()},
                             {"entries", list}});
}

protocol::HttpResponse ControlPlane::clear_requests(const protocol::HttpRequest& request) {
  no_params(request);
  return json_response(200, {{"status", "ok"}, {"deleted", journal_.clear()}});
}

protocol::HttpResponse ControlPlane::add_fault(const protocol::HttpRequest& request) {
  no_params(request);
  FaultRule rule = faults_.add(FaultRules::parse(body_object(request), model_));
  log::info("control fault rule " + rule.id + " added for " + rule.service +
            (rule.operation.empty() ? "" : " " + rule.operation));
  return json_response(201, FaultRules::to_json(rule));
}

protocol::HttpResponse ControlPlane::list_faults(const protocol::HttpRequest& request) {
  no_params(request);
  json rules = json::array();
  for (const auto& rule : faults_.list()) rules.push_back(FaultRules::to_json(rule));
  return json_response(200, {{"rules", rules}});
}

protocol::HttpResponse ControlPlane::clear_faults(const protocol::HttpRequest& request) {
  no_params(request);
  return json_response(200, {{"status", "ok"}, {"deleted", faults_.clear()}});
}

protocol::HttpResponse ControlPlane::get_fault(const protocol::HttpRequest& request,
                                               const std::string& id) {
  no_params(request);
  auto rule = faults_.get(id);
  if (!rule) throw ControlError(404, "NoSuchFault", "No fault rule with id '" + id + "'.");
  return json_response(200, FaultRules::to_json(*rule));
}

protocol::HttpResponse ControlPlane::delete_fault(const protocol::HttpRequest& request,
                                                  const std::string& id) {
  no_params(request);
  if (!faults_.remove(id))
    throw ControlError(404, "NoSuchFault", "No fault rule with id '" + id + "'.");
  return json_response(200, {{"status", "ok"}, {"deleted", 1}});
}

}  // namespace junction
