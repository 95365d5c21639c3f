#include "server/dispatcher.hpp"

#include <chrono>
#include <optional>
#include <stdexcept>
#include <thread>

#include "handlers/common/ids.hpp"
#include "server/logging.hpp"
#include "server/shapes/validator.hpp"

namespace junction {

namespace {

// A fault rule that fires delays the call, then answers with its error (the handler does not
// run, nothing changes) or lets the call go on.
void inject_fault(FaultRules& faults, CallRecord& record) {
  auto fault = faults.match(record.service, record.operation, record.account, record.region);
  if (!fault) return;
  record.fault_id = fault->rule_id;
  if (fault->latency_ms > 0) {
    record.injected_latency_ms = fault->latency_ms;
    std::this_thread::sleep_for(std::chrono::milliseconds(fault->latency_ms));
  }
  if (!fault->error) return;
  record.faulted = true;
  ApiError error(fault->error->type, fault->error->message);
  error.status_override = fault->error->status;
  throw error;
}

}  // namespace

Dispatcher::Dispatcher(const shapes::Model& model, storage::Database& database,
                       const handlers::Settings& settings, FaultRules* faults,
                       const auth::Verifier* verifier)
    : model_(model),
      router_(model),
      database_(database),
      settings_(settings),
      faults_(faults),
      verifier_(verifier) {
  for (const auto& service : handlers::all_bindings()) {
    const shapes::Service* s = model.by_sdk_name(service.service);
    if (!s) throw std::logic_error(std::string("no model for service ") + service.service);
    for (const auto& b : service.bindings) {
      const shapes::Operation* op = s->operation(b.operation);
      if (!op)
        throw std::logic_error(std::string(b.operation) + " is not an operation of " +
                               service.service);
      bindings_.emplace(op, b);
    }
  }
}

protocol::HttpResponse Dispatcher::handle(const protocol::HttpRequest& request,
                                          CallRecord& record) {
  record.request_id = handlers::uuid4();
  protocol::Caller caller = protocol::identify(request);
  // In strict mode the account is the signing key's, known once the signature verifies.
  if (verifier_) caller.account.clear();
  record.account = caller.account;
  record.region = caller.region;
  shapes::Protocol wire = router_.protocol_for(request, caller);
  const shapes::Service* service = nullptr;
  protocol::HttpResponse response;
  try {
    if (verifier_) {
      auto now = std::chrono::duration_cast<std::chrono::seconds>(
                     std::chrono::system_clock::now().time_since_epoch())
                     .count();
      auth::Identity identity = verifier_->verify(request, now);
      caller.account = identity.account;
      caller.region = identity.region;
      record.account = caller.account;
      record.region = caller.region;
    }
    protocol::Route route = router_.route(request, caller);
    service = route.service;
    wire = service->protocol;
    record.service = service->sdk_name;
    record.operation = route.operation->name;
    if (faults_) inject_fault(*faults_, record);
    auto it = bindings_.find(route.operation);
    if (it == bindings_.end()) {
      ApiError e("NotImplemented", "Junction does not implement " + service->sdk_name + " " +
                                       route.operation->name + " yet.");
      e.status_override = 501;
      throw e;
    }
    nlohmann::json input = protocol::decode_request(route, request);
    if (route.operation->input) shapes::validate_or_throw(*route.operation->input, input);
    handlers::Context ctx{caller.account, caller.region, record.request_id,
                          std::chrono::duration_cast<std::chrono::milliseconds>(
                              std::chrono::system_clock::now().time_since_epoch())
                              .count(),
                          &settings_};
    const handlers::Binding& binding = it->second;
    std::optional<ApiError> committed_error;
    auto run = [&](storage::Tx& tx) {
      try {
        return binding.handler(ctx, input, tx);
      } catch (const ApiError& e) {
        if (!e.keep_writes) throw;
        committed_error = e;  // reported once the transaction has committed
        return nlohmann::json();
      }
    };
    nlohmann::json output =
        binding.access == handlers::Access::kWrite ? database_.write(run) : database_.read(run);
    if (committed_error) throw *committed_error;
    response = protocol::encode_result(route, output);
  } catch (const ApiError& e) {
    response = protocol::encode_error(wire, service, e);
    record.error_type = e.type;
    record.error_message = e.message;
  } catch (const std::exception& e) {
    // A fault of ours or of the database: report it as AWS does, keep serving.
    log::error(std::string("request ") + record.request_id + " failed: " + e.what());
    ApiError internal(
        "InternalServerException",
        "Junction hit an internal error; see its log for request " + record.request_id + ".");
    response = protocol::encode_error(wire, service, internal);
    record.error_type = internal.type;
    record.error_message = internal.message;
  }
  response.set_header("x-amzn-RequestId", record.request_id);
  record.status = response.status;
  return response;
}

}  // namespace junction
