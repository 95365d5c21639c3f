// Tags of the taggable resources of an instance: the instance itself, permission sets,
// applications and trusted token issuers, through the shared tag mechanism.
#include <string_view>

#include "handlers/common/pagination.hpp"
#include "handlers/sso_admin/applications.hpp"
#include "handlers/sso_admin/sso_admin.hpp"

namespace junction::handlers::sso_admin {

namespace {

// A taggable kind of resource: how its ARN reads after the instance part, and whether one exists.
struct TaggableKind {
  std::string_view marker;  // e.g. ":permissionSet/"
  bool (*exists)(const Context&, storage::Tx&, const repo::Instance&, const std::string& arn);
};

bool permission_set_exists(const Context& ctx, storage::Tx& tx, const repo::Instance& instance,
                           const std::string& arn) {
  return repo::Repository(tx, ctx.account, ctx.region).has_permission_set(instance.arn, arn);
}

// Every taggable kind but the instance, whose ARN is compared whole. A new kind of resource is
// one row here.
constexpr TaggableKind kTaggable[] = {
    {":permissionSet/", permission_set_exists},
    {":application/", application_exists},
    {":trustedTokenIssuer/", trusted_token_issuer_exists},
};

// Without InstanceArn, the caller's instance a resource ARN names (an instance ARN, or
// `.../ssoins-<id>/...` in the ARN of what an instance holds); else the organization instance.
repo::Instance instance_named_by(const Context& ctx, repo::Repository& r, const std::string& arn) {
  std::size_t at = arn.find("/ssoins-");
  if (at == std::string::npos) return instance_of(ctx, r);
  std::size_t end = arn.find('/', at + 1);
  std::string id = arn.substr(at + 1, end == std::string::npos ? std::string::npos : end - at - 1);
  for (auto& instance : instances_of(ctx, r))
    if (instance.arn.size() > id.size() &&
        instance.arn.compare(instance.arn.size() - id.size(), id.size(), id) == 0 &&
        instance.arn[instance.arn.size() - id.size() - 1] == '/')
      return instance;
  return instance_of(ctx, r);
}

// The instance named by InstanceArn (or the caller's) and the tagged resource's ARN, once both
// are known to exist: ResourceNotFoundException otherwise.
std::string require_taggable(const Context& ctx, storage::Tx& tx, const json& input) {
  repo::Repository r(tx, ctx.account, ctx.region);
  std::string arn = str(input, "ResourceArn");
  repo::Instance instance = has(input, "InstanceArn")
                                ? require_instance(ctx, r, str(input, "InstanceArn"))
                                : instance_named_by(ctx, r, arn);
  if (arn == instance.arn) return arn;
  for (const auto& kind : kTaggable)
    if (arn.find(kind.marker) != std::string::npos && kind.exists(ctx, tx, instance, arn))
      return arn;
  throw ApiError("ResourceNotFoundException", "The resource " + arn + " does not exist.");
}

}  // namespace

json list_tags_for_resource(const Context& ctx, const json& input, storage::Tx& tx) {
  std::string arn = require_taggable(ctx, tx, input);
  Page page = page_from(input, "NextToken", "MaxResults", 50);
  auto all = tags::Tags(ctx, tx, kService).of(arn);
  json out = {{"Tags", tags::to_list(slice(all, page))}};
  set_next_token(out, "NextToken", page, all);
  return out;
}

json tag_resource(const Context& ctx, const json& input, storage::Tx& tx) {
  std::string arn = require_taggable(ctx, tx, input);
  tags::Tags(ctx, tx, kService).add(arn, tags::from_list(input["Tags"]), kTagQuota);
  return json::object();
}

json untag_resource(const Context& ctx, const json& input, storage::Tx& tx) {
  std::string arn = require_taggable(ctx, tx, input);
  tags::Tags(ctx, tx, kService).remove(arn, tags::keys(input));
  return json::object();
}

}  // namespace junction::handlers::sso_admin
