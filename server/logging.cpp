#include "server/logging.hpp"

#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "server/util/ids.hpp"

namespace junction::log {
namespace {

std::atomic<Level> g_level{Level::kInfo};
std::atomic<Format> g_format{Format::kText};

const char* name(Level level) {
  switch (level) {
    case Level::kDebug:
      return "debug";
    case Level::kInfo:
      return "info";
    case Level::kWarn:
      return "warn";
    default:
      return "error";
  }
}

// Appends the current UTC time as 2026-01-02T03:04:05.678Z. The part up to the second is
// formatted once a second per thread: a request line is written for every call.
void append_now(std::string& out) {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                std::chrono::system_clock::now().time_since_epoch())
                .count();
  thread_local std::int64_t cached_second = -1;
  thread_local std::string cached;  // "2026-01-02T03:04:05."
  if (ms / 1000 != cached_second) {
    cached_second = ms / 1000;
    cached = iso8601(cached_second * 1000);
    cached.resize(cached.size() - 4);  // drop "000Z"
  }
  out += cached;
  int milli = static_cast<int>(ms % 1000);
  out += static_cast<char>('0' + milli / 100);
  out += static_cast<char>('0' + milli / 10 % 10);
  out += static_cast<char>('0' + milli % 10);
  out += 'Z';
}

std::string now() {
  std::string out;
  append_now(out);
  return out;
}

// Lines go to stderr through a buffer: request lines (info and debug) are written by a
// background thread within 50 ms, or as soon as 64 KiB wait, so that a request does not pay for a
// write(2) of its own; a warning or an error is written at once, after the lines before it.
// log::flush() (at exit and when Junction stops) writes what is left.
class Sink {
 public:
  void append(std::string&& line, bool urgent) {
    bool wake = false;
    {
      std::lock_guard lock(mutex_);
      wake = buffer_.empty();
      buffer_ += line;
      if (buffer_.size() >= kFull) urgent = true;
      if (!urgent && !started_) {
        started_ = true;
        std::thread([this] { drain(); }).detach();
      }
    }
    if (urgent)
      flush();
    else if (wake)
      ready_.notify_one();
  }

  void flush() {
    std::lock_guard writing(write_mutex_);  // keeps the order of batches
    {
      std::lock_guard lock(mutex_);
      out_.swap(buffer_);  // the two buffers keep their capacity: no reallocation per batch
    }
    if (!out_.empty()) {
      std::fwrite(out_.data(), 1, out_.size(), stderr);
      std::fflush(stderr);
      out_.clear();
    }
  }

 private:
  static constexpr std::size_t kFull = 64 << 10;

  [[noreturn]] void drain() {
    for (;;) {
      {
        std::unique_lock lock(mutex_);
        ready_.wait(lock, [this] { return !buffer_.empty(); });
        ready_.wait_for(lock, std::chrono::milliseconds(50),
                        [this] { return buffer_.size() >= kFull; });
      }
      flush();
    }
  }

  std::mutex mutex_;
  std::mutex write_mutex_;
  std::condition_variable ready_;
  std::string buffer_;
  std::string out_;  // the batch being written (under write_mutex_)
  bool started_ = false;
};

Sink& sink() {
  // Never destroyed: the drain thread may outlive static destruction; flush() runs at exit.
  static Sink* instance = [] {
    std::atexit([] { sink().flush(); });
    return new Sink;
  }();
  return *instance;
}

void emit(std::string line, Level level) {
  line.push_back('\n');
  sink().append(std::move(line), level >= Level::kWarn);
}

void message(Level level, const std::string& text) {
  if (level < g_level.load()) return;
  if (g_format.load() == Format::kJson) {
    emit(nlohmann::json{{"time", now()}, {"level", name(level)}, {"msg", text}}.dump(
             -1, ' ', false, nlohmann::json::error_handler_t::replace),
         level);
  } else {
    emit(now() + " " + name(level) + " " + text, level);
  }
}

}  // namespace

void configure(Level level, Format format) {
  g_level = level;
  g_format = format;
}

bool parse_level(const std::string& text, Level& out) {
  for (Level l : {Level::kDebug, Level::kInfo, Level::kWarn, Level::kError}) {
    if (text == name(l)) {
      out = l;
      return true;
    }
  }
  return false;
}

void flush() { sink().flush(); }

bool enabled(Level level) { return level >= g_level.load(); }

void debug(const std::string& text) { message(Level::kDebug, text); }
void info(const std::string& text) { message(Level::kInfo, text); }
void warn(const std::string& text) { message(Level::kWarn, text); }
void error(const std::string& text) { message(Level::kError, text); }

void request(const RequestLine& r) {
  // Server errors are worth a warning; everything else is routine.
  Level level = r.status >= 500 ? Level::kWarn : Level::kInfo;
  if (level < g_level.load()) return;
  // Milliseconds with three decimals, formatted without printf's locale-aware machinery.
  long long micros = std::llround(r.latency_ms * 1000.0);
  std::string latency = std::to_string(micros / 1000) + '.';
  for (long long unit = 100; unit > 0; unit /= 10)
    latency += static_cast<char>('0' + micros / unit % 10);
  if (g_format.load() == Format::kJson) {
    nlohmann::json line = {{"time", now()},        {"level", name(level)},
                           {"msg", "request"},     {"request_id", r.request_id},
                           {"method", r.method},   {"path", r.path},
                           {"service", r.service}, {"operation", r.operation},
                           {"account", r.account}, {"region", r.region},
                           {"status", r.status},   {"latency_ms", std::stod(latency)}};
    if (!r.error_type.empty()) line["error"] = r.error_type;
    emit(line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), level);
  } else {
    std::string line;
    line.reserve(160 + r.path.size() + r.error_type.size());
    append_now(line);
    line += ' ';
    line += name(level);
    line += " request id=";
    line += r.request_id;
    line += " method=";
    line += r.method;
    line += " path=";
    line += r.path;
    if (!r.service.empty()) {
      line += " service=";
      line += r.service;
      line += " operation=";
      line += r.operation;
    }
    if (!r.account.empty()) {
      line += " account=";
      line += r.account;
      line += " region=";
      line += r.region;
    }
    line += " status=";
    line += std::to_string(r.status);
    if (!r.error_type.empty()) {
      line += " error=";
      line += r.error_type;
    }
    line += " latency_ms=";
    line += latency;
    emit(std::move(line), level);
  }
}

}  // namespace junction::log
