#include "handlers/common/tags.hpp"

namespace junction::handlers::tags {

std::vector<Tag> from_list(const json& list, const char* key, const char* value) {
  std::vector<Tag> out;
  if (!list.is_array()) return out;
  for (const auto& t : list) out.emplace_back(str(t, key), str(t, value));
  return out;
}

std::vector<Tag> from_map(const json& map) {
  std::vector<Tag> out;
  if (!map.is_object()) return out;
  for (const auto& [k, v] : map.items())
    out.emplace_back(k, v.is_string() ? v.get<std::string>() : "");
  return out;
}

json to_list(const std::vector<Tag>& tags, const char* key, const char* value) {
  json out = json::array();
  for (const auto& [k, v] : tags) out.push_back({{key, k}, {value, v}});
  return out;
}

json to_map(const std::vector<Tag>& tags) {
  json out = json::object();
  for (const auto& [k, v] : tags) out[k] = v;
  return out;
}

void Tags::add(const std::string& arn, const std::vector<Tag>& tags, const Quota& quota) {
  if (tags.empty()) return;
  repo_.put(arn, tags);
  if (static_cast<std::size_t>(repo_.count(arn)) > quota.per_resource)
    throw ApiError(quota.error_type, "A resource can have at most " +
                                         std::to_string(quota.per_resource) +
                                         " tags; this request would leave " + arn + " with more.");
}

std::vector<std::string> keys(const json& input, const char* member) {
  std::vector<std::string> out;
  auto it = input.find(member);
  if (it == input.end() || !it->is_array()) return out;
  for (const auto& k : *it)
    if (k.is_string()) out.push_back(k.get<std::string>());
  return out;
}

}  // namespace junction::handlers::tags
