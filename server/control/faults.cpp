#include "server/control/faults.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "server/control/control_error.hpp"
#include "server/control/services.hpp"
#include "server/util/ids.hpp"

namespace junction {
namespace {

using nlohmann::json;

[[noreturn]] void invalid(const std::string& message) {
  throw bad_request("InvalidFault", message);
}

std::string string_member(const json& body, const char* name, const char* where) {
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) return {};
  if (!it->is_string() || it->get<std::string>().empty())
    invalid(std::string(where) + name + " must be a non-empty string.");
  return it->get<std::string>();
}

std::optional<std::int64_t> integer_member(const json& body, const char* name, const char* where,
                                           std::int64_t lo, std::int64_t hi) {
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) return std::nullopt;
  bool whole = it->is_number_integer() ||
               (it->is_number_float() && std::trunc(it->get<double>()) == it->get<double>());
  if (!whole || it->get<double>() < static_cast<double>(lo) ||
      it->get<double>() > static_cast<double>(hi))
    invalid(std::string(where) + name + " must be a whole number from " + std::to_string(lo) +
            " to " + std::to_string(hi) + ".");
  return static_cast<std::int64_t>(it->get<double>());
}

void only_members(const json& body, std::initializer_list<const char*> allowed,
                  const std::string& what) {
  for (const auto& item : body.items()) {
    const std::string& key = item.key();  // not a structured binding: clang 14 cannot capture one
    if (std::find_if(allowed.begin(), allowed.end(), [&](const char* a) { return key == a; }) !=
        allowed.end())
      continue;
    std::string names;
    for (const char* a : allowed) names += std::string(names.empty() ? "" : ", ") + a;
    invalid("Unknown member '" + key + "' in " + what + ". Its members: " + names + ".");
  }
}

// Error types end up in a header: letters, digits and a few separators only.
bool valid_type(const std::string& type) {
  return !type.empty() && type.size() <= 128 &&
         std::all_of(type.begin(), type.end(), [](unsigned char c) {
           return std::isalnum(c) || c == '_' || c == '.' || c == ':' || c == '#' || c == '-';
         });
}

using handlers::OutcomeKind;
using handlers::OutcomeSupport;

// "CreateAccountAssignment (request), ..." for a message.
std::string outcome_operations(const shapes::Service& service, const OutcomeLookup& outcomes) {
  std::string list;
  if (outcomes)
    for (const auto& op : service.operations)
      if (const OutcomeSupport* s = outcomes(op); s && s->supported())
        list += (list.empty() ? "" : ", ") + op.name + " (" + outcome_kind_name(s->kind) + ")";
  return list.empty() ? "none" : list;
}

// What the operations a rule covers declare: the one operation's, or, for a rule of a whole
// service, what every operation of the service that takes an outcome declares (they must agree
// on the kind).
std::vector<const OutcomeSupport*> outcome_support(const shapes::Service& service,
                                                   const std::string& operation,
                                                   const OutcomeLookup& outcomes) {
  std::vector<const OutcomeSupport*> found;
  for (const auto& op : service.operations) {
    if (!operation.empty() && op.name != operation) continue;
    const OutcomeSupport* s = outcomes ? outcomes(op) : nullptr;
    if (s && s->supported()) found.push_back(s);
  }
  if (found.empty())
    invalid((operation.empty() ? "No operation of " + service.sdk_name + " takes"
                               : service.sdk_name + " " + operation + " takes no") +
            " outcome. The " + service.sdk_name +
            " operations that do: " + outcome_operations(service, outcomes) + ".");
  for (const OutcomeSupport* s : found)
    if (s->kind != found.front()->kind)
      invalid("The " + service.sdk_name +
              " operations take outcomes of different kinds: name "
              "the operation (" +
              outcome_operations(service, outcomes) + ").");
  return found;
}

