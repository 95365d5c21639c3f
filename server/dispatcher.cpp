#include "server/dispatcher.hpp"

#include <chrono>
#include <optional>
#include <stdexcept>

#include "server/logging.hpp"
#include "server/shapes/validator.hpp"
#include "server/util/ids.hpp"

namespace junction {

namespace {

// A fired fault rule's error, answered instead of the handler: nothing changes.
[[noreturn]] void throw_fault(const FaultError& fault, CallRecord& record) {
  record.faulted = true;
  ApiError error(fault.type, fault.message);
  error.status_override = fault.status;
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

const handlers::OutcomeSupport* Dispatcher::outcome_support(const shapes::Operation& op) const {
  auto it = bindings_.find(&op);
  return it == bindings_.end() || !it->second.outcome.supported() ? nullptr : &it->second.outcome;
}

protocol::HttpResponse Dispatcher::handle(const protocol::HttpRequest& request,
                                          CallRecord& record) {
  record.request_id = uuid4();
  Call call;
  call.caller = protocol::identify(request);
  // In strict mode the account is the signing key's, known once the signature verifies.
  if (verifier_) call.caller.account.clear();
  record.account = call.caller.account;
  record.region = call.caller.region;
  call.wire = router_.protocol_for(request, call.caller);
  record.wire = call.wire;
  try {
    if (verifier_) {
      auto now = std::chrono::duration_cast<std::chrono::seconds>(
                     std::chrono::system_clock::now().time_since_epoch())
                     .count();
      auth::Identity identity = verifier_->verify(request, now);
      call.caller.account = identity.account;
      call.caller.region = identity.region;
      record.account = call.caller.account;
      record.region = call.caller.region;
    }
    call.route = router_.route(request, call.caller);
    call.service = call.route.service;
    call.wire = call.route.wire();
    record.service = call.service->sdk_name;
    record.operation = call.route.operation->name;
    record.operation_shape = call.route.operation;
    record.wire = call.wire;
    if (faults_) {
      const handlers::OutcomeSupport* support = outcome_support(*call.route.operation);
      if (auto fault =
              faults_->match(record.service, record.operation, record.account, record.region,
                             support ? support->kind : handlers::OutcomeKind::kNone)) {
        record.fault_id = fault->rule_id;
        record.outcome_offered = fault->outcome.has_value();
        if (fault->latency_ms > 0) {
          // The wait holds no thread: the HTTP layer answers after it, through resume().
          record.injected_latency_ms = fault->latency_ms;
          protocol::HttpResponse later;
          later.delay = std::chrono::milliseconds(fault->latency_ms);
          record.resume = [this, request, call = std::move(call), error = std::move(fault->error),
                           outcome = std::move(fault->outcome)](CallRecord& r) {
            return answer(request, call, r, error ? &*error : nullptr,
                          outcome ? &*outcome : nullptr);
          };
          return later;
        }
        if (fault->error) return answer(request, call, record, &*fault->error);
        if (fault->outcome) return answer(request, call, record, nullptr, &*fault->outcome);
      }
    }
  } catch (const ApiError& e) {
    return answer_error(call, record, e);
  } catch (const std::exception& e) {
    return answer_internal_error(call, record, e);
  }
  return answer(request, call, record, nullptr);
}

protocol::HttpResponse Dispatcher::answer(const protocol::HttpRequest& request, const Call& call,
                                          CallRecord& record, const FaultError* fault,
                                          const handlers::InjectedOutcome* outcome) {
  protocol::HttpResponse response = run(request, call, record, fault, outcome);
  // An outcome rule counts the calls it changed: one that failed before the outcome could apply,
  // or whose handler found nothing it covers, gives the rule its turn back.
  if (outcome && faults_ && !(record.notes.outcome_applied && record.status < 400)) {
    faults_->release(record.fault_id);
    record.fault_id.clear();
  }
  return response;
}

protocol::HttpResponse Dispatcher::run(const protocol::HttpRequest& request, const Call& call,
                                       CallRecord& record, const FaultError* fault,
                                       const handlers::InjectedOutcome* outcome) {
  protocol::HttpResponse response;
  try {
    if (fault) throw_fault(*fault, record);
    const protocol::Route& route = call.route;
    auto it = bindings_.find(route.operation);
    if (it == bindings_.end()) {
      ApiError e("NotImplemented", "Junction does not implement " + call.service->sdk_name + " " +
                                       route.operation->name + " yet.");
      e.status_override = 501;
      throw e;
    }
    nlohmann::json input = protocol::decode_request(route, request);
    if (route.operation->input) shapes::validate_or_throw(*route.operation->input, input);
    handlers::Context ctx{call.caller.account,
                          call.caller.region,
                          record.request_id,
                          std::chrono::duration_cast<std::chrono::milliseconds>(
                              std::chrono::system_clock::now().time_since_epoch())
                              .count(),
                          &settings_,
                          outcome,
                          &record.notes};
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
    return answer_error(call, record, e);
  } catch (const storage::StorageError& e) {
    return answer_storage_error(call, record, e);
  } catch (const std::exception& e) {
    return answer_internal_error(call, record, e);
  }
  response.set_header("x-amzn-RequestId", record.request_id);
  record.status = response.status;
  return response;
}

protocol::HttpResponse Dispatcher::answer_error(const Call& call, CallRecord& record,
                                                const ApiError& e) {
  protocol::HttpResponse response = protocol::encode_error(call.wire, call.service, e);
  record.error_type = e.type;
  record.error_message = e.message;
  response.set_header("x-amzn-RequestId", record.request_id);
  record.status = response.status;
  return response;
}

// The storage failed (a full disk, a read-only or damaged file, an I/O error): the call changed
// nothing (its transaction rolled back). 500 InternalServerException, the error most of these
// models declare for a fault on the server's side, which every AWS SDK retries (with backoff)
// before it raises it; the message names the cause, so the person reading it need not find the
// log. A failure that is not a fault of the storage (a bug in our SQL) stays an internal error.
protocol::HttpResponse Dispatcher::answer_storage_error(const Call& call, CallRecord& record,
                                                        const storage::StorageError& e) {
  storage::StorageFault fault = storage::classify(e.code);
  if (fault == storage::StorageFault::kNone) return answer_internal_error(call, record, e);
  log::error(std::string("request ") + record.request_id + " failed: " + e.what());
  return answer_error(
      call, record,
      ApiError("InternalServerException", std::string("Junction could not complete the call: ") +
                                              e.what() + ". Nothing was changed."));
}

// A fault of ours or of the database: reported as AWS does; the server keeps serving.
protocol::HttpResponse Dispatcher::answer_internal_error(const Call& call, CallRecord& record,
                                                         const std::exception& e) {
  log::error(std::string("request ") + record.request_id + " failed: " + e.what());
  return answer_error(call, record,
                      ApiError("InternalServerException",
                               "Junction hit an internal error; see its log for request " +
                                   record.request_id + "."));
}

}  // namespace junction
