// Opaque NextToken values: an offset into a stable ordering, wrapped so that clients do not
// build them by hand. A token that does not decode is the caller's error.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "handlers/api.hpp"

namespace junction::handlers {

struct Page {
  std::int64_t offset = 0;
  std::int64_t limit = 0;
};

// Reads `token_member` and `limit_member` from the input. Throws ValidationException for a token
// that Junction did not issue.
Page page_from(const json& input, const char* token_member, const char* limit_member,
               std::int64_t default_limit);

// Sets `token_member` in `output` when `fetched` (limit + 1 rows were asked for) shows more rows.
void set_next_token(json& output, const char* token_member, const Page& page, std::int64_t fetched);

std::string encode_token(std::int64_t offset);
std::optional<std::int64_t> decode_token(const std::string& token);

}  // namespace junction::handlers
