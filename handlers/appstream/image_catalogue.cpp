// AWS's public base images (from "WorkSpaces Applications Base Image and Managed Image Update
// Release Notes": the latest images of each type, the Windows images of 05-30-2025 that are still
// offered, and the sample-apps image), and a few images AWS has withdrawn that code still names.
#include "handlers/appstream/image_catalogue.hpp"

#include "handlers/appstream/appstream.hpp"
#include "handlers/common/transition.hpp"
#include "storage/appstream_images_repository.hpp"

namespace junction::handlers::appstream {

namespace {

constexpr const char* kWin2016 = "WINDOWS_SERVER_2016";
constexpr const char* kWin2019 = "WINDOWS_SERVER_2019";
constexpr const char* kWin2022 = "WINDOWS_SERVER_2022";
constexpr const char* kWin2025 = "WINDOWS_SERVER_2025";
constexpr const char* kRhel8 = "RHEL8";
constexpr const char* kRocky8 = "ROCKY_LINUX8";
constexpr const char* kAl2 = "AMAZON_LINUX2";
constexpr const char* kWindows = "WINDOWS";

constexpr const char* kBase = "Base";
constexpr const char* kG4dn = "Graphics G4dn";
constexpr const char* kG5 = "Graphics G5";
constexpr const char* kG6 = "Graphics G6";
constexpr const char* kG7 = "Graphics G7";
constexpr const char* kDesign = "Graphics Design";
constexpr const char* kSample = "Sample apps";

// clang-format off
const std::vector<PublicImage> kImages = {
    // Base
    {"AppStream-WinServer2025-12-18-2025", kWin2025, "Windows Server 2025", kBase, "12-18-2025", true},
    {"AppStream-WinServer2022-11-10-2025", kWin2022, "Windows Server 2022", kBase, "11-10-2025", true},
    {"AppStream-WinServer2022-05-30-2025", kWin2022, "Windows Server 2022", kBase, "05-30-2025", true},
    {"AppStream-WinServer2019-11-10-2025", kWin2019, "Windows Server 2019", kBase, "11-10-2025", true},
    {"AppStream-WinServer2019-05-30-2025", kWin2019, "Windows Server 2019", kBase, "05-30-2025", true},
    {"AppStream-WinServer2016-11-10-2025", kWin2016, "Windows Server 2016", kBase, "11-10-2025", true},
    {"AppStream-WinServer2016-05-30-2025", kWin2016, "Windows Server 2016", kBase, "05-30-2025", true},
    {"AppStream-RHEL8-08-31-2026", kRhel8, "Red Hat Enterprise Linux 8", kBase, "08-31-2026", true},
    {"AppStream-RHEL8-11-10-2025", kRhel8, "Red Hat Enterprise Linux 8", kBase, "11-10-2025", true},
    {"AppStream-RockyLinux8-08-31-2026", kRocky8, "Rocky Linux 8", kBase, "08-31-2026", true},
    {"AppStream-RockyLinux8-11-10-2025", kRocky8, "Rocky Linux 8", kBase, "11-10-2025", true},
    // Graphics G4dn
    {"AppStream-Graphics-G4dn-WinServer2025-12-18-2025", kWin2025, "Windows Server 2025", kG4dn, "12-18-2025", true},
    {"AppStream-Graphics-G4dn-WinServer2022-11-10-2025", kWin2022, "Windows Server 2022", kG4dn, "11-10-2025", true},
    {"AppStream-Graphics-G4dn-WinServer2019-11-10-2025", kWin2019, "Windows Server 2019", kG4dn, "11-10-2025", true},
    {"AppStream-Graphics-G4dn-WinServer2016-11-10-2025", kWin2016, "Windows Server 2016", kG4dn, "11-10-2025", true},
    {"AppStream-Graphics-G4dn-RHEL8-08-31-2026", kRhel8, "Red Hat Enterprise Linux 8", kG4dn, "08-31-2026", true},
    {"AppStream-Graphics-G4dn-RockyLinux8-08-31-2026", kRocky8, "Rocky Linux 8", kG4dn, "08-31-2026", true},
    // Graphics G5
    {"AppStream-Graphics-G5-WinServer2025-12-18-2025", kWin2025, "Windows Server 2025", kG5, "12-18-2025", true},
    {"AppStream-Graphics-G5-WinServer2022-11-10-2025", kWin2022, "Windows Server 2022", kG5, "11-10-2025", true},
    {"AppStream-Graphics-G5-WinServer2019-11-10-2025", kWin2019, "Windows Server 2019", kG5, "11-10-2025", true},
    {"AppStream-Graphics-G5-WinServer2016-11-10-2025", kWin2016, "Windows Server 2016", kG5, "11-10-2025", true},
    {"AppStream-Graphics-G5-RHEL8-08-31-2026", kRhel8, "Red Hat Enterprise Linux 8", kG5, "08-31-2026", true},
    {"AppStream-Graphics-G5-RockyLinux8-08-31-2026", kRocky8, "Rocky Linux 8", kG5, "08-31-2026", true},
    // Graphics G6
    {"AppStream-Graphics-G6-WinServer2025-12-18-2025", kWin2025, "Windows Server 2025", kG6, "12-18-2025", true},
    {"AppStream-Graphics-G6-WinServer2022-11-10-2025", kWin2022, "Windows Server 2022", kG6, "11-10-2025", true},
    {"AppStream-Graphics-G6-RHEL8-08-31-2026", kRhel8, "Red Hat Enterprise Linux 8", kG6, "08-31-2026", true},
    {"AppStream-Graphics-G6-RockyLinux8-08-31-2026", kRocky8, "Rocky Linux 8", kG6, "08-31-2026", true},
    // Graphics G7
    {"AppStream-Graphics-G7-WinServer2025-08-31-2026", kWin2025, "Windows Server 2025", kG7, "08-31-2026", true},
    {"AppStream-Graphics-G7-WinServer2022-08-31-2026", kWin2022, "Windows Server 2022", kG7, "08-31-2026", true},
    {"AppStream-Graphics-G7-RHEL8-08-31-2026", kRhel8, "Red Hat Enterprise Linux 8", kG7, "08-31-2026", true},
    {"AppStream-Graphics-G7-RockyLinux8-08-31-2026", kRocky8, "Rocky Linux 8", kG7, "08-31-2026", true},
    // Sample applications
    {"Amazon-AppStream2-Sample-Image-06-17-2024", kWin2019, "Windows Server 2019", kSample, "06-17-2024", true},
    // Withdrawn: Windows images released before 05-30-2025, Amazon Linux 2 (since 04-15-2026),
    // Graphics Design, and older sample-apps images.
    {"AppStream-WinServer2022-02-11-2025", kWin2022, "Windows Server 2022", kBase, "02-11-2025", false},
    {"AppStream-WinServer2019-02-11-2025", kWin2019, "Windows Server 2019", kBase, "02-11-2025", false},
    {"AppStream-WinServer2022-10-22-2024", kWin2022, "Windows Server 2022", kBase, "10-22-2024", false},
    {"AppStream-WinServer2019-10-22-2024", kWin2019, "Windows Server 2019", kBase, "10-22-2024", false},
    {"AppStream-WinServer2022-06-17-2024", kWin2022, "Windows Server 2022", kBase, "06-17-2024", false},
    {"AppStream-WinServer2019-06-17-2024", kWin2019, "Windows Server 2019", kBase, "06-17-2024", false},
    {"AppStream-WinServer2022-03-24-2024", kWin2022, "Windows Server 2022", kBase, "03-24-2024", false},
    {"AppStream-WinServer2019-10-05-2022", kWin2019, "Windows Server 2019", kBase, "10-05-2022", false},
    {"AppStream-WinServer2019-03-03-2022", kWin2019, "Windows Server 2019", kBase, "03-03-2022", false},
    {"AppStream-WinServer2019-10-08-2021", kWin2019, "Windows Server 2019", kBase, "10-08-2021", false},
    {"AppStream-WinServer2019-06-01-2021", kWin2019, "Windows Server 2019", kBase, "06-01-2021", false},
    {"AppStream-WinServer2016-09-18-2019", kWin2016, "Windows Server 2016", kBase, "09-18-2019", false},
    {"AppStream-AmazonLinux2-05-08-2024", kAl2, "Amazon Linux 2", kBase, "05-08-2024", false},
    {"AppStream-AmazonLinux2-11-13-2023", kAl2, "Amazon Linux 2", kBase, "11-13-2023", false},
    {"AppStream-AmazonLinux2-03-15-2023", kAl2, "Amazon Linux 2", kBase, "03-15-2023", false},
    {"AppStream-AmazonLinux2-09-21-2022", kAl2, "Amazon Linux 2", kBase, "09-21-2022", false},
    {"AppStream-Graphics-Design-WinServer2012R2-07-19-2021", kWindows, "Windows Server 2012 R2", kDesign, "07-19-2021", false},
    {"Amazon-AppStream2-Sample-Image-03-11-2023", kWin2019, "Windows Server 2019", kSample, "03-11-2023", false},
    {"Amazon-AppStream2-Sample-Image-02-04-2019", kWindows, "Windows Server 2012 R2", kSample, "02-04-2019", false},
};
// clang-format on

// The instance families an image of a type runs on.
std::vector<std::string> families_of(const std::string& image_type) {
  if (image_type == kG4dn) return {"GRAPHICS_G4"};
  if (image_type == kG5) return {"GRAPHICS_G5"};
  if (image_type == kG6) return {"GRAPHICS_G6"};
  if (image_type == kG7) return {"GRAPHICS_G7"};
  if (image_type == kDesign) return {"GRAPHICS_DESIGN"};
  return {"GENERAL_PURPOSE", "COMPUTE_OPTIMIZED", "MEMORY_OPTIMIZED"};
}

// Midnight UTC of an MM-DD-YYYY date, in epoch seconds.
double release_time(const std::string& mm_dd_yyyy) {
  int m = std::stoi(mm_dd_yyyy.substr(0, 2));
  int d = std::stoi(mm_dd_yyyy.substr(3, 2));
  int y = std::stoi(mm_dd_yyyy.substr(6, 4));
  // Days from the civil date (H. Hinnant's algorithm).
  y -= m <= 2;
  int era = (y >= 0 ? y : y - 399) / 400;
  int yoe = y - era * 400;
  int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  long long days = static_cast<long long>(era) * 146097 + doe - 719468;
  return static_cast<double>(days * 86400);
}

const PublicImage* public_image(const std::string& name) {
  for (const auto& image : kImages)
    if (name == image.name) return &image;
  return nullptr;
}

// The name in an AppStream image ARN (arn:<partition>:appstream:<region>:<account>:image/<name>),
// with its region and account; nullopt when it is not one.
struct ImageArn {
  std::string region;
  std::string account;
  std::string name;
};
std::optional<ImageArn> parse_image_arn(const std::string& arn) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (int i = 0; i < 5; ++i) {
    std::size_t colon = arn.find(':', start);
    if (colon == std::string::npos) return std::nullopt;
    parts.push_back(arn.substr(start, colon - start));
    start = colon + 1;
  }
  std::string resource = arn.substr(start);
  if (parts[0] != "arn" || parts[2] != "appstream" || resource.rfind("image/", 0) != 0)
    return std::nullopt;
  return ImageArn{parts[3], parts[4], resource.substr(6)};
}

}  // namespace

