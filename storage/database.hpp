// SQLite access for the whole product: one database (a file under --data-dir, or in memory with
// --ephemeral), WAL, foreign keys on, numbered forward-only migrations, prepared statements cached
// per connection, and every call of read() or write() one transaction. Only storage/ writes SQL.
// Writes go through one connection; a file database reads through a pool of read-only ones.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

#include "storage/spinning_mutex.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace junction::storage {

// A failure of the database itself (I/O, a full disk, corruption, a bug in our SQL): never a
// client's fault. `code` is SQLite's extended result code (0 when there is none).
struct StorageError : std::runtime_error {
  explicit StorageError(const std::string& message, int code = 0)
      : std::runtime_error(message), code(code) {}
  int code;
};

// What a failed SQLite call says about the storage under it, from its result code.
enum class StorageFault {
  kNone,         // not a fault of the storage (a constraint, a bug in our SQL)
  kDiskFull,     // SQLITE_FULL: the disk (or the file system's quota) is full
  kReadOnly,     // SQLITE_READONLY: the file, its directory or the file system is read-only
  kIoError,      // SQLITE_IOERR: the operating system failed a read or a write
  kCorrupt,      // SQLITE_CORRUPT, SQLITE_NOTADB: the file is damaged or not a database
  kCannotOpen,   // SQLITE_CANTOPEN: the file (or its -wal, -shm) cannot be opened
  kLocked,       // SQLITE_BUSY, SQLITE_LOCKED: another process held the lock past the timeout
  kInterrupted,  // SQLITE_INTERRUPT: the server is stopping
  kOutOfMemory,  // SQLITE_NOMEM
};
StorageFault classify(int code);
// A short name for the fault ("disk-full", "read-only", ...), "" for kNone.
const char* fault_name(StorageFault fault);
// What the fault means, in words ("the disk is full", ...).
const char* fault_meaning(StorageFault fault);

// Throws the StorageError of `db`'s last failure: `what` and SQLite's message and code.
[[noreturn]] void throw_storage_error(sqlite3* db, const std::string& what);
// SQLite's message with the name and number of its result code.
std::string describe_sqlite_error(const std::string& message, int code);

// Whether the storage works, as far as the calls so far and a probe tell (GET /_junction/health).
struct StorageHealth {
  bool healthy = true;
  StorageFault fault = StorageFault::kNone;
  std::string reason;         // empty when healthy
  std::int64_t since_ms = 0;  // when the fault was first seen (epoch milliseconds)
};

// Prepared statements of one connection by SQL text; looked up by string_view, so that running
// a statement does not copy its text.
struct SqlHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view sql) const { return std::hash<std::string_view>{}(sql); }
};
using StatementCache = std::unordered_map<std::string, sqlite3_stmt*, SqlHash, std::equal_to<>>;

// A cached prepared statement in use; reset when it goes out of scope, so that no statement is
// left in progress when the transaction commits.
class Statement {
 public:
  explicit Statement(sqlite3_stmt* stmt) : stmt_(stmt) {}
  Statement(Statement&& other) noexcept : stmt_(std::exchange(other.stmt_, nullptr)) {}
  Statement& operator=(Statement&&) = delete;
  Statement(const Statement&) = delete;
  ~Statement();

  // Text is copied into the statement unless `borrow` says it outlives the statement's use.
  void bind(int index, std::string_view value, bool borrow = false);
  void bind(int index, const std::string& value, bool borrow = false) {
    bind(index, std::string_view(value), borrow);
  }
  void bind(int index, const char* value, bool borrow = false) {
    bind(index, std::string_view(value), borrow);
  }
  void bind(int index, std::int64_t value);
  void bind(int index, int value) { bind(index, static_cast<std::int64_t>(value)); }
  void bind(int index, bool value) { bind(index, static_cast<std::int64_t>(value)); }
  void bind(int index, double value);
  void bind(int index, std::nullptr_t);
  template <class T>
  void bind(int index, const std::optional<T>& value, bool borrow = false) {
    if (!value)
      bind(index, nullptr);
    else if constexpr (std::is_convertible_v<T, std::string_view>)
      bind(index, *value, borrow);
    else
      bind(index, *value);
  }

  // Advances to the next row; false when done.
  bool step();
  std::string text(int column) const;
  // The column's text inside the row: valid until the next step() or the Statement's end.
  std::string_view view(int column) const;
  std::optional<std::string> optional_text(int column) const;
  std::int64_t integer(int column) const;
  double real(int column) const;
  bool is_null(int column) const;

  sqlite3_stmt* handle() const { return stmt_; }

 private:
  sqlite3_stmt* stmt_;
};

// The connection inside one transaction. Handlers get it to pass to repositories.
class Tx {
 public:
  explicit Tx(sqlite3* db, StatementCache& cache) : db_(db), cache_(cache) {}

  // A cached prepared statement, reset, with `args` bound from ?1 on; step() it for rows.
  // The same SQL text must not be run again while its rows are still being read.
  // Named strings are bound without a copy (SQLite reads them on every step): a Statement never
  // leaves the function that made it, so they outlive it, and none is changed while its rows
  // are read. Temporaries are copied.
  template <class... Args>
  Statement query(std::string_view sql, Args&&... args) {
    Statement s = prepare(sql);
    int index = 0;
    (bind_arg(s, ++index, args, std::is_lvalue_reference_v<Args>), ...);
    return s;
  }

