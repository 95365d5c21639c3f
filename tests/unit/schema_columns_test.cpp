// The declarations of what columns hold (storage/migrations/0018_schema_columns.sql): each names
// a column that exists, a kind the import checks know, and an enum the model has.
#include <catch2/catch.hpp>

#include "server/control/state_document.hpp"
#include "storage/database.hpp"
#include "storage/state_store.hpp"

using namespace junction;

TEST_CASE("every column declaration names a real column, kind and enum", "[state]") {
  storage::Database db("");
  storage::StateStore store(db);
  auto declared = db.read([](storage::Tx& tx) {
    std::vector<std::tuple<std::string, std::string, std::string>> out;
    auto s = tx.query("SELECT table_name, column_name, holds FROM schema_columns");
    while (s.step()) out.emplace_back(s.text(0), s.text(1), s.text(2));
    return out;
  });
  REQUIRE(declared.size() > 100);
  for (const auto& [table, column, holds] : declared) {
    INFO(table << "." << column << ": " << holds);
    const storage::TableInfo* t = store.table(table);
    REQUIRE(t);
    const storage::TableColumn* c = t->column(column);
    REQUIRE(c);
    CHECK(c->holds == holds);
    bool known = holds == "epoch-seconds" || holds == "epoch-millis" || holds == "iso8601" ||
                 holds == "json" || holds.rfind("one-of ", 0) == 0 || enum_shape(holds);
    CHECK(known);
  }
}
