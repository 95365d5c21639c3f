// App blocks: CreateAppBlock, DescribeAppBlocks, DeleteAppBlock.
#include "handlers/appstream/appstream.hpp"

namespace junction::handlers::appstream {

namespace {

constexpr std::int64_t kDefaultPage = 50;
constexpr std::int64_t kMaxPage = 100;

json app_block_json(const repo::AppBlock& b) {
  json out = {{"Name", b.name},
              {"Arn", b.arn},
              {"SourceS3Location", stored_json(b.source_s3_location)},
              {"PackagingType", b.packaging_type},
              {"State", b.state},
              {"CreatedTime", b.created_at}};
  // The AppBlock shape's Description and DisplayName are at least one character long.
  if (b.description && !b.description->empty()) out["Description"] = *b.description;
  if (b.display_name && !b.display_name->empty()) out["DisplayName"] = *b.display_name;
  if (b.setup_script_details) out["SetupScriptDetails"] = stored_json(b.setup_script_details);
  if (b.post_setup_script_details)
    out["PostSetupScriptDetails"] = stored_json(b.post_setup_script_details);
  return out;
}

}  // namespace

json create_app_block(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::ApplicationRepository apps(tx, ctx.account, ctx.region);
  repo::AppBlock b;
  b.name = str(input, "Name");
  b.arn = resource_arn(ctx, "app-block", b.name);
  b.description = optional_str(input, "Description");
  b.display_name = optional_str(input, "DisplayName");
  b.source_s3_location = *member_json(input, "AppBlock", "SourceS3Location");
  b.setup_script_details = member_json(input, "AppBlock", "SetupScriptDetails");
  b.post_setup_script_details = member_json(input, "AppBlock", "PostSetupScriptDetails");
  b.packaging_type = str(input, "PackagingType", "CUSTOM");
  if (b.packaging_type == "CUSTOM" && !b.setup_script_details)
    throw ApiError("InvalidParameterCombinationException",
                   "SetupScriptDetails is required for app blocks of the CUSTOM packaging type.");
  if (b.packaging_type == "CUSTOM" && b.post_setup_script_details)
    throw ApiError("InvalidParameterCombinationException",
                   "PostSetupScriptDetails can be given only for the APPSTREAM2 packaging type.");
  // A custom app block is ready at once; an AppStream-packaged one waits for the application
  // package an app block builder makes for it.
  b.state = b.packaging_type == "CUSTOM" ? "ACTIVE" : "INACTIVE";
  b.created_at = ctx.now_seconds();
  if (!apps.insert_app_block(b))
    throw ApiError("ResourceAlreadyExistsException",
                   "The app block " + b.name + " already exists.");
  if (has(input, "Tags"))
    tags::Tags(ctx, tx, kService).add(b.arn, tags::from_map(input["Tags"]), kTagQuota);
  return {{"AppBlock", app_block_json(b)}};
}

json describe_app_blocks(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::ApplicationRepository apps(tx, ctx.account, ctx.region);
  Page page = list_page(input, "MaxResults", "maxResults", kDefaultPage, kMaxPage);
  if (has(input, "Arns") && !input["Arns"].empty())
    // The app blocks named, in the order named; each must exist.
    return named_page_json("AppBlocks", input["Arns"], page, [&](const std::string& arn) {
      auto name = name_in_arn(ctx, arn, "app-block");
      auto b = name ? apps.app_block(*name) : std::nullopt;
      if (!b)
        throw ApiError("ResourceNotFoundException", "The app block " + arn + " does not exist.");
      return app_block_json(*b);
    });
  auto rows = apps.app_blocks(page.offset, page.limit + 1);
  return page_json("AppBlocks", rows, page, [&](const auto& row) { return app_block_json(row); });
}

json delete_app_block(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::ApplicationRepository apps(tx, ctx.account, ctx.region);
  std::string name = str(input, "Name");
  auto b = apps.app_block(name);
  if (!b) throw ApiError("ResourceNotFoundException", "The app block " + name + " does not exist.");
  if (apps.app_block_in_use(name))
    throw ApiError("ResourceInUseException",
                   "The app block " + name + " is used by applications: delete them first.");
  auto builders = repo::BuilderRepository(tx, ctx.account, ctx.region).app_block_builders_of(name);
  if (!builders.empty())
    throw ApiError("ResourceInUseException", "The app block " + name +
                                                 " is associated with the app block builder " +
                                                 builders[0] + ": disassociate it first.");
  apps.delete_app_block(name);
  tags::Tags(ctx, tx, kService).forget(b->arn);
  return json::object();
}

}  // namespace junction::handlers::appstream
