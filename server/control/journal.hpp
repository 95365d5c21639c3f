// The journal: the last N API calls (a ring buffer in memory), so a test can assert what its code
// called. Control-plane calls are not recorded. Thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

namespace junction {

struct JournalEntry {
  std::uint64_t sequence = 0;  // 1, 2, ... since start-up (not reset by clear())
  std::int64_t time_ms = 0;    // when the call arrived, epoch milliseconds
  std::string request_id;
  std::string method;
  std::string path;
  std::string service;    // botocore name; empty when the request matched no service
  std::string operation;  // empty when the request matched no operation
  std::string account;
  std::string region;
  int status = 0;
  std::string error_type;  // empty on success
  std::string error_message;
  double latency_ms = 0;
  bool faulted = false;  // an injected error answered the call
  std::string fault_id;  // the fault rule that fired (error or latency), or empty
  std::int64_t injected_latency_ms = 0;
};

class Journal {
 public:
  // `capacity` 0 records nothing.
  explicit Journal(std::size_t capacity);

  void record(JournalEntry entry);
  // The entries `keep` accepts, oldest first.
  std::vector<JournalEntry> entries(const std::function<bool(const JournalEntry&)>& keep) const;
  // Forgets every entry; returns how many there were.
  std::size_t clear();

  std::size_t capacity() const { return capacity_; }
  // Calls recorded since start-up, including those the ring has dropped or clear() forgot.
  std::uint64_t total() const;

 private:
  const std::size_t capacity_;
  mutable std::mutex mutex_;
  std::vector<JournalEntry> ring_;  // grows to capacity_, then wraps
  std::size_t next_ = 0;            // where the next entry goes once ring_ is full
  std::uint64_t sequence_ = 0;
};

}  // namespace junction
