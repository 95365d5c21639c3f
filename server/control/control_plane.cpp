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
constexpr std::string_view kRequestPrefix = "/_junction/requests/";
// Listings of up to this many entries are answered whole, longer ones streamed.
constexpr std::size_t kWholeListing = 100;

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
  if (e.outcome_injected) out["outcomeInjected"] = true;
  if (!e.async_request_id.empty()) out["asyncRequestId"] = e.async_request_id;
  return out;
}

json message_json(const JournalMessage& m) {
  json headers = json::object();
  for (const auto& [k, v] : m.headers) headers[k] = v;
  json out = {{"headers", headers}, {"bodyBytes", m.body_bytes}};
  if (m.withheld) {
    out["body"] = nullptr;
    out["bodyWithheld"] = true;
    return out;
  }
  // A whole JSON body is shown as the value it is; a cut one as the text kept.
  json body = m.truncated || m.body.empty() ? json(nullptr) : json::parse(m.body, nullptr, false);
  out["body"] = body.is_discarded() || body.is_null() ? json(m.body) : std::move(body);
  if (m.body.empty()) out["body"] = nullptr;
  if (m.truncated) out["bodyTruncated"] = true;
  if (m.redacted) out["redacted"] = true;
  if (m.decoded) out["decodedFrom"] = "cbor";
  return out;
}

// The whole call: what entry_json says, and what it carried.
json detail_json(const JournalEntry& e) {
  json out = entry_json(e);
  out["query"] = e.query;
  out["accessKeyId"] = e.access_key_id.empty() ? json(nullptr) : json(e.access_key_id);
  out["request"] = message_json(e.request);
  out["response"] = message_json(e.response);
  out["curl"] = e.curl.empty() ? json(nullptr) : json(e.curl);
  return out;
}

// A journal listing written as it is produced (protocol::HttpResponse::stream): entries are
// serialized a piece at a time from a snapshot of pointers, so the document is never whole in
// memory and no lock is held while it is written; the memory it used goes back to the system
// once it is done.
class JournalListing {
 public:
  static constexpr std::size_t kPieceBytes = 64 * 1024;

  JournalListing(std::vector<JournalEntryPtr> entries, std::size_t skip, bool bodies,
                 std::size_t capacity, std::uint64_t total)
      : entries_(std::move(entries)), next_(skip), bodies_(bodies) {
    head_ = "{\"capacity\":" + std::to_string(capacity) + ",\"total\":" + std::to_string(total) +
            ",\"count\":" + std::to_string(entries_.size() - skip) + ",\"entries\":[";
  }

  // Entries still to write.
  std::size_t size() const { return entries_.size() - next_; }

  bool operator()(std::string& out) {
    if (!head_.empty()) out += std::exchange(head_, {});
    while (next_ < entries_.size() && out.size() < kPieceBytes) {
      if (!first_) out += ',';
      first_ = false;
      const JournalEntry& e = *entries_[next_];
      out += (bodies_ ? detail_json(e) : entry_json(e))
                 .dump(-1, ' ', false, json::error_handler_t::replace);
      entries_[next_++].reset();  // an entry the ring has dropped since is freed now
    }
    if (next_ < entries_.size()) return true;
    out += "]}";
    std::vector<JournalEntryPtr>().swap(entries_);
    memory::return_free_memory();
    return false;
  }

 private:
  std::vector<JournalEntryPtr> entries_;
  std::size_t next_;
  bool bodies_;
  bool first_ = true;
  std::string head_;
};

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
  } catch (const std::exception& e) {
    return handle_failure(request, e);
  }
}