const std::vector<PublicImage>& public_images() { return kImages; }

std::string public_image_arn(const Context& ctx, const std::string& name) {
  return "arn:aws:appstream:" + ctx.region + "::image/" + name;
}

json public_image_json(const Context& ctx, const PublicImage& image) {
  double released = release_time(image.released);
  std::string type = image.image_type;
  bool sample = type == kSample;
  std::string label =
      sample ? std::string("Sample applications") : std::string(image.os) + " " + type;
  return {{"Name", image.name},
          {"Arn", public_image_arn(ctx, image.name)},
          {"DisplayName", label + " - " + image.released},
          {"Description",
           sample ? "Sample applications on " + std::string(image.os) +
                        ", with the AppStream 2.0 agent, released " + image.released
                  : label + " image with the AppStream 2.0 agent, released " + image.released},
          {"State", "AVAILABLE"},
          {"Visibility", "PUBLIC"},
          {"ImageBuilderSupported", !sample},
          {"Platform", image.platform},
          {"CreatedTime", released},
          {"PublicBaseImageReleasedDate", released},
          {"AppstreamAgentVersion", image.released},
          {"LatestAppstreamAgentVersion", "TRUE"},
          {"SupportedInstanceFamilies", families_of(type)},
          {"DynamicAppProvidersEnabled", "DISABLED"},
          {"ManagedSoftwareIncluded", false},
          {"ImageType", "NATIVE"}};
}

