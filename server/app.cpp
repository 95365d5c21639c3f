#include "server/app.hpp"

#include <boost/system/system_error.hpp>

#include "server/control/journal_capture.hpp"
#include "server/control/state_document.hpp"
#include "server/logging.hpp"

namespace junction {

App::App(const Config& config) : config_(config) {
  std::string address = check_startup(config);  // throws a sentence naming what is at fault
  settings_.sso_delay_ms = config.sso_delay_ms;
  settings_.lenient_principals = config.lenient_principals;
  settings_.finspace_delay_ms = config.finspace_delay_ms;
  settings_.lmus_delay_ms = config.lmus_delay_ms;
  settings_.appstream_delay_ms = config.appstream_delay_ms;
  if (config.verify_signatures) {
    verifier_ =
        std::make_unique<auth::Verifier>(auth::CredentialStore::load(config.credentials_file));
    log::info("strict mode: API requests must be signed by one of " +
              std::to_string(verifier_->credentials().size()) + " access keys from " +
              config.credentials_file);
  }
  database_ = std::make_unique<storage::Database>(config.database_path());
  state_ = std::make_unique<storage::StateStore>(*database_);
  bool control = !config.no_control_plane;
  journal_ = std::make_unique<Journal>(control ? config.journal_size : 0);
  faults_ = std::make_unique<FaultRules>();
  dispatcher_ = std::make_unique<Dispatcher>(shapes::Model::instance(), *database_, settings_,
                                             control ? faults_.get() : nullptr, verifier_.get());
  control_ = std::make_unique<ControlPlane>(
      shapes::Model::instance(), *dispatcher_, *database_, *state_, *journal_, *faults_,
      ControlOptions{control, config.admin_token, &settings_});
  if (!config.seed_file.empty()) {
    // A seed's fault rules are checked against what the operations declare, as POSTed ones are.
    FaultSink sink{
        control ? faults_.get() : nullptr, &shapes::Model::instance(),
        [this](const shapes::Operation& op) { return dispatcher_->outcome_support(op); }};
    auto summary = import_seed_file(*state_, config.seed_file, sink);
    log::info("seeded " + std::to_string(summary["rows"].get<std::int64_t>()) + " rows and " +
              std::to_string(summary["faultRules"].size()) + " fault rules from " +
              config.seed_file);
  }
  ServerOptions options;
  options.host = address;
  listen_address_ = address;
  options.port = config.port;
  options.threads = config.threads;
  options.max_body_bytes = config.max_body_bytes;
  options.max_header_bytes = config.max_header_bytes;
  options.idle_timeout_seconds = config.idle_timeout_seconds;
  options.request_timeout_seconds = config.request_timeout_seconds;
  options.max_connections = config.max_connections;
  server_ = std::make_unique<HttpServer>(
      options, [this](const protocol::HttpRequest& request) { return handle(request); });
}

App::~App() { stop(); }

void App::start() {
  try {
    server_->start();
  } catch (const boost::system::system_error& e) {
    // "bind: Address already in use" says neither which port nor what to do.
    std::error_code code(e.code().value(), e.code().category() == boost::system::system_category()
                                               ? std::system_category()
                                               : std::generic_category());
    throw std::runtime_error(listen_error(config_, listen_address_, code));
  }
}
void App::stop() {
  if (server_)
    server_->stop(std::chrono::seconds(config_.shutdown_timeout_seconds),
                  [this] { database_->interrupt(); });
}
void App::stop_now() {
  if (server_) server_->cut();
}
void App::wait() { server_->wait(); }

protocol::HttpResponse App::handle(const protocol::HttpRequest& request) {
  auto started = std::chrono::steady_clock::now();
  if (ControlPlane::owns(request.path())) {
    auto response = control_->handle(request);
    if (log::enabled(log::Level::kDebug))
      log::debug("control " + request.method + " " + std::string(request.path()) + " " +
                 std::to_string(response.status));
    return response;
  }
  auto arrived = std::chrono::system_clock::now();
  CallRecord record;
  auto response = dispatcher_->handle(request, record);
  // What the request carried is taken now: a delayed call is answered after the request is gone.
  JournalEntry entry;
  entry.time_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(arrived.time_since_epoch()).count();
  entry.method = request.method;
  entry.path = std::string(request.path());
  if (journal_->capacity()) capture_request(request, record.operation_shape, entry);
  if (!record.resume) {
    finish(std::move(entry), record, response, started);
    return response;
  }
  // Delayed by a fault rule: logged and journaled once answered, the delay in its latency.
  response.resume = [this, record = std::move(record), entry = std::move(entry),
                     started]() mutable {
    auto answer = record.resume(record);
    finish(std::move(entry), record, answer, started);
    return answer;
  };
  return response;
}

// The request log line and the journal entry of an answered API call.
void App::finish(JournalEntry entry, const CallRecord& record,
                 const protocol::HttpResponse& response,
                 std::chrono::steady_clock::time_point started) {
  double latency =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  log::request({record.request_id, entry.method, entry.path, record.service, record.operation,
                record.account, record.region, record.status, record.error_type, latency});
  // With --journal-size 0 nothing is kept, but `total` still counts the call.
  if (!journal_->capacity()) return journal_->record({});
  entry.request_id = record.request_id;
  entry.service = record.service;
  entry.operation = record.operation;
  entry.account = record.account;
  entry.region = record.region;
  entry.status = record.status;
  entry.error_type = record.error_type;
  entry.error_message = record.error_message;
  entry.latency_ms = latency;
  entry.faulted = record.faulted;
  entry.fault_id = record.fault_id;
  entry.injected_latency_ms = record.injected_latency_ms;
  // An outcome counts only where it took effect in a call that succeeded.
  entry.outcome_injected = record.notes.outcome_applied && record.status < 400;
  entry.async_request_id = record.notes.async_request_id;
  capture_response(response, record.operation_shape, entry);
  entry.curl = curl_command(entry, record.operation_shape);
  journal_->record(std::move(entry));
}

}  // namespace junction
