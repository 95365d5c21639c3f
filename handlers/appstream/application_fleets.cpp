// Applications of Elastic fleets: AssociateApplicationFleet, DisassociateApplicationFleet,
// DescribeApplicationFleetAssociations.
#include <algorithm>

#include "handlers/appstream/fleet.hpp"

namespace junction::handlers::appstream {

namespace {

// The model's ApplicationFleetAssociationList holds 1 to 25 associations.
constexpr std::int64_t kMaxAssociationPage = 25;

json association_json(const Context& ctx, const std::string& fleet, const std::string& app) {
  return {{"FleetName", fleet}, {"ApplicationArn", resource_arn(ctx, "application", app)}};
}

}  // namespace

json associate_application_fleet(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::FleetRepository fleets(tx, ctx.account, ctx.region);
  repo::ApplicationRepository apps(tx, ctx.account, ctx.region);
  repo::Fleet f = require_fleet(fleets, str(input, "FleetName"));
  std::string arn = str(input, "ApplicationArn");
  auto name = name_in_arn(ctx, arn, "application");
  auto a = name ? apps.application(*name) : std::nullopt;
  if (!a)
    throw ApiError("ResourceNotFoundException", "The application " + arn + " does not exist.");
  if (f.fleet_type != kElastic)
    throw ApiError("OperationNotPermittedException",
                   "Applications can be associated only with Elastic fleets; the fleet " + f.name +
                       " is " + f.fleet_type + ".");
  json platforms = stored_json(a->platforms);
  if (f.platform && platforms.is_array() &&
      std::find(platforms.begin(), platforms.end(), *f.platform) == platforms.end())
    throw ApiError("InvalidParameterCombinationException",
                   "The application " + a->name + " does not support the platform " + *f.platform +
                       " of the fleet " + f.name + ".");
  apps.associate_fleet(a->name, f.name, ctx.now_seconds());
  return {{"ApplicationFleetAssociation", association_json(ctx, f.name, a->name)}};
}

json disassociate_application_fleet(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::ApplicationRepository apps(tx, ctx.account, ctx.region);
  // The model declares no not-found error: a pair that is not associated is not an error.
  if (auto name = name_in_arn(ctx, str(input, "ApplicationArn"), "application"))
    apps.disassociate_fleet(*name, str(input, "FleetName"));
  return json::object();
}

json describe_application_fleet_associations(const Context& ctx, const json& input,
                                             storage::Tx& tx) {
  auto fleet = optional_str(input, "FleetName");
  auto arn = optional_str(input, "ApplicationArn");
  if (!fleet && !arn)
    throw ApiError("InvalidParameterCombinationException",
                   "You must specify a fleet name or an application ARN, or both.");
  std::optional<std::string> app;
  if (arn) {
    app = name_in_arn(ctx, *arn, "application");
    // An ARN that names no application of the caller's matches nothing.
    if (!app) app = std::string();
  }
  repo::ApplicationRepository apps(tx, ctx.account, ctx.region);
  Page page = page_from(input, "NextToken", "MaxResults", kMaxAssociationPage);
  if (page.limit <= 0 || page.limit > kMaxAssociationPage) page.limit = kMaxAssociationPage;
  auto rows = apps.fleet_associations(fleet, app, page.offset, page.limit + 1);
  // The list holds at least one association: with none, the member is left out.
  return page_json({"ApplicationFleetAssociations", "NextToken", true}, rows, page,
                   [&](const auto& row) { return association_json(ctx, row.first, row.second); });
}

}  // namespace junction::handlers::appstream
