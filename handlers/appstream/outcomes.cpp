#include "handlers/appstream/outcomes.hpp"

#include "handlers/appstream/appstream.hpp"

namespace junction::handlers::appstream {

std::optional<StateOutcome> injected_state(const Context& ctx, const std::string& pending,
                                           std::int64_t usual_delay_ms,
                                           const std::string& default_code,
                                           const std::string& default_message) {
  const InjectedOutcome* outcome = ctx.injected(OutcomeKind::kState);
  if (!outcome) return std::nullopt;
  ctx.outcome_applied();
  bool stays = outcome->status == pending;
  StateOutcome out{
      stays ? Transition{pending, pending, ctx.now_seconds()}
            : Transition::after(ctx, pending, outcome->status, outcome->delay_or(usual_delay_ms)),
      json::array()};
  if (!stays || !outcome->error_code.empty() || !outcome->message.empty())
    out.errors.push_back({{"ErrorCode", outcome->error_code_or(default_code)},
                          {"ErrorMessage", outcome->message_or(default_message)}});
  return out;
}

Transition builder_start(const Context& ctx, const std::string& pending,
                         std::int64_t usual_delay_ms, const std::string& what,
                         std::string& attributes, const char* errors_member) {
  json stored = stored_json(attributes);
  if (!stored.is_object()) stored = json::object();
  stored.erase(errors_member);
  Transition t = Transition::after(ctx, pending, "RUNNING", usual_delay_ms);
  if (auto failed = injected_state(ctx, pending, usual_delay_ms, "INTERNAL_SERVICE_ERROR",
                                   "The " + what +
                                       " could not be started because of an internal service "
                                       "error.")) {
    t = failed->transition;
    for (auto& error : failed->errors) error["ErrorTimestamp"] = t.settles_at;
    if (!failed->errors.empty()) stored[errors_member] = failed->errors;
  }
  attributes = stored.dump();
  return t;
}

void hide_unsettled_errors(const Context& ctx, double settles_at, const char* errors_member,
                           json& view) {
  if (ctx.now_seconds() < settles_at) view.erase(errors_member);
}

const InjectedOutcome* failing_entry(const Context& ctx, const json& entry) {
  const InjectedOutcome* outcome = ctx.injected(OutcomeKind::kEntries);
  if (!outcome) return nullptr;
  for (const auto& [member, value] : outcome->entries) {
    auto it = entry.find(member);
    if (it == entry.end() || !it->is_string() || it->get_ref<const std::string&>() != value)
      return nullptr;
  }
  ctx.outcome_applied();
  return outcome;
}

}  // namespace junction::handlers::appstream
