// App block builders: CreateAppBlockBuilder (STOPPED), DescribeAppBlockBuilders,
// UpdateAppBlockBuilder (any member of a stopped builder, the names only of a running one),
// DeleteAppBlockBuilder (a stopped builder with no app block).
#include <set>

#include "handlers/appstream/app_block_builder.hpp"
#include "handlers/appstream/outcomes.hpp"

namespace junction::handlers::appstream {

namespace {

constexpr std::int64_t kPageSize = 25;

// The members of CreateAppBlockBuilder kept in a builder's attributes (the AppBlockBuilder
// shape's).
const char* const kBuilderMembers[] = {"DisplayName",  "Description", "EnableDefaultInternetAccess",
                                       "IamRoleArn",   "VpcConfig",   "AccessEndpoints",
                                       "DisableIMDSV1"};
// What a running builder lets UpdateAppBlockBuilder change (the API reference).
const char* const kRunningMembers[] = {"DisplayName", "Description"};

void refuse(const std::string& message) {
  throw ApiError("InvalidParameterCombinationException", message);
}

// The rules every builder obeys: WINDOWS_SERVER_2019, a stream.standard instance, and a VPC of
// at least two subnets (in different Availability Zones, as AWS asks).
void check_builder(const std::string& platform, const std::string& instance_type,
                   const json& attributes) {
  if (platform != "WINDOWS_SERVER_2019")
    refuse("The platform " + platform +
           " is not supported for app block builders: WINDOWS_SERVER_2019 is the only one.");
  if (instance_type.rfind("stream.standard.", 0) != 0)
    refuse("The instance type " + instance_type +
           " is not available for app block builders: use a stream.standard instance type.");
  auto subnets = attributes.value("VpcConfig", json::object()).value("SubnetIds", json::array());
  if (subnets.size() < 2)
    refuse(
        "App block builders need a VpcConfig with at least two subnets in different "
        "Availability Zones.");
}

}  // namespace

repo::AppBlockBuilder require_app_block_builder(repo::BuilderRepository& builders,
                                                const std::string& name) {
  auto b = builders.app_block_builder(name);
  if (!b)
    throw ApiError("ResourceNotFoundException",
                   "The app block builder " + name + " does not exist.");
  return *b;
}

json app_block_builder_json(const Context& ctx, const repo::AppBlockBuilder& b) {
  json out = stored_json(b.attributes);
  if (!out.is_object()) out = json::object();
  out["Arn"] = b.arn;
  out["Name"] = b.name;
  out["Platform"] = b.platform;
  out["InstanceType"] = b.instance_type;
  out["State"] = app_block_builder_state(ctx, b);
  out["CreatedTime"] = b.created_at;
  hide_unsettled_errors(ctx, b.state_settles_at, "AppBlockBuilderErrors", out);
  if (!out.contains("VpcConfig")) out["VpcConfig"] = json::object();
  for (const char* member : {"Description", "DisplayName"})
    if (out.contains(member) && out[member].get<std::string>().empty()) out.erase(member);
  return project(model_shape("AppBlockBuilder"), out);
}

json create_app_block_builder(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::BuilderRepository builders(tx, ctx.account, ctx.region);
  repo::AppBlockBuilder b;
  b.name = str(input, "Name");
  b.arn = resource_arn(ctx, "app-block-builder", b.name);
  b.platform = str(input, "Platform");
  b.instance_type = str(input, "InstanceType");
  if (builders.app_block_builder(b.name))
    throw ApiError("ResourceAlreadyExistsException",
                   "The app block builder " + b.name + " already exists.");
  const shapes::Shape& request = model_shape("CreateAppBlockBuilderRequest");
  json attributes = json::object();
  for (const char* m : kBuilderMembers)
    if (has(input, m)) attributes[m] = project(*request.member(m)->shape, input[m]);
  check_builder(b.platform, b.instance_type, attributes);
  if (!attributes.contains("EnableDefaultInternetAccess"))
    attributes["EnableDefaultInternetAccess"] = false;
  b.attributes = attributes.dump();
  b.state_pending = b.state_settled = "STOPPED";
  b.created_at = b.state_settles_at = ctx.now_seconds();
  builders.insert_app_block_builder(b);
  if (has(input, "Tags"))
    tags::Tags(ctx, tx, kService).add(b.arn, tags::from_map(input["Tags"]), kTagQuota);
  return {{"AppBlockBuilder", app_block_builder_json(ctx, b)}};
}

json describe_app_block_builders(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::BuilderRepository builders(tx, ctx.account, ctx.region);
  // MaxResults is at most 25 (the API reference).
  Page page = list_page(input, "MaxResults", "maxResults", kPageSize, kPageSize);
  if (has(input, "Names") && !input["Names"].empty())
    return named_page_json("AppBlockBuilders", input["Names"], page, [&](const std::string& name) {
      return app_block_builder_json(ctx, require_app_block_builder(builders, name));
    });
  auto rows = builders.app_block_builders(page.offset, page.limit + 1);
  return page_json("AppBlockBuilders", rows, page,
                   [&](const auto& row) { return app_block_builder_json(ctx, row); });
}

json update_app_block_builder(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::BuilderRepository builders(tx, ctx.account, ctx.region);
  repo::AppBlockBuilder b = require_app_block_builder(builders, str(input, "Name"));
  std::string state = app_block_builder_state(ctx, b);
  if (state == "STARTING" || state == "STOPPING")
    throw ApiError("ConcurrentModificationException",
                   "The app block builder " + b.name + " is " + state +
                       ": update it once it is RUNNING or STOPPED.");
  if (state == "RUNNING") {
    std::string refused;
    for (const char* m : {"Platform", "InstanceType", "VpcConfig", "EnableDefaultInternetAccess",
                          "IamRoleArn", "AccessEndpoints", "AttributesToDelete", "DisableIMDSV1"})
      if (has(input, m)) refused += (refused.empty() ? "" : ", ") + std::string(m);
    if (!refused.empty())
      throw ApiError("ResourceInUseException", "The app block builder " + b.name +
                                                   " is RUNNING: only its DisplayName and "
                                                   "Description can change (not " +
                                                   refused + "). Stop it first.");
  }

  json attributes = stored_json(b.attributes);
  if (!attributes.is_object()) attributes = json::object();
  // First the attributes to delete, then the members given.
  if (has(input, "AttributesToDelete"))
    for (const auto& a : input["AttributesToDelete"]) {
      std::string attribute = a.get<std::string>();
      if (attribute == "IAM_ROLE_ARN") attributes.erase("IamRoleArn");
      if (attribute == "ACCESS_ENDPOINTS") attributes.erase("AccessEndpoints");
      if (attribute == "VPC_CONFIGURATION_SECURITY_GROUP_IDS" && attributes.contains("VpcConfig"))
        attributes["VpcConfig"].erase("SecurityGroupIds");
    }
  const shapes::Shape& request = model_shape("UpdateAppBlockBuilderRequest");
  for (const char* m : kBuilderMembers) {
    if (!has(input, m)) continue;
    json value = project(*request.member(m)->shape, input[m]);
    if (std::string(m) == "VpcConfig" && attributes.contains("VpcConfig"))
      for (const auto& [k, v] : value.items()) attributes["VpcConfig"][k] = v;
    else
      attributes[m] = value;
  }
  std::string platform = str(input, "Platform", b.platform);
  std::string instance_type = str(input, "InstanceType", b.instance_type);
  check_builder(platform, instance_type, attributes);
  b.platform = platform;
  b.instance_type = instance_type;
  b.attributes = attributes.dump();
  builders.update_app_block_builder(b);
  return {{"AppBlockBuilder", app_block_builder_json(ctx, b)}};
}

json delete_app_block_builder(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::BuilderRepository builders(tx, ctx.account, ctx.region);
  repo::AppBlockBuilder b = require_app_block_builder(builders, str(input, "Name"));
  std::string state = app_block_builder_state(ctx, b);
  if (state == "STARTING" || state == "STOPPING")
    throw ApiError(
        "ConcurrentModificationException",
        "The app block builder " + b.name + " is " + state + ": delete it once it is STOPPED.");
  if (state != "STOPPED")
    throw ApiError("OperationNotPermittedException", "The app block builder " + b.name + " is " +
                                                         state + ": stop it before deleting it.");
  if (auto app_block = builders.builder_app_block(b.name))
    throw ApiError("ResourceInUseException", "The app block builder " + b.name +
                                                 " is associated with the app block " + *app_block +
                                                 ": disassociate it first.");
  builders.delete_app_block_builder(b.name);
  tags::Tags(ctx, tx, kService).forget(b.arn);
  return json::object();
}

}  // namespace junction::handlers::appstream
