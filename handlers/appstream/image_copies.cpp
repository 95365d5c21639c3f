// Images made from the account's images: CopyImage (to a region of the same account) and
// CreateUpdatedImage (managed image updates). The new image is PENDING, then AVAILABLE after
// --appstream-delay-ms; it keeps its source's software, not its tags or permissions.
#include "handlers/appstream/appstream.hpp"
#include "handlers/appstream/image_catalogue.hpp"
#include "handlers/common/transition.hpp"

namespace junction::handlers::appstream {

namespace {

// The source image, which must be AVAILABLE to be copied (ResourceNotAvailableException).
repo::Image available_source(const Context& ctx, storage::Tx& tx, const std::string& name,
                             const char* action) {
  repo::Image image = require_private_image(ctx, tx, name);
  std::string state =
      Transition{image.state_pending, image.state_settled, image.state_settles_at}.at(
          ctx.now_seconds());
  if (state != "AVAILABLE")
    throw ApiError("ResourceNotAvailableException",
                   "The image " + name + " is " + state +
                       ". The image must be in an AVAILABLE state to be " + action + ".");
  return image;
}

// The source's license-included software, installed on the new image (of `region`).
void copy_software(const Context& ctx, storage::Tx& tx, const repo::Image& from,
                   const repo::Image& to, const std::string& region) {
  repo::BuilderRepository source(tx, ctx.account, ctx.region);
  repo::BuilderRepository target(tx, ctx.account, region);
  for (auto s : source.software_of(from.arn, ctx.now_seconds())) {
    s.resource_arn = to.arn;
    s.status_pending = s.status_settled = "INSTALLED";
    s.status_settles_at = s.created_at = ctx.now_seconds();
    target.put_software(s);
  }
}

// The newest public base image for a private image: the newest of the same platform and type as
// its base image; none when its base is not a public image.
const PublicImage* newest_base(const repo::Image& image) {
  if (!image.base_image_arn) return nullptr;
  const std::string& arn = *image.base_image_arn;
  auto slash = arn.rfind('/');
  return slash == std::string::npos ? nullptr : newest_public_image_like(arn.substr(slash + 1));
}

// Whether managed image updates have something to bring: a newer base image, or a newer agent.
bool can_update(const repo::Image& image) {
  const PublicImage* newest = newest_base(image);
  if (newest && image.public_base_image_released_at &&
      *image.public_base_image_released_at < public_image_released_at(*newest))
    return true;
  return image.latest_appstream_agent_version.value_or("TRUE") != "TRUE" ||
         image.appstream_agent_version.value_or(latest_agent_version()) != latest_agent_version();
}

}  // namespace

json copy_image(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::Image source = available_source(ctx, tx, str(input, "SourceImageName"), "copied");
  std::string region = str(input, "DestinationRegion");
  repo::Image copy = source;
  copy.name = str(input, "DestinationImageName");
  if (auto description = optional_str(input, "DestinationImageDescription"))
    copy.description = *description;
  // A copy was not made by an image builder (the model: "If the image is shared, copied, ...
  // this value is null").
  copy.image_builder_name.reset();
  copy = insert_new_image(ctx, tx, copy, region, "PENDING");
  copy_software(ctx, tx, source, copy, region);
  return {{"DestinationImageName", copy.name}};
}

json create_updated_image(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::Image existing = available_source(ctx, tx, str(input, "existingImageName"), "updated");
  bool updatable = can_update(existing);
  std::string name = str(input, "newImageName");
  if (repo::ImageRepository(tx, ctx.account, ctx.region).image_exists(name))
    throw ApiError("ResourceAlreadyExistsException", "The image " + name + " already exists.");
  // A dry run only tells whether there are updates.
  if (has(input, "dryRun") && input["dryRun"].get<bool>())
    return {{"image", private_image_json(ctx, existing)}, {"canUpdateImage", updatable}};

  repo::Image updated = existing;
  updated.name = name;
  if (auto v = optional_str(input, "newImageDescription")) updated.description = *v;
  if (auto v = optional_str(input, "newImageDisplayName")) updated.display_name = *v;
  updated.image_builder_name.reset();
  if (const PublicImage* newest = newest_base(existing)) {
    updated.base_image_arn = public_image_arn(ctx, newest->name);
    updated.public_base_image_released_at = public_image_released_at(*newest);
  }
  updated.appstream_agent_version = latest_agent_version();
  updated.latest_appstream_agent_version = "TRUE";
  updated = insert_new_image(ctx, tx, updated, ctx.region, "PENDING");
  copy_software(ctx, tx, existing, updated, ctx.region);
  if (has(input, "newImageTags"))
    tags::Tags(ctx, tx, kService)
        .add(updated.arn, tags::from_map(input["newImageTags"]), kTagQuota);
  return {{"image", private_image_json(ctx, updated)}, {"canUpdateImage", updatable}};
}

}  // namespace junction::handlers::appstream
