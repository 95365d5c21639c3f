// Image builders: CreateImageBuilder (PENDING, then RUNNING after --appstream-delay-ms),
// DescribeImageBuilders, DeleteImageBuilder.
#include <set>

#include "handlers/appstream/fleet.hpp"
#include "handlers/appstream/image_builder.hpp"
#include "handlers/appstream/outcomes.hpp"
#include "handlers/appstream/streaming_url.hpp"

namespace junction::handlers::appstream {

namespace {

constexpr std::int64_t kPageSize = 25;

// The members of CreateImageBuilder kept in a builder's attributes (the ImageBuilder shape's).
const char* const kBuilderMembers[] = {"Description",
                                       "DisplayName",
                                       "VpcConfig",
                                       "IamRoleArn",
                                       "EnableDefaultInternetAccess",
                                       "DomainJoinInfo",
                                       "AppstreamAgentVersion",
                                       "AccessEndpoints",
                                       "RootVolumeConfig",
                                       "DisableIMDSV1"};

std::vector<std::string> names(const json& input, const char* member) {
  std::vector<std::string> out;
  if (has(input, member))
    for (const auto& n : input[member]) out.push_back(n.get<std::string>());
  return out;
}

// The builder's license-included applications at creation: the image's, less those it
// uninstalls, and those it installs; each settles when the builder is RUNNING.
void stage_software(const Context& ctx, repo::BuilderRepository& builders, const json& input,
                    const ImageRef& image, const repo::ImageBuilder& b) {
  auto install = names(input, "SoftwaresToInstall");
  auto uninstall = names(input, "SoftwaresToUninstall");
  if (install.empty() && uninstall.empty() && !image.is_private()) return;
  if (!install.empty() && !runs_software(b.platform))
    throw ApiError("IncompatibleImageException",
                   "License-included applications run only on Windows images; the image " +
                       image.name + " is " + b.platform.value_or("of no platform") + ".");
  for (const auto& n : install)
    if (!known_software(n))
      throw ApiError("InvalidParameterCombinationException",
                     "The software " + n + " is not a license-included application.");
  std::set<std::string> on_image;
  double now = ctx.now_seconds();
  for (auto s : builders.software_of(image.arn, now)) {
    on_image.insert(s.software_name);
    bool removed =
        std::find(uninstall.begin(), uninstall.end(), s.software_name) != uninstall.end();
    s.resource_arn = b.arn;
    s.status_pending = removed ? "PENDING_UNINSTALLATION" : "INSTALLED";
    s.status_settled = removed ? repo::kUninstalled : "INSTALLED";
    s.status_settles_at = b.state_settles_at;
    s.created_at = now;
    builders.put_software(s);
  }
  for (const auto& n : uninstall)
    if (!on_image.count(n))
      throw ApiError("InvalidParameterCombinationException",
                     "The image " + image.name + " does not include the software " + n + ".");
  for (const auto& n : install)
    if (!on_image.count(n))
      builders.put_software(
          {b.arn, n, "PENDING_INSTALLATION", "INSTALLED", b.state_settles_at, now});
}

}  // namespace

json create_image_builder(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::BuilderRepository builders(tx, ctx.account, ctx.region);
  repo::ImageBuilder b;
  b.name = str(input, "Name");
  b.arn = resource_arn(ctx, "image-builder", b.name);
  b.instance_type = str(input, "InstanceType");
  if (builders.image_builder(b.name))
    throw ApiError("ResourceAlreadyExistsException",
                   "The image builder " + b.name + " already exists.");
  if (has(input, "ImageName") == has(input, "ImageArn"))
    throw ApiError("InvalidParameterCombinationException",
                   "Specify either ImageName or ImageArn, not both and not neither.");

  const shapes::Shape& request = model_shape("CreateImageBuilderRequest");
  json attributes = json::object();
  for (const char* m : kBuilderMembers)
    if (has(input, m)) attributes[m] = project(*request.member(m)->shape, input[m]);
  if (attributes.value("VpcConfig", json::object()).value("SubnetIds", json::array()).size() > 1)
    throw ApiError("InvalidParameterCombinationException",
                   "Image builders use one subnet: specify only one subnet in VpcConfig.");
  check_domain_join(ctx, tx, attributes);

  ImageRef image = usable_image(
      ctx, tx, has(input, "ImageArn") ? str(input, "ImageArn") : str(input, "ImageName"),
      ImageUse::kImageBuilder);
  if (!image.image_builder_supported)
    throw ApiError("IncompatibleImageException",
                   "The image " + image.name + " does not support image builders.");
  check_image_fits(image, b.instance_type, false);
  b.image_name = image.name;
  b.image_arn = image.arn;
  b.platform = image.platform;
  if (image.is_private()) b.private_image_name = image.name;

  // What AWS fills: no default internet access, the image's agent, and the network interface of
  // a builder in a VPC.
  if (!attributes.contains("EnableDefaultInternetAccess"))
    attributes["EnableDefaultInternetAccess"] = false;
  std::string agent = attributes.value("AppstreamAgentVersion",
                                       image.agent_version.value_or(latest_agent_version()));
  if (!attributes.contains("AppstreamAgentVersion")) attributes["AppstreamAgentVersion"] = agent;
  attributes["LatestAppstreamAgentVersion"] = latest_agent_flag(agent);
  if (json eni = network_interface(attributes); !eni.is_null())
    attributes["NetworkAccessConfiguration"] = eni;
  b.attributes = attributes.dump();

  start_builder(ctx, b, "PENDING", delay_ms(ctx), "image builder", "ImageBuilderErrors");
  b.created_at = ctx.now_seconds();
  builders.insert_image_builder(b);
  stage_software(ctx, builders, input, image, b);
  if (has(input, "Tags"))
    tags::Tags(ctx, tx, kService).add(b.arn, tags::from_map(input["Tags"]), kTagQuota);
  return {{"ImageBuilder", image_builder_json(ctx, b)}};
}

json describe_image_builders(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::BuilderRepository builders(tx, ctx.account, ctx.region);
  Page page = list_page(input, "MaxResults", "maxResults", kPageSize, kPageSize);
  // The named builders, in the order named (each once); every one must exist.
  if (has(input, "Names") && !input["Names"].empty())
    return named_page_json("ImageBuilders", input["Names"], page, [&](const std::string& name) {
      return image_builder_json(ctx, require_image_builder(builders, name));
    });
  auto rows = builders.image_builders(page.offset, page.limit + 1);
  return page_json("ImageBuilders", rows, page,
                   [&](const auto& row) { return image_builder_json(ctx, row); });
}

json delete_image_builder(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::BuilderRepository builders(tx, ctx.account, ctx.region);
  repo::ImageBuilder b = require_image_builder(builders, str(input, "Name"));
  std::string state = builder_state(ctx, b);
  // A running or stopped builder can be deleted (AWS deletes a RUNNING one, as Terraform's
  // provider relies on); one in the middle of a change cannot.
  if (state != "RUNNING" && state != "STOPPED" && state != "FAILED")
    throw ApiError("ConcurrentModificationException",
                   "The image builder " + b.name + " is " + state +
                       ": delete it once it is RUNNING or STOPPED.");
  json out = image_builder_json(ctx, b);
  out["State"] = "DELETING";
  builders.delete_image_builder(b.name);
  builders.forget_software(b.arn);
  tags::Tags(ctx, tx, kService).forget(b.arn);
  return {{"ImageBuilder", out}};
}

}  // namespace junction::handlers::appstream
