// Provisioning permission sets to accounts. ProvisionPermissionSet gives an account (or every
// account the set is provisioned to) the set's latest version and answers an asynchronous request
// (the shared mechanism) that settles --sso-delay-ms later. CreateAccountAssignment provisions
// the set to its account too, and the last assignment's deletion takes it away
// (account_assignments.cpp). An account whose version is older than the set's is
// LATEST_PERMISSION_SET_NOT_PROVISIONED.
#include "handlers/common/async_requests.hpp"
#include "handlers/common/pagination.hpp"
#include "handlers/sso_admin/sso_admin.hpp"

namespace junction::handlers::sso_admin {

namespace {

constexpr std::int64_t kDefaultPageSize = 100;
constexpr const char* kProvisioning = "PERMISSION_SET_PROVISIONING";
constexpr const char* kStatusMember = "PermissionSetProvisioningStatus";

// The ProvisioningStatus filter: provisioned at the latest version (true), at an older one
// (false), or either.
std::optional<bool> latest_filter(const json& input) {
  if (!has(input, "ProvisioningStatus")) return std::nullopt;
  return str(input, "ProvisioningStatus") == "LATEST_PERMISSION_SET_PROVISIONED";
}

template <class T>
json page_of(const std::vector<T>& rows, const Page& page, const char* member) {
  return page_json(member, rows, page);
}

}  // namespace

json provision_permission_set(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::Repository r(tx, ctx.account, ctx.region);
  std::string instance_arn = str(input, "InstanceArn");
  std::string ps_arn = str(input, "PermissionSetArn");
  require_permission_set_exists(ctx, r, instance_arn, ps_arn);
  json subject = {{"PermissionSetArn", ps_arn}};
  bool to_account = str(input, "TargetType") == "AWS_ACCOUNT";
  if (to_account) {
    if (!has(input, "TargetId"))
      throw ApiError("ValidationException", "TargetId is required when TargetType is AWS_ACCOUNT.");
    subject["AccountId"] = str(input, "TargetId");
  }
  // A request an injected outcome fails provisions nothing: the accounts keep the version they
  // had.
  auto failure = async::injected_failure(ctx, kInternalFailureReason, ctx.settings->sso_delay_ms);
  if (!failure) {
    if (to_account)
      r.provision(instance_arn, ps_arn, str(input, "TargetId"), ctx.now_seconds());
    else  // ALL_PROVISIONED_ACCOUNTS: TargetId, if given, names nothing more
      r.reprovision_all(ps_arn, ctx.now_seconds());
  }
  async::Requests requests(ctx, tx, kService);
  async::Request request =
      failure ? requests.start(kProvisioning, instance_arn, subject, failure->delay_ms,
                               "IN_PROGRESS", failure->status, std::move(failure->reason))
              : requests.start(kProvisioning, instance_arn, subject, ctx.settings->sso_delay_ms);
  return {{kStatusMember, async::status_json(request, request.pending_status)}};
}

json describe_permission_set_provisioning_status(const Context& ctx, const json& input,
                                                 storage::Tx& tx) {
  repo::Repository r(tx, ctx.account, ctx.region);
  std::string instance_arn = str(input, "InstanceArn");
  require_instance(ctx, r, instance_arn);
  std::string id = str(input, "ProvisionPermissionSetRequestId");
  auto request = async::Requests(ctx, tx, kService).find(kProvisioning, instance_arn, id);
  if (!request)
    throw ApiError("ResourceNotFoundException", "Provisioning request " + id + " does not exist.");
  return {
      {kStatusMember, async::status_json(*request, async::status_at(*request, ctx.now_seconds()))}};
}

json list_permission_set_provisioning_status(const Context& ctx, const json& input,
                                             storage::Tx& tx) {
  repo::Repository r(tx, ctx.account, ctx.region);
  std::string instance_arn = str(input, "InstanceArn");
  require_instance(ctx, r, instance_arn);
  return async::Requests(ctx, tx, kService)
      .list(kProvisioning, instance_arn, input, "PermissionSetsProvisioningStatus",
            kDefaultPageSize);
}

json list_permission_sets_provisioned_to_account(const Context& ctx, const json& input,
                                                 storage::Tx& tx) {
  repo::Repository r(tx, ctx.account, ctx.region);
  std::string instance_arn = str(input, "InstanceArn");
  require_instance(ctx, r, instance_arn);
  Page page = page_from(input, "NextToken", "MaxResults", kDefaultPageSize);
  return page_of(
      r.permission_sets_provisioned_to(instance_arn, str(input, "AccountId"), latest_filter(input),
                                       page.offset, page.limit + 1),
      page, "PermissionSets");
}

json list_accounts_for_provisioned_permission_set(const Context& ctx, const json& input,
                                                  storage::Tx& tx) {
  repo::Repository r(tx, ctx.account, ctx.region);
  std::string ps_arn = str(input, "PermissionSetArn");
  require_permission_set_exists(ctx, r, str(input, "InstanceArn"), ps_arn);
  Page page = page_from(input, "NextToken", "MaxResults", kDefaultPageSize);
  return page_of(
      r.accounts_provisioned_with(ps_arn, latest_filter(input), page.offset, page.limit + 1), page,
      "AccountIds");
}

}  // namespace junction::handlers::sso_admin
