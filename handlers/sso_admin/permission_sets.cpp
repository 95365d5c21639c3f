// Permission sets.
#include "handlers/common/pagination.hpp"
#include "handlers/sso_admin/sso_admin.hpp"
#include "server/util/ids.hpp"

namespace junction::handlers::sso_admin {

namespace {

constexpr std::int64_t kDefaultPageSize = 100;

json permission_set_json(const repo::PermissionSet& ps) {
  json out = {{"Name", ps.name},
              {"PermissionSetArn", ps.arn},
              {"CreatedDate", ps.created_at},
              {"SessionDuration", ps.session_duration}};
  if (ps.description) out["Description"] = *ps.description;
  if (ps.relay_state) out["RelayState"] = *ps.relay_state;
  return out;
}

std::optional<std::string> optional_str(const json& input, const char* member) {
  if (!has(input, member)) return std::nullopt;
  return input[member].get<std::string>();
}

}  // namespace

repo::PermissionSet require_permission_set(const Context& ctx, repo::Repository& r,
                                           const std::string& instance_arn,
                                           const std::string& arn) {
  auto ps = r.permission_set(arn);
  if (ps && ps->instance_arn == instance_arn) return *ps;
  require_instance(ctx, r, instance_arn);
  throw ApiError("ResourceNotFoundException", "Could not find PermissionSet with ARN " + arn + ".");
}

void require_permission_set_exists(const Context& ctx, repo::Repository& r,
                                   const std::string& instance_arn, const std::string& arn) {
  if (r.has_permission_set(instance_arn, arn)) return;
  require_permission_set(ctx, r, instance_arn, arn);  // throws the right error
}

json create_permission_set(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::Repository r(tx, ctx.account, ctx.region);
  repo::Instance instance = require_instance(ctx, r, str(input, "InstanceArn"));
  require_organization_instance(instance, "The instance");
  r.ensure_instance(instance);
  std::string instance_id = instance.arn.substr(instance.arn.rfind('/') + 1);
  repo::PermissionSet ps{"arn:aws:sso:::permissionSet/" + instance_id + "/ps-" + random_hex(16),
                         instance.arn,
                         str(input, "Name"),
                         optional_str(input, "Description"),
                         str(input, "SessionDuration", "PT1H"),
                         optional_str(input, "RelayState"),
                         ctx.now_seconds()};
  if (!r.insert_permission_set(ps))
    throw ApiError("ConflictException",
                   "A permission set named " + ps.name + " already exists in this instance.");
  if (has(input, "Tags"))
    tags::Tags(ctx, tx, kService).add(ps.arn, tags::from_list(input["Tags"]), kTagQuota);
  return {{"PermissionSet", permission_set_json(ps)}};
}

json describe_permission_set(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::Repository r(tx, ctx.account, ctx.region);
  std::string instance_arn = str(input, "InstanceArn");
  return {{"PermissionSet", permission_set_json(require_permission_set(
                                ctx, r, instance_arn, str(input, "PermissionSetArn")))}};
}

json list_permission_sets(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::Repository r(tx, ctx.account, ctx.region);
  std::string instance_arn = str(input, "InstanceArn");
  require_instance(ctx, r, instance_arn);
  Page page = page_from(input, "NextToken", "MaxResults", kDefaultPageSize);
  auto arns = r.permission_set_arns(instance_arn, page.offset, page.limit + 1);
  return page_json("PermissionSets", arns, page);
}

json update_permission_set(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::Repository r(tx, ctx.account, ctx.region);
  std::string instance_arn = str(input, "InstanceArn");
  repo::PermissionSet ps =
      require_permission_set(ctx, r, instance_arn, str(input, "PermissionSetArn"));
  bool changed = false;
  for (const char* member : {"Description", "SessionDuration", "RelayState"})
    changed |= has(input, member);
  if (!changed) return json::object();
  if (has(input, "Description")) ps.description = str(input, "Description");
  if (has(input, "SessionDuration")) ps.session_duration = str(input, "SessionDuration");
  if (has(input, "RelayState")) ps.relay_state = str(input, "RelayState");
  ++ps.version;  // accounts it is provisioned to no longer have its latest version
  r.update_permission_set(ps);
  return json::object();
}

json delete_permission_set(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::Repository r(tx, ctx.account, ctx.region);
  std::string instance_arn = str(input, "InstanceArn");
  repo::PermissionSet ps =
      require_permission_set(ctx, r, instance_arn, str(input, "PermissionSetArn"));
  // AWS's wording: the permission set is still assigned (provisioned with assignments) to
  // accounts. Without assignments it goes, with its policies and the accounts it was
  // provisioned to (a foreign key).
  if (r.assignment_count(ps.arn) > 0)
    throw ApiError("ConflictException",
                   "Could not delete because PermissionSet has ApplicationProfile associated "
                   "with it.");
  r.delete_permission_set(ps.arn);
  tags::Tags(ctx, tx, kService).forget(ps.arn);
  return json::object();
}

}  // namespace junction::handlers::sso_admin
