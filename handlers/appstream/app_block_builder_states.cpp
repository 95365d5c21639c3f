// An app block builder at work: the app block it packages (AssociateAppBlockBuilderAppBlock,
// DisassociateAppBlockBuilderAppBlock, DescribeAppBlockBuilderAppBlockAssociations), its life
// cycle (StartAppBlockBuilder, StopAppBlockBuilder) and the streaming URL of a running one.
#include "handlers/appstream/app_block_builder.hpp"
#include "handlers/appstream/outcomes.hpp"
#include "handlers/appstream/streaming_url.hpp"

namespace junction::handlers::appstream {

namespace {

// The model's list of associations holds at most 25.
constexpr std::int64_t kAssociationPage = 25;

void set_transition(const Context& ctx, repo::BuilderRepository& builders, repo::AppBlockBuilder& b,
                    const std::string& pending, const std::string& settled) {
  Transition t = Transition::after(ctx, pending, settled, delay_ms(ctx));
  b.state_pending = t.pending;
  b.state_settled = t.settled;
  b.state_settles_at = t.settles_at;
  builders.update_app_block_builder(b);
}

// A builder whose app block can change: a STOPPED one.
repo::AppBlockBuilder stopped_builder(const Context& ctx, repo::BuilderRepository& builders,
                                      const json& input) {
  repo::AppBlockBuilder b = require_app_block_builder(builders, str(input, "AppBlockBuilderName"));
  std::string state = app_block_builder_state(ctx, b);
  if (state == "STARTING" || state == "STOPPING")
    throw ApiError("ConcurrentModificationException",
                   "The app block builder " + b.name + " is " + state +
                       ": change its app block once it is STOPPED.");
  if (state != "STOPPED")
    throw ApiError("OperationNotPermittedException",
                   "The app block builder " + b.name + " is " + state +
                       ": stop it before changing its app block.");
  return b;
}

// The app block of the input's AppBlockArn; ResourceNotFoundException when there is none.
repo::AppBlock require_app_block(const Context& ctx, storage::Tx& tx, const json& input) {
  std::string arn = str(input, "AppBlockArn");
  auto name = name_in_arn(ctx, arn, "app-block");
  auto block = name ? repo::ApplicationRepository(tx, ctx.account, ctx.region).app_block(*name)
                    : std::nullopt;
  if (!block)
    throw ApiError("ResourceNotFoundException", "The app block " + arn + " does not exist.");
  return *block;
}

}  // namespace

json associate_app_block_builder_app_block(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::BuilderRepository builders(tx, ctx.account, ctx.region);
  repo::AppBlock block = require_app_block(ctx, tx, input);
  repo::AppBlockBuilder b = stopped_builder(ctx, builders, input);
  // Builders package app blocks of APPSTREAM2 packaging; CUSTOM ones are packaged by hand.
  if (block.packaging_type != "APPSTREAM2")
    throw ApiError("InvalidParameterCombinationException",
                   "The app block " + block.name + " has " + block.packaging_type +
                       " packaging: app block builders package APPSTREAM2 app blocks.");
  auto current = builders.builder_app_block(b.name);
  if (current && *current != block.name)
    throw ApiError("LimitExceededException", "The app block builder " + b.name +
                                                 " is associated with the app block " + *current +
                                                 " already: a builder packages one at a time.");
  builders.associate_app_block({b.name, block.name, ctx.now_seconds()});
  return {{"AppBlockBuilderAppBlockAssociation",
           {{"AppBlockArn", block.arn}, {"AppBlockBuilderName", b.name}}}};
}

json disassociate_app_block_builder_app_block(const Context& ctx, const json& input,
                                              storage::Tx& tx) {
  repo::BuilderRepository builders(tx, ctx.account, ctx.region);
  repo::AppBlock block = require_app_block(ctx, tx, input);
  repo::AppBlockBuilder b = stopped_builder(ctx, builders, input);
  if (!builders.disassociate_app_block(b.name, block.name))
    throw ApiError("ResourceNotFoundException", "The app block builder " + b.name +
                                                    " is not associated with the app block " +
                                                    block.name + ".");
  return json::object();
}

json describe_app_block_builder_app_block_associations(const Context& ctx, const json& input,
                                                       storage::Tx& tx) {
  auto builder = optional_str(input, "AppBlockBuilderName");
  auto arn = optional_str(input, "AppBlockArn");
  if (!builder && !arn)
    throw ApiError("InvalidParameterCombinationException",
                   "Specify an app block builder name, an app block ARN, or both.");
  Page page = page_from(input, "NextToken", "MaxResults", kAssociationPage);
  if (page.limit <= 0 || page.limit > kAssociationPage) page.limit = kAssociationPage;
  json out = json::object();
  std::optional<std::string> block;
  if (arn) {
    block = name_in_arn(ctx, *arn, "app-block");
    if (!block) return out;  // an ARN that names no app block of the account has none
  }
  auto rows = repo::BuilderRepository(tx, ctx.account, ctx.region)
                  .app_block_associations(builder, block, page.offset, page.limit + 1);
  // The model's list holds at least one association: with none, the member is left out.
  return page_json(
      {"AppBlockBuilderAppBlockAssociations", "NextToken", true}, rows, page, [&](const auto& row) {
        return json{{"AppBlockArn", resource_arn(ctx, "app-block", row.app_block_name)},
                    {"AppBlockBuilderName", row.app_block_builder_name}};
      });
}

json start_app_block_builder(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::BuilderRepository builders(tx, ctx.account, ctx.region);
  repo::AppBlockBuilder b = require_app_block_builder(builders, str(input, "Name"));
  std::string state = app_block_builder_state(ctx, b);
  if (state == "STOPPING")
    throw ApiError(
        "ConcurrentModificationException",
        "The app block builder " + b.name + " is STOPPING: start it once it is STOPPED.");
  if (state == "STOPPED") {
    // AWS: "An app block builder can only be started when it's associated with an app block."
    if (!builders.builder_app_block(b.name))
      throw ApiError("OperationNotPermittedException",
                     "The app block builder " + b.name +
                         " is not associated with an app block: associate one before starting it.");
    start_builder(ctx, b, "STARTING", delay_ms(ctx), "app block builder", "AppBlockBuilderErrors");
    builders.update_app_block_builder(b);
  }
  return {{"AppBlockBuilder", app_block_builder_json(ctx, b)}};
}

json stop_app_block_builder(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::BuilderRepository builders(tx, ctx.account, ctx.region);
  repo::AppBlockBuilder b = require_app_block_builder(builders, str(input, "Name"));
  std::string state = app_block_builder_state(ctx, b);
  // A builder that is stopped, or stopping, is left as it is.
  if (state == "RUNNING" || state == "STARTING")
    set_transition(ctx, builders, b, "STOPPING", "STOPPED");
  return {{"AppBlockBuilder", app_block_builder_json(ctx, b)}};
}

json create_app_block_builder_streaming_url(const Context& ctx, const json& input,
                                            storage::Tx& tx) {
  repo::BuilderRepository builders(tx, ctx.account, ctx.region);
  repo::AppBlockBuilder b = require_app_block_builder(builders, str(input, "AppBlockBuilderName"));
  json extra = json::object();
  if (auto block = builders.builder_app_block(b.name)) extra["appBlock"] = *block;
  return builder_streaming_url(ctx, input, "app block builder", b.name,
                               app_block_builder_state(ctx, b), extra);
}

}  // namespace junction::handlers::appstream
