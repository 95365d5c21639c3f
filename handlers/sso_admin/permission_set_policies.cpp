// A permission set's policies: its inline policy, the AWS managed policies and customer managed
// policy references attached to it, and its permissions boundary. Each change makes the accounts
// it is provisioned to fall behind (the set's version grows) until it is provisioned again.
#include <string_view>

#include "handlers/common/pagination.hpp"
#include "handlers/sso_admin/sso_admin.hpp"

namespace junction::handlers::sso_admin {

namespace {

constexpr std::int64_t kDefaultPageSize = 100;
// IAM Identity Center's quotas: 20 AWS managed and customer managed policies together per
// permission set; an inline policy of at most 10,240 bytes that are not whitespace (the model
// bounds the whole document at 32,768).
constexpr std::int64_t kPoliciesPerPermissionSet = 20;
constexpr std::size_t kInlinePolicyBytes = 10240;

std::string instance_arn_of(const json& input) { return str(input, "InstanceArn"); }
std::string permission_set_arn_of(const json& input) { return str(input, "PermissionSetArn"); }

// The permission set the call names, once it is known to exist in its instance.
std::string require_named_permission_set(const Context& ctx, repo::Repository& r,
                                         const json& input) {
  std::string arn = permission_set_arn_of(input);
  require_permission_set_exists(ctx, r, instance_arn_of(input), arn);
  return arn;
}

// An IAM policy document: a JSON object with a Statement.
void require_policy_document(const std::string& text) {
  json doc = json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("Statement"))
    throw ApiError("ValidationException", "Invalid PermissionsPolicy Document");
  std::size_t significant = 0;
  for (char c : text)
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') ++significant;
  if (significant > kInlinePolicyBytes)
    throw ApiError("ServiceQuotaExceededException",
                   "The inline policy has " + std::to_string(significant) +
                       " characters that are not whitespace; a permission set's inline policy "
                       "can have at most " +
                       std::to_string(kInlinePolicyBytes) + ".");
}

// AWS shows an AWS managed policy by the last part of its ARN, e.g. ReadOnlyAccess for
// arn:aws:iam::aws:policy/ReadOnlyAccess.
repo::AttachedPolicy aws_managed(const std::string& arn) {
  return {arn, arn.substr(arn.rfind('/') + 1), std::nullopt};
}

// A customer managed policy reference: its Path defaults to "/".
repo::AttachedPolicy customer_managed(const json& reference) {
  std::string name = str(reference, "Name");
  std::string path = str(reference, "Path", "/");
  return {path + name, name, path};
}

json reference_json(const repo::AttachedPolicy& p) {
  return {{"Name", p.name}, {"Path", p.path.value_or("/")}};
}

void attach(const Context& ctx, storage::Tx& tx, const json& input, const char* kind,
            const repo::AttachedPolicy& policy, const std::string& what) {
  repo::Repository r(tx, ctx.account, ctx.region);
  std::string ps = require_named_permission_set(ctx, r, input);
  if (!r.attach_policy(ps, kind, policy, ctx.now_seconds()))
    throw ApiError("ConflictException", what + " is already attached to the permission set.");
  if (r.attached_policy_count(ps) > kPoliciesPerPermissionSet)
    throw ApiError("ServiceQuotaExceededException",
                   "A permission set can have at most " +
                       std::to_string(kPoliciesPerPermissionSet) +
                       " AWS managed and customer managed policies attached.");
  r.bump_version(ps);
}

void detach(const Context& ctx, storage::Tx& tx, const json& input, const char* kind,
            const std::string& policy, const std::string& what) {
  repo::Repository r(tx, ctx.account, ctx.region);
  std::string ps = require_named_permission_set(ctx, r, input);
  if (!r.detach_policy(ps, kind, policy))
    throw ApiError("ResourceNotFoundException", what + " is not attached to the permission set.");
  r.bump_version(ps);
}

template <class ToJson>
json list_attached(const Context& ctx, storage::Tx& tx, const json& input, const char* kind,
                   const char* output_member, const ToJson& to_json) {
  repo::Repository r(tx, ctx.account, ctx.region);
  std::string ps = require_named_permission_set(ctx, r, input);
  Page page = page_from(input, "NextToken", "MaxResults", kDefaultPageSize);
  auto rows = r.attached_policies(ps, kind, page.offset, page.limit + 1);
  return page_json(output_member, rows, page, [&](const auto& row) { return to_json(row); });
}

}  // namespace

// --- inline policy ----------------------------------------------------------------------------

json put_inline_policy_to_permission_set(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::Repository r(tx, ctx.account, ctx.region);
  std::string ps = require_named_permission_set(ctx, r, input);
  std::string policy = str(input, "InlinePolicy");
  require_policy_document(policy);
  r.set_inline_policy(ps, policy);
  return json::object();
}

