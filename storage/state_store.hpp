// The whole state of the emulator as plain rows, for the control plane: reset, export and import
// over every service table, discovered from the schema (sqlite_master), so a new service's tables
// are covered without code here. Tables are ordered parents before children (foreign keys).
// Bookkeeping tables (schema_migrations, meta, sqlite_*) are never touched.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "storage/database.hpp"

namespace junction::storage {

struct TableColumn {
  std::string name;
  std::string declared_type;
  bool not_null = false;
  int primary_key = 0;  // position in the primary key (1-based), 0 when not part of it
  // What its values mean, from the schema's declarations (table schema_columns, migration
  // 0018): "epoch-seconds", "epoch-millis", "iso8601", "json", "enum <service> <Shape>",
  // "one-of <VALUE> ..."; empty when the SQL type says it all.
  std::string holds;
};

struct TableInfo {
  std::string name;
  std::vector<TableColumn> columns;  // in declaration order
  std::vector<std::string> parents;  // tables this one references
  bool has_account = false;
  bool has_region = false;
  bool has_service = false;  // a shared table (shared_*): its rows name their service

  const TableColumn* column(const std::string& column_name) const;
};

// Which rows an operation covers. Empty `services`: every table. Otherwise the tables whose
// names start with one of `table_prefixes` (the services' own tables), and the rows of those
// services in the shared tables (a `service` column holds the botocore name). A table without
// an `account` (or `region`) column is left out when that filter is set.
struct StateFilter {
  std::vector<std::string> services;
  std::vector<std::string> table_prefixes;
  std::optional<std::string> account;
  std::optional<std::string> region;
};

// A stored value: SQLite's storage classes.
struct Blob {
  std::string bytes;
  bool operator==(const Blob&) const = default;
};
using Value = std::variant<std::nullptr_t, std::int64_t, double, std::string, Blob>;
using Row = std::vector<std::pair<std::string, Value>>;  // column name → value

struct TableRows {
  std::string table;
  std::vector<Row> rows;
};

// A client's mistake in imported state (never a fault of the database). `type` is one of
// UnknownTable, UnknownColumn, InvalidRow, ConstraintViolation.
struct StateError : std::runtime_error {
  StateError(std::string type, const std::string& message)
      : std::runtime_error(message), type(std::move(type)) {}
  std::string type;
};

// Checks an imported value against what its column holds where storage/ cannot (a model's enum,
// JSON text): returns what is wrong with it, or "" when it is fine. Never called for NULL.
using ValueCheck = std::function<std::string(const TableColumn&, const Value&)>;

class StateStore {
 public:
  // Reads the schema once: it does not change after the migrations ran.
  explicit StateStore(Database& database);

  // Every service table, parents before children, ties by name.
  const std::vector<TableInfo>& tables() const { return tables_; }
  const TableInfo* table(const std::string& name) const;

  // Deletes the rows `filter` covers in one transaction, children first. Returns the rows
  // deleted per table (every covered table, zero included).
  std::map<std::string, std::int64_t> reset(const StateFilter& filter);

  // The rows `filter` covers, per covered table (empty tables included), parents first, rows in
  // primary-key order, columns in declaration order.
  std::vector<TableRows> export_rows(const StateFilter& filter);
  // The same rows, handed over one at a time as they are read, in one read transaction, so that
  // a large export need not hold all of them: `table` before each covered table's rows, then
  // `row` with its values (in the order of the table's columns).
  void export_each(const StateFilter& filter, const std::function<void(const TableInfo&)>& table,
                   const std::function<void(const TableInfo&, const std::vector<Value>&)>& row);

  // Merges `tables` in one transaction, parents before children whatever their order here: a
  // row whose primary key exists is updated in place (the columns given replace the stored
  // values, the others and the row's children are kept), any other row is inserted. Throws
  // StateError (and changes nothing) for an unknown table or column, a value of the wrong type
  // for its column or not what the column holds (InvalidRow: a time out of range, a value
  // `check` refuses), two rows of one table with the same primary key (InvalidRow), or a
  // violated constraint. Returns the rows written per table.
  std::map<std::string, std::int64_t> import_rows(const std::vector<TableRows>& tables,
                                                  const ValueCheck& check = {});

 private:
  std::vector<const TableInfo*> covered(const StateFilter& filter) const;

  Database& database_;
  std::vector<TableInfo> tables_;
};

}  // namespace junction::storage
