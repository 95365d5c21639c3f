// The rules a fleet's configuration obeys, by fleet type, and which members of it are kept.
#include <algorithm>

#include "handlers/appstream/fleet.hpp"

namespace junction::handlers::appstream {

const char* const kFleetAttributeMembers[17] = {"DisplayName",
                                                "Description",
                                                "ComputeCapacity",
                                                "VpcConfig",
                                                "MaxUserDurationInSeconds",
                                                "DisconnectTimeoutInSeconds",
                                                "EnableDefaultInternetAccess",
                                                "DomainJoinInfo",
                                                "IdleDisconnectTimeoutInSeconds",
                                                "IamRoleArn",
                                                "StreamView",
                                                "MaxConcurrentSessions",
                                                "UsbDeviceFilterStrings",
                                                "SessionScriptS3Location",
                                                "MaxSessionsPerInstance",
                                                "RootVolumeConfig",
                                                "DisableIMDSV1"};

namespace {

void refuse(const std::string& message) {
  throw ApiError("InvalidParameterCombinationException", message);
}

bool has_int(const json& object, const char* member) {
  auto it = object.find(member);
  return it != object.end() && it->is_number_integer();
}

}  // namespace

void check_fleet_config(const std::string& fleet_type, const std::string& instance_type,
                        const std::optional<std::string>& platform, const json& attributes,
                        bool has_image) {
  json capacity = attributes.value("ComputeCapacity", json(nullptr));
  if (fleet_type == kElastic) {
    static const char* kPlatforms[] = {"WINDOWS_SERVER_2019", "AMAZON_LINUX2", "UBUNTU_PRO_2404"};
    if (has_image) refuse("Elastic fleets do not take an image: specify a Platform instead.");
    if (!platform) refuse("Elastic fleets need a Platform.");
    if (std::none_of(std::begin(kPlatforms), std::end(kPlatforms),
                     [&](const char* p) { return *platform == p; }))
      refuse("The platform " + *platform +
             " is not supported for Elastic fleets: use WINDOWS_SERVER_2019, AMAZON_LINUX2 or "
             "UBUNTU_PRO_2404.");
    if (!has_int(attributes, "MaxConcurrentSessions"))
      refuse("Elastic fleets need MaxConcurrentSessions.");
    if (attributes["MaxConcurrentSessions"].get<std::int64_t>() < 1)
      refuse("MaxConcurrentSessions must be at least 1.");
    if (!capacity.is_null()) refuse("ComputeCapacity is not allowed for Elastic fleets.");
    if (attributes.contains("DomainJoinInfo"))
      refuse("DomainJoinInfo is not allowed for Elastic fleets.");
    if (multi_session(attributes))
      refuse("MaxSessionsPerInstance is not allowed for Elastic fleets.");
    auto subnets = attributes.value("VpcConfig", json::object()).value("SubnetIds", json::array());
    if (subnets.size() < 2)
      refuse(
          "Elastic fleets need a VpcConfig with at least two subnets in different "
          "Availability Zones.");
    if (instance_type.rfind("stream.standard.", 0) != 0)
      refuse("The instance type " + instance_type +
             " is not available for Elastic fleets: use a stream.standard instance type.");
    return;
  }
  if (!has_image) refuse("You must specify an image name or an image ARN.");
  if (attributes.contains("MaxConcurrentSessions"))
    refuse("MaxConcurrentSessions is allowed only for Elastic fleets.");
  if (!capacity.is_object()) refuse("ComputeCapacity is required for " + fleet_type + " fleets.");
  bool instances = has_int(capacity, "DesiredInstances");
  bool sessions = has_int(capacity, "DesiredSessions");
  if (instances == sessions)
    refuse(
        "You must set either DesiredInstances or DesiredSessions in ComputeCapacity, not "
        "both and not neither.");
  if (multi_session(attributes) && !sessions)
    refuse(
        "Multi-session fleets (MaxSessionsPerInstance) take DesiredSessions, not "
        "DesiredInstances.");
  if (!multi_session(attributes) && sessions)
    refuse("DesiredSessions is allowed only for multi-session fleets (MaxSessionsPerInstance).");
  if (capacity[instances ? "DesiredInstances" : "DesiredSessions"].get<std::int64_t>() < 0)
    refuse("The desired capacity cannot be negative.");
  if (multi_session(attributes) && attributes["MaxSessionsPerInstance"].get<std::int64_t>() < 1)
    refuse("MaxSessionsPerInstance must be at least 1.");
}

}  // namespace junction::handlers::appstream
