// Stack-fleet associations: AssociateFleet, DisassociateFleet, ListAssociatedFleets,
// ListAssociatedStacks. A stack streams from one fleet; a fleet may serve several stacks.
#include "handlers/appstream/fleet.hpp"

namespace junction::handlers::appstream {

namespace {

// ListAssociatedFleets and ListAssociatedStacks have no MaxResults: pages hold this many names.
constexpr std::int64_t kNamePageSize = 25;

bool linux_platform(const std::optional<std::string>& platform) {
  return platform && (*platform == "AMAZON_LINUX2" || *platform == "RHEL8" ||
                      *platform == "ROCKY_LINUX8" || *platform == "UBUNTU_PRO_2404");
}

}  // namespace

repo::Stack require_stack(repo::Repository& stacks, const std::string& name) {
  auto st = stacks.stack(name);
  if (!st) throw ApiError("ResourceNotFoundException", "The stack " + name + " does not exist.");
  return *st;
}

void check_stack_fits(const repo::Stack& st, const repo::Fleet& f) {
  if (!linux_platform(f.platform)) return;
  std::string feature;
  json connectors = stored_json(st.storage_connectors);
  if (connectors.is_array())
    for (const auto& c : connectors) {
      std::string type = c.value("ConnectorType", "");
      if (type == "GOOGLE_DRIVE" || type == "ONE_DRIVE") feature = type + " storage connector";
    }
  json settings = stored_json(st.application_settings);
  if (settings.is_object() && settings.value("Enabled", false))
    feature = "application settings persistence";
  if (!feature.empty())
    throw ApiError("IncompatibleImageException", "The stack " + st.name + " uses the " + feature +
                                                     ", which needs a Windows fleet; the fleet " +
                                                     f.name + " runs " + *f.platform + ".");
}

json associate_fleet(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::Repository stacks(tx, ctx.account, ctx.region);
  repo::FleetRepository fleets(tx, ctx.account, ctx.region);
  repo::Fleet f = require_fleet(fleets, str(input, "FleetName"));
  repo::Stack st = require_stack(stacks, str(input, "StackName"));
  if (auto current = fleets.stack_fleet(st.name)) {
    if (*current == f.name) return json::object();  // associated already
    throw ApiError("LimitExceededException", "The stack " + st.name +
                                                 " is associated with the fleet " + *current +
                                                 " already: a stack can have only one fleet.");
  }
  check_stack_fits(st, f);
  fleets.associate(st.name, f.name, ctx.now_seconds());
  return json::object();
}

json disassociate_fleet(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::Repository stacks(tx, ctx.account, ctx.region);
  repo::FleetRepository fleets(tx, ctx.account, ctx.region);
  repo::Fleet f = require_fleet(fleets, str(input, "FleetName"));
  repo::Stack st = require_stack(stacks, str(input, "StackName"));
  if (fleets.stack_fleet(st.name) != f.name)
    throw ApiError("ResourceNotFoundException",
                   "The fleet " + f.name + " is not associated with the stack " + st.name + ".");
  if (fleets.has_sessions(st.name, f.name, ctx.now_seconds()))
    throw ApiError("ResourceInUseException", "The fleet " + f.name +
                                                 " has streaming sessions of the stack " + st.name +
                                                 ": expire them first.");
  fleets.disassociate(st.name, f.name);
  return json::object();
}

json list_associated_fleets(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::FleetRepository fleets(tx, ctx.account, ctx.region);
  Page page = page_from(input, "NextToken", "MaxResults", kNamePageSize);
  std::vector<std::string> names;
  if (auto fleet = fleets.stack_fleet(str(input, "StackName"))) names.push_back(*fleet);
  json out = {{"Names", slice(names, page)}};
  set_next_token(out, "NextToken", page, names);
  return out;
}

json list_associated_stacks(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::FleetRepository fleets(tx, ctx.account, ctx.region);
  Page page = page_from(input, "NextToken", "MaxResults", kNamePageSize);
  auto names = fleets.fleet_stacks(str(input, "FleetName"), page.offset, page.limit + 1);
  return page_json("Names", names, page);
}

}  // namespace junction::handlers::appstream
