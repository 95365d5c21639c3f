// Tags of identity providers, instance users, product users and license server endpoints (an
// ended or deleted resource is gone, with its tags).
#include "handlers/license_manager_user_subscriptions/license_manager_user_subscriptions.hpp"

namespace junction::handlers::lmus {

namespace {

std::string require_resource(repo::Repository& r, const json& input) {
  std::string arn = str(input, "ResourceArn");
  bool exists = false;
  if (auto p = r.identity_provider(arn))
    exists = p->status != "DEREGISTERED";
  else if (auto a = r.association(arn))
    exists = a->status == "ASSOCIATED";
  else if (auto s = r.subscription(arn))
    exists = s->status == "ACTIVE";
  else if (r.endpoint(arn))
    exists = true;
  if (!exists) throw ApiError("ResourceNotFoundException", "Resource " + arn + " does not exist.");
  return arn;
}

}  // namespace

json list_tags_for_resource(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::Repository r(tx, ctx.account, ctx.region);
  return {{"Tags", tags::to_map(tags::Tags(ctx, tx, kService).of(require_resource(r, input)))}};
}

json tag_resource(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::Repository r(tx, ctx.account, ctx.region);
  tags::Tags(ctx, tx, kService).add(require_resource(r, input), tags_from(input), kTagQuota);
  return json::object();
}

json untag_resource(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::Repository r(tx, ctx.account, ctx.region);
  tags::Tags(ctx, tx, kService).remove(require_resource(r, input), tags::keys(input));
  return json::object();
}

}  // namespace junction::handlers::lmus
