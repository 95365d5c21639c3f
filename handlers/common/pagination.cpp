#include "handlers/common/pagination.hpp"

namespace junction::handlers {

namespace {
constexpr const char* kPrefix = "jnc1.";
}

std::string encode_token(std::int64_t offset) { return kPrefix + std::to_string(offset); }

std::optional<std::int64_t> decode_token(const std::string& token) {
  std::string prefix = kPrefix;
  if (token.rfind(prefix, 0) != 0 || token.size() == prefix.size() ||
      token.size() > prefix.size() + 15)
    return std::nullopt;
  std::int64_t n = 0;
  for (std::size_t i = prefix.size(); i < token.size(); ++i) {
    if (token[i] < '0' || token[i] > '9') return std::nullopt;
    n = n * 10 + (token[i] - '0');
  }
  return n;
}

Page page_from(const json& input, const char* token_member, const char* limit_member,
               std::int64_t default_limit) {
  Page page;
  page.limit = default_limit;
  if (has(input, limit_member)) page.limit = input[limit_member].get<std::int64_t>();
  if (has(input, token_member)) {
    auto offset = decode_token(input[token_member].get<std::string>());
    if (!offset) throw ApiError("ValidationException", "The pagination token is invalid.");
    page.offset = *offset;
  }
  return page;
}

void set_next_token(json& output, const char* token_member, const Page& page,
                    std::int64_t fetched) {
  if (fetched > page.limit) output[token_member] = encode_token(page.offset + page.limit);
}

}  // namespace junction::handlers
