// The images a fleet or an image builder can run: AWS's public base images (constant data, the
// same in every region) and the account's private images (appstream_images). find_image is the
// one way to look an image up by name or ARN.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "handlers/api.hpp"
#include "storage/appstream_images_repository.hpp"

namespace junction::handlers::appstream {

// A public base image as AWS publishes it.
struct PublicImage {
  const char* name;
  const char* platform;    // PlatformType
  const char* os;          // the operating system, as the image's display name says it
  const char* image_type;  // Base, Graphics G4dn, ..., Sample apps
  const char* released;    // MM-DD-YYYY, as in the name
  // False for images AWS has withdrawn (deprecated): not listed, not usable, still known.
  bool available;
};

// Every public image Junction knows, listed ones first, each group by name.
const std::vector<PublicImage>& public_images();
// arn:aws:appstream:<region>::image/<name>
std::string public_image_arn(const Context& ctx, const std::string& name);
// The Image shape of a public image, as DescribeImages returns it.
json public_image_json(const Context& ctx, const PublicImage& image);

// The Image shape of one of the account's images, as of the call.
json private_image_json(const Context& ctx, const storage::appstream::Image& image);
// The Image shape of an image another account shares with the caller: Visibility SHARED, with
// the permissions it was given.
json shared_image_json(const Context& ctx, const storage::appstream::SharedImage& shared);

// The newest AppStream agent version Junction knows (the release date of the newest public
// image, MM-DD-YYYY).
std::string latest_agent_version();
// The newest available public image of the same platform and image type as the public image
// `name`, or nullptr when `name` is not a public image.
const PublicImage* newest_public_image_like(const std::string& name);
const PublicImage* find_public_image(const std::string& name);
// Midnight UTC of the release date of a public image, in epoch seconds.
double public_image_released_at(const PublicImage& image);
// The instance families a public image runs on.
std::vector<std::string> public_image_families(const PublicImage& image);

// An image found by name or ARN, with what fleets and builders check.
struct ImageRef {
  std::string name;
  std::string arn;
  std::string visibility;  // PUBLIC, PRIVATE or SHARED
  std::optional<std::string> platform;
  std::string state;  // as of the call; DEPRECATED for a withdrawn public image
  // Instance families (GENERAL_PURPOSE, GRAPHICS_G4, ...); empty when unknown.
  std::vector<std::string> instance_families;
  bool image_builder_supported = true;
  std::optional<std::string> agent_version = std::nullopt;  // AppstreamAgentVersion
  // A shared image: whether its owner lets the caller run fleets and image builders from it.
  bool allow_fleet = true;
  bool allow_image_builder = true;
  bool is_private() const { return visibility == "PRIVATE"; }
};

// What an image is about to run.
enum class ImageUse { kFleet, kImageBuilder };

// An image of the caller's region by name (the account's private image first, then a public
// one) or by ARN (arn:aws:appstream:<region>::image/<name> public, arn:...:<account>:image/<name>
// private, or another account's image shared with the caller); nullopt when there is none.
std::optional<ImageRef> find_image(const Context& ctx, storage::Tx& tx,
                                   const std::string& name_or_arn);

// find_image for a resource that will run the image: unknown → ResourceNotFoundException (AWS's
// "The image X for account N does not exist."), not AVAILABLE → ResourceNotAvailableException,
// a shared image its owner does not allow for that use → OperationNotPermittedException.
ImageRef usable_image(const Context& ctx, storage::Tx& tx, const std::string& name_or_arn,
                      ImageUse use = ImageUse::kFleet);

// Stores a new image of the caller's account in `region` (the caller's, or a copy's
// destination): `pending` from now until --appstream-delay-ms later, then AVAILABLE. Fills its
// ARN, creation time and state; a second image of the name there → ResourceAlreadyExistsException.
storage::appstream::Image insert_new_image(const Context& ctx, storage::Tx& tx,
                                           storage::appstream::Image image,
                                           const std::string& region, const std::string& pending);
// The account's image of that name; ResourceNotFoundException when there is none (a public
// image is not the account's).
storage::appstream::Image require_private_image(const Context& ctx, storage::Tx& tx,
                                                const std::string& name);

// The instance family of an instance type (stream.standard.* → GENERAL_PURPOSE,
// stream.graphics.g4dn.* → GRAPHICS_G4, ...); empty for a type Junction does not know.
std::string instance_family(const std::string& instance_type);

}  // namespace junction::handlers::appstream
