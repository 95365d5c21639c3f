// What the fleet handlers share: a fleet's state as of now, its Fleet shape (with the capacity
// status that follows the state and the sessions), and the checks on images and fleet types.
#pragma once

#include <string>

#include "handlers/appstream/appstream.hpp"
#include "handlers/appstream/image_catalogue.hpp"
#include "handlers/common/transition.hpp"

namespace junction::handlers::appstream {

inline constexpr const char* kElastic = "ELASTIC";

inline Transition fleet_transition(const repo::Fleet& f) {
  return Transition{f.state_pending, f.state_settled, f.state_settles_at};
}
inline std::string fleet_state(const Context& ctx, const repo::Fleet& f) {
  return fleet_transition(f).at(ctx.now_seconds());
}

// The named fleet; ResourceNotFoundException when there is none.
repo::Fleet require_fleet(repo::FleetRepository& fleets, const std::string& name);
// The stored members of the Fleet shape (and ComputeCapacity), as an object.
json fleet_attributes(const repo::Fleet& f);
// The Fleet shape as DescribeFleets returns it, as of the call.
json fleet_json(const Context& ctx, repo::FleetRepository& fleets, const repo::Fleet& f);

// Whether a fleet hosts several sessions per instance.
inline bool multi_session(const json& attributes) {
  return attributes.contains("MaxSessionsPerInstance");
}

// The members of CreateFleet kept in a fleet's attributes (the Fleet shape's, and ComputeCapacity).
extern const char* const kFleetAttributeMembers[17];

// A fleet's configuration obeys its type's rules (Elastic: a platform, MaxConcurrentSessions, two
// subnets, no image, capacity or domain; the others: an image and a desired capacity of the
// right kind); else InvalidParameterCombinationException. `has_image`: ImageName or ImageArn set.
void check_fleet_config(const std::string& fleet_type, const std::string& instance_type,
                        const std::optional<std::string>& platform, const json& attributes,
                        bool has_image);

// The image's instance families admit the instance type, and a multi-session fleet runs a
// Windows Server 2019 or later image; else IncompatibleImageException.
void check_image_fits(const ImageRef& image, const std::string& instance_type, bool multi_session);

// The named stack; ResourceNotFoundException when there is none.
repo::Stack require_stack(repo::Repository& stacks, const std::string& name);
// Google Drive, OneDrive and application settings persistence work only on Windows fleets: a
// stack that uses them and a Linux fleet → IncompatibleImageException.
void check_stack_fits(const repo::Stack& st, const repo::Fleet& f);

}  // namespace junction::handlers::appstream
