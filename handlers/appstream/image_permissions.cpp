// Sharing the account's images with other accounts of the region: UpdateImagePermissions,
// DescribeImagePermissions, DeleteImagePermissions. A shared image is listed by the other
// account's DescribeImages as SHARED, and used by its fleets and image builders as the
// permissions allow (find_image).
#include "handlers/appstream/appstream.hpp"
#include "handlers/appstream/image_catalogue.hpp"
#include "handlers/common/transition.hpp"

namespace junction::handlers::appstream {

namespace {

// AWS's quota: an image is shared with at most 100 accounts.
constexpr std::size_t kMaxShares = 100;
constexpr std::int64_t kDefaultPage = 50;
constexpr std::int64_t kMaxPage = 500;

// The account's image of the input's Name, which must be AVAILABLE to be shared or unshared.
repo::Image shareable_image(const Context& ctx, storage::Tx& tx, const json& input) {
  repo::Image image = require_private_image(ctx, tx, str(input, "Name"));
  std::string state =
      Transition{image.state_pending, image.state_settled, image.state_settles_at}.at(
          ctx.now_seconds());
  if (state != "AVAILABLE")
    throw ApiError("ResourceNotAvailableException",
                   "The image " + image.name + " is " + state +
                       ". The image must be in an AVAILABLE state for this action to succeed.");
  return image;
}

}  // namespace

json update_image_permissions(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::Image image = shareable_image(ctx, tx, input);
  std::string account = str(input, "SharedAccountId");
  if (account == ctx.account)
    throw ApiError("InvalidParameterValueException", "The image " + image.name +
                                                         " belongs to account " + account +
                                                         ": share it with another account.");
  repo::ImageRepository images(tx, ctx.account, ctx.region);
  auto existing = images.permission(image.name, account);
  if (!existing && images.permissions(image.name).size() >= kMaxShares)
    throw ApiError("LimitExceededException", "The image " + image.name + " is shared with " +
                                                 std::to_string(kMaxShares) +
                                                 " accounts already, the most it can be.");
  // The permissions given change; the others stay as they were.
  json permissions = existing ? stored_json(existing->image_permissions) : json::object();
  if (!permissions.is_object()) permissions = json::object();
  json given = project(model_shape("ImagePermissions"), input.at("ImagePermissions"));
  for (auto it = given.begin(); it != given.end(); ++it) permissions[it.key()] = it.value();
  images.put_permission(image.name, {account, permissions.dump(), ctx.now_seconds()});
  images.set_shared_with_others(image.name, "TRUE");
  return json::object();
}

json describe_image_permissions(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::Image image = require_private_image(ctx, tx, str(input, "Name"));
  Page page = page_from(input, "NextToken", "MaxResults", kDefaultPage);
  // MaxResults may be 0 to 500; 0 asks for the default page.
  if (page.limit <= 0) page.limit = kDefaultPage;
  page.limit = std::min(page.limit, kMaxPage);
  std::vector<std::string> wanted;
  if (has(input, "SharedAwsAccountIds"))
    for (const auto& id : input["SharedAwsAccountIds"]) wanted.push_back(id.get<std::string>());

  std::vector<json> all;
  for (const auto& p : repo::ImageRepository(tx, ctx.account, ctx.region).permissions(image.name)) {
    if (!wanted.empty() &&
        std::find(wanted.begin(), wanted.end(), p.shared_account_id) == wanted.end())
      continue;
    all.push_back({{"sharedAccountId", p.shared_account_id},
                   {"imagePermissions", stored_json(p.image_permissions)}});
  }
  json out = {{"Name", image.name}, {"SharedImagePermissionsList", slice(all, page)}};
  set_next_token(out, "NextToken", page, all);
  return out;
}

json delete_image_permissions(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::Image image = shareable_image(ctx, tx, input);
  std::string account = str(input, "SharedAccountId");
  repo::ImageRepository images(tx, ctx.account, ctx.region);
  if (!images.delete_permission(image.name, account))
    throw ApiError("ResourceNotFoundException",
                   "The image " + image.name + " is not shared with account " + account + ".");
  if (!images.shared_with_others(image.name)) images.set_shared_with_others(image.name, "FALSE");
  return json::object();
}

}  // namespace junction::handlers::appstream
