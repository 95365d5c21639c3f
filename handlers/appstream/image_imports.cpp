// CreateImportedImage: a CUSTOM image of the account made from an EC2 AMI (AWS requires a
// Windows Server 2022 AMI), IMPORTING until --appstream-delay-ms later, then AVAILABLE. Its
// application catalog becomes the image's applications. A dry run checks and makes nothing.
#include "handlers/appstream/appstream.hpp"
#include "handlers/appstream/image_catalogue.hpp"

namespace junction::handlers::appstream {

namespace {

// The image's applications, from the AppCatalogConfig given.
json catalog_applications(const json& catalog, double now) {
  json out = json::array();
  for (const auto& app : catalog) {
    json a = {{"Name", app["Name"]},
              {"LaunchPath", app["AbsoluteAppPath"]},
              {"Enabled", true},
              {"Platforms", json::array({"WINDOWS_SERVER_2022"})},
              {"CreatedTime", now}};
    auto text = [&](const char* from, const char* to) {
      if (app.contains(from) && app[from].is_string() && !app[from].get<std::string>().empty())
        a[to] = app[from];
    };
    text("DisplayName", "DisplayName");
    text("LaunchParameters", "LaunchParameters");
    text("WorkingDirectory", "WorkingDirectory");
    out.push_back(std::move(a));
  }
  return out;
}

}  // namespace

json create_imported_image(const Context& ctx, const json& input, storage::Tx& tx) {
  std::string name = str(input, "Name");
  if (repo::ImageRepository(tx, ctx.account, ctx.region).image_exists(name))
    throw ApiError("ResourceAlreadyExistsException", "The image " + name + " already exists.");
  if (has(input, "DryRun") && input["DryRun"].get<bool>())
    throw ApiError("DryRunOperationException",
                   "The request would have succeeded, but the DryRun parameter was set: the "
                   "image " +
                       name + " was not imported.");

  repo::Image image;
  image.name = name;
  image.display_name = optional_str(input, "DisplayName");
  image.description = optional_str(input, "Description");
  image.platform = "WINDOWS_SERVER_2022";
  image.image_builder_supported = true;
  image.image_type = "CUSTOM";
  // AWS: custom images run general purpose, compute and memory optimized, and accelerated
  // instances.
  image.supported_instance_families =
      json::array({"GENERAL_PURPOSE", "COMPUTE_OPTIMIZED", "MEMORY_OPTIMIZED", "ACCELERATED"})
          .dump();
  image.appstream_agent_version = latest_agent_version();
  image.latest_appstream_agent_version = "TRUE";
  image.dynamic_app_providers_enabled = "DISABLED";
  image.managed_software_included = false;
  if (has(input, "AppCatalogConfig") && !input["AppCatalogConfig"].empty())
    image.applications = catalog_applications(input["AppCatalogConfig"], ctx.now_seconds()).dump();
  image = insert_new_image(ctx, tx, image, ctx.region, "IMPORTING");
  if (has(input, "Tags"))
    tags::Tags(ctx, tx, kService).add(image.arn, tags::from_map(input["Tags"]), kTagQuota);
  return {{"Image", private_image_json(ctx, image)}};
}

}  // namespace junction::handlers::appstream