namespace {

bool permission(const json& permissions, const char* member) {
  auto it = permissions.find(member);
  return it != permissions.end() && it->is_boolean() && it->get<bool>();
}

ImageRef private_ref(const Context& ctx, const storage::appstream::Image& row) {
  ImageRef ref{
      row.name,
      row.arn,
      row.visibility,
      row.platform,
      Transition{row.state_pending, row.state_settled, row.state_settles_at}.at(ctx.now_seconds()),
      {}};
  if (row.supported_instance_families) {
    json families = json::parse(*row.supported_instance_families, nullptr, false);
    if (families.is_array())
      for (const auto& f : families)
        if (f.is_string()) ref.instance_families.push_back(f.get<std::string>());
  }
  ref.image_builder_supported = row.image_builder_supported.value_or(true);
  ref.agent_version = row.appstream_agent_version;
  return ref;
}

}  // namespace

std::optional<ImageRef> find_image(const Context& ctx, storage::Tx& tx,
                                   const std::string& name_or_arn) {
  std::string name = name_or_arn;
  bool private_only = false, public_only = false;
  storage::appstream::ImageRepository images(tx, ctx.account, ctx.region);
  if (name_or_arn.rfind("arn:", 0) == 0) {
    auto arn = parse_image_arn(name_or_arn);
    if (!arn || arn->region != ctx.region) return std::nullopt;
    // Another account's image is found only through a share.
    if (!arn->account.empty() && arn->account != ctx.account) {
      auto shared = images.shared_image(arn->account, arn->name);
      if (!shared) return std::nullopt;
      ImageRef ref = private_ref(ctx, shared->image);
      ref.visibility = "SHARED";
      json permissions = json::parse(shared->image_permissions, nullptr, false);
      ref.allow_fleet = permission(permissions, "allowFleet");
      ref.allow_image_builder = permission(permissions, "allowImageBuilder");
      return ref;
    }
    name = arn->name;
    private_only = !arn->account.empty();
    public_only = arn->account.empty();
  }
  if (!public_only)
    if (auto row = images.image(name)) return private_ref(ctx, *row);
  if (private_only) return std::nullopt;
  const PublicImage* image = public_image(name);
  if (!image) return std::nullopt;
  ImageRef ref{image->name,
               public_image_arn(ctx, image->name),
               "PUBLIC",
               std::string(image->platform),
               image->available ? "AVAILABLE" : "DEPRECATED",
               families_of(image->image_type)};
  ref.image_builder_supported = std::string(image->image_type) != kSample;
  ref.agent_version = std::string(image->released);
  return ref;
}

