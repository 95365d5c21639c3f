#include "server/control/journal.hpp"

namespace junction {

Journal::Journal(std::size_t capacity) : capacity_(capacity) {}

void Journal::record(JournalEntry entry) {
  // Made outside the lock: the entry's strings move into it, nothing is copied.
  auto shared = capacity_ ? std::make_shared<JournalEntry>(std::move(entry)) : nullptr;
  JournalEntryPtr dropped;  // freed once the lock is let go
  std::lock_guard lock(mutex_);
  ++sequence_;
  if (!shared) return;
  shared->sequence = sequence_;
  if (ring_.size() < capacity_) {
    ring_.push_back(std::move(shared));
  } else {
    dropped = std::move(ring_[next_]);
    ring_[next_] = std::move(shared);
    next_ = (next_ + 1) % capacity_;
  }
}

std::vector<JournalEntryPtr> Journal::entries(
    const std::function<bool(const JournalEntry&)>& keep) const {
  std::lock_guard lock(mutex_);
  std::vector<JournalEntryPtr> out;
  // Once full, the oldest entry is the one next_ will overwrite.
  std::size_t start = ring_.size() < capacity_ ? 0 : next_;
  for (std::size_t i = 0; i < ring_.size(); ++i) {
    const JournalEntryPtr& e = ring_[(start + i) % ring_.size()];
    if (keep(*e)) out.push_back(e);
  }
  return out;
}

JournalEntryPtr Journal::find(const std::string& request_id) const {
  std::lock_guard lock(mutex_);
  for (const auto& e : ring_)
    if (e->request_id == request_id) return e;
  return nullptr;
}

JournalEntryPtr Journal::find(std::uint64_t sequence) const {
  std::lock_guard lock(mutex_);
  for (const auto& e : ring_)
    if (e->sequence == sequence) return e;
  return nullptr;
}

std::size_t Journal::clear() {
  std::vector<JournalEntryPtr> gone;  // freed outside the lock
  std::lock_guard lock(mutex_);
  std::size_t n = ring_.size();
  gone.swap(ring_);
  next_ = 0;
  return n;
}

std::uint64_t Journal::total() const {
  std::lock_guard lock(mutex_);
  return sequence_;
}

}  // namespace junction
