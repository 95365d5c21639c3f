// Fleets: CreateFleet, DescribeFleets, DeleteFleet.
#include <set>

#include "handlers/appstream/fleet.hpp"

namespace junction::handlers::appstream {

namespace {

// DescribeFleets has no MaxResults: its pages hold this many fleets.
constexpr std::int64_t kFleetPageSize = 25;

// What AWS sets when CreateFleet leaves it out.
void fill_defaults(json& attributes) {
  const std::pair<const char*, json> kDefaults[] = {
      {"MaxUserDurationInSeconds", 57600},    {"DisconnectTimeoutInSeconds", 900},
      {"IdleDisconnectTimeoutInSeconds", 0},  {"StreamView", "APP"},
      {"EnableDefaultInternetAccess", false},
  };
  for (const auto& [member, value] : kDefaults)
    if (!attributes.contains(member)) attributes[member] = value;
}

}  // namespace

json create_fleet(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::FleetRepository fleets(tx, ctx.account, ctx.region);
  const shapes::Shape& request = model_shape("CreateFleetRequest");
  repo::Fleet f;
  f.name = str(input, "Name");
  f.arn = resource_arn(ctx, "fleet", f.name);
  f.fleet_type = str(input, "FleetType", "ON_DEMAND");
  f.instance_type = str(input, "InstanceType");
  if (fleets.fleet_exists(f.name))
    throw ApiError("ResourceAlreadyExistsException", "The fleet " + f.name + " already exists.");

  json attributes = json::object();
  for (const char* m : kFleetAttributeMembers)
    if (has(input, m)) attributes[m] = project(*request.member(m)->shape, input[m]);
  fill_defaults(attributes);
  if (has(input, "ImageName") && has(input, "ImageArn"))
    throw ApiError("InvalidParameterCombinationException",
                   "Specify either ImageName or ImageArn, not both.");
  bool has_image = has(input, "ImageName") || has(input, "ImageArn");
  auto platform = optional_str(input, "Platform");
  check_fleet_config(f.fleet_type, f.instance_type, platform, attributes, has_image);
  check_domain_join(ctx, tx, attributes);
  f.platform = platform;
  if (has_image) {
    ImageRef image = usable_image(
        ctx, tx, has(input, "ImageArn") ? str(input, "ImageArn") : str(input, "ImageName"));
    check_image_fits(image, f.instance_type, multi_session(attributes));
    f.image_name = image.name;
    f.image_arn = image.arn;
    if (image.platform) f.platform = image.platform;
    if (image.is_private()) f.private_image_name = image.name;
  }
  f.attributes = attributes.dump();
  f.state_pending = f.state_settled = "STOPPED";
  f.created_at = f.state_settles_at = ctx.now_seconds();
  fleets.insert_fleet(f);
  if (has(input, "Tags"))
    tags::Tags(ctx, tx, kService).add(f.arn, tags::from_map(input["Tags"]), kTagQuota);
  return {{"Fleet", fleet_json(ctx, fleets, f)}};
}

json describe_fleets(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::FleetRepository fleets(tx, ctx.account, ctx.region);
  json paging = json::object();
  if (has(input, "NextToken")) paging["NextToken"] = input["NextToken"];
  Page page = page_from(paging, "NextToken", "MaxResults", kFleetPageSize);

  if (has(input, "Names") && !input["Names"].empty())
    // The named fleets, in the order named (each once); every one must exist.
    return named_page_json("Fleets", input["Names"], page, [&](const std::string& name) {
      return fleet_json(ctx, fleets, require_fleet(fleets, name));
    });
  auto rows = fleets.fleets(page.offset, page.limit + 1);
  return page_json("Fleets", rows, page,
                   [&](const auto& row) { return fleet_json(ctx, fleets, row); });
}

json delete_fleet(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::FleetRepository fleets(tx, ctx.account, ctx.region);
  repo::Fleet f = require_fleet(fleets, str(input, "Name"));
  std::string state = fleet_state(ctx, f);
  if (state != "STOPPED")
    throw ApiError("ResourceInUseException",
                   "The fleet " + f.name + " is " + state + ": stop it before deleting it.");
  auto stacks = fleets.fleet_stacks(f.name, 0, 1);
  if (!stacks.empty())
    throw ApiError("ResourceInUseException", "The fleet " + f.name +
                                                 " is associated with the stack " + stacks[0] +
                                                 ": disassociate it before deleting it.");
  // Its sessions and application associations go with it.
  fleets.delete_fleet(f.name);
  tags::Tags(ctx, tx, kService).forget(f.arn);
  return json::object();
}

}  // namespace junction::handlers::appstream
