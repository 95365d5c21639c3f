// Fault injection: rules that make the next N calls (or a share of calls) of a service, or of one
// of its operations, fail with a given error, end with a given outcome, and/or wait first. The
// dispatcher asks match() after routing and before decoding; a fired error rule answers instead
// of the handler, a fired outcome rule hands its outcome to the handler (handlers/outcome.hpp).
// Thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "handlers/outcome.hpp"
#include "server/shapes/shape.hpp"

namespace junction {

struct FaultError {
  std::string type;
  std::string message;  // empty: a default naming the rule
  int status = 0;       // 0: the status the service's model gives `type`
};

struct FaultRule {
  std::string id;
  std::string service;    // botocore name
  std::string operation;  // empty: every operation of the service
  std::string account;    // empty: any
  std::string region;     // empty: any
  std::optional<FaultError> error;
  // The outcome the calls end with instead (its kind the operations' one); never with an error.
  std::optional<handlers::InjectedOutcome> outcome;
  std::optional<std::int64_t> count;      // the next N calls; none: every call
  std::optional<std::int64_t> remaining;  // of count
  std::optional<double> probability;      // each matching call fires with this chance
  std::int64_t latency_ms = 0;
  std::int64_t fired = 0;
  std::int64_t created_ms = 0;
};

// What a fired rule does to one call.
struct FaultDecision {
  std::string rule_id;
  std::optional<FaultError> error;  // with its message filled in
  std::optional<handlers::InjectedOutcome> outcome;
  std::int64_t latency_ms = 0;
};

// The outcome an operation honours (its binding's declaration), or null for none.
using OutcomeLookup = std::function<const handlers::OutcomeSupport*(const shapes::Operation&)>;

class FaultRules {
 public:
  static constexpr std::size_t kMaxRules = 1000;
  static constexpr std::int64_t kMaxLatencyMs = 300000;
  static constexpr std::int64_t kMaxOutcomeDelayMs = 86400000;  // a day
  static constexpr std::size_t kMaxMessageBytes = 2048;

  // Validates the JSON of a rule (POST /_junction/faults) against the model and, for an outcome,
  // against what the operations declare (`outcomes`); throws ControlError.
  static FaultRule parse(const nlohmann::json& body, const shapes::Model& model,
                         const OutcomeLookup& outcomes = {});
  static nlohmann::json to_json(const FaultRule& rule);

  // Stores the rule and returns it with its id. Throws ControlError past kMaxRules.
  FaultRule add(FaultRule rule);
  // Stores them all, or none when they would pass kMaxRules (ControlError).
  std::vector<FaultRule> add_all(std::vector<FaultRule> rules);
  std::vector<FaultRule> list() const;
  std::optional<FaultRule> get(const std::string& id) const;
  bool remove(const std::string& id);
  // An outcome rule's turn given back: the call it matched changed nothing it covers (it failed
  // first, or none of its entries matched), so its count and `fired` do not count that call.
  void release(const std::string& id);
  std::size_t clear();
  // clear(), and ids start again at fault-1: a full reset is a fresh start.
  std::size_t reset();

  // The first rule, in the order they were added, that covers the call and fires (its count not
  // used up; its probability drawn). Counts the firing. A rule with an outcome covers only calls
  // of operations that honour its kind (`outcome_kind`, the operation's declaration).
  std::optional<FaultDecision> match(
      const std::string& service, const std::string& operation, const std::string& account,
      const std::string& region, handlers::OutcomeKind outcome_kind = handlers::OutcomeKind::kNone);

 private:
  FaultRule stamp(FaultRule rule);

  mutable std::mutex mutex_;
  std::vector<FaultRule> rules_;
  std::uint64_t next_id_ = 0;
  std::mt19937_64 random_{std::random_device{}()};
};

}  // namespace junction