bool accepts_status(const OutcomeSupport& s, const std::string& status) {
  if (std::find(s.statuses.begin(), s.statuses.end(), status) != s.statuses.end()) return true;
  return s.any_status && status.size() <= 64 &&
         std::all_of(status.begin(), status.end(), [](unsigned char c) {
           return std::isupper(c) || std::isdigit(c) || c == '_';
         });
}

std::string joined(const std::vector<std::string>& values) {
  std::string out;
  for (const auto& v : values) out += (out.empty() ? "" : ", ") + v;
  return out;
}

// The "outcome" member of a rule, checked against what the operations it covers declare.
handlers::InjectedOutcome parse_outcome(const json& body, const shapes::Service& service,
                                        const std::string& operation,
                                        const OutcomeLookup& outcomes) {
  if (!body.is_object())
    invalid("outcome must be an object, e.g. {\"status\": \"FAILED\", \"message\": ...}.");
  only_members(body, {"kind", "status", "errorCode", "message", "delayMs", "entries"}, "outcome");
  auto supports = outcome_support(service, operation, outcomes);
  const OutcomeSupport& first = *supports.front();
  handlers::InjectedOutcome outcome;
  outcome.kind = first.kind;
  const std::string kind = outcome_kind_name(first.kind);
  if (auto given = string_member(body, "kind", "outcome."); !given.empty() && given != kind)
    invalid("outcome.kind is " + kind + " for the operations this rule covers, not " + given + ".");
  auto refuse_for_kind = [&](const char* member) {
    if (body.contains(member) && !body[member].is_null())
      invalid(std::string("outcome.") + member + " has no meaning for an outcome of kind " + kind +
              ".");
  };

  outcome.status = string_member(body, "status", "outcome.");
  if (first.statuses.empty()) {
    refuse_for_kind("status");
  } else if (outcome.status.empty()) {
    outcome.status = first.statuses.front();
  } else {
    for (const OutcomeSupport* s : supports)
      if (!accepts_status(*s, outcome.status))
        invalid("outcome.status must be " +
                std::string(s->any_status ? "upper-case text, e.g. " : "one of ") +
                joined(s->statuses) + ", not " + outcome.status + ".");
  }

  outcome.error_code = string_member(body, "errorCode", "outcome.");
  if (first.error_codes.empty()) {
    refuse_for_kind("errorCode");
  } else if (!outcome.error_code.empty()) {
    const shapes::Shape* codes = service.shape(first.error_codes);
    if (codes && !codes->enum_values.empty() &&
        std::find(codes->enum_values.begin(), codes->enum_values.end(), outcome.error_code) ==
            codes->enum_values.end())
      invalid("outcome.errorCode must be one of the model's " + first.error_codes + ": " +
              joined(codes->enum_values) + ".");
  }

  outcome.message = string_member(body, "message", "outcome.");
  if (outcome.message.size() > FaultRules::kMaxMessageBytes)
    invalid("outcome.message may hold at most " + std::to_string(FaultRules::kMaxMessageBytes) +
            " bytes.");

  if (first.kind == OutcomeKind::kRequest || first.kind == OutcomeKind::kState)
    outcome.delay_ms =
        integer_member(body, "delayMs", "outcome.", 0, FaultRules::kMaxOutcomeDelayMs);
  else
    refuse_for_kind("delayMs");

  if (auto it = body.find("entries"); it != body.end() && !it->is_null()) {
    if (first.entry_shape.empty()) refuse_for_kind("entries");
    const shapes::Shape* entry = service.shape(first.entry_shape);
    if (!it->is_object())
      invalid(
          "outcome.entries must be an object of entry member to value, e.g. "
          "{\"UserName\": \"ana\"}.");
    for (const auto& [member, value] : it->items()) {
      if (entry && !entry->member(member)) {
        std::string names;
        for (const auto& m : entry->members) names += (names.empty() ? "" : ", ") + m.name;
        invalid("outcome.entries: " + first.entry_shape + " has no member '" + member +
                "'. Its members: " + names + ".");
      }
      if (!value.is_string() || value.get<std::string>().empty())
        invalid("outcome.entries." + member + " must be a non-empty string.");
      outcome.entries.emplace_back(member, value.get<std::string>());
    }
  }
  return outcome;
}

}  // namespace

