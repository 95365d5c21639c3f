// Opaque NextToken values: an offset into a stable ordering, wrapped so that clients do not
// build them by hand. A token that does not decode is the caller's error.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
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

// Where a list answer puts its page: the list's member, the token's, and whether an empty list
// is left out (a model list that holds at least one item).
struct ListMembers {
  ListMembers(const char* list_member, const char* token_member = "NextToken",
              bool omit_empty_list = false)
      : list(list_member), token(token_member), omit_empty(omit_empty_list) {}
  const char* list;
  const char* token;
  bool omit_empty;
};

// One page of a list read with `page.limit + 1` rows (the one more shows that more follow):
// {list: [to_json(row), ... at most page.limit], token: ... when more follow}.
template <class Row, class ToJson>
json page_json(const ListMembers& members, const std::vector<Row>& rows, const Page& page,
               ToJson&& to_json) {
  json list = json::array();
  for (std::size_t i = 0; i < rows.size() && static_cast<std::int64_t>(i) < page.limit; ++i)
    list.push_back(to_json(rows[i]));
  json out = json::object();
  if (!list.empty() || !members.omit_empty) out[members.list] = std::move(list);
  set_next_token(out, members.token, page, static_cast<std::int64_t>(rows.size()));
  return out;
}
template <class Row>
json page_json(const ListMembers& members, const std::vector<Row>& rows, const Page& page) {
  return page_json(members, rows, page, [](const Row& row) { return json(row); });
}

// The items a Describe call names (`names`, a list of strings), each once, in the order named,
// one page of them: `to_json(name)` throws for a name that does not exist.
template <class ToJson>
json named_page_json(const char* member, const json& names, const Page& page, ToJson&& to_json) {
  std::set<std::string> seen;
  std::vector<json> named;
  for (const auto& item : names) {
    std::string name = item.get<std::string>();
    if (seen.insert(name).second) named.push_back(to_json(name));
  }
  json out = {{member, slice(named, page)}};
  set_next_token(out, "NextToken", page, named);
  return out;
}

std::string encode_token(std::int64_t offset);
std::optional<std::int64_t> decode_token(const std::string& token);

}  // namespace junction::handlers
