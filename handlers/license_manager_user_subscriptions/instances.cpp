// The EC2 instances that provide user-based subscriptions. AWS has no API that creates them; they
// are seeded into lmus_instances (see docs/license-manager-user-subscriptions.md).
#include "handlers/license_manager_user_subscriptions/license_manager_user_subscriptions.hpp"

namespace junction::handlers::lmus {

namespace {

json instance_summary(const Context& ctx, const repo::Instance& i) {
  json products = json::array();
  json stored = parse_stored(i.products);
  if (stored.is_array())
    for (const auto& p : stored)
      if (p.is_string()) products.push_back(p);
  json out = {{"InstanceId", i.instance_id},
              {"Status", i.status},
              {"Products", products},
              {"OwnerAccountId", ctx.account}};
  if (i.last_status_check_date) out["LastStatusCheckDate"] = *i.last_status_check_date;
  if (i.status_message) out["StatusMessage"] = *i.status_message;
  if (i.directory_id)
    out["IdentityProvider"] = {
        {"ActiveDirectoryIdentityProvider", {{"DirectoryId", *i.directory_id}}}};
  return out;
}

}  // namespace

json list_instances(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::Repository r(tx, ctx.account, ctx.region);
  auto filters = filters_from(
      input, {{"Status", repo::Field::kStatus}, {"InstanceId", repo::Field::kInstanceId}});
  Page page = page_of(input);
  return page_json("InstanceSummaries", r.instances(filters, page.offset, page.limit + 1), page,
                   [&](const repo::Instance& i) { return instance_summary(ctx, i); });
}

}  // namespace junction::handlers::lmus