protocol::HttpResponse ControlPlane::handle_failure(const protocol::HttpRequest& request,
                                                    const std::exception& error) {
  if (const auto* e = dynamic_cast<const ControlError*>(&error)) {
    auto r = error_response(e->status, e->type, e->what());
    if (!e->allow.empty()) r.set_header("Allow", e->allow);
    return r;
  }
  log::error("control " + request.method + " " + std::string(request.path()) +
             " failed: " + error.what());
  const auto* e = dynamic_cast<const storage::StorageError*>(&error);
  auto fault = e ? storage::classify(e->code) : storage::StorageFault::kNone;
  if (fault == storage::StorageFault::kNone)
    return error_response(500, "InternalError",
                          std::string("The control plane failed: ") + error.what());
  // The storage failed under the call (a full disk, a read-only or damaged file): said as such;
  // the call changed nothing.
  auto r = json_response(500, {{"error", "StorageFault"},
                               {"fault", storage::fault_name(fault)},
                               {"message", std::string("Junction could not complete the call: ") +
                                               error.what() + ". Nothing was changed."}});
  r.set_header("x-amzn-ErrorType", "StorageFault");
  return r;
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
  if (path.size() > kRequestPrefix.size() && path.rfind(kRequestPrefix, 0) == 0) {
    std::string id;
    if (!protocol::percent_decode(path.substr(kRequestPrefix.size()), id))
      throw bad_request("InvalidParameter", "The request id is not validly percent-encoded.");
    allow(request, {"GET"});
    return get_request(request, id);
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
  storage::StorageHealth storage_health = database_.health();
  bool storage_ok = storage_health.healthy;
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
  if (!storage_ok) {
    // Why, so that a health check's log (Docker, CI) says what to fix.
    body["storage"]["fault"] = storage::fault_name(storage_health.fault);
    body["storage"]["reason"] = storage_health.reason;
    body["storage"]["since"] = iso8601(storage_health.since_ms);
  }
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
  // Made on a background thread (it may take a second for a large state) and written as the
  // rows are read; the text is the only copy of the state it holds.
  protocol::HttpResponse deferred;
  deferred.background = true;
  deferred.resume = [this, filter = std::move(filter), echo = filter_json(params),
                     target = request.target] {
    protocol::HttpResponse r;
    try {
      r.body = export_state_text(state_, filter, database_.schema_version(), echo);
    } catch (const std::exception& e) {
      protocol::HttpRequest failed;
      failed.method = "GET";
      failed.target = target;
      return handle_failure(failed, e);
    }
    r.set_header("Content-Type", "application/json");
    return r;
  };
  return deferred;
}

protocol::HttpResponse ControlPlane::import_state(const protocol::HttpRequest& request) {
  no_params(request);
  json summary = junction::import_document(
      state_, body_object(request),
      FaultSink{options_.enabled ? &faults_ : nullptr, &model_, outcome_lookup()});
  // The parsed document is gone: a large import would otherwise leave its peak in the RSS.
  memory::return_free_memory();
  summary["status"] = "ok";
  log::info("control state import: " + std::to_string(summary["rows"].get<std::int64_t>()) +
            " rows");
  return json_response(200, summary);
}

protocol::HttpResponse ControlPlane::list_requests(const protocol::HttpRequest& request) {
  Params params(request, {"service", "operation", "status", "account", "region", "errorType",
                          "faulted", "limit", "bodies", "asyncRequestId"});
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
  auto bodies = params.get("bodies");
  if (bodies && *bodies != "true" && *bodies != "false")
    throw bad_request("InvalidParameter", "bodies must be true or false.");
  auto async_id = params.get("asyncRequestId");
  auto entries = journal_.entries([&](const JournalEntry& e) {
    return (!service || e.service == *service) && (!operation || e.operation == *operation) &&
           (!account || e.account == *account) && (!region || e.region == *region) &&
           (!error_type || e.error_type == *error_type) && (!faulted || e.faulted == *faulted) &&
           (!async_id || e.async_request_id == *async_id) && status_ok(e.status);
  });
  std::size_t skip = limit && entries.size() > limit ? entries.size() - limit : 0;
  bool with_bodies = bodies && *bodies == "true";
  JournalListing listing(std::move(entries), skip, with_bodies, journal_.capacity(),
                         journal_.total());
  protocol::HttpResponse r;
  r.set_header("Content-Type", "application/json");
  // A short listing is answered whole; a long one is written out as it is produced.
  if (listing.size() <= kWholeListing) {
    while (listing(r.body)) {
    }
  } else {
    r.stream = std::move(listing);
  }
  return r;
}

protocol::HttpResponse ControlPlane::get_request(const protocol::HttpRequest& request,
                                                 const std::string& id) {
  no_params(request);
  JournalEntryPtr entry;
  if (!id.empty() && id.size() <= 19 && std::all_of(id.begin(), id.end(), ::isdigit))
    entry = journal_.find(static_cast<std::uint64_t>(std::stoull(id)));
  if (!entry) entry = journal_.find(id);
  if (!entry)
    throw ControlError(404, "NoSuchRequest",
                       "The journal holds no call with request id or sequence '" + id +
                           "' (it keeps the last " + std::to_string(journal_.capacity()) +
                           " calls).");
  return json_response(200, detail_json(*entry));
}

protocol::HttpResponse ControlPlane::clear_requests(const protocol::HttpRequest& request) {
  no_params(request);
  return json_response(200, {{"status", "ok"}, {"deleted", journal_.clear()}});
}

protocol::HttpResponse ControlPlane::add_fault(const protocol::HttpRequest& request) {
  no_params(request);
  FaultRule rule = faults_.add(FaultRules::parse(body_object(request), model_, outcome_lookup()));
  log::info("control fault rule " + rule.id + " added for " + rule.service +
            (rule.operation.empty() ? "" : " " + rule.operation));
  return json_response(201, FaultRules::to_json(rule));
}

OutcomeLookup ControlPlane::outcome_lookup() const {
  return [this](const shapes::Operation& op) { return dispatcher_.outcome_support(op); };
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
