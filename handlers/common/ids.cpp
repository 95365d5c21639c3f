#include "handlers/common/ids.hpp"

#include <cstdio>
#include <ctime>
#include <random>

namespace junction::handlers {
namespace {
std::mt19937_64& rng() {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  return engine;
}
}  // namespace

std::string random_hex(int digits) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(digits, '0');
  for (auto& c : out) c = kHex[rng()() & 15];
  return out;
}

std::string random_alnum(int length) {
  static constexpr char kChars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  std::string out(length, 'A');
  for (auto& c : out) c = kChars[rng()() % 62];
  return out;
}

std::string uuid4() {
  std::string h = random_hex(32);
  h[12] = '4';
  h[16] = "89ab"[rng()() & 3];
  return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) +
         "-" + h.substr(20);
}

std::string iso8601(std::int64_t epoch_ms) {
  std::time_t seconds = static_cast<std::time_t>(epoch_ms / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(epoch_ms % 1000));
  return buffer;
}

std::string stable_hex(const std::string& text, int digits) {
  // FNV-1a, extended by re-hashing with a counter until enough digits.
  std::string out;
  for (std::uint64_t round = 0; static_cast<int>(out.size()) < digits; ++round) {
    std::uint64_t h = 1469598103934665603ull ^ round;
    for (unsigned char c : text) h = (h ^ c) * 1099511628211ull;
    char buffer[17];
    std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(h));
    out += buffer;
  }
  return out.substr(0, digits);
}

}  // namespace junction::handlers
