// License-included applications of image builders: AssociateSoftwareToImageBuilder and
// DisassociateSoftwareFromImageBuilder stage them, StartSoftwareDeploymentToImageBuilder
// installs (uninstalls) what is staged on a running builder, PENDING_INSTALLATION until
// --appstream-delay-ms later, then INSTALLED; DescribeSoftwareAssociations lists those of a
// builder or an image.
#include "handlers/appstream/image_builder.hpp"
#include "handlers/appstream/image_catalogue.hpp"

namespace junction::handlers::appstream {

namespace {

constexpr std::int64_t kDefaultPage = 50;
constexpr std::int64_t kMaxPage = 100;

// A builder whose software can be staged: not in the middle of a change.
repo::ImageBuilder settled_builder(const Context& ctx, repo::BuilderRepository& builders,
                                   const json& input) {
  repo::ImageBuilder b = require_image_builder(builders, str(input, "ImageBuilderName"));
  std::string state = builder_state(ctx, b);
  if (state != "RUNNING" && state != "STOPPED")
    throw ApiError("ConcurrentModificationException",
                   "The image builder " + b.name + " is " + state +
                       ": change its software once it is RUNNING or STOPPED.");
  return b;
}

std::string software_status(const repo::SoftwareAssociation& s, double now) {
  return Transition{s.status_pending, s.status_settled, s.status_settles_at}.at(now);
}

bool in_progress(const std::string& status) { return status.rfind("PENDING_", 0) == 0; }

repo::SoftwareAssociation staged(const Context& ctx, const std::string& arn,
                                 const std::string& name, const std::string& status,
                                 double created_at) {
  return {arn, name, status, status, ctx.now_seconds(), created_at};
}

}  // namespace

json associate_software_to_image_builder(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::BuilderRepository builders(tx, ctx.account, ctx.region);
  repo::ImageBuilder b = settled_builder(ctx, builders, input);
  if (!runs_software(b.platform))
    throw ApiError("IncompatibleImageException",
                   "License-included applications run only on Windows image builders; " + b.name +
                       " is " + b.platform.value_or("of no platform") + ".");
  double now = ctx.now_seconds();
  for (const auto& item : input["SoftwareNames"]) {
    std::string name = item.get<std::string>();
    if (!known_software(name))
      throw ApiError("InvalidParameterCombinationException",
                     "The software " + name + " is not a license-included application.");
    auto s = builders.software(b.arn, name);
    std::string status = s ? software_status(*s, now) : repo::kUninstalled;
    if (in_progress(status))
      throw ApiError("ConcurrentModificationException",
                     "The software " + name + " is " + status + " on " + b.name + ".");
    if (status == repo::kUninstalled || status == "FAILED_TO_INSTALL")
      builders.put_software(staged(ctx, b.arn, name, "STAGED_FOR_INSTALLATION", now));
    else if (status == "STAGED_FOR_UNINSTALLATION" || status == "FAILED_TO_UNINSTALL")
      builders.put_software(staged(ctx, b.arn, name, "INSTALLED", s->created_at));
    // Staged for installation or installed already: nothing changes.
  }
  return json::object();
}

json disassociate_software_from_image_builder(const Context& ctx, const json& input,
                                              storage::Tx& tx) {
  repo::BuilderRepository builders(tx, ctx.account, ctx.region);
  repo::ImageBuilder b = settled_builder(ctx, builders, input);
  double now = ctx.now_seconds();
  for (const auto& item : input["SoftwareNames"]) {
    std::string name = item.get<std::string>();
    auto s = builders.software(b.arn, name);
    std::string status = s ? software_status(*s, now) : repo::kUninstalled;
    if (status == repo::kUninstalled)
      throw ApiError(
          "ResourceNotFoundException",
          "The software " + name + " is not associated with the image builder " + b.name + ".");
    if (in_progress(status))
      throw ApiError("ConcurrentModificationException",
                     "The software " + name + " is " + status + " on " + b.name + ".");
    if (status == "STAGED_FOR_INSTALLATION" || status == "FAILED_TO_INSTALL")
      builders.delete_software(b.arn, name);
    else if (status == "INSTALLED" || status == "FAILED_TO_UNINSTALL")
      builders.put_software(staged(ctx, b.arn, name, "STAGED_FOR_UNINSTALLATION", s->created_at));
  }
  return json::object();
}

json start_software_deployment_to_image_builder(const Context& ctx, const json& input,
                                                storage::Tx& tx) {
  repo::BuilderRepository builders(tx, ctx.account, ctx.region);
  repo::ImageBuilder b = require_image_builder(builders, str(input, "ImageBuilderName"));
  std::string state = builder_state(ctx, b);
  if (state != "RUNNING")
    throw ApiError("OperationNotPermittedException",
                   "The image builder " + b.name + " is " + state +
                       ": software is deployed to a RUNNING image builder.");
  bool retry = has(input, "RetryFailedDeployments") && input["RetryFailedDeployments"].get<bool>();
  double now = ctx.now_seconds();
  auto all = builders.software_of(b.arn, now);
  for (const auto& s : all)
    if (in_progress(software_status(s, now)))
      throw ApiError("ConcurrentModificationException",
                     "A software deployment to " + b.name + " is in progress.");
  double settles_at = Transition::after(ctx, "", "", delay_ms(ctx)).settles_at;
  for (auto s : all) {
    std::string status = software_status(s, now);
    bool install = status == "STAGED_FOR_INSTALLATION" || (retry && status == "FAILED_TO_INSTALL");
    bool uninstall =
        status == "STAGED_FOR_UNINSTALLATION" || (retry && status == "FAILED_TO_UNINSTALL");
    if (!install && !uninstall) continue;
    s.status_pending = install ? "PENDING_INSTALLATION" : "PENDING_UNINSTALLATION";
    s.status_settled = install ? "INSTALLED" : repo::kUninstalled;
    s.status_settles_at = settles_at;
    builders.put_software(s);
  }
  return json::object();
}

json describe_software_associations(const Context& ctx, const json& input, storage::Tx& tx) {
  std::string arn = str(input, "AssociatedResource");
  bool builder = false, image = false;
  if (auto name = name_in_arn(ctx, arn, "image-builder"))
    builder = repo::BuilderRepository(tx, ctx.account, ctx.region).image_builder(*name).has_value();
  else
    image = find_image(ctx, tx, arn).has_value();
  if (!builder && !image)
    throw ApiError("ResourceNotFoundException", "The resource " + arn + " does not exist.");
  Page page = list_page(input, "MaxResults", "maxResults", kDefaultPage, kMaxPage);
  double now = ctx.now_seconds();
  std::vector<json> all;
  for (const auto& s : repo::BuilderRepository(tx, ctx.account, ctx.region).software_of(arn, now))
    all.push_back({{"SoftwareName", s.software_name}, {"Status", software_status(s, now)}});
  json out = {{"AssociatedResource", arn}, {"SoftwareAssociations", slice(all, page)}};
  set_next_token(out, "NextToken", page, all);
  return out;
}

}  // namespace junction::handlers::appstream
