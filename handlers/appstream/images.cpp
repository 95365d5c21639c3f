// DescribeImages: the account's private images, then AWS's public base images, filtered by Type,
// Names or Arns, in pages of at most 25.
#include "handlers/appstream/appstream.hpp"
#include "handlers/appstream/image_catalogue.hpp"
#include "handlers/common/transition.hpp"

namespace junction::handlers::appstream {

namespace {

constexpr std::int64_t kMaxImagePage = 25;

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
      } else {
        for (const auto& p : public_images())
          if (ref->name == p.name) all.push_back(public_image_json(ctx, p));
      }
    }
  } else {
    if (!type || *type == "PRIVATE")
      for (const auto& i : images.images(0, images.count_images()))
        all.push_back(private_image_json(ctx, i));
    if (!type || *type == "PUBLIC")
      for (const auto& p : public_images())
        if (p.available) all.push_back(public_image_json(ctx, p));
  }
  json out = {{"Images", slice(all, page)}};
  set_next_token(out, "NextToken", page, all);
  return out;
}

}  // namespace junction::handlers::appstream
