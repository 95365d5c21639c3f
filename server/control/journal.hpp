// The journal: the last N API calls (a ring buffer in memory), so a test can assert what its code
// called and see what each call carried. Control-plane calls are not recorded. Thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace junction {

// What one side of a call carried, as the journal keeps it (server/control/journal_capture.hpp).
struct JournalMessage {
  std::vector<std::pair<std::string, std::string>> headers;  // the ones that matter, in order
  std::string body;            // JSON text (a CBOR body decoded), cut at the cap
  std::size_t body_bytes = 0;  // the size of the body as it was on the wire
  bool truncated = false;      // `body` is its first kMaxBodyBytes only
  bool redacted = false;       // sensitive members were replaced
  bool withheld = false;       // not kept: it could not be read to redact it
  bool decoded = false;        // the body on the wire was CBOR; `body` is its JSON form
};

struct JournalEntry {
  std::uint64_t sequence = 0;  // 1, 2, ... since start-up (not reset by clear())
  std::int64_t time_ms = 0;    // when the call arrived, epoch milliseconds
  std::string request_id;
  std::string method;
  std::string path;
  std::string query;      // the query string, without signatures or tokens
  std::string service;    // botocore name; empty when the request matched no service
  std::string operation;  // empty when the request matched no operation
  std::string account;
  std::string region;
  std::string access_key_id;    // of the signature, if signed (never the signature itself)
  std::string signing_service;  // the credential scope's service
  int status = 0;
  std::string error_type;  // empty on success
  std::string error_message;
  double latency_ms = 0;
  bool faulted = false;  // an injected error answered the call
  std::string fault_id;  // the fault rule that fired (error, outcome or latency), or empty
  std::int64_t injected_latency_ms = 0;
  bool outcome_injected = false;  // a fault rule's outcome took effect in the call
  std::string async_request_id;   // the asynchronous request the call made or read
  std::string curl;               // the request as a curl command line (empty: not replayable)
  JournalMessage request;
  JournalMessage response;
};

using JournalEntryPtr = std::shared_ptr<const JournalEntry>;

class Journal {
 public:
  // `capacity` 0 records nothing.
  explicit Journal(std::size_t capacity);

  void record(JournalEntry entry);
  // The entries `keep` accepts, oldest first. Only pointers are copied, under the lock: a reader
  // serializing thousands of entries holds no lock and copies no body while it does.
  std::vector<JournalEntryPtr> entries(const std::function<bool(const JournalEntry&)>& keep) const;
  // The entry of that request id, or of that sequence number; null when the ring has none.
  JournalEntryPtr find(const std::string& request_id) const;
  JournalEntryPtr find(std::uint64_t sequence) const;
  // Forgets every entry; returns how many there were.
  std::size_t clear();

  std::size_t capacity() const { return capacity_; }
  // Calls recorded since start-up, including those the ring has dropped or clear() forgot.
  std::uint64_t total() const;

 private:
  const std::size_t capacity_;
  mutable std::mutex mutex_;
  std::vector<JournalEntryPtr> ring_;  // grows to capacity_, then wraps
  std::size_t next_ = 0;               // where the next entry goes once ring_ is full
  std::uint64_t sequence_ = 0;
};

}  // namespace junction
