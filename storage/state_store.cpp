#include "storage/state_store.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <cctype>
#include <set>
#include <unordered_map>

namespace junction::storage {
namespace {

// Table and column names come from the schema, but are quoted all the same.
std::string quote(const std::string& identifier) {
  std::string out = "\"";
  for (char c : identifier) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

// A statement prepared for one control-plane call and finalized after it. The SQL here is built
// from the schema, so it is not kept in the connection's statement cache.
class Prepared {
 public:
  Prepared(sqlite3* db, const std::string& sql) {
    if (sqlite3_prepare_v2(db, sql.c_str(), static_cast<int>(sql.size()), &stmt_, nullptr) !=
        SQLITE_OK)
      throw_storage_error(db, "prepare " + sql);
  }
  ~Prepared() { sqlite3_finalize(stmt_); }
  Prepared(const Prepared&) = delete;
  Prepared& operator=(const Prepared&) = delete;

  sqlite3_stmt* get() const { return stmt_; }
  void reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }

 private:
  sqlite3_stmt* stmt_ = nullptr;
};

// The raw connection behind a transaction.
sqlite3* connection(Tx& tx) { return sqlite3_db_handle(tx.query("SELECT 1").handle()); }

// Not named bind: an unqualified bind(stmt, 1, some_std_string) finds std::bind by argument-
// dependent lookup wherever <functional> is included, and std::bind, a better match than a call
// needing the conversion to Value, silently binds nothing.
void bind_value(sqlite3_stmt* stmt, int index, const Value& value) {
  int rc = std::visit(
      [&](const auto& v) -> int {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::nullptr_t>) {
          return sqlite3_bind_null(stmt, index);
        } else if constexpr (std::is_same_v<T, std::int64_t>) {
          return sqlite3_bind_int64(stmt, index, v);
        } else if constexpr (std::is_same_v<T, double>) {
          return sqlite3_bind_double(stmt, index, v);
        } else if constexpr (std::is_same_v<T, std::string>) {
          return sqlite3_bind_text(stmt, index, v.data(), static_cast<int>(v.size()),
                                   SQLITE_TRANSIENT);
        } else {
          return sqlite3_bind_blob(stmt, index, v.bytes.data(), static_cast<int>(v.bytes.size()),
                                   SQLITE_TRANSIENT);
        }
      },
      value);
  if (rc != SQLITE_OK) throw_storage_error(sqlite3_db_handle(stmt), "bind");
}

Value column_value(sqlite3_stmt* stmt, int column) {
  switch (sqlite3_column_type(stmt, column)) {
    case SQLITE_INTEGER:
      return static_cast<std::int64_t>(sqlite3_column_int64(stmt, column));
    case SQLITE_FLOAT:
      return sqlite3_column_double(stmt, column);
    case SQLITE_TEXT: {
      const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt, column));
      return std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt, column)));
    }
    case SQLITE_BLOB: {
      const auto* p = static_cast<const char*>(sqlite3_column_blob(stmt, column));
      return Blob{
          std::string(p ? p : "", static_cast<std::size_t>(sqlite3_column_bytes(stmt, column)))};
    }
    default:
      return nullptr;
  }
}

// Runs a statement that returns no rows. A violated constraint is the caller's mistake.
void check_step(sqlite3_stmt* stmt, int rc, const std::string& where) {
  if (rc == SQLITE_DONE || rc == SQLITE_ROW) return;
  std::string message = sqlite3_errmsg(sqlite3_db_handle(stmt));
  if ((rc & 0xff) == SQLITE_CONSTRAINT) throw StateError("ConstraintViolation", where + message);
  std::string what = where;
  if (what.size() >= 2 && what.compare(what.size() - 2, 2, ": ") == 0) what.resize(what.size() - 2);
  throw_storage_error(sqlite3_db_handle(stmt), what);
}

void run(sqlite3_stmt* stmt, const std::string& where) {
  check_step(stmt, sqlite3_step(stmt), where);
}

// " WHERE ..." for the account, region and (in shared tables) service filter: bound as ?1, ?2
// and ?3 on, or "".
std::string where_clause(const TableInfo& table, const StateFilter& filter) {
  std::string where;
  auto add = [&](const std::string& condition) {
    where += (where.empty() ? "" : " AND ") + condition;
  };
  if (filter.account && table.has_account) add("account = ?1");
  if (filter.region && table.has_region) add("region = ?2");
  if (!filter.services.empty() && table.has_service) {
    std::string in;
    for (std::size_t i = 0; i < filter.services.size(); ++i)
      in += (i ? ", ?" : "?") + std::to_string(3 + i);
    add("service IN (" + in + ")");
  }
  return where.empty() ? "" : " WHERE " + where;
}

