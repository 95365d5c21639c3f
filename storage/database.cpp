#include "storage/database.hpp"

#include <sqlite3.h>

#include <chrono>
#include <filesystem>

#include "storage/sqlite_memory.hpp"

namespace junction::storage {
namespace {

[[noreturn]] void fail(sqlite3* db, const std::string& what) {
  throw StorageError(what + ": " + (db ? sqlite3_errmsg(db) : "out of memory"));
}

void check(sqlite3* db, int rc, const char* what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) fail(db, what);
}

}  // namespace

Statement::~Statement() {
  if (stmt_) sqlite3_reset(stmt_);
}

void Statement::bind(int index, std::string_view value, bool borrow) {
  check(sqlite3_db_handle(stmt_),
        sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()),
                          borrow ? SQLITE_STATIC : SQLITE_TRANSIENT),
        "bind");
}
void Statement::bind(int index, std::int64_t value) {
  check(sqlite3_db_handle(stmt_), sqlite3_bind_int64(stmt_, index, value), "bind");
}
void Statement::bind(int index, double value) {
  check(sqlite3_db_handle(stmt_), sqlite3_bind_double(stmt_, index, value), "bind");
}
void Statement::bind(int index, std::nullptr_t) {
  check(sqlite3_db_handle(stmt_), sqlite3_bind_null(stmt_, index), "bind");
}

bool Statement::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  fail(sqlite3_db_handle(stmt_), "step");
}

std::string Statement::text(int column) const {
  const auto* p = sqlite3_column_text(stmt_, column);
  return p ? std::string(reinterpret_cast<const char*>(p), sqlite3_column_bytes(stmt_, column))
           : std::string();
}
std::string_view Statement::view(int column) const {
  const auto* p = sqlite3_column_text(stmt_, column);
  return p ? std::string_view(reinterpret_cast<const char*>(p),
                              static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)))
           : std::string_view();
}
std::optional<std::string> Statement::optional_text(int column) const {
  if (is_null(column)) return std::nullopt;
  return text(column);
}
std::int64_t Statement::integer(int column) const { return sqlite3_column_int64(stmt_, column); }
double Statement::real(int column) const { return sqlite3_column_double(stmt_, column); }
bool Statement::is_null(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

Statement Tx::prepare(std::string_view sql) {
  auto it = cache_.find(sql);
  sqlite3_stmt* stmt = nullptr;
  if (it == cache_.end()) {
    check(db_,
          sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                             SQLITE_PREPARE_PERSISTENT, &stmt, nullptr),
          "prepare");
    cache_.emplace(std::string(sql), stmt);
  } else {
    stmt = it->second;
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
  }
  return Statement(stmt);
}

int Tx::changes() const { return sqlite3_changes(db_); }

void Tx::exec_script(const std::string& sql) {
  char* error = nullptr;
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
    std::string message = error ? error : "exec failed";
    sqlite3_free(error);
    throw StorageError(message);
  }
}

namespace {

// Process-wide settings, before SQLite initializes: no memory statistics (they take a global
// mutex on every allocation, about a hundred per API call), blocks reused per thread
// (storage/sqlite_memory) and no mutexes of SQLite's own on a connection (each is used by one
// thread at a time: the writer under its lock, a reader leased).
void configure_sqlite_once() {
  static std::once_flag once;
  std::call_once(once, [] {
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    use_pooled_sqlite_memory();
    sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
  });
}

sqlite3* open_connection(const std::string& target, int flags) {
  configure_sqlite_once();
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(target.c_str(), &db, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    throw StorageError("cannot open database " + target + ": " + message);
  }
  sqlite3_busy_timeout(db, 5000);
  // Lookaside: a connection's small allocations (statement state, cursors, records) come from a
  // slab of its own, 256 KiB per connection, where SQLite is built with it (Debian's is not).
  sqlite3_db_config(db, SQLITE_DBCONFIG_LOOKASIDE, nullptr, 512, 512);
  return db;
}

}  // namespace

void Database::Connection::close() {
  for (auto& [sql, stmt] : cache) sqlite3_finalize(stmt);
  cache.clear();
  if (db) sqlite3_close_v2(db);
  db = nullptr;
}

Database::Database(const std::string& path) : path_(path) {
  std::string target = path.empty() ? ":memory:" : path;
  if (!path.empty()) {
    auto parent = std::filesystem::path(path).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent);
  }
  writer_.db = open_connection(target, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  Tx tx(writer_.db, writer_.cache);
  // WAL: readers never block the writer. NORMAL sync: a commit survives a crash of the process
  // (the WAL is written before COMMIT returns); only an OS crash may lose the last commits.
  tx.exec_script(
      "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
      "PRAGMA temp_store=MEMORY;");
  migrate();
  if (!path.empty()) start_checkpointer();
}

namespace {
// WAL pages after which the checkpointer thread is woken (SQLite's own automatic threshold).
constexpr int kCheckpointPages = 1000;
// The WAL starts over only once all of it is in the database, which a checkpoint running beside
// a steady stream of writes never sees. Past this many pages the committing writer finishes the
// checkpoint itself (little is left to copy by then, but it syncs the database file), so the
// next write restarts the WAL. 16,000 pages (a WAL of about 64 MiB) keeps these pauses rare.
constexpr int kWriterCheckpointPages = 16 * kCheckpointPages;
}  // namespace

