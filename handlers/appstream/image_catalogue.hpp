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

// An image found by name or ARN, with what fleets and builders check.
struct ImageRef {
  std::string name;
  std::string arn;
  std::string visibility;  // PUBLIC or PRIVATE (SHARED once images are shared)
  std::optional<std::string> platform;
  std::string state;  // as of the call; DEPRECATED for a withdrawn public image
  // Instance families (GENERAL_PURPOSE, GRAPHICS_G4, ...); empty when unknown.
  std::vector<std::string> instance_families;
  bool is_private() const { return visibility == "PRIVATE"; }
};

// An image of the caller's region by name (the account's private image first, then a public
// one) or by ARN (arn:aws:appstream:<region>::image/<name> public, arn:...:<account>:image/<name>
// private); nullopt when there is none.
std::optional<ImageRef> find_image(const Context& ctx, storage::Tx& tx,
                                   const std::string& name_or_arn);

// find_image for a resource that will run the image: unknown → ResourceNotFoundException (AWS's
// "The image X for account N does not exist."), not AVAILABLE → ResourceNotAvailableException.
ImageRef usable_image(const Context& ctx, storage::Tx& tx, const std::string& name_or_arn);

// The instance family of an instance type (stream.standard.* → GENERAL_PURPOSE,
// stream.graphics.g4dn.* → GRAPHICS_G4, ...); empty for a type Junction does not know.
std::string instance_family(const std::string& instance_type);

}  // namespace junction::handlers::appstream
