#include "server/control/journal.hpp"

namespace junction {

Journal::Journal(std::size_t capacity) : capacity_(capacity) {}

void Journal::record(JournalEntry entry) {
  std::lock_guard lock(mutex_);
  entry.sequence = ++sequence_;
  if (capacity_ == 0) return;
  if (ring_.size() < capacity_) {
    ring_.push_back(std::move(entry));
  } else {
    ring_[next_] = std::move(entry);
    next_ = (next_ + 1) % capacity_;
  }
}

std::vector<JournalEntry> Journal::entries(
    const std::function<bool(const JournalEntry&)>& keep) const {
  std::lock_guard lock(mutex_);
  std::vector<JournalEntry> out;
  // Once full, the oldest entry is the one next_ will overwrite.
  std::size_t start = ring_.size() < capacity_ ? 0 : next_;
  for (std::size_t i = 0; i < ring_.size(); ++i) {
    const JournalEntry& e = ring_[(start + i) % ring_.size()];
    if (keep(e)) out.push_back(e);
  }
  return out;
}

std::size_t Journal::clear() {
  std::lock_guard lock(mutex_);
  std::size_t n = ring_.size();
  ring_.clear();
  next_ = 0;
  return n;
}

std::uint64_t Journal::total() const {
  std::lock_guard lock(mutex_);
  return sequence_;
}

}  // namespace junction