void Database::start_checkpointer() {
  sqlite3_wal_hook(
      writer_.db,
      [](void* self, sqlite3* db, const char* name, int pages) {
        auto* d = static_cast<Database*>(self);
        // A smaller WAL than last time: it started over, and so do the thresholds.
        if (pages < d->checkpoint_asked_at_) d->checkpoint_asked_at_ = 0;
        if (pages < d->writer_checkpoint_at_) d->writer_checkpoint_at_ = 0;
        if (pages >= kWriterCheckpointPages &&
            pages >= d->writer_checkpoint_at_ + kCheckpointPages) {
          d->writer_checkpoint_at_ = pages;
          sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
        } else if (pages >= d->checkpoint_asked_at_ + kCheckpointPages) {
          d->checkpoint_asked_at_ = pages;
          {
            std::lock_guard lock(d->checkpoint_mutex_);
            d->checkpoint_due_ = true;
          }
          d->checkpoint_wanted_.notify_one();
        }
        return SQLITE_OK;
      },
      this);
  sqlite3* db = open_connection(path_, SQLITE_OPEN_READWRITE);
  // A connection checkpoints only once it has opened the database in WAL mode.
  sqlite3_exec(db, "PRAGMA journal_mode=WAL", nullptr, nullptr, nullptr);
  checkpointer_ = std::thread([this, db] {
    checkpoint_loop_on(db);
    sqlite3_close_v2(db);
  });
}

void Database::checkpoint_loop_on(sqlite3* db) {
  for (;;) {
    {
      std::unique_lock lock(checkpoint_mutex_);
      checkpoint_wanted_.wait(lock, [this] { return checkpoint_due_ || stopping_; });
      if (stopping_) return;
      checkpoint_due_ = false;
    }
    sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
  }
}

Database::~Database() {
  if (checkpointer_.joinable()) {
    {
      std::lock_guard lock(checkpoint_mutex_);
      stopping_ = true;
    }
    checkpoint_wanted_.notify_one();
    checkpointer_.join();
  }
  for (auto& reader : readers_) reader->close();
  if (writer_.db) {
    for (auto& [sql, stmt] : writer_.cache) sqlite3_finalize(stmt);
    writer_.cache.clear();
    sqlite3_exec(writer_.db, "PRAGMA optimize;", nullptr, nullptr, nullptr);
    writer_.close();
  }
}

// Readers are opened when first needed (after the migrations ran) and kept: as many as reads
// ever ran at once, at most one per server thread in practice.
Database::Connection* Database::open_reader() {
  auto reader = std::make_unique<Connection>();
  reader->db = open_connection(path_, SQLITE_OPEN_READONLY);
  Tx(reader->db, reader->cache).exec_script("PRAGMA temp_store=MEMORY;");
  std::lock_guard lock(pool_mutex_);
  readers_.push_back(std::move(reader));
  return readers_.back().get();
}

Database::ReadLease::ReadLease(Database& d) : database(d), connection(nullptr) {
  {
    std::lock_guard lock(d.pool_mutex_);
    if (!d.idle_readers_.empty()) {
      connection = d.idle_readers_.back();
      d.idle_readers_.pop_back();
    }
  }
  if (!connection) connection = d.open_reader();
}

Database::ReadLease::~ReadLease() {
  std::lock_guard lock(database.pool_mutex_);
  database.idle_readers_.push_back(connection);
}

// BEGIN and COMMIT are cached prepared statements like any other: every call runs both.
void Database::begin(Connection& c, bool write) {
  Tx(c.db, c.cache).exec(write ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED");
}
void Database::commit(Connection& c) { Tx(c.db, c.cache).exec("COMMIT"); }
void Database::rollback(Connection& c) {
  // A failed COMMIT or statement may have ended the transaction already.
  if (!sqlite3_get_autocommit(c.db)) sqlite3_exec(c.db, "ROLLBACK", nullptr, nullptr, nullptr);
}

bool Database::healthy() {
  try {
    return read([](Tx& tx) { return tx.query("SELECT 1").step(); });
  } catch (const std::exception&) {
    return false;
  }
}

void Database::migrate() {
  write([](Tx& tx) {
    tx.exec_script(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)");
  });
  int current = read([](Tx& tx) {
    auto s = tx.query("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    s.step();
    return static_cast<int>(s.integer(0));
  });
  int latest = kMigrationCount ? kMigrations[kMigrationCount - 1].version : 0;
  if (current > latest)
    throw StorageError("database schema version " + std::to_string(current) +
                       " is newer than this build knows (" + std::to_string(latest) + ")");
  for (int i = 0; i < kMigrationCount; ++i) {
    const Migration& m = kMigrations[i];
    if (m.version <= current) continue;
    write([&](Tx& tx) {
      tx.exec_script(m.sql);
      tx.exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
              m.version, m.name,
              std::to_string(std::chrono::system_clock::now().time_since_epoch() /
                             std::chrono::seconds(1)));
    });
    current = m.version;
  }
  schema_version_ = current;
}

}  // namespace junction::storage
