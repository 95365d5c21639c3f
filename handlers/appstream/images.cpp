// DescribeImages: the account's private images, the images other accounts share with it, then
// AWS's public base images, filtered by Type, Names or Arns, in pages of at most 25. DeleteImage,
// and what making an image needs.
#include "handlers/appstream/appstream.hpp"
#include "handlers/appstream/image_catalogue.hpp"
#include "handlers/common/transition.hpp"

namespace junction::handlers::appstream {

namespace {

constexpr std::int64_t kMaxImagePage = 25;

// The account in an ARN (its fifth field).
std::string arn_account(const std::string& arn) {
  std::size_t start = 0;
  for (int i = 0; i < 4; ++i) {
    start = arn.find(':', start);
    if (start == std::string::npos) return {};
    ++start;
  }
  return arn.substr(start, arn.find(':', start) - start);
}

}  // namespace

json private_image_json(const Context& ctx, const repo::Image& i) {
  json out = {{"Name", i.name},
              {"Arn", i.arn},
              {"State", Transition{i.state_pending, i.state_settled, i.state_settles_at}.at(
                            ctx.now_seconds())},
              {"Visibility", i.visibility},
              {"CreatedTime", i.created_at}};
  auto text = [&](const char* member, const std::optional<std::string>& v) {
    if (v && !v->empty()) out[member] = *v;
  };
  auto flag = [&](const char* member, const std::optional<bool>& v) {
    if (v) out[member] = *v;
  };
  auto structured = [&](const char* member, const std::optional<std::string>& v) {
    json value = stored_json(v);
    if (!value.is_null()) out[member] = std::move(value);
  };
  text("BaseImageArn", i.base_image_arn);
  text("DisplayName", i.display_name);
  text("Description", i.description);
  text("Platform", i.platform);
  text("ImageBuilderName", i.image_builder_name);
  flag("ImageBuilderSupported", i.image_builder_supported);
  structured("Applications", i.applications);
  structured("SupportedInstanceFamilies", i.supported_instance_families);
  text("AppstreamAgentVersion", i.appstream_agent_version);
  text("LatestAppstreamAgentVersion", i.latest_appstream_agent_version);
  text("DynamicAppProvidersEnabled", i.dynamic_app_providers_enabled);
  text("ImageSharedWithOthers", i.image_shared_with_others);
  flag("ManagedSoftwareIncluded", i.managed_software_included);
  text("ImageType", i.image_type);
  structured("ImagePermissions", i.image_permissions);
  structured("StateChangeReason", i.state_change_reason);
  structured("ImageErrors", i.image_errors);
  if (i.public_base_image_released_at)
    out["PublicBaseImageReleasedDate"] = *i.public_base_image_released_at;
  return project(model_shape("Image"), out);
}

json shared_image_json(const Context& ctx, const repo::SharedImage& shared) {
  json out = private_image_json(ctx, shared.image);
  out["Visibility"] = "SHARED";
  out.erase("ImageSharedWithOthers");  // the owner's business
  json permissions = json::parse(shared.image_permissions, nullptr, false);
  if (permissions.is_object()) out["ImagePermissions"] = permissions;
  return out;
}

json describe_images(const Context& ctx, const json& input, storage::Tx& tx) {
  bool by_name = has(input, "Names") && !input["Names"].empty();
  bool by_arn = has(input, "Arns") && !input["Arns"].empty();
  if (by_name && by_arn)
    throw ApiError("InvalidParameterCombinationException",
                   "Specify either image names or image ARNs, not both.");
  auto type = optional_str(input, "Type");
  Page page = page_from(input, "NextToken", "MaxResults", kMaxImagePage);
  // MaxResults may be 0 to 25; 0 asks for the default page.
  if (page.limit <= 0 || page.limit > kMaxImagePage) page.limit = kMaxImagePage;

  repo::ImageRepository images(tx, ctx.account, ctx.region);
  std::vector<json> all;
  if (by_name || by_arn) {
    // The images named, in the order named; each must exist (and be of Type, when given).
    for (const auto& item : input[by_name ? "Names" : "Arns"]) {
      std::string key = item.get<std::string>();
      auto ref = find_image(ctx, tx, key);
      if (!ref || ref->state == "DEPRECATED" || (type && ref->visibility != *type))
        throw ApiError("ResourceNotFoundException", "The image " + key + " does not exist.");
      if (ref->is_private()) {
        all.push_back(private_image_json(ctx, *images.image(ref->name)));
      } else if (ref->visibility == "SHARED") {
        all.push_back(
            shared_image_json(ctx, *images.shared_image(arn_account(ref->arn), ref->name)));
      } else {
        for (const auto& p : public_images())
          if (ref->name == p.name) all.push_back(public_image_json(ctx, p));
      }
    }
  } else {
    if (!type || *type == "PRIVATE")
      for (const auto& i : images.images(0, images.count_images()))
        all.push_back(private_image_json(ctx, i));
    if (!type || *type == "SHARED")
      for (const auto& shared : images.shared_images())
        all.push_back(shared_image_json(ctx, shared));
    if (!type || *type == "PUBLIC")
      for (const auto& p : public_images())
        if (p.available) all.push_back(public_image_json(ctx, p));
  }
  json out = {{"Images", slice(all, page)}};
  set_next_token(out, "NextToken", page, all);
  return out;
}

repo::Image insert_new_image(const Context& ctx, storage::Tx& tx, repo::Image image,
                             const std::string& region, const std::string& pending) {
  image.arn = "arn:aws:appstream:" + region + ":" + ctx.account + ":image/" + image.name;
  image.visibility = "PRIVATE";
  image.image_shared_with_others = "FALSE";
  image.image_permissions.reset();
  image.state_change_reason.reset();
  image.image_errors.reset();
  Transition t = Transition::after(ctx, pending, "AVAILABLE", delay_ms(ctx));
  image.state_pending = t.pending;
  image.state_settled = t.settled;
  image.state_settles_at = t.settles_at;
  image.created_at = ctx.now_seconds();
  if (!repo::ImageRepository(tx, ctx.account, region).insert_image(image))
    throw ApiError("ResourceAlreadyExistsException",
                   "The image " + image.name + " already exists in " + region + ".");
  return image;
}

repo::Image require_private_image(const Context& ctx, storage::Tx& tx, const std::string& name) {
  auto image = repo::ImageRepository(tx, ctx.account, ctx.region).image(name);
  if (!image)
    throw ApiError("ResourceNotFoundException",
                   "The image " + name + " for account " + ctx.account + " does not exist.");
  return *image;
}

json delete_image(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::ImageRepository images(tx, ctx.account, ctx.region);
  std::string name = str(input, "Name");
  auto image = images.image(name);
  if (!image) {
    if (find_public_image(name))
      throw ApiError(
          "OperationNotPermittedException",
          "The image " + name + " is a public image: only your own images can be deleted.");
    throw ApiError("ResourceNotFoundException",
                   "The image " + name + " for account " + ctx.account + " does not exist.");
  }
  std::string state =
      Transition{image->state_pending, image->state_settled, image->state_settles_at}.at(
          ctx.now_seconds());
  if (state != "AVAILABLE" && state != "FAILED")
    throw ApiError("ConcurrentModificationException",
                   "The image " + name + " is " + state + ": delete it once it is AVAILABLE.");
  if (auto user = images.image_user(name))
    throw ApiError("ResourceInUseException", "The image " + name + " is in use by the " +
                                                 user->first + " " + user->second + ".");
  json out = private_image_json(ctx, *image);
  out["State"] = "DELETING";
  // Its permissions go with it; so do its tags and its software.
  images.delete_image(name);
  tags::Tags(ctx, tx, kService).forget(image->arn);
  repo::BuilderRepository(tx, ctx.account, ctx.region).forget_software(image->arn);
  return {{"Image", out}};
}

}  // namespace junction::handlers::appstream