ImageRef usable_image(const Context& ctx, storage::Tx& tx, const std::string& name_or_arn,
                      ImageUse use) {
  auto image = find_image(ctx, tx, name_or_arn);
  if (!image)
    throw ApiError("ResourceNotFoundException",
                   "The image " + name_or_arn + " for account " + ctx.account + " does not exist.");
  if (image->state != "AVAILABLE")
    throw ApiError("ResourceNotAvailableException",
                   "The image " + image->name + " is " + image->state +
                       ". The image must be in an AVAILABLE state for this action to succeed.");
  bool allowed = use == ImageUse::kFleet ? image->allow_fleet : image->allow_image_builder;
  if (!allowed)
    throw ApiError("OperationNotPermittedException",
                   "The image " + image->arn + " is not shared with account " + ctx.account +
                       " for use by " + (use == ImageUse::kFleet ? "fleets." : "image builders."));
  return *image;
}

std::string latest_agent_version() {
  const PublicImage* newest = nullptr;
  for (const auto& image : kImages)
    if (image.available &&
        (!newest || release_time(image.released) > release_time(newest->released)))
      newest = &image;
  return newest->released;
}

const PublicImage* newest_public_image_like(const std::string& name) {
  const PublicImage* like = public_image(name);
  if (!like) return nullptr;
  const PublicImage* newest = like->available ? like : nullptr;
  for (const auto& image : kImages)
    if (image.available && std::string(image.platform) == like->platform &&
        std::string(image.image_type) == like->image_type &&
        (!newest || release_time(image.released) > release_time(newest->released)))
      newest = &image;
  return newest;
}

const PublicImage* find_public_image(const std::string& name) { return public_image(name); }

double public_image_released_at(const PublicImage& image) { return release_time(image.released); }

std::vector<std::string> public_image_families(const PublicImage& image) {
  return families_of(image.image_type);
}

std::string instance_family(const std::string& instance_type) {
  auto starts = [&](const char* prefix) { return instance_type.rfind(prefix, 0) == 0; };
  if (starts("stream.standard.")) return "GENERAL_PURPOSE";
  if (starts("stream.compute.")) return "COMPUTE_OPTIMIZED";
  if (starts("stream.memory.")) return "MEMORY_OPTIMIZED";
  if (starts("stream.graphics.g4dn.")) return "GRAPHICS_G4";
  if (starts("stream.graphics.g5.")) return "GRAPHICS_G5";
  if (starts("stream.graphics.g6.") || starts("stream.graphics.gr6.") ||
      starts("stream.graphics.g6f.") || starts("stream.graphics.gr6f."))
    return "GRAPHICS_G6";
  if (starts("stream.graphics.g7")) return "GRAPHICS_G7";
  if (starts("stream.graphics-design.")) return "GRAPHICS_DESIGN";
  return {};
}

}  // namespace junction::handlers::appstream
