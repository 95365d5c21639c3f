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

}  // namespace

FaultRule FaultRules::parse(const json& body, const shapes::Model& model) {
  if (!body.is_object()) invalid("A fault rule must be a JSON object.");
  only_members(
      body,
      {"service", "operation", "account", "region", "error", "count", "probability", "latencyMs"},
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
  if (!rule.error && rule.latency_ms == 0)
    invalid("A fault rule needs an error, a latencyMs, or both.");
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
  out["count"] = rule.count ? json(*rule.count) : json(nullptr);
  out["remaining"] = rule.remaining ? json(*rule.remaining) : json(nullptr);
  if (rule.probability) out["probability"] = *rule.probability;
  return out;
}

FaultRule FaultRules::add(FaultRule rule) {
  std::lock_guard lock(mutex_);
  if (rules_.size() >= kMaxRules)
    throw bad_request("TooManyFaults", "At most " + std::to_string(kMaxRules) +
                                           " fault rules; DELETE /_junction/faults first.");
  rule.id = "fault-" + std::to_string(++next_id_);
  rule.created_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::system_clock::now().time_since_epoch())
                        .count();
  rules_.push_back(rule);
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

std::optional<FaultDecision> FaultRules::match(const std::string& service,
                                               const std::string& operation,
                                               const std::string& account,
                                               const std::string& region) {
  std::lock_guard lock(mutex_);
  for (auto& rule : rules_) {
    if (rule.service != service) continue;
    if (!rule.operation.empty() && rule.operation != operation) continue;
    if (!rule.account.empty() && rule.account != account) continue;
    if (!rule.region.empty() && rule.region != region) continue;
    if (rule.remaining && *rule.remaining <= 0) continue;
    if (rule.probability &&
        std::uniform_real_distribution<double>(0.0, 1.0)(random_) >= *rule.probability)
      continue;
    if (rule.remaining) --*rule.remaining;
    ++rule.fired;
    FaultDecision decision{rule.id, rule.error, rule.latency_ms};
    if (decision.error && decision.error->message.empty())
      decision.error->message =
          "Junction injected this " + decision.error->type + " (fault rule " + rule.id + ").";
    return decision;
  }
  return std::nullopt;
}

}  // namespace junction