  // Runs a statement to completion; returns the number of rows it changed. Nothing is copied:
  // every argument outlives the call.
  template <class... Args>
  int exec(std::string_view sql, const Args&... args) {
    Statement s = prepare(sql);
    int index = 0;
    (bind_arg(s, ++index, args, true), ...);
    while (s.step()) {
    }
    return changes();
  }

  int changes() const;
  // Plain SQL with no parameters (schema work, pragmas).
  void exec_script(const std::string& sql);

 private:
  Statement prepare(std::string_view sql);
  template <class T>
  static void bind_arg(Statement& s, int index, const T& value, bool borrow) {
    if constexpr (std::is_convertible_v<const T&, std::string_view> ||
                  std::is_same_v<T, std::optional<std::string>>)
      s.bind(index, value, borrow);
    else
      s.bind(index, value);
  }
  sqlite3* db_;
  StatementCache& cache_;
};

struct Migration {
  int version;
  const char* name;
  const char* sql;
};
// storage/migrations/*.sql, numbered, in order (generated at build time).
extern const Migration kMigrations[];
extern const int kMigrationCount;

class Database {
 public:
  // `path` empty means an in-memory database.
  explicit Database(const std::string& path);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // Runs `fn(Tx&)` in a deferred (read) or immediate (write) transaction: commits when it
  // returns, rolls back when it throws. Writes are serialized on one connection. A file
  // database serves reads from a pool of read-only connections (WAL: readers see every commit
  // made before they start and never wait for the writer); an in-memory database has one
  // connection, so its reads are serialized with the writes.
  template <class F>
  auto read(F&& fn) {
    if (path_.empty()) {
      std::lock_guard lock(mutex_);
      return run(writer_, false, std::forward<F>(fn));
    }
    ReadLease lease(*this);
    return run(*lease.connection, false, std::forward<F>(fn));
  }
  template <class F>
  auto write(F&& fn) {
    std::lock_guard lock(mutex_);
    return run(writer_, true, std::forward<F>(fn));
  }

  const std::string& path() const { return path_; }
  int schema_version() const { return schema_version_; }
  // Whether the storage works. While a write fault is recorded, this tries a small write (to
  // the bookkeeping table `meta`), so that health recovers by itself once writes work again,
  // even when no client writes. A damaged file stays unhealthy until restarted.
  StorageHealth health();
  bool healthy() { return health().healthy; }
  // Makes the SQL running on every connection stop with SQLITE_INTERRUPT (shutdown deadline).
  void interrupt();

 private:
  struct Connection {
    sqlite3* db = nullptr;
    StatementCache cache;
    void close();
  };
  // A read-only connection borrowed from the pool for one transaction.
  struct ReadLease {
    explicit ReadLease(Database& database);
    ~ReadLease();
    Database& database;
    Connection* connection;
  };

  template <class F>
  auto run(Connection& c, bool write, F&& fn) {
    Tx tx(c.db, c.cache);
    try {
      begin(c, write);
      if constexpr (std::is_void_v<decltype(fn(tx))>) {
        fn(tx);
        commit(c);
        if (write) wrote();
      } else {
        auto result = fn(tx);
        commit(c);
        if (write) wrote();
        return result;
      }
    } catch (const StorageError& e) {
      rollback(c);
      failed(e, write);
    } catch (...) {
      rollback(c);
      throw;
    }
  }
  // A write committed: a fault that a working write disproves (a full disk, a read-only or
  // failing file) is over.
  void wrote() {
    if (recoverable_fault_.load(std::memory_order_relaxed)) clear_fault();
  }
  // Records a fault of the storage and throws the error again, saying what it means.
  [[noreturn]] void failed(const StorageError& e, bool write);
  void record_fault(StorageFault fault, const std::string& reason);
  void clear_fault();
  static void begin(Connection& c, bool write);
  static void commit(Connection& c);
  static void rollback(Connection& c);
  void migrate();
  void quick_check();
  void close_all();
  Connection* open_reader();
  void start_checkpointer();
  void checkpoint_loop_on(sqlite3* db);

  std::string path_;
  Connection writer_;
  SpinningMutex mutex_;  // the writer connection
  std::mutex pool_mutex_;
  std::vector<std::unique_ptr<Connection>> readers_;  // every reader opened
  std::vector<Connection*> idle_readers_;
  // A file database copies the WAL back into the database from a thread of its own (passive
  // checkpoints, which never block readers or the writer) instead of inside a commit.
  std::thread checkpointer_;
  std::mutex checkpoint_mutex_;
  std::condition_variable checkpoint_wanted_;
  bool checkpoint_due_ = false;
  // WAL size (pages) at the last checkpoint asked for, by the wal hook (the writer's lock held):
  // a checkpoint scans the whole WAL, so one is asked for per kCheckpointPages new pages, not
  // per commit.
  int checkpoint_asked_at_ = 0;
  int writer_checkpoint_at_ = 0;
  bool stopping_ = false;
  int schema_version_ = 0;
  // One server per data directory: an exclusive lock (flock) on <data-dir>/junction.lock, held
  // while the database is open; -1 when in memory.
  int lock_fd_ = -1;
  std::mutex fault_mutex_;
  StorageHealth fault_;  // under fault_mutex_
  std::atomic<bool> recoverable_fault_{false};
};

}  // namespace junction::storage
