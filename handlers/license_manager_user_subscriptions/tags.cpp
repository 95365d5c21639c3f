// Tags of identity providers, instance users and product users (registered, associated and
// active ones; an ended resource has lost its tags).
#include "handlers/license_manager_user_subscriptions/license_manager_user_subscriptions.hpp"

namespace junction::handlers::lmus {

namespace {

constexpr std::size_t kMaxTags = 50;

std::string require_resource(repo::Repository& r, const json& input) {
  std::string arn = str(input, "ResourceArn");
  bool exists = false;
  if (auto p = r.identity_provider(arn))
    exists = p->status != "DEREGISTERED";
  else if (auto a = r.association(arn))
    exists = a->status == "ASSOCIATED";
  else if (auto s = r.subscription(arn))
    exists = s->status == "ACTIVE";
  if (!exists) throw ApiError("ResourceNotFoundException", "Resource " + arn + " does not exist.");
  return arn;
}

}  // namespace

json list_tags_for_resource(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::Repository r(tx, ctx.account, ctx.region);
  json tags = json::object();
  for (const auto& [key, value] : r.tags(require_resource(r, input))) tags[key] = value;
  return {{"Tags", tags}};
}

json tag_resource(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::Repository r(tx, ctx.account, ctx.region);
  std::string arn = require_resource(r, input);
  r.put_tags(arn, tags_from(input));
  if (r.tags(arn).size() > kMaxTags)
    throw ApiError("ValidationException",
                   "A resource can have at most " + std::to_string(kMaxTags) + " tags.");
  return json::object();
}

json untag_resource(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::Repository r(tx, ctx.account, ctx.region);
  std::string arn = require_resource(r, input);
  std::vector<std::string> keys;
  for (const auto& k : input["TagKeys"]) keys.push_back(k.get<std::string>());
  r.delete_tags(arn, keys);
  return json::object();
}

}  // namespace junction::handlers::lmus
