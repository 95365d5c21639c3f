#include "server/util/ids.hpp"

#include <cstdio>
#include <ctime>
#include <random>

namespace junction {
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
  // Version 4, variant 10xx: 122 random bits from two draws, formatted in place.
  static constexpr char kHex[] = "0123456789abcdef";
  std::uint64_t hi = rng()(), lo = rng()();
  hi = (hi & ~0xF000ull) | 0x4000ull;
  lo = (lo & ~(3ull << 62)) | (2ull << 62);
  std::string out(36, '-');
  int pos = 0;
  auto put = [&](std::uint64_t bits, int from_nibble, int count) {
    for (int i = 0; i < count; ++i) {
      if (pos == 8 || pos == 13 || pos == 18 || pos == 23) ++pos;
      out[pos++] = kHex[(bits >> (60 - 4 * (from_nibble + i))) & 15];
    }
  };
  put(hi, 0, 16);
  put(lo, 0, 16);
  return out;
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

}  // namespace junction
