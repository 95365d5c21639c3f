// An image builder as the API shows it, its state changes, and what software it runs.
#include <algorithm>

#include "handlers/appstream/image_builder.hpp"
#include "handlers/appstream/image_catalogue.hpp"
#include "handlers/appstream/outcomes.hpp"

namespace junction::handlers::appstream {

namespace {

// The license-included applications the model documents (SoftwaresToInstall).
const char* const kSoftware[] = {
    "Microsoft_Office_2021_LTSC_Professional_Plus_32Bit",
    "Microsoft_Office_2021_LTSC_Professional_Plus_64Bit",
    "Microsoft_Office_2024_LTSC_Professional_Plus_32Bit",
    "Microsoft_Office_2024_LTSC_Professional_Plus_64Bit",
    "Microsoft_Visio_2021_LTSC_Professional_32Bit",
    "Microsoft_Visio_2021_LTSC_Professional_64Bit",
    "Microsoft_Visio_2024_LTSC_Professional_32Bit",
    "Microsoft_Visio_2024_LTSC_Professional_64Bit",
    "Microsoft_Project_2021_Professional_32Bit",
    "Microsoft_Project_2021_Professional_64Bit",
    "Microsoft_Project_2024_Professional_32Bit",
    "Microsoft_Project_2024_Professional_64Bit",
    "Microsoft_Office_2021_LTSC_Standard_32Bit",
    "Microsoft_Office_2021_LTSC_Standard_64Bit",
    "Microsoft_Office_2024_LTSC_Standard_32Bit",
    "Microsoft_Office_2024_LTSC_Standard_64Bit",
    "Microsoft_Visio_2021_LTSC_Standard_32Bit",
    "Microsoft_Visio_2021_LTSC_Standard_64Bit",
    "Microsoft_Visio_2024_LTSC_Standard_32Bit",
    "Microsoft_Visio_2024_LTSC_Standard_64Bit",
    "Microsoft_Project_2021_Standard_32Bit",
    "Microsoft_Project_2021_Standard_64Bit",
    "Microsoft_Project_2024_Standard_32Bit",
    "Microsoft_Project_2024_Standard_64Bit",
};

}  // namespace

repo::ImageBuilder require_image_builder(repo::BuilderRepository& builders,
                                         const std::string& name) {
  auto b = builders.image_builder(name);
  if (!b)
    throw ApiError("ResourceNotFoundException", "The image builder " + name + " does not exist.");
  return *b;
}

json image_builder_json(const Context& ctx, const repo::ImageBuilder& b) {
  json out = stored_json(b.attributes);
  if (!out.is_object()) out = json::object();
  out["Name"] = b.name;
  out["Arn"] = b.arn;
  out["ImageArn"] = b.image_arn;
  out["InstanceType"] = b.instance_type;
  if (b.platform) out["Platform"] = *b.platform;
  out["State"] = builder_state(ctx, b);
  out["CreatedTime"] = b.created_at;
  hide_unsettled_errors(ctx, b.state_settles_at, "ImageBuilderErrors", out);
  // The shape's strings are at least one character long.
  for (const char* member : {"Description", "DisplayName"})
    if (out.contains(member) && out[member].get<std::string>().empty()) out.erase(member);
  return project(model_shape("ImageBuilder"), out);
}

void set_builder_transition(const Context& ctx, repo::BuilderRepository& builders,
                            repo::ImageBuilder& b, const std::string& pending,
                            const std::string& settled) {
  Transition t = Transition::after(ctx, pending, settled, delay_ms(ctx));
  b.state_pending = t.pending;
  b.state_settled = t.settled;
  b.state_settles_at = t.settles_at;
  builders.update_image_builder(b);
}

const char* latest_agent_flag(const std::string& agent) {
  return agent == "[LATEST]" || agent == latest_agent_version() ? "TRUE" : "FALSE";
}

bool known_software(const std::string& name) {
  return std::any_of(std::begin(kSoftware), std::end(kSoftware),
                     [&](const char* s) { return name == s; });
}

bool runs_software(const std::optional<std::string>& platform) {
  return platform && platform->rfind("WINDOWS", 0) == 0;
}

}  // namespace junction::handlers::appstream
