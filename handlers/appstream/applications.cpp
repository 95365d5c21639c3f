// Applications of app blocks: CreateApplication, DescribeApplications, UpdateApplication,
// DeleteApplication.
#include "handlers/appstream/appstream.hpp"

namespace junction::handlers::appstream {

namespace {

constexpr std::int64_t kDefaultPage = 50;
constexpr std::int64_t kMaxPage = 100;

// The app block an AppBlockArn names; ResourceNotFoundException when there is none.
std::string require_app_block(const Context& ctx, repo::ApplicationRepository& apps,
                              const std::string& arn) {
  auto name = name_in_arn(ctx, arn, "app-block");
  if (!name || !apps.app_block(*name))
    throw ApiError("ResourceNotFoundException", "The app block " + arn + " does not exist.");
  return *name;
}

json application_json(const Context& ctx, const repo::Application& a) {
  json icon = stored_json(a.icon_s3_location);
  json out = {{"Name", a.name},
              {"Arn", a.arn},
              {"LaunchPath", a.launch_path},
              {"Enabled", a.enabled},
              {"AppBlockArn", resource_arn(ctx, "app-block", a.app_block_name)},
              {"IconS3Location", icon},
              {"Platforms", stored_json(a.platforms)},
              {"InstanceFamilies", stored_json(a.instance_families)},
              {"CreatedTime", a.created_at}};
  // Where the icon can be fetched (AWS signs this URL for a while; Junction names the object).
  out["IconURL"] = "https://" + icon.value("S3Bucket", "") + ".s3." + ctx.region +
                   ".amazonaws.com/" + icon.value("S3Key", "");
  // The Application shape's strings are at least one character long.
  auto text = [&](const char* member, const std::optional<std::string>& v) {
    if (v && !v->empty()) out[member] = *v;
  };
  text("DisplayName", a.display_name);
  text("Description", a.description);
  text("WorkingDirectory", a.working_directory);
  text("LaunchParameters", a.launch_parameters);
  return out;
}

}  // namespace

json create_application(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::ApplicationRepository apps(tx, ctx.account, ctx.region);
  repo::Application a;
  a.name = str(input, "Name");
  a.arn = resource_arn(ctx, "application", a.name);
  a.app_block_name = require_app_block(ctx, apps, str(input, "AppBlockArn"));
  a.display_name = optional_str(input, "DisplayName");
  a.description = optional_str(input, "Description");
  a.icon_s3_location = *member_json(input, "Application", "IconS3Location");
  a.launch_path = str(input, "LaunchPath");
  a.working_directory = optional_str(input, "WorkingDirectory");
  a.launch_parameters = optional_str(input, "LaunchParameters");
  a.platforms = *member_json(input, "Application", "Platforms");
  a.instance_families = *member_json(input, "Application", "InstanceFamilies");
  a.created_at = ctx.now_seconds();
  if (!apps.insert_application(a))
    throw ApiError("ResourceAlreadyExistsException",
                   "The application " + a.name + " already exists.");
  if (has(input, "Tags"))
    tags::Tags(ctx, tx, kService).add(a.arn, tags::from_map(input["Tags"]), kTagQuota);
  return {{"Application", application_json(ctx, a)}};
}

json describe_applications(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::ApplicationRepository apps(tx, ctx.account, ctx.region);
  Page page = list_page(input, "MaxResults", "maxResults", kDefaultPage, kMaxPage);
  if (has(input, "Arns") && !input["Arns"].empty())
    // The applications named, in the order named; each must exist.
    return named_page_json("Applications", input["Arns"], page, [&](const std::string& arn) {
      auto name = name_in_arn(ctx, arn, "application");
      auto a = name ? apps.application(*name) : std::nullopt;
      if (!a)
        throw ApiError("ResourceNotFoundException", "The application " + arn + " does not exist.");
      return application_json(ctx, *a);
    });
  auto rows = apps.applications(page.offset, page.limit + 1);
  return page_json("Applications", rows, page,
                   [&](const auto& row) { return application_json(ctx, row); });
}

json update_application(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::ApplicationRepository apps(tx, ctx.account, ctx.region);
  std::string name = str(input, "Name");
  auto a = apps.application(name);
  if (!a)
    throw ApiError("ResourceNotFoundException", "The application " + name + " does not exist.");
  if (has(input, "AttributesToDelete"))
    for (const auto& item : input["AttributesToDelete"]) {
      if (item == "LAUNCH_PARAMETERS") a->launch_parameters.reset();
      if (item == "WORKING_DIRECTORY") a->working_directory.reset();
    }
  if (has(input, "DisplayName")) a->display_name = str(input, "DisplayName");
  if (has(input, "Description")) a->description = str(input, "Description");
  if (has(input, "IconS3Location"))
    a->icon_s3_location = *member_json(input, "Application", "IconS3Location");
  if (has(input, "LaunchPath")) a->launch_path = str(input, "LaunchPath");
  if (has(input, "WorkingDirectory")) a->working_directory = str(input, "WorkingDirectory");
  if (has(input, "LaunchParameters")) a->launch_parameters = str(input, "LaunchParameters");
  if (has(input, "AppBlockArn"))
    a->app_block_name = require_app_block(ctx, apps, str(input, "AppBlockArn"));
  apps.update_application(*a);
  return {{"Application", application_json(ctx, *a)}};
}

json delete_application(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::ApplicationRepository apps(tx, ctx.account, ctx.region);
  std::string name = str(input, "Name");
  auto a = apps.application(name);
  if (!a)
    throw ApiError("ResourceNotFoundException", "The application " + name + " does not exist.");
  if (apps.application_has_fleets(name))
    throw ApiError("ResourceInUseException",
                   "The application " + name +
                       " is associated with fleets: disassociate it before deleting it.");
  apps.delete_application(name);
  tags::Tags(ctx, tx, kService).forget(a->arn);
  return json::object();
}

}  // namespace junction::handlers::appstream