FaultRule FaultRules::parse(const json& body, const shapes::Model& model,
                            const OutcomeLookup& outcomes) {
  if (!body.is_object()) invalid("A fault rule must be a JSON object.");
  only_members(body,
               {"service", "operation", "account", "region", "error", "outcome", "count",
                "probability", "latencyMs"},
               "a fault rule");
  FaultRule rule;
  rule.service = string_member(body, "service", "");
  if (rule.service.empty()) invalid("service is required: the botocore name, e.g. sso-admin.");
  const shapes::Service& service = require_service(model, rule.service);
  rule.operation = string_member(body, "operation", "");
  if (!rule.operation.empty() && !service.operation(rule.operation))
    throw bad_request("UnknownOperation",
                      "The " + rule.service + " model has no operation '" + rule.operation + "'.");
  rule.account = string_member(body, "account", "");
  rule.region = string_member(body, "region", "");

  if (auto it = body.find("error"); it != body.end() && !it->is_null()) {
    if (!it->is_object())
      invalid("error must be an object: {\"type\": ..., \"message\": ..., \"status\": ...}.");
    only_members(*it, {"type", "message", "status"}, "error");
    FaultError error;
    error.type = string_member(*it, "type", "error.");
    if (error.type.empty()) invalid("error.type is required, e.g. ThrottlingException.");
    if (!valid_type(error.type))
      invalid("error.type may only hold letters, digits and _ . : # - (at most 128).");
    error.message = string_member(*it, "message", "error.");
    error.status = static_cast<int>(integer_member(*it, "status", "error.", 400, 599).value_or(0));
    rule.error = error;
  }
  if (auto it = body.find("outcome"); it != body.end() && !it->is_null()) {
    if (rule.error)
      invalid(
          "Give an error (answered instead of the call) or an outcome (the call runs and "
          "ends that way), not both.");
    rule.outcome = parse_outcome(*it, service, rule.operation, outcomes);
  }
  rule.count = integer_member(body, "count", "", 1, 1000000000);
  rule.remaining = rule.count;
  if (auto it = body.find("probability"); it != body.end() && !it->is_null()) {
    if (!it->is_number() || it->get<double>() < 0 || it->get<double>() > 1)
      invalid("probability must be a number from 0 to 1.");
    rule.probability = it->get<double>();
  }
  if (rule.count && rule.probability)
    invalid("Give count (the next N calls) or probability (a share of calls), not both.");
  rule.latency_ms = integer_member(body, "latencyMs", "", 0, kMaxLatencyMs).value_or(0);
  if (!rule.error && !rule.outcome && rule.latency_ms == 0)
    invalid(
        "A fault rule needs an error, an outcome or a latencyMs (an error or an outcome may "
        "come with a latencyMs).");
  return rule;
}

json FaultRules::to_json(const FaultRule& rule) {
  json out = {{"id", rule.id},
              {"service", rule.service},
              {"operation", rule.operation.empty() ? json(nullptr) : json(rule.operation)},
              {"latencyMs", rule.latency_ms},
              {"fired", rule.fired},
              {"createdAt", iso8601(rule.created_ms)}};
  if (!rule.account.empty()) out["account"] = rule.account;
  if (!rule.region.empty()) out["region"] = rule.region;
  if (rule.error) {
    json error = {{"type", rule.error->type}};
    if (!rule.error->message.empty()) error["message"] = rule.error->message;
    if (rule.error->status) error["status"] = rule.error->status;
    out["error"] = error;
  }
  if (const auto& o = rule.outcome) {
    json outcome = {{"kind", outcome_kind_name(o->kind)}};
    if (!o->status.empty()) outcome["status"] = o->status;
    if (!o->error_code.empty()) outcome["errorCode"] = o->error_code;
    if (!o->message.empty()) outcome["message"] = o->message;
    if (o->delay_ms) outcome["delayMs"] = *o->delay_ms;
    if (!o->entries.empty()) {
      json entries = json::object();
      for (const auto& [member, value] : o->entries) entries[member] = value;
      outcome["entries"] = entries;
    }
    out["outcome"] = outcome;
  }
  out["count"] = rule.count ? json(*rule.count) : json(nullptr);
  out["remaining"] = rule.remaining ? json(*rule.remaining) : json(nullptr);
  if (rule.probability) out["probability"] = *rule.probability;
  return out;
}

