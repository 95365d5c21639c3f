#include "storage/state_store.hpp"

#include <algorithm>
#include <catch2/catch.hpp>

using junction::storage::Database;
using junction::storage::Row;
using junction::storage::StateError;
using junction::storage::StateFilter;
using junction::storage::StateStore;
using junction::storage::TableRows;

namespace {

std::size_t position(const StateStore& store, const std::string& table) {
  const auto& tables = store.tables();
  auto it =
      std::find_if(tables.begin(), tables.end(), [&](const auto& t) { return t.name == table; });
  REQUIRE(it != tables.end());
  return static_cast<std::size_t>(it - tables.begin());
}

Row permission_set(const std::string& account, const std::string& arn) {
  return {{"account", account},
          {"region", std::string("us-east-1")},
          {"instance_arn", std::string("arn:aws:sso:::instance/ssoins-1")},
          {"arn", arn},
          {"name", "ps-" + arn},
          {"session_duration", std::string("PT1H")},
          {"created_at", 1700000000.5}};
}

Row tag(const std::string& account, const std::string& arn) {
  return {{"account", account},
          {"region", std::string("us-east-1")},
          {"arn", arn},
          {"key", std::string("team")},
          {"value", std::string("blue")}};
}

}  // namespace

TEST_CASE("every service table is found, parents first, bookkeeping left out") {
  Database db("");
  StateStore store(db);
  REQUIRE_FALSE(store.tables().empty());
  REQUIRE(store.table("schema_migrations") == nullptr);
  REQUIRE(store.table("meta") == nullptr);
  REQUIRE(position(store, "sso_permission_sets") < position(store, "sso_permission_set_tags"));
  REQUIRE(position(store, "sso_permission_sets") < position(store, "sso_account_assignments"));
}

TEST_CASE("the table naming contract: every table has account and region columns") {
  Database db("");
  StateStore store(db);
  for (const auto& t : store.tables()) {
    INFO(t.name);
    REQUIRE(t.has_account);
    REQUIRE(t.has_region);
    const char* prefixes[] = {"sso_", "appstream_", "finspace_", "lmus_", "identitystore_"};
    REQUIRE(std::any_of(std::begin(prefixes), std::end(prefixes),
                        [&](const char* p) { return t.name.rfind(p, 0) == 0; }));
  }
}

TEST_CASE("import, export and reset over the schema's tables") {
  Database db("");
  StateStore store(db);
  // Children listed first: the store orders them.
  store.import_rows({TableRows{"sso_permission_set_tags", {tag("1", "arn:a")}},
                     TableRows{"sso_permission_sets",
                               {permission_set("1", "arn:a"), permission_set("2", "arn:b")}}});
  auto exported = store.export_rows({});
  auto find = [&](const std::string& table) {
    for (const auto& t : exported)
      if (t.table == table) return t.rows;
    FAIL("no table " << table);
    return std::vector<Row>{};
  };
  auto sets = find("sso_permission_sets");
  REQUIRE(sets.size() == 2);
  // Every column in declaration order, values typed, absent ones NULL.
  const auto& row = sets[0];
  REQUIRE(row.size() == store.table("sso_permission_sets")->columns.size());
  for (std::size_t i = 0; i < row.size(); ++i)
    REQUIRE(row[i].first == store.table("sso_permission_sets")->columns[i].name);
  for (const auto& [column, value] : permission_set("1", "arn:a")) {
    auto it =
        std::find_if(row.begin(), row.end(), [&](const auto& c) { return c.first == column; });
    REQUIRE(it->second == value);
  }
  auto description =
      std::find_if(row.begin(), row.end(), [](const auto& c) { return c.first == "description"; });
  REQUIRE(std::holds_alternative<std::nullptr_t>(description->second));
  REQUIRE(find("sso_permission_set_tags").size() == 1);

  StateFilter one;
  one.account = "1";
  REQUIRE(store.export_rows(one).size() == store.tables().size());
  auto deleted = store.reset(one);
  REQUIRE(deleted["sso_permission_sets"] == 1);
  REQUIRE(deleted["sso_permission_set_tags"] == 1);
  StateFilter sso;
  sso.table_prefixes = {"sso_"};
  REQUIRE(store.reset(sso)["sso_permission_sets"] == 1);
}

TEST_CASE("a bad import changes nothing") {
  Database db("");
  StateStore store(db);
  auto count = [&] {
    std::size_t n = 0;
    for (const auto& t : store.export_rows({})) n += t.rows.size();
    return n;
  };
  auto fails = [&](std::vector<TableRows> rows, const std::string& type) {
    try {
      store.import_rows(rows);
      FAIL("imported");
    } catch (const StateError& e) {
      REQUIRE(e.type == type);
    }
    REQUIRE(count() == 0);
  };
  fails({{"sso_permission_sets", {permission_set("1", "arn:a")}}, {"nope", {}}}, "UnknownTable");
  Row extra = permission_set("1", "arn:a");
  extra.emplace_back("colour", std::string("red"));
  fails({{"sso_permission_sets", {extra}}}, "UnknownColumn");
  fails({{"sso_permission_sets", {Row{}}}}, "InvalidRow");
  fails({{"sso_permission_sets", {permission_set("1", "arn:a")}},
         {"sso_permission_set_tags", {tag("1", "arn:missing")}}},
        "ConstraintViolation");
}
