// UpdateFleet: only the members given change (a structure given is merged into the stored one,
// member by member), AttributesToDelete removes the attributes listed, and a running fleet
// accepts only the attributes AWS lets change while it runs.
#include <algorithm>
#include <map>

#include "handlers/appstream/fleet.hpp"

namespace junction::handlers::appstream {

namespace {

// The attributes a RUNNING fleet lets change, by fleet type (the UpdateFleet documentation).
const std::vector<std::string> kRunningChanges = {"DisplayName",
                                                  "ComputeCapacity",
                                                  "ImageArn",
                                                  "ImageName",
                                                  "IdleDisconnectTimeoutInSeconds",
                                                  "DisconnectTimeoutInSeconds"};
const std::vector<std::string> kRunningElasticChanges = {
    "DisplayName",           "IdleDisconnectTimeoutInSeconds", "DisconnectTimeoutInSeconds",
    "MaxConcurrentSessions", "SessionScriptS3Location",        "UsbDeviceFilterStrings"};

// AttributesToDelete: the attribute each value removes (a member, or a member of one).
const std::map<std::string, std::pair<const char*, const char*>> kDeletable = {
    {"VPC_CONFIGURATION", {"VpcConfig", nullptr}},
    {"VPC_CONFIGURATION_SECURITY_GROUP_IDS", {"VpcConfig", "SecurityGroupIds"}},
    {"DOMAIN_JOIN_INFO", {"DomainJoinInfo", nullptr}},
    {"IAM_ROLE_ARN", {"IamRoleArn", nullptr}},
    {"USB_DEVICE_FILTER_STRINGS", {"UsbDeviceFilterStrings", nullptr}},
    {"SESSION_SCRIPT_S3_LOCATION", {"SessionScriptS3Location", nullptr}},
    {"MAX_SESSIONS_PER_INSTANCE", {"MaxSessionsPerInstance", nullptr}},
    {"VOLUME_CONFIGURATION", {"RootVolumeConfig", nullptr}},
};

// `value` merged into `into`: objects member by member, anything else replaced.
void merge(json& into, const json& value) {
  if (!into.is_object() || !value.is_object()) {
    into = value;
    return;
  }
  for (const auto& [k, v] : value.items()) merge(into[k], v);
}

// The members given that change something, in the model's order.
std::vector<std::string> changes_of(const json& input) {
  std::vector<std::string> out;
  for (const auto& m : model_shape("UpdateFleetRequest").members) {
    if (m.name == "Name" || !has(input, m.name.c_str())) continue;
    const json& v = input[m.name];
    if ((m.name == "AttributesToDelete" && v.empty()) ||
        (m.name == "DeleteVpcConfig" && !v.get<bool>()))
      continue;
    out.push_back(m.name);
  }
  return out;
}

void check_running_changes(const repo::Fleet& f, const std::vector<std::string>& changes) {
  const auto& allowed = f.fleet_type == kElastic ? kRunningElasticChanges : kRunningChanges;
  std::vector<std::string> refused;
  for (const auto& c : changes)
    if (std::find(allowed.begin(), allowed.end(), c) == allowed.end()) refused.push_back(c);
  if (refused.empty()) return;
  std::string list, can;
  for (const auto& r : refused) list += (list.empty() ? "" : ", ") + r;
  for (const auto& a : allowed) can += (can.empty() ? "" : ", ") + a;
  throw ApiError("ResourceInUseException",
                 "The fleet " + f.name + " is RUNNING: stop it to update " + list +
                     ". A running fleet of its type can update only " + can + ".");
}

}  // namespace

json update_fleet(const Context& ctx, const json& input, storage::Tx& tx) {
  if (!has(input, "Name"))
    throw ApiError("InvalidParameterCombinationException",
                   "You must specify the Name of the fleet to update.");
  repo::FleetRepository fleets(tx, ctx.account, ctx.region);
  repo::Fleet f = require_fleet(fleets, str(input, "Name"));
  std::string state = fleet_state(ctx, f);
  if (state == "STARTING" || state == "STOPPING")
    throw ApiError(
        "ConcurrentModificationException",
        "The fleet " + f.name + " is " + state + ": update it once it is RUNNING or STOPPED.");
  auto changes = changes_of(input);
  if (state == "RUNNING") check_running_changes(f, changes);

  const shapes::Shape& request = model_shape("UpdateFleetRequest");
  json attributes = fleet_attributes(f);
  // What is deleted goes first; then the members given are set.
  if (has(input, "DeleteVpcConfig") && input["DeleteVpcConfig"].get<bool>())
    attributes.erase("VpcConfig");
  if (has(input, "AttributesToDelete"))
    for (const auto& a : input["AttributesToDelete"]) {
      auto [member, inner] = kDeletable.at(a.get<std::string>());
      if (!inner)
        attributes.erase(member);
      else if (attributes.contains(member) && attributes[member].is_object())
        attributes[member].erase(inner);
    }
  for (const char* m : kFleetAttributeMembers) {
    if (!has(input, m)) continue;
    json value = project(*request.member(m)->shape, input[m]);
    // The desired capacity is one number (instances or sessions): it is replaced whole.
    if (std::string(m) == "ComputeCapacity")
      attributes[m] = value;
    else
      merge(attributes[m], value);
  }
  if (has(input, "InstanceType")) f.instance_type = str(input, "InstanceType");
  if (has(input, "Platform")) f.platform = str(input, "Platform");

  if (has(input, "ImageName") && has(input, "ImageArn"))
    throw ApiError("InvalidParameterCombinationException",
                   "Specify either ImageName or ImageArn, not both.");
  std::optional<ImageRef> image;
  if (has(input, "ImageName") || has(input, "ImageArn")) {
    image = usable_image(ctx, tx,
                         has(input, "ImageArn") ? str(input, "ImageArn") : str(input, "ImageName"));
    if (f.fleet_type == kElastic)
      throw ApiError("InvalidParameterCombinationException",
                     "Elastic fleets do not take an image: specify a Platform instead.");
    f.image_name = image->name;
    f.image_arn = image->arn;
    f.private_image_name =
        image->is_private() ? std::optional<std::string>(image->name) : std::nullopt;
    if (image->platform) f.platform = image->platform;
  } else if (f.image_arn) {
    // The image the fleet runs, to check it against a new instance type or session count.
    image = find_image(ctx, tx, *f.image_arn);
  }
  check_fleet_config(f.fleet_type, f.instance_type, f.platform, attributes,
                     f.image_name.has_value());
  if (has(input, "DomainJoinInfo")) check_domain_join(ctx, tx, attributes);
  if (image) check_image_fits(*image, f.instance_type, multi_session(attributes));
  f.attributes = attributes.dump();
  fleets.update_fleet(f);
  return {{"Fleet", fleet_json(ctx, fleets, f)}};
}

}  // namespace junction::handlers::appstream
