// Identifiers and timestamps in the formats the service models use.
#pragma once

#include <cstdint>
#include <string>

namespace junction {

std::string random_hex(int digits);          // lower-case hex
std::string random_alnum(int length);        // [A-Za-z0-9]
std::string uuid4();                         // 8-4-4-4-12, lower-case
std::string iso8601(std::int64_t epoch_ms);  // 2026-11-21T23:29:10.123Z
// Deterministic hex digest of `text` (stable ids derived from account and region).
std::string stable_hex(const std::string& text, int digits);

}  // namespace junction
