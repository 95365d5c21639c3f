// Outcomes a fault rule injects into AppStream calls (handlers/outcome.hpp), shared by every
// AppStream resource they apply to: a state that changes by itself ends elsewhere (fleets; image
// builders and app block builders alike), and entries of a batch fail.
#pragma once

#include <optional>
#include <string>

#include "handlers/api.hpp"
#include "handlers/common/transition.hpp"

namespace junction::handlers::appstream {

// What an injected outcome (kind state) makes of a change of state that would go from `pending`
// to its usual end after `usual_delay_ms`: it ends in the outcome's status instead, after the
// rule's delay or the usual one — and when that status is `pending` itself, the resource stays
// there for good (a fleet that never leaves STARTING). `errors` are shown once it has settled.
struct StateOutcome {
  Transition transition;
  // [{"ErrorCode", "ErrorMessage"}], the members FleetError and ResourceError share (both take
  // the model's FleetErrorCode): the rule's, or `default_code` and `default_message` when it
  // gives none; none for a resource that stays `pending` unless the rule names them.
  json errors;
};
std::optional<StateOutcome> injected_state(const Context& ctx, const std::string& pending,
                                           std::int64_t usual_delay_ms,
                                           const std::string& default_code,
                                           const std::string& default_message);

// A builder's start (image builders and app block builders, whose errors are among their
// attributes): the change from `pending` to RUNNING after `usual_delay_ms`, or the one an
// injected outcome makes of it, its errors (with their time) put in `attributes[errors_member]`.
// The errors of the builder's last start go. `what` names the resource in the default message.
Transition builder_start(const Context& ctx, const std::string& pending,
                         std::int64_t usual_delay_ms, const std::string& what,
                         std::string& attributes, const char* errors_member);

// builder_start's change, made the builder's state (to be stored by the caller).
template <class Builder>
void start_builder(const Context& ctx, Builder& b, const std::string& pending,
                   std::int64_t usual_delay_ms, const std::string& what,
                   const char* errors_member) {
  Transition t = builder_start(ctx, pending, usual_delay_ms, what, b.attributes, errors_member);
  b.state_pending = t.pending;
  b.state_settled = t.settled;
  b.state_settles_at = t.settles_at;
}

// A builder's view: its errors are shown once its state has settled.
void hide_unsettled_errors(const Context& ctx, double settles_at, const char* errors_member,
                           json& view);

// The injected outcome (kind entries) when it fails `entry` of a batch: it names no members, or
// the entry has every value it names. Marks the outcome taken when it does.
const InjectedOutcome* failing_entry(const Context& ctx, const json& entry);

}  // namespace junction::handlers::appstream