void bind_filter(sqlite3_stmt* stmt, const TableInfo& table, const StateFilter& filter) {
  if (filter.account && table.has_account) bind_value(stmt, 1, *filter.account);
  if (filter.region && table.has_region) bind_value(stmt, 2, *filter.region);
  if (table.has_service)
    for (std::size_t i = 0; i < filter.services.size(); ++i)
      bind_value(stmt, static_cast<int>(3 + i), filter.services[i]);
}

std::string join_names(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

// SQLite's type affinity of a declared type (https://sqlite.org/datatype3.html, 3.1).
enum class Affinity { kInteger, kText, kBlob, kReal, kNumeric };
Affinity affinity(std::string type) {
  for (auto& c : type) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  auto has = [&](const char* part) { return type.find(part) != std::string::npos; };
  if (has("INT")) return Affinity::kInteger;
  if (has("CHAR") || has("CLOB") || has("TEXT")) return Affinity::kText;
  if (type.empty() || has("BLOB")) return Affinity::kBlob;
  if (has("REAL") || has("FLOA") || has("DOUB")) return Affinity::kReal;
  return Affinity::kNumeric;
}

const char* kind_of(const Value& v) {
  switch (v.index()) {
    case 0:
      return "null";
    case 1:
      return "a whole number";
    case 2:
      return "a number with a fraction";
    case 3:
      return "text";
    default:
      return "binary";
  }
}

// The latest time every SDK reads back: 9999-12-31T23:59:59Z.
constexpr double kLastSecond = 253402300799.0;

bool digits(std::string_view s, std::size_t at, std::size_t n, int lo, int hi) {
  if (at + n > s.size()) return false;
  int v = 0;
  for (std::size_t i = at; i < at + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  return v >= lo && v <= hi;
}

// 2026-01-31T12:00:00Z or 2026-01-31T12:00:00.000Z
bool is_iso8601(std::string_view s) {
  if (s.size() < 20 || !digits(s, 0, 4, 1, 9999) || s[4] != '-' || !digits(s, 5, 2, 1, 12) ||
      s[7] != '-' || !digits(s, 8, 2, 1, 31) || s[10] != 'T' || !digits(s, 11, 2, 0, 23) ||
      s[13] != ':' || !digits(s, 14, 2, 0, 59) || s[16] != ':' || !digits(s, 17, 2, 0, 60))
    return false;
  std::size_t i = 19;
  if (s[i] == '.') {
    std::size_t start = ++i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    if (i == start) return false;
  }
  return i + 1 == s.size() && s[i] == 'Z';
}

// What is wrong with `v` for column `c` (its SQL type, and what it holds where storage/ can
// tell), or "".
std::string type_problem(const TableColumn& c, const Value& v) {
  if (std::holds_alternative<std::nullptr_t>(v)) return "";
  Affinity a = affinity(c.declared_type);
  const auto* real = std::get_if<double>(&v);
  bool integer = std::holds_alternative<std::int64_t>(v);
  bool number = integer || real;
  switch (a) {
    case Affinity::kInteger:
      if (integer || (real && *real == static_cast<double>(static_cast<std::int64_t>(*real))))
        break;
      return std::string("must be a whole number (the column is ") + c.declared_type + "), not " +
             kind_of(v);
    case Affinity::kReal:
      if (!number)
        return std::string("must be a number (the column is ") + c.declared_type + "), not " +
               kind_of(v);
      break;
    case Affinity::kText:
      if (!std::holds_alternative<std::string>(v))
        return std::string("must be text (the column is ") + c.declared_type + "), not " +
               kind_of(v);
      break;
    default:
      break;
  }
  double n = integer ? static_cast<double>(std::get<std::int64_t>(v)) : real ? *real : 0;
  if (c.holds == "epoch-seconds") {
    if (!number) return "must be a time in epoch seconds, not " + std::string(kind_of(v));
    if (!(n >= 0 && n <= kLastSecond))
      return "must be a time in epoch seconds between 0 (1970-01-01) and " +
             std::to_string(static_cast<std::int64_t>(kLastSecond)) + " (9999-12-31)";
  } else if (c.holds == "epoch-millis") {
    if (!integer)
      return "must be a time in epoch milliseconds (a whole number), not " +
             std::string(kind_of(v));
    if (!(n >= 0 && n <= kLastSecond * 1000 + 999))
      return "must be a time in epoch milliseconds between 0 (1970-01-01) and " +
             std::to_string(static_cast<std::int64_t>(kLastSecond) * 1000 + 999) + " (9999-12-31)";
  } else if (c.holds == "iso8601") {
    const auto* text = std::get_if<std::string>(&v);
    if (!text || !is_iso8601(*text))
      return "must be an ISO-8601 time such as 2026-01-31T12:00:00.000Z";
  } else if (c.holds.rfind("one-of ", 0) == 0) {
    const auto* text = std::get_if<std::string>(&v);
    std::string list = c.holds.substr(7);
    bool found = false;
    if (text) {
      std::size_t at = 0;
      while (at <= list.size() && !found) {
        std::size_t end = list.find(' ', at);
        if (end == std::string::npos) end = list.size();
        found = list.compare(at, end - at, *text) == 0 && !text->empty();
        at = end + 1;
      }
    }
    if (!found) {
      std::string shown;
      for (char ch : list) shown += ch == ' ' ? std::string(", ") : std::string(1, ch);
      return "must be one of " + shown;
    }
  }
  return "";
}

// A row's primary key as bytes, to find two rows of one import that land on the same row.
void append_key(std::string& key, sqlite3_stmt* stmt, int column) {
  key += static_cast<char>('0' + sqlite3_column_type(stmt, column));
  const auto* p = static_cast<const char*>(sqlite3_column_blob(stmt, column));
  int n = sqlite3_column_bytes(stmt, column);
  key += std::to_string(n);
  key += ':';
  if (p) key.append(p, static_cast<std::size_t>(n));
}

}  // namespace

const TableColumn* TableInfo::column(const std::string& column_name) const {
  for (const auto& c : columns)
    if (c.name == column_name) return &c;
  return nullptr;
}

StateStore::StateStore(Database& database) : database_(database) {
  std::vector<TableInfo> found = database_.read([](Tx& tx) {
    std::vector<TableInfo> out;
    auto names = tx.query(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' "
        "ESCAPE '\\' AND name NOT IN ('schema_migrations', 'schema_columns', 'meta') ORDER BY "
        "name");
    while (names.step()) out.push_back(TableInfo{names.text(0), {}, {}, false, false, false});
    for (auto& table : out) {
      auto columns = tx.query(
          "SELECT name, type, \"notnull\", pk FROM pragma_table_info(?1) ORDER BY cid", table.name);
      while (columns.step()) {
        TableColumn c{columns.text(0),
                      columns.text(1),
                      columns.integer(2) != 0,
                      static_cast<int>(columns.integer(3)),
                      {}};
        table.has_account |= c.name == "account";
        table.has_region |= c.name == "region";
        table.has_service |= c.name == "service" && table.name.rfind("shared_", 0) == 0;
        table.columns.push_back(std::move(c));
      }
      auto holds = tx.query("SELECT column_name, holds FROM schema_columns WHERE table_name = ?1",
                            table.name);
      while (holds.step())
        for (auto& c : table.columns)
          if (c.name == holds.view(0)) c.holds = holds.text(1);
      auto parents = tx.query(
          "SELECT DISTINCT \"table\" FROM pragma_foreign_key_list(?1) ORDER BY 1", table.name);
      while (parents.step())
        if (parents.text(0) != table.name) table.parents.push_back(parents.text(0));
    }
    return out;
  });

  // Parents first (Kahn's algorithm, ties by name); a cycle, should one ever appear, keeps the
  // remaining tables in name order.
  std::set<std::string> placed;
  std::set<std::string> known;
  for (const auto& t : found) known.insert(t.name);
  while (tables_.size() < found.size()) {
    bool progress = false;
    for (auto& t : found) {
      if (placed.count(t.name)) continue;
      bool ready = std::all_of(t.parents.begin(), t.parents.end(), [&](const std::string& p) {
        return placed.count(p) || !known.count(p);
      });
      if (!ready) continue;
      placed.insert(t.name);
      tables_.push_back(t);
      progress = true;
      break;
    }
    if (!progress) {
      for (auto& t : found)
        if (!placed.count(t.name)) placed.insert(t.name), tables_.push_back(t);
    }
  }
}

const TableInfo* StateStore::table(const std::string& name) const {
  for (const auto& t : tables_)
    if (t.name == name) return &t;
  return nullptr;
}

std::vector<const TableInfo*> StateStore::covered(const StateFilter& filter) const {
  std::vector<const TableInfo*> out;
  for (const auto& t : tables_) {
    bool prefixed = filter.services.empty() || t.has_service ||
                    std::any_of(filter.table_prefixes.begin(), filter.table_prefixes.end(),
                                [&](const std::string& p) { return t.name.rfind(p, 0) == 0; });
    if (!prefixed) continue;
    if (filter.account && !t.has_account) continue;
    if (filter.region && !t.has_region) continue;
    out.push_back(&t);
  }
  return out;
}

std::map<std::string, std::int64_t> StateStore::reset(const StateFilter& filter) {
  auto tables = covered(filter);
  return database_.write([&](Tx& tx) {
    sqlite3* db = connection(tx);
    std::map<std::string, std::int64_t> deleted;
    for (auto it = tables.rbegin(); it != tables.rend(); ++it) {
      const TableInfo& t = **it;
      Prepared stmt(db, "DELETE FROM " + quote(t.name) + where_clause(t, filter));
      bind_filter(stmt.get(), t, filter);
      run(stmt.get(), "resetting " + t.name + ": ");
      deleted[t.name] = sqlite3_changes(db);
    }
    return deleted;
  });
}

std::vector<TableRows> StateStore::export_rows(const StateFilter& filter) {
  std::vector<TableRows> out;
  export_each(
      filter,
      [&](const TableInfo& t) {
        out.push_back(TableRows{t.name, {}});
      },
      [&](const TableInfo& t, const std::vector<Value>& values) {
        Row row;
        row.reserve(values.size());
        for (std::size_t i = 0; i < values.size(); ++i)
          row.emplace_back(t.columns[i].name, values[i]);
        out.back().rows.push_back(std::move(row));
      });
  return out;
}

void StateStore::export_each(
    const StateFilter& filter, const std::function<void(const TableInfo&)>& on_table,
    const std::function<void(const TableInfo&, const std::vector<Value>&)>& on_row) {
  auto tables = covered(filter);
  database_.read([&](Tx& tx) {
    sqlite3* db = connection(tx);
    std::vector<Value> values;
    for (const TableInfo* t : tables) {
      std::string columns;
      std::vector<const TableColumn*> key(t->columns.size(), nullptr);
      for (const auto& c : t->columns) {
        columns += (columns.empty() ? "" : ", ") + quote(c.name);
        if (c.primary_key > 0 && static_cast<std::size_t>(c.primary_key) <= key.size())
          key[c.primary_key - 1] = &c;
      }
      std::string order;
      for (const TableColumn* c : key)
        if (c) order += (order.empty() ? " ORDER BY " : ", ") + quote(c->name);
      Prepared stmt(
          db, "SELECT " + columns + " FROM " + quote(t->name) + where_clause(*t, filter) + order);
      bind_filter(stmt.get(), *t, filter);
      on_table(*t);
      int rc;
      while ((rc = sqlite3_step(stmt.get())) == SQLITE_ROW) {
        values.clear();
        for (std::size_t i = 0; i < t->columns.size(); ++i)
          values.push_back(column_value(stmt.get(), static_cast<int>(i)));
        on_row(*t, values);
      }
      if (rc != SQLITE_DONE) throw_storage_error(db, "exporting " + t->name);
    }
  });
}

std::map<std::string, std::int64_t> StateStore::import_rows(const std::vector<TableRows>& input,
                                                            const ValueCheck& check) {
  // Everything is checked against the schema before anything is written.
  std::vector<std::pair<std::size_t, const TableRows*>> ordered;  // (position in tables_, rows)
  for (const auto& rows : input) {
    const TableInfo* t = table(rows.table);
    if (!t) {
      std::vector<std::string> names;
      for (const auto& k : tables_) names.push_back(k.name);
      throw StateError("UnknownTable", "Unknown table '" + rows.table +
                                           "'. Known tables: " + join_names(names) + ".");
    }
    for (std::size_t i = 0; i < rows.rows.size(); ++i) {
      if (rows.rows[i].empty())
        throw StateError("InvalidRow", "Row " + std::to_string(i) + " of table '" + rows.table +
                                           "' has no columns.");
      for (const auto& [name, value] : rows.rows[i]) {
        if (const TableColumn* c = t->column(name)) {
          std::string problem = type_problem(*c, value);
          if (problem.empty() && check && !std::holds_alternative<std::nullptr_t>(value))
            problem = check(*c, value);
          if (!problem.empty())
            throw StateError("InvalidRow", "Row " + std::to_string(i) + " of table '" + rows.table +
                                               "', column '" + name + "': " + problem + ".");
          continue;
        }
        std::vector<std::string> names;
        for (const auto& c : t->columns) names.push_back(c.name);
        throw StateError("UnknownColumn", "Unknown column '" + name + "' in row " +
                                              std::to_string(i) + " of table '" + rows.table +
                                              "'. Its columns: " + join_names(names) + ".");
      }
    }
    ordered.emplace_back(static_cast<std::size_t>(t - tables_.data()), &rows);
  }
  std::stable_sort(ordered.begin(), ordered.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });

  return database_.write([&](Tx& tx) {
    sqlite3* db = connection(tx);
    std::map<std::string, std::int64_t> written;
    for (const auto& [index, rows] : ordered) {
      const TableInfo& t = tables_[index];
      std::string key;
      std::vector<std::string> key_names;
      for (const auto& c : t.columns)
        if (c.primary_key > 0) key += (key.empty() ? "" : ", ") + quote(c.name);
      for (const auto& c : t.columns)
        if (c.primary_key > 0) key_names.push_back(c.name);
      // A column set to itself when a row gives only its key: the upsert then still returns
      // the row it landed on. A column outside the key when there is one.
      std::string same = quote(t.columns.front().name);
      for (const auto& c : t.columns)
        if (c.primary_key == 0) {
          same = quote(c.name);
          break;
        }
      // The key of each row written, as stored (after the columns' collations), with the row
      // that wrote it: two rows of the document on one stored row are a mistake, not a merge.
      std::unordered_map<std::string, std::size_t> landed;
      // One statement per distinct set of columns.
      std::unordered_map<std::string, std::unique_ptr<Prepared>> statements;
      std::int64_t count = 0;
      for (std::size_t i = 0; i < rows->rows.size(); ++i) {
        const Row& row = rows->rows[i];
        std::string names, params, updates;
        int n = 0;
        for (const auto& [name, value] : row) {
          names += (n ? ", " : "") + quote(name);
          params += (n ? ", ?" : "?") + std::to_string(n + 1);
          ++n;
          if (t.column(name)->primary_key == 0)
            updates += (updates.empty() ? "" : ", ") + quote(name) + " = excluded." + quote(name);
        }
        std::string sql;
        if (key.empty()) {
          sql = "INSERT OR REPLACE INTO " + quote(t.name) + " (" + names + ") VALUES (" + params +
                ")";
        } else {
          sql = "INSERT INTO " + quote(t.name) + " (" + names + ") VALUES (" + params +
                ") ON CONFLICT (" + key + ") DO UPDATE SET " +
                (updates.empty() ? same + " = " + same : updates) + " RETURNING " + key;
        }
        auto& stmt = statements[sql];
        if (!stmt)
          stmt = std::make_unique<Prepared>(db, sql);
        else
          stmt->reset();
        int param = 0;
        for (const auto& [name, value] : row) bind_value(stmt->get(), ++param, value);
        std::string where = "Row " + std::to_string(i) + " of table '" + t.name + "': ";
        if (key.empty()) {
          run(stmt->get(), where);
        } else {
          int rc = sqlite3_step(stmt->get());
          if (rc != SQLITE_ROW)
            check_step(stmt->get(), rc == SQLITE_DONE ? SQLITE_MISUSE : rc, where);
          std::string stored;
          for (std::size_t k = 0; k < key_names.size(); ++k)
            append_key(stored, stmt->get(), static_cast<int>(k));
          auto [at, fresh] = landed.emplace(std::move(stored), i);
          if (!fresh)
            throw StateError("InvalidRow", "Rows " + std::to_string(at->second) + " and " +
                                               std::to_string(i) + " of table '" + t.name +
                                               "' have the same key (" + join_names(key_names) +
                                               "); a document may hold each row once.");
          while ((rc = sqlite3_step(stmt->get())) == SQLITE_ROW) {
          }
          check_step(stmt->get(), rc, where);
        }
        ++count;
      }
      written[t.name] = count;
    }
    return written;
  });
}

}  // namespace junction::storage