json get_inline_policy_for_permission_set(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::Repository r(tx, ctx.account, ctx.region);
  repo::PermissionSet ps =
      require_permission_set(ctx, r, instance_arn_of(input), permission_set_arn_of(input));
  // Without an inline policy the member is left out (AWS may answer an empty string, which
  // the model's minimum length does not allow).
  json out = json::object();
  if (ps.inline_policy) out["InlinePolicy"] = *ps.inline_policy;
  return out;
}

json delete_inline_policy_from_permission_set(const Context& ctx, const json& input,
                                              storage::Tx& tx) {
  repo::Repository r(tx, ctx.account, ctx.region);
  repo::PermissionSet ps =
      require_permission_set(ctx, r, instance_arn_of(input), permission_set_arn_of(input));
  if (ps.inline_policy) r.set_inline_policy(ps.arn, std::nullopt);  // none: nothing changes
  return json::object();
}

// --- AWS managed policies ---------------------------------------------------------------------

json attach_managed_policy_to_permission_set(const Context& ctx, const json& input,
                                             storage::Tx& tx) {
  std::string arn = str(input, "ManagedPolicyArn");
  attach(ctx, tx, input, repo::kAwsManaged, aws_managed(arn), "The managed policy " + arn);
  return json::object();
}

json list_managed_policies_in_permission_set(const Context& ctx, const json& input,
                                             storage::Tx& tx) {
  return list_attached(ctx, tx, input, repo::kAwsManaged, "AttachedManagedPolicies",
                       [](const repo::AttachedPolicy& p) {
                         return json{{"Name", p.name}, {"Arn", p.policy}};
                       });
}

json detach_managed_policy_from_permission_set(const Context& ctx, const json& input,
                                               storage::Tx& tx) {
  std::string arn = str(input, "ManagedPolicyArn");
  detach(ctx, tx, input, repo::kAwsManaged, arn, "The managed policy " + arn);
  return json::object();
}

// --- customer managed policy references -------------------------------------------------------

json attach_customer_managed_policy_reference_to_permission_set(const Context& ctx,
                                                                const json& input,
                                                                storage::Tx& tx) {
  repo::AttachedPolicy p = customer_managed(input["CustomerManagedPolicyReference"]);
  attach(ctx, tx, input, repo::kCustomerManaged, p, "The customer managed policy " + p.policy);
  return json::object();
}

json list_customer_managed_policy_references_in_permission_set(const Context& ctx,
                                                               const json& input, storage::Tx& tx) {
  return list_attached(ctx, tx, input, repo::kCustomerManaged, "CustomerManagedPolicyReferences",
                       reference_json);
}

json detach_customer_managed_policy_reference_from_permission_set(const Context& ctx,
                                                                  const json& input,
                                                                  storage::Tx& tx) {
  repo::AttachedPolicy p = customer_managed(input["CustomerManagedPolicyReference"]);
  detach(ctx, tx, input, repo::kCustomerManaged, p.policy,
         "The customer managed policy " + p.policy);
  return json::object();
}

// --- permissions boundary ---------------------------------------------------------------------

json put_permissions_boundary_to_permission_set(const Context& ctx, const json& input,
                                                storage::Tx& tx) {
  repo::Repository r(tx, ctx.account, ctx.region);
  std::string ps = require_named_permission_set(ctx, r, input);
  const json& given = input["PermissionsBoundary"];
  bool managed = has(given, "ManagedPolicyArn");
  bool customer = has(given, "CustomerManagedPolicyReference");
  if (managed == customer)
    throw ApiError("ValidationException",
                   "Specify either ManagedPolicyArn or CustomerManagedPolicyReference as the "
                   "permissions boundary, not both nor neither.");
  json boundary =
      managed ? json{{"ManagedPolicyArn", str(given, "ManagedPolicyArn")}}
              : json{{"CustomerManagedPolicyReference",
                      reference_json(customer_managed(given["CustomerManagedPolicyReference"]))}};
  r.set_permissions_boundary(ps, boundary.dump());
  return json::object();
}

json get_permissions_boundary_for_permission_set(const Context& ctx, const json& input,
                                                 storage::Tx& tx) {
  repo::Repository r(tx, ctx.account, ctx.region);
  repo::PermissionSet ps =
      require_permission_set(ctx, r, instance_arn_of(input), permission_set_arn_of(input));
  if (!ps.permissions_boundary)
    throw ApiError("ResourceNotFoundException",
                   "The permission set " + ps.arn + " has no permissions boundary.");
  return {{"PermissionsBoundary", json::parse(*ps.permissions_boundary)}};
}

json delete_permissions_boundary_from_permission_set(const Context& ctx, const json& input,
                                                     storage::Tx& tx) {
  repo::Repository r(tx, ctx.account, ctx.region);
  repo::PermissionSet ps =
      require_permission_set(ctx, r, instance_arn_of(input), permission_set_arn_of(input));
  if (!ps.permissions_boundary)
    throw ApiError("ResourceNotFoundException",
                   "The permission set " + ps.arn + " has no permissions boundary.");
  r.set_permissions_boundary(ps.arn, std::nullopt);
  return json::object();
}

}  // namespace junction::handlers::sso_admin
