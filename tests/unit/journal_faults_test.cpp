#include <catch2/catch.hpp>

#include "server/control/control_error.hpp"
#include "server/control/faults.hpp"
#include "server/control/journal.hpp"

using junction::ControlError;
using junction::FaultRules;
using junction::Journal;
using junction::JournalEntry;
using nlohmann::json;

TEST_CASE("the journal keeps the newest entries, oldest first") {
  Journal journal(3);
  for (int i = 0; i < 7; ++i) {
    JournalEntry e;
    e.operation = "Op" + std::to_string(i);
    journal.record(e);
  }
  auto all = journal.entries([](const JournalEntry&) { return true; });
  REQUIRE(all.size() == 3);
  REQUIRE(all[0]->operation == "Op4");
  REQUIRE(all[2]->operation == "Op6");
  REQUIRE(all[2]->sequence == 7);
  REQUIRE(journal.total() == 7);
  REQUIRE(journal.clear() == 3);
  REQUIRE(journal.entries([](const JournalEntry&) { return true; }).empty());
  Journal off(0);
  off.record({});
  REQUIRE(off.entries([](const JournalEntry&) { return true; }).empty());
}

TEST_CASE("fault rules fire in order, counted") {
  const auto& model = junction::shapes::Model::instance();
  FaultRules rules;
  auto a = rules.add(FaultRules::parse({{"service", "sso-admin"},
                                        {"operation", "ListInstances"},
                                        {"count", 1},
                                        {"error", {{"type", "ThrottlingException"}}}},
                                       model));
  auto b = rules.add(FaultRules::parse({{"service", "sso-admin"}, {"latencyMs", 5}}, model));
  auto first = rules.match("sso-admin", "ListInstances", "1", "r");
  REQUIRE(first);
  REQUIRE(first->rule_id == a.id);
  REQUIRE(first->error->message.find(a.id) != std::string::npos);
  auto second = rules.match("sso-admin", "ListInstances", "1", "r");
  REQUIRE(second->rule_id == b.id);
  REQUIRE_FALSE(second->error);
  REQUIRE_FALSE(rules.match("appstream", "ListInstances", "1", "r"));
  REQUIRE(rules.get(a.id)->remaining == 0);
  REQUIRE(rules.remove(a.id));
  REQUIRE_FALSE(rules.remove(a.id));
  REQUIRE(rules.clear() == 1);
  REQUIRE_THROWS_AS(FaultRules::parse({{"service", "sso-admin"}}, model), ControlError);
}
