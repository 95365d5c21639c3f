// The emulator's own endpoints under /_junction/ (and moto's /moto-api/reset alias), for test
// suites: health, reset, state export/import, the request journal and fault injection
// (docs/control-plane.md). They speak plain JSON, talk to storage/ and the model, never to
// handlers. Every endpoint but health (and ping) can be switched off or guarded by a token.
#pragma once

#include <chrono>
#include <string>

#include "server/control/faults.hpp"
#include "server/control/journal.hpp"
#include "server/dispatcher.hpp"
#include "server/protocol/http_message.hpp"
#include "storage/database.hpp"
#include "storage/state_store.hpp"

namespace junction {

struct ControlOptions {
  bool enabled = true;      // false: every endpoint but health answers 404
  std::string admin_token;  // non-empty: required as `Authorization: Bearer <token>`
  // The behaviour settings health reports (none when null).
  const handlers::Settings* settings = nullptr;
};

class ControlPlane {
 public:
  ControlPlane(const shapes::Model& model, const Dispatcher& dispatcher,
               storage::Database& database, storage::StateStore& state, Journal& journal,
               FaultRules& faults, ControlOptions options);

  static bool owns(std::string_view path);
  protocol::HttpResponse handle(const protocol::HttpRequest& request);

 private:
  protocol::HttpResponse route(const protocol::HttpRequest& request);
  // The error answer of a failed call: its ControlError, a fault of the storage, or 500.
  protocol::HttpResponse handle_failure(const protocol::HttpRequest& request,
                                        const std::exception& error);
  bool authorized(const protocol::HttpRequest& request) const;
  // What each operation's binding declares about injected outcomes (for fault rules).
  OutcomeLookup outcome_lookup() const;

  protocol::HttpResponse health();
  protocol::HttpResponse reset(const protocol::HttpRequest& request);
  protocol::HttpResponse export_state(const protocol::HttpRequest& request);
  protocol::HttpResponse import_state(const protocol::HttpRequest& request);
  protocol::HttpResponse list_requests(const protocol::HttpRequest& request);
  protocol::HttpResponse clear_requests(const protocol::HttpRequest& request);
  protocol::HttpResponse get_request(const protocol::HttpRequest& request, const std::string& id);
  protocol::HttpResponse add_fault(const protocol::HttpRequest& request);
  protocol::HttpResponse list_faults(const protocol::HttpRequest& request);
  protocol::HttpResponse clear_faults(const protocol::HttpRequest& request);
  protocol::HttpResponse get_fault(const protocol::HttpRequest& request, const std::string& id);
  protocol::HttpResponse delete_fault(const protocol::HttpRequest& request, const std::string& id);

  const shapes::Model& model_;
  const Dispatcher& dispatcher_;
  storage::Database& database_;
  storage::StateStore& state_;
  Journal& journal_;
  FaultRules& faults_;
  ControlOptions options_;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
};

}  // namespace junction
