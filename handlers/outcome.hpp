// Outcomes a fault rule injects (docs/control-plane.md, "Outcome rules"): the call is answered
// as it would be, but the work it starts, or the entries it judges, end the way the rule says.
// An operation declares in its binding (handlers/<service>/operations.cpp) the kind it honours;
// the control plane refuses a rule of any other kind for it, and the dispatcher hands a matched
// outcome to the handler in its Context. Handlers see neither HTTP nor the rule itself.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace junction::handlers {

enum class OutcomeKind {
  kNone,
  // An asynchronous request (handlers/common/async_requests.hpp) settles in `status`, with
  // `message` as its failure reason, after `delay_ms` or the service's usual delay.
  kRequest,
  // A resource whose state changes by itself (handlers/common/transition.hpp) ends in `status`
  // instead, with `error_code` and `message` as its errors.
  kState,
  // Entries of a batch are answered with `error_code` and `message`, and not applied.
  kEntries,
  // The resource is made in `status`, with `message` as its status message.
  kStatus,
};

// Its name in fault rules and the journal: request, state, entries, status.
const char* outcome_kind_name(OutcomeKind kind);

// What an operation declares with its binding: the kind of outcome it honours, the statuses
// such an outcome may end in (the first is the default), the model's enum of the error codes it
// takes (empty: none), and the model's shape of the entries it judges (kEntries).
struct OutcomeSupport {
  OutcomeKind kind = OutcomeKind::kNone;
  std::vector<std::string> statuses;
  bool any_status = false;  // a status outside `statuses` is accepted too (a free-text Status)
  std::string error_codes;
  std::string entry_shape;

  bool supported() const { return kind != OutcomeKind::kNone; }
};

// The declarations operations.cpp uses.
inline OutcomeSupport request_outcome() {
  return {OutcomeKind::kRequest, {"FAILED"}, false, {}, {}};
}
inline OutcomeSupport state_outcome(std::initializer_list<const char*> statuses,
                                    std::string error_codes) {
  return {
      OutcomeKind::kState, {statuses.begin(), statuses.end()}, false, std::move(error_codes), {}};
}
inline OutcomeSupport entries_outcome(std::string error_codes, std::string entry_shape) {
  return {OutcomeKind::kEntries, {}, false, std::move(error_codes), std::move(entry_shape)};
}
inline OutcomeSupport status_outcome(const char* default_status) {
  return {OutcomeKind::kStatus, {default_status}, true, {}, {}};
}

// One call's injected outcome. Empty members take the handler's defaults (AWS's wording where
// it is known).
struct InjectedOutcome {
  OutcomeKind kind = OutcomeKind::kNone;
  std::string rule_id;
  std::string status;
  std::string error_code;
  std::string message;
  std::optional<std::int64_t> delay_ms;
  // kEntries: only the entries whose members have these values fail (none given: every entry).
  std::vector<std::pair<std::string, std::string>> entries;

  std::int64_t delay_or(std::int64_t usual) const { return delay_ms.value_or(usual); }
  std::string message_or(std::string fallback) const {
    return message.empty() ? std::move(fallback) : message;
  }
  std::string error_code_or(std::string fallback) const {
    return error_code.empty() ? std::move(fallback) : error_code;
  }
};

// What a call reports besides its answer, for the journal: the asynchronous request it made or
// read (so its later status calls can be found), and whether an injected outcome took effect.
struct CallNotes {
  std::string async_request_id;
  bool outcome_applied = false;
};

}  // namespace junction::handlers
