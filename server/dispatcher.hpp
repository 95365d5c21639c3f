// The API pipeline: route → decode → validate → handler in one transaction → encode. It owns the
// join of the model's operations with the handlers' bindings.
#pragma once

#include <functional>
#include <string>
#include <unordered_map>

#include "handlers/api.hpp"
#include "server/auth/sigv4.hpp"
#include "server/control/faults.hpp"
#include "server/protocol/codec.hpp"
#include "server/protocol/router.hpp"
#include "storage/database.hpp"

namespace junction {

// What one API call was, for the request log and the journal.
struct CallRecord {
  std::string request_id;
  std::string service;
  std::string operation;
  std::string account;
  std::string region;
  std::string error_type;
  std::string error_message;
  int status = 0;
  bool faulted = false;                  // an injected error answered instead of the handler
  std::string fault_id;                  // the fault rule that fired (error, outcome or latency)
  std::int64_t injected_latency_ms = 0;  // the delay a fault rule added
  bool outcome_offered = false;          // a fault rule's outcome was handed to the handler
  handlers::CallNotes notes;             // what the handler reported (outcome taken, request id)
  const shapes::Operation* operation_shape = nullptr;    // the routed operation, if any
  shapes::Protocol wire = shapes::Protocol::kAwsJson11;  // the protocol it was answered in
  // Set when a fault rule delays the call: answers it once the delay has passed.
  std::function<protocol::HttpResponse(CallRecord&)> resume;
};

class Dispatcher {
 public:
  // `faults` (optional) is asked after routing, before decoding, whether a rule fires.
  // `verifier` (optional, strict mode) checks every request's signature before anything else
  // and decides its account.
  Dispatcher(const shapes::Model& model, storage::Database& database,
             const handlers::Settings& settings, FaultRules* faults = nullptr,
             const auth::Verifier* verifier = nullptr);

  // The answer to `request`; or, when a fault rule delays the call, an empty answer with its
  // `delay`, and `record.resume` to call once the delay has passed.
  protocol::HttpResponse handle(const protocol::HttpRequest& request, CallRecord& record);

  // Implemented operations per service, in model order.
  bool implemented(const shapes::Operation& op) const { return bindings_.count(&op) != 0; }
  // The injected outcome an operation honours (its binding's declaration), or null.
  const handlers::OutcomeSupport* outcome_support(const shapes::Operation& op) const;

 private:
  // A routed call: who made it, the wire protocol to answer in, and the operation.
  struct Call {
    protocol::Caller caller;
    shapes::Protocol wire;
    const shapes::Service* service = nullptr;
    protocol::Route route;
  };
  // Decode → validate → handler in one transaction → encode; or `fault`'s error. `outcome`, when
  // set, is handed to the handler.
  protocol::HttpResponse answer(const protocol::HttpRequest& request, const Call& call,
                                CallRecord& record, const FaultError* fault,
                                const handlers::InjectedOutcome* outcome = nullptr);
  protocol::HttpResponse run(const protocol::HttpRequest& request, const Call& call,
                             CallRecord& record, const FaultError* fault,
                             const handlers::InjectedOutcome* outcome);
  protocol::HttpResponse answer_error(const Call& call, CallRecord& record, const ApiError& e);
  protocol::HttpResponse answer_internal_error(const Call& call, CallRecord& record,
                                               const std::exception& e);
  protocol::HttpResponse answer_storage_error(const Call& call, CallRecord& record,
                                              const storage::StorageError& e);

  const shapes::Model& model_;
  protocol::Router router_;
  storage::Database& database_;
  const handlers::Settings& settings_;
  FaultRules* faults_;
  const auth::Verifier* verifier_;
  std::unordered_map<const shapes::Operation*, handlers::Binding> bindings_;
};

}  // namespace junction
