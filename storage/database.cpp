#include "storage/database.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>

#include "storage/sqlite_memory.hpp"

namespace junction::storage {

void throw_storage_error(sqlite3* db, const std::string& what) {
  if (!db) throw StorageError(what + ": out of memory", SQLITE_NOMEM);
  int code = sqlite3_extended_errcode(db);
  throw StorageError(what + ": " + describe_sqlite_error(sqlite3_errmsg(db), code), code);
}

std::string describe_sqlite_error(const std::string& message, int code) {
  std::string name = sqlite3_errstr(code);
  return message + (name == message ? "" : " [" + name + "]") + " (SQLite code " +
         std::to_string(code) + ")";
}

StorageFault classify(int code) {
  switch (code & 0xff) {
    case SQLITE_FULL:
      return StorageFault::kDiskFull;
    case SQLITE_READONLY:
      return StorageFault::kReadOnly;
    case SQLITE_IOERR:
      return StorageFault::kIoError;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return StorageFault::kCorrupt;
    case SQLITE_CANTOPEN:
      return StorageFault::kCannotOpen;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return StorageFault::kLocked;
    case SQLITE_INTERRUPT:
      return StorageFault::kInterrupted;
    case SQLITE_NOMEM:
      return StorageFault::kOutOfMemory;
    default:
      return StorageFault::kNone;
  }
}

const char* fault_name(StorageFault fault) {
  switch (fault) {
    case StorageFault::kNone:
      return "";
    case StorageFault::kDiskFull:
      return "disk-full";
    case StorageFault::kReadOnly:
      return "read-only";
    case StorageFault::kIoError:
      return "io-error";
    case StorageFault::kCorrupt:
      return "corrupt";
    case StorageFault::kCannotOpen:
      return "cannot-open";
    case StorageFault::kLocked:
      return "locked";
    case StorageFault::kInterrupted:
      return "shutting-down";
    case StorageFault::kOutOfMemory:
      return "out-of-memory";
  }
  return "";
}

const char* fault_meaning(StorageFault fault) {
  switch (fault) {
    case StorageFault::kNone:
      return "a database error";
    case StorageFault::kDiskFull:
      return "the disk is full";
    case StorageFault::kReadOnly:
      return "the database is read-only";
    case StorageFault::kIoError:
      return "the disk failed a read or a write (I/O error)";
    case StorageFault::kCorrupt:
      return "the database file is damaged";
    case StorageFault::kCannotOpen:
      return "the database file cannot be opened";
    case StorageFault::kLocked:
      return "another process holds the database locked";
    case StorageFault::kInterrupted:
      return "Junction is shutting down";
    case StorageFault::kOutOfMemory:
      return "Junction ran out of memory";
  }
  return "a database error";
}

namespace {

[[noreturn]] void fail(sqlite3* db, const std::string& what) { throw_storage_error(db, what); }

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
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
    int code = sqlite3_extended_errcode(db_);
    throw StorageError(describe_sqlite_error(message, code), code);
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
    int code = db ? sqlite3_extended_errcode(db) : SQLITE_NOMEM;
    sqlite3_close(db);
    throw StorageError("cannot open database " + target + ": " + message, code);
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

namespace {

// One server per data directory: the first holds an exclusive lock on <dir>/junction.lock (with
// its process id written in it, for the message a second one gives). The lock goes with the
// process, however it ends.
int lock_data_dir(const std::filesystem::path& dir) {
  std::string lock_path = (dir / "junction.lock").string();
  int fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0)
    throw StorageError("the data directory " + dir.string() + " is not writable: cannot create " +
                           lock_path + ": " + std::strerror(errno),
                       SQLITE_CANTOPEN);
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    int error = errno;
    char pid[32] = {};
    ssize_t n = ::pread(fd, pid, sizeof pid - 1, 0);
    ::close(fd);
    std::string holder = n > 0 ? std::string(pid, static_cast<std::size_t>(n)) : "";
    while (!holder.empty() && (holder.back() == '\n' || holder.back() == ' ')) holder.pop_back();
    if (error == EWOULDBLOCK)
      throw StorageError("the data directory " + dir.string() + " is in use by another Junction" +
                             (holder.empty() ? "" : " (process " + holder + ")") +
                             ", which holds " + lock_path + "; one server per data directory",
                         SQLITE_BUSY);
    throw StorageError("cannot lock " + lock_path + ": " + std::strerror(error), SQLITE_CANTOPEN);
  }
  std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd, 0) == 0) {
    [[maybe_unused]] ssize_t n = ::pwrite(fd, pid.data(), pid.size(), 0);
  }
  return fd;
}

// An existing database file that this process may not write to: refused at start rather than
// served read-only (every write would fail).
void require_writable(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return;  // created by SQLite
  if (!S_ISREG(st.st_mode))
    throw StorageError("the database " + path + " is not a regular file", SQLITE_CANTOPEN);
  if (::access(path.c_str(), R_OK | W_OK) == 0) return;
  char mode[8];
  std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
  throw StorageError("the database file " + path + " is read-only for this process (mode " + mode +
                         ", owner uid " + std::to_string(st.st_uid) + ", running as uid " +
                         std::to_string(::getuid()) + "): " + std::strerror(errno),
                     SQLITE_READONLY);
}

}  // namespace