FaultRule FaultRules::add(FaultRule rule) { return add_all({std::move(rule)}).front(); }

std::vector<FaultRule> FaultRules::add_all(std::vector<FaultRule> rules) {
  std::lock_guard lock(mutex_);
  if (rules_.size() + rules.size() > kMaxRules)
    throw bad_request("TooManyFaults", "At most " + std::to_string(kMaxRules) +
                                           " fault rules; DELETE /_junction/faults first.");
  for (auto& rule : rules) {
    rule = stamp(std::move(rule));
    rules_.push_back(rule);
  }
  return rules;
}

// Its id and creation time (the lock held).
FaultRule FaultRules::stamp(FaultRule rule) {
  rule.id = "fault-" + std::to_string(++next_id_);
  rule.created_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::system_clock::now().time_since_epoch())
                        .count();
  if (rule.outcome) rule.outcome->rule_id = rule.id;
  return rule;
}

std::vector<FaultRule> FaultRules::list() const {
  std::lock_guard lock(mutex_);
  return rules_;
}

std::optional<FaultRule> FaultRules::get(const std::string& id) const {
  std::lock_guard lock(mutex_);
  for (const auto& r : rules_)
    if (r.id == id) return r;
  return std::nullopt;
}

bool FaultRules::remove(const std::string& id) {
  std::lock_guard lock(mutex_);
  auto it = std::find_if(rules_.begin(), rules_.end(), [&](const auto& r) { return r.id == id; });
  if (it == rules_.end()) return false;
  rules_.erase(it);
  return true;
}

std::size_t FaultRules::clear() {
  std::lock_guard lock(mutex_);
  std::size_t n = rules_.size();
  rules_.clear();
  return n;
}

std::size_t FaultRules::reset() {
  std::lock_guard lock(mutex_);
  std::size_t n = rules_.size();
  rules_.clear();
  next_id_ = 0;
  return n;
}

void FaultRules::release(const std::string& id) {
  std::lock_guard lock(mutex_);
  for (auto& rule : rules_) {
    if (rule.id != id) continue;
    if (rule.remaining) ++*rule.remaining;
    if (rule.fired > 0) --rule.fired;
    return;
  }
}

std::optional<FaultDecision> FaultRules::match(const std::string& service,
                                               const std::string& operation,
                                               const std::string& account,
                                               const std::string& region,
                                               handlers::OutcomeKind outcome_kind) {
  std::lock_guard lock(mutex_);
  for (auto& rule : rules_) {
    if (rule.service != service) continue;
    if (rule.outcome && rule.outcome->kind != outcome_kind) continue;
    if (!rule.operation.empty() && rule.operation != operation) continue;
    if (!rule.account.empty() && rule.account != account) continue;
    if (!rule.region.empty() && rule.region != region) continue;
    if (rule.remaining && *rule.remaining <= 0) continue;
    if (rule.probability &&
        std::uniform_real_distribution<double>(0.0, 1.0)(random_) >= *rule.probability)
      continue;
    if (rule.remaining) --*rule.remaining;
    ++rule.fired;
    FaultDecision decision{rule.id, rule.error, rule.outcome, rule.latency_ms};
    if (decision.error && decision.error->message.empty())
      decision.error->message =
          "Junction injected this " + decision.error->type + " (fault rule " + rule.id + ").";
    return decision;
  }
  return std::nullopt;
}

}  // namespace junction
