// TagResource, UntagResource, ListTagsForResource on every taggable AppStream resource, through
// the shared tags (handlers/common/tags.hpp). Which resources have tags, and how to tell that one
// exists, is the table below: one row per kind of resource, named as in its ARN.
#include "handlers/appstream/appstream.hpp"

namespace junction::handlers::appstream {

namespace {

struct TaggableKind {
  const char* kind;  // arn:aws:appstream:<region>:<account>:<kind>/<name>
  bool (*exists)(const Context& ctx, storage::Tx& tx, const std::string& name);
};

const TaggableKind kTaggable[] = {
    {"stack",
     [](const Context& ctx, storage::Tx& tx, const std::string& name) {
       return repo::Repository(tx, ctx.account, ctx.region).stack_exists(name);
     }},
    {"fleet",
     [](const Context& ctx, storage::Tx& tx, const std::string& name) {
       return repo::FleetRepository(tx, ctx.account, ctx.region).fleet_exists(name);
     }},
    // The account's own images (public images belong to AWS).
    {"image",
     [](const Context& ctx, storage::Tx& tx, const std::string& name) {
       return repo::ImageRepository(tx, ctx.account, ctx.region).image_exists(name);
     }},
    {"app-block",
     [](const Context& ctx, storage::Tx& tx, const std::string& name) {
       return repo::ApplicationRepository(tx, ctx.account, ctx.region).app_block(name).has_value();
     }},
    {"application",
     [](const Context& ctx, storage::Tx& tx, const std::string& name) {
       return repo::ApplicationRepository(tx, ctx.account, ctx.region)
           .application(name)
           .has_value();
     }},
    {"image-builder",
     [](const Context& ctx, storage::Tx& tx, const std::string& name) {
       return repo::BuilderRepository(tx, ctx.account, ctx.region).image_builder(name).has_value();
     }},
    {"app-block-builder",
     [](const Context& ctx, storage::Tx& tx, const std::string& name) {
       return repo::BuilderRepository(tx, ctx.account, ctx.region)
           .app_block_builder(name)
           .has_value();
     }},
};

// The ResourceArn of the input, when it names an existing taggable resource of the caller's
// account and region; ResourceNotFoundException otherwise.
std::string require_taggable(const Context& ctx, storage::Tx& tx, const json& input) {
  std::string arn = str(input, "ResourceArn");
  for (const auto& k : kTaggable)
    if (auto name = name_in_arn(ctx, arn, k.kind); name && k.exists(ctx, tx, *name)) return arn;
  throw ApiError("ResourceNotFoundException", "The resource " + arn + " does not exist.");
}

}  // namespace

json list_tags_for_resource(const Context& ctx, const json& input, storage::Tx& tx) {
  auto tags = tags::Tags(ctx, tx, kService).of(require_taggable(ctx, tx, input));
  // The model's Tags map holds at least one tag: with none, the member is left out.
  json out = json::object();
  if (!tags.empty()) out["Tags"] = tags::to_map(tags);
  return out;
}

json tag_resource(const Context& ctx, const json& input, storage::Tx& tx) {
  std::string arn = require_taggable(ctx, tx, input);
  tags::Tags(ctx, tx, kService).add(arn, tags::from_map(input["Tags"]), kTagQuota);
  return json::object();
}

json untag_resource(const Context& ctx, const json& input, storage::Tx& tx) {
  std::string arn = require_taggable(ctx, tx, input);
  tags::Tags(ctx, tx, kService).remove(arn, tags::keys(input));
  return json::object();
}

}  // namespace junction::handlers::appstream
