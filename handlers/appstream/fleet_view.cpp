// A fleet as the API shows it: its members as given, its state as of the call, and the
// capacity status that follows the state and the fleet's sessions.
#include <algorithm>

#include "handlers/appstream/fleet.hpp"

namespace junction::handlers::appstream {

namespace {

std::int64_t int_member(const json& object, const char* member) {
  auto it = object.find(member);
  return it != object.end() && it->is_number_integer() ? it->get<std::int64_t>() : 0;
}

// ComputeCapacityStatus. Instances run only while the fleet is RUNNING; each session occupies
// an instance (single-session) or a slot of one (multi-session). An Elastic fleet has no
// instances of its own: its capacity is its MaxConcurrentSessions.
json capacity_status(const Context& ctx, repo::FleetRepository& fleets, const repo::Fleet& f,
                     const json& attributes) {
  bool running = fleet_state(ctx, f) == "RUNNING";
  auto counts = fleets.session_counts(f.name, ctx.now_seconds());
  json desired = attributes.value("ComputeCapacity", json::object());
  if (f.fleet_type == kElastic) {
    std::int64_t max = int_member(attributes, "MaxConcurrentSessions");
    return {{"Desired", max},
            {"Running", counts.sessions},
            {"InUse", counts.sessions},
            {"Available", running ? std::max<std::int64_t>(max - counts.sessions, 0) : 0}};
  }
  if (!multi_session(attributes)) {
    std::int64_t want = int_member(desired, "DesiredInstances");
    std::int64_t run = running ? want : 0;
    return {{"Desired", want},
            {"Running", run},
            {"InUse", counts.sessions},
            {"Available", std::max<std::int64_t>(run - counts.sessions, 0)}};
  }
  std::int64_t per = std::max<std::int64_t>(int_member(attributes, "MaxSessionsPerInstance"), 1);
  std::int64_t want_sessions = int_member(desired, "DesiredSessions");
  std::int64_t want = (want_sessions + per - 1) / per;
  std::int64_t run = running ? want : 0;
  std::int64_t actual = running ? want_sessions : 0;
  return {{"Desired", want},
          {"Running", run},
          {"InUse", counts.instances},
          {"Available", std::max<std::int64_t>(run - counts.instances, 0)},
          {"DesiredUserSessions", want_sessions},
          {"AvailableUserSessions", std::max<std::int64_t>(actual - counts.sessions, 0)},
          {"ActiveUserSessions", counts.sessions},
          {"ActualUserSessions", actual},
          {"Draining", counts.draining_instances},
          {"DrainModeActiveUserSessions", counts.draining_sessions},
          {"DrainModeUnusedUserSessions",
           std::max<std::int64_t>(counts.draining_instances * per - counts.draining_sessions, 0)}};
}

}  // namespace

repo::Fleet require_fleet(repo::FleetRepository& fleets, const std::string& name) {
  auto f = fleets.fleet(name);
  if (!f) throw ApiError("ResourceNotFoundException", "The fleet " + name + " does not exist.");
  return *f;
}

json fleet_attributes(const repo::Fleet& f) {
  json attributes = json::parse(f.attributes, nullptr, false);
  return attributes.is_object() ? attributes : json::object();
}

json fleet_json(const Context& ctx, repo::FleetRepository& fleets, const repo::Fleet& f) {
  json attributes = fleet_attributes(f);
  json out = project(model_shape("Fleet"), attributes);
  // The Fleet shape's DisplayName and Description are at least one character long.
  for (const char* m : {"DisplayName", "Description"})
    if (out.contains(m) && out[m].get<std::string>().empty()) out.erase(m);
  out["Arn"] = f.arn;
  out["Name"] = f.name;
  out["InstanceType"] = f.instance_type;
  out["FleetType"] = f.fleet_type;
  out["State"] = fleet_state(ctx, f);
  out["CreatedTime"] = f.created_at;
  if (f.image_name) out["ImageName"] = *f.image_name;
  if (f.image_arn) out["ImageArn"] = *f.image_arn;
  if (f.platform) out["Platform"] = *f.platform;
  out["ComputeCapacityStatus"] = capacity_status(ctx, fleets, f, attributes);
  // The errors of a start that failed, once its outcome shows.
  if (f.state_errors && fleet_transition(f).settled_by(ctx.now_seconds())) {
    json errors = stored_json(f.state_errors);
    if (errors.is_array() && !errors.empty()) out["FleetErrors"] = std::move(errors);
  }
  return out;
}

void check_image_fits(const ImageRef& image, const std::string& instance_type, bool multi_session) {
  std::string family = instance_family(instance_type);
  if (!family.empty() && !image.instance_families.empty() &&
      std::find(image.instance_families.begin(), image.instance_families.end(), family) ==
          image.instance_families.end())
    throw ApiError(
        "IncompatibleImageException",
        "The image " + image.name + " does not support the instance type " + instance_type + ".");
  if (multi_session && image.platform && *image.platform != "WINDOWS_SERVER_2019" &&
      *image.platform != "WINDOWS_SERVER_2022" && *image.platform != "WINDOWS_SERVER_2025")
    throw ApiError("IncompatibleImageException",
                   "Multi-session fleets need a Windows Server 2019, 2022 or 2025 image; the "
                   "image " +
                       image.name + " is " + *image.platform + ".");
}

}  // namespace junction::handlers::appstream
