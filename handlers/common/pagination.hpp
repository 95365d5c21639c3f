// Opaque NextToken values: an offset into a stable ordering, wrapped so that clients do not
// build them by hand. A token that does not decode is the caller's error.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

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

// The page's part of a list read whole (a resource's tags, a small catalogue), and the token
// for what follows it.
template <class T>
std::vector<T> slice(const std::vector<T>& all, const Page& page) {
  std::vector<T> out;
  for (std::int64_t i = page.offset;
       i < static_cast<std::int64_t>(all.size()) && i < page.offset + page.limit; ++i)
    out.push_back(all[static_cast<std::size_t>(i)]);
  return out;
}
template <class T>
void set_next_token(json& output, const char* token_member, const Page& page,
                    const std::vector<T>& all) {
  set_next_token(output, token_member, page, static_cast<std::int64_t>(all.size()) - page.offset);
}

std::string encode_token(std::int64_t offset);
std::optional<std::int64_t> decode_token(const std::string& token);

}  // namespace junction::handlers
