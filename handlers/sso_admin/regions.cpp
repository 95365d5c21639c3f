// An organization instance's Regions: its primary Region (where it lives: the Region of the
// calls that made it) and the additional Regions AddRegion replicates it to. Adding is ADDING
// for --sso-delay-ms, then ACTIVE; removing is REMOVING, then the Region is gone. One add or
// remove at a time.
#include <algorithm>
#include <string_view>

#include "handlers/common/pagination.hpp"
#include "handlers/common/transition.hpp"
#include "handlers/sso_admin/sso_admin.hpp"

namespace junction::handlers::sso_admin {

namespace {

constexpr std::int64_t kDefaultPageSize = 100;

// An instance can be replicated to commercial Regions that are enabled by default.
constexpr std::string_view kReplicaRegions[] = {
    "us-east-1",      "us-east-2",      "us-west-1",      "us-west-2",      "ca-central-1",
    "eu-west-1",      "eu-west-2",      "eu-west-3",      "eu-central-1",   "eu-north-1",
    "ap-south-1",     "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-southeast-1",
    "ap-southeast-2", "sa-east-1",
};

struct RegionState {
  std::string name;
  std::string status;
  double added_at = 0;
  bool primary = false;
  bool in_progress = false;
};

json region_json(const RegionState& s) {
  return {{"RegionName", s.name},
          {"Status", s.status},
          {"AddedDate", s.added_at},
          {"IsPrimaryRegion", s.primary}};
}

// The instance named by the call, which must be an organization instance: an account instance
// has its primary Region only.
repo::Instance require_replicable(const Context& ctx, repo::Repository& r, const json& input) {
  repo::Instance instance = require_instance(ctx, r, str(input, "InstanceArn"));
  require_organization_instance(instance, "The instance");
  return instance;
}

// The instance's Regions as of now: the primary first, then the additional ones as added;
// removed ones are gone.
std::vector<RegionState> regions_of(const Context& ctx, repo::Repository& r,
                                    const repo::Instance& instance) {
  double now = ctx.now_seconds();
  std::vector<RegionState> out = {{ctx.region, "ACTIVE", instance.created_at, true, false}};
  for (const auto& stored : r.instance_regions(instance.arn)) {
    Transition t{stored.pending_status, stored.final_status, stored.settles_at};
    if (t.at(now) == "REMOVED") continue;
    out.push_back({stored.region_name, t.at(now), stored.added_at, false, !t.settled_by(now)});
  }
  return out;
}

const RegionState* find(const std::vector<RegionState>& regions, const std::string& name) {
  auto it = std::find_if(regions.begin(), regions.end(),
                         [&](const RegionState& s) { return s.name == name; });
  return it == regions.end() ? nullptr : &*it;
}

void require_no_workflow(const std::vector<RegionState>& regions) {
  for (const auto& s : regions)
    if (s.in_progress)
      throw ApiError("ConflictException", "The Region " + s.name + " is still " + s.status +
                                              ": wait until that workflow completes.");
}

}  // namespace

json add_region(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::Repository r(tx, ctx.account, ctx.region);
  repo::Instance instance = require_replicable(ctx, r, input);
  std::string name = str(input, "RegionName");
  auto regions = regions_of(ctx, r, instance);
  if (const RegionState* known = find(regions, name))
    throw ApiError("ConflictException",
                   known->primary ? "The Region " + name + " is the instance's primary Region."
                                  : "The Region " + name + " is already " + known->status +
                                        " in the instance.");
  if (std::find(std::begin(kReplicaRegions), std::end(kReplicaRegions), name) ==
      std::end(kReplicaRegions))
    throw ApiError("ValidationException",
                   "IAM Identity Center cannot be replicated to the Region " + name +
                       ": an additional Region must be a commercial Region enabled by default.");
  require_no_workflow(regions);
  r.forget_removed_regions(instance.arn, ctx.now_seconds());
  r.ensure_instance(instance);
  Transition t = Transition::after(ctx, "ADDING", "ACTIVE", ctx.settings->sso_delay_ms);
  r.put_instance_region(instance.arn,
                        {name, t.pending, t.settled, t.settles_at, ctx.now_seconds()});
  return {{"Status", t.pending}};
}

json remove_region(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::Repository r(tx, ctx.account, ctx.region);
  repo::Instance instance = require_replicable(ctx, r, input);
  std::string name = str(input, "RegionName");
  auto regions = regions_of(ctx, r, instance);
  const RegionState* known = find(regions, name);
  if (!known)
    throw ApiError("ResourceNotFoundException",
                   "The Region " + name + " is not a Region of the instance " + instance.arn + ".");
  if (known->primary)
    throw ApiError("ValidationException", "The primary Region " + name + " cannot be removed.");
  require_no_workflow(regions);
  Transition t = Transition::after(ctx, "REMOVING", "REMOVED", ctx.settings->sso_delay_ms);
  r.put_instance_region(instance.arn, {name, t.pending, t.settled, t.settles_at, known->added_at});
  return {{"Status", t.pending}};
}

json describe_region(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::Repository r(tx, ctx.account, ctx.region);
  repo::Instance instance = require_instance(ctx, r, str(input, "InstanceArn"));
  std::string name = str(input, "RegionName");
  auto regions = regions_of(ctx, r, instance);
  const RegionState* known = find(regions, name);
  if (!known)
    throw ApiError("ResourceNotFoundException",
                   "The Region " + name + " is not a Region of the instance " + instance.arn + ".");
  return region_json(*known);
}

json list_regions(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::Repository r(tx, ctx.account, ctx.region);
  repo::Instance instance = require_instance(ctx, r, str(input, "InstanceArn"));
  Page page = page_from(input, "NextToken", "MaxResults", kDefaultPageSize);
  auto regions = regions_of(ctx, r, instance);
  json out = {{"Regions", json::array()}};
  for (const auto& s : slice(regions, page)) out["Regions"].push_back(region_json(s));
  set_next_token(out, "NextToken", page, regions);
  return out;
}

}  // namespace junction::handlers::sso_admin
