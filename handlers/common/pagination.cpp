#include "handlers/common/pagination.hpp"

#include "server/util/base64.hpp"

namespace junction::handlers {

namespace {
// Tokens are base64 of "junction:<offset>": only characters every model's token pattern allows.
constexpr const char* kPrefix = "junction:";
}  // namespace

std::string encode_token(std::int64_t offset) {
  return base64_encode(kPrefix + std::to_string(offset));
}

std::optional<std::int64_t> decode_token(const std::string& token) {
  if (token.size() > 64) return std::nullopt;
  auto text = base64_decode(token);
  std::string prefix = kPrefix;
  if (!text || text->rfind(prefix, 0) != 0 || text->size() == prefix.size() ||
      text->size() > prefix.size() + 15)
    return std::nullopt;
  std::int64_t n = 0;
  for (std::size_t i = prefix.size(); i < text->size(); ++i) {
    char c = (*text)[i];
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + (c - '0');
  }
  return n;
}

Page page_from(const json& input, const char* token_member, const char* limit_member,
               std::int64_t default_limit) {
  Page page;
  page.limit = default_limit;
  // Both members were validated against the operation's shape when it declares them; anything
  // else is ignored rather than trusted.
  auto limit = input.find(limit_member);
  if (limit != input.end() && limit->is_number_integer()) page.limit = limit->get<std::int64_t>();
  auto token = input.find(token_member);
  if (token != input.end() && token->is_string()) {
    auto offset = decode_token(token->get<std::string>());
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