Database::Database(const std::string& path) : path_(path) {
  std::string target = path.empty() ? ":memory:" : path;
  if (!path.empty()) {
    auto parent = std::filesystem::path(path).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent);
    lock_fd_ = lock_data_dir(parent.empty() ? std::filesystem::path(".") : parent);
  }
  try {
    if (!path.empty()) require_writable(path);
    writer_.db = open_connection(target, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    if (sqlite3_db_readonly(writer_.db, "main") == 1)
      throw StorageError("the database file " + path + " can only be opened read-only",
                         SQLITE_READONLY);
    Tx tx(writer_.db, writer_.cache);
    // WAL: readers never block the writer. NORMAL sync: a commit survives a crash of the process
    // (the WAL is written before COMMIT returns); only an OS crash may lose the last commits.
    tx.exec_script(
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        "PRAGMA temp_store=MEMORY;");
    if (!path.empty()) quick_check();
    migrate();
  } catch (const StorageError& e) {
    StorageFault fault = classify(e.code);
    std::string what = e.what();
    // Errors of our own checks name the file already; SQLite's do not.
    bool named = !path.empty() && what.find(path) != std::string::npos;
    close_all();
    // The meaning first, unless the message (one of failed()) starts with it already.
    std::string meaning = fault == StorageFault::kNone ? "" : fault_meaning(fault);
    if (!meaning.empty() && what.rfind(meaning, 0) != 0) what = meaning + ": " + what;
    throw StorageError(
        std::string("cannot open the database") + (named ? "" : " " + target) + ": " + what,
        e.code);
  }
  if (!path.empty()) start_checkpointer();
}

// A file damaged in the middle still opens: PRAGMA quick_check (every page, no index contents)
// finds that at start, so that health says so at once instead of the first read that hits it.
void Database::quick_check() {
  Tx tx(writer_.db, writer_.cache);
  std::string problem;
  try {
    auto s = tx.query("PRAGMA quick_check(1)");
    if (s.step() && s.text(0) != "ok") problem = s.text(0);
  } catch (const StorageError& e) {
    if (classify(e.code) != StorageFault::kCorrupt) throw;
    problem = e.what();
  }
  if (!problem.empty())
    record_fault(StorageFault::kCorrupt,
                 "the database file " + path_ + " is damaged (PRAGMA quick_check: " + problem +
                     "); restore it from a copy, or export what still reads and start afresh");
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
  }
  close_all();
}

void Database::close_all() {
  for (auto& reader : readers_) reader->close();
  writer_.close();
  if (lock_fd_ >= 0) ::close(lock_fd_);
  lock_fd_ = -1;
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

void Database::record_fault(StorageFault fault, const std::string& reason) {
  std::lock_guard lock(fault_mutex_);
  // A damaged file stays the reason until restart; otherwise the latest fault is reported.
  if (fault_.fault == StorageFault::kCorrupt) return;
  if (fault_.healthy || fault_.fault != fault) fault_.since_ms = now_ms();
  fault_.healthy = false;
  fault_.fault = fault;
  fault_.reason = reason;
  recoverable_fault_.store(fault != StorageFault::kCorrupt, std::memory_order_relaxed);
}

void Database::clear_fault() {
  std::lock_guard lock(fault_mutex_);
  if (fault_.fault == StorageFault::kCorrupt) return;
  fault_ = StorageHealth{};
  recoverable_fault_.store(false, std::memory_order_relaxed);
}

void Database::failed(const StorageError& e, bool write) {
  StorageFault fault = classify(e.code);
  std::string where = path_.empty() ? std::string("the in-memory database") : path_;
  std::string what = e.what();
  switch (fault) {
    case StorageFault::kDiskFull:
    case StorageFault::kReadOnly:
    case StorageFault::kIoError:
    case StorageFault::kCannotOpen:
      record_fault(fault, std::string(write ? "writes to " : "reads of ") + where +
                              " fail: " + fault_meaning(fault) + " (" + what + ")");
      break;
    case StorageFault::kCorrupt:
      record_fault(fault, "the database file " + where + " is damaged (" + what +
                              "); restore it from a copy, or export what still reads and start "
                              "afresh");
      break;
    default:
      break;
  }
  if (fault == StorageFault::kNone) throw e;
  throw StorageError(std::string(fault_meaning(fault)) + ": " + (write ? "writing " : "reading ") +
                         where + " failed (" + what + ")",
                     e.code);
}

StorageHealth Database::health() {
  if (recoverable_fault_.load(std::memory_order_relaxed)) {
    // A small real write: it succeeds once the disk has room, the file is writable again, ...
    try {
      write([](Tx& tx) {
        tx.exec(
            "INSERT INTO meta (key, value) VALUES ('health_probe', ?1) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            std::to_string(now_ms()));
      });
    } catch (const std::exception&) {
    }
  }
  StorageHealth out;
  {
    std::lock_guard lock(fault_mutex_);
    out = fault_;
  }
  if (!out.healthy) return out;
  try {
    read([](Tx& tx) { return tx.query("SELECT 1").step(); });
  } catch (const std::exception&) {
  }
  std::lock_guard lock(fault_mutex_);
  return fault_;
}

void Database::interrupt() {
  // Called from another thread while the connections may be in use: sqlite3_interrupt is made
  // for that. The pool's lock keeps the list of readers still while it is walked.
  std::lock_guard lock(pool_mutex_);
  if (writer_.db) sqlite3_interrupt(writer_.db);
  for (auto& reader : readers_)
    if (reader->db) sqlite3_interrupt(reader->db);
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
