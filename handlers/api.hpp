// What a handler sees: who calls and when (Context), the decoded and validated input, and the
// storage transaction it runs in. No HTTP, no SQL: it returns the output members as JSON or throws
// ApiError, and calls the repositories of storage/.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "handlers/outcome.hpp"
#include "server/shapes/api_error.hpp"
#include "storage/database.hpp"

namespace junction::handlers {

using nlohmann::json;

// Behaviour settings handlers read (from flags and JUNCTION_* variables).
struct Settings {
  std::int64_t sso_delay_ms = 0;  // how long SSO Admin's asynchronous work stays in progress
  // SSO Admin assignments take effect whatever their principal, instead of only for the users
  // and groups of the instance's identity store.
  bool lenient_principals = false;
  // How long FinSpace datasets, changesets and data views take to reach SUCCESS.
  std::int64_t finspace_delay_ms = 0;
  // How long LMUS license server endpoints stay PROVISIONING.
  std::int64_t lmus_delay_ms = 0;
  std::int64_t appstream_delay_ms = 0;  // how long AppStream fleets stay STARTING or STOPPING
};

struct Context {
  std::string account;
  std::string region;
  std::string request_id;
  std::int64_t now_ms = 0;  // wall clock at the start of the call, epoch milliseconds
  const Settings* settings = nullptr;
  // The outcome a fault rule injects into this call (handlers/outcome.hpp), if any: set only for
  // an operation whose binding declares its kind.
  const InjectedOutcome* outcome = nullptr;
  CallNotes* notes = nullptr;  // what the call reports to the journal (may be null)

  double now_seconds() const { return static_cast<double>(now_ms) / 1000.0; }
  // The injected outcome when it is of `kind`, else null.
  const InjectedOutcome* injected(OutcomeKind kind) const {
    return outcome && outcome->kind == kind ? outcome : nullptr;
  }
  // The injected outcome took effect: the journal marks the call "outcome injected".
  void outcome_applied() const {
    if (notes) notes->outcome_applied = true;
  }
  // The asynchronous request the call made or read, which links it to the request's other calls.
  void note_async_request(const std::string& request_id) const {
    if (notes) notes->async_request_id = request_id;
  }
};

using HandlerFn = json (*)(const Context&, const json& input, storage::Tx&);

enum class Access { kRead, kWrite };

// One implemented operation: its name in the service model, its handler, and the injected
// outcome it honours, if any (handlers/outcome.hpp). The operation's binding, shapes and errors
// are the model's (server/shapes/models/).
struct Binding {
  const char* operation;
  HandlerFn handler;
  Access access;
  OutcomeSupport outcome = {};
};

struct ServiceBindings {
  const char* service;  // the botocore name, e.g. "sso-admin"
  std::vector<Binding> bindings;
};

// Every service's bindings (handlers/registry.cpp).
const std::vector<ServiceBindings>& all_bindings();

// Small helpers for reading validated input.
inline std::string str(const json& input, const char* member, std::string fallback = {}) {
  auto it = input.find(member);
  return it != input.end() && it->is_string() ? it->get<std::string>() : fallback;
}
inline bool has(const json& input, const char* member) {
  auto it = input.find(member);
  return it != input.end() && !it->is_null();
}

}  // namespace junction::handlers
