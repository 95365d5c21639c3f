// Instances: the organization instance every account+region has from the start, the account
// instance CreateInstance adds beside it, their settings, and their identity stores.
#include "handlers/common/pagination.hpp"
#include "handlers/common/transition.hpp"
#include "handlers/sso_admin/applications.hpp"
#include "handlers/sso_admin/sso_admin.hpp"
#include "server/util/ids.hpp"

namespace junction::handlers::sso_admin {

namespace {

constexpr std::int64_t kDefaultPageSize = 100;
constexpr const char* kAwsOwnedKey = "AWS_OWNED_KMS_KEY";
constexpr const char* kCustomerManagedKey = "CUSTOMER_MANAGED_KEY";

// An account instance is CREATE_IN_PROGRESS for --sso-delay-ms after CreateInstance.
std::string status_of(const Context& ctx, const repo::Instance& i) {
  return Transition{"CREATE_IN_PROGRESS", "ACTIVE", i.active_at}.at(ctx.now_seconds());
}

json metadata_json(const Context& ctx, const repo::Instance& i) {
  json out = {{"InstanceArn", i.arn},
              {"IdentityStoreId", i.identity_store_id},
              {"OwnerAccountId", ctx.account},
              {"CreatedDate", i.created_at},
              {"Status", status_of(ctx, i)}};
  if (i.name) out["Name"] = *i.name;
  return out;
}

std::optional<std::string> optional_str(const json& input, const char* member) {
  if (!has(input, member)) return std::nullopt;
  return input[member].get<std::string>();
}

}  // namespace

repo::Instance instance_of(const Context& ctx, repo::Repository& r) {
  if (auto stored = r.instance()) return *stored;
  std::string seed = ctx.account + "/" + ctx.region;
  return repo::Instance{"arn:aws:sso:::instance/ssoins-" + stable_hex(seed + "/instance", 16),
                        "d-" + stable_hex(seed + "/identity-store", 10), std::nullopt,
                        ctx.now_seconds()};
}

std::vector<repo::Instance> instances_of(const Context& ctx, repo::Repository& r) {
  std::vector<repo::Instance> all = r.instances();  // the organization instance first
  if (all.empty() || !all.front().organization) all.insert(all.begin(), instance_of(ctx, r));
  return all;
}

repo::Instance require_instance(const Context& ctx, repo::Repository& r, const std::string& arn) {
  // One read when the instance is stored, as it is once it holds anything.
  if (auto stored = r.instance(arn)) return *stored;
  repo::Instance organization = instance_of(ctx, r);
  if (organization.arn == arn) return organization;
  throw ApiError("ResourceNotFoundException", "The instance " + arn +
                                                  " does not exist in account " + ctx.account +
                                                  " and region " + ctx.region + ".");
}

void require_organization_instance(const repo::Instance& instance, const std::string& what) {
  if (!instance.organization)
    throw ApiError("ValidationException",
                   what + " " + instance.arn +
                       " is an account instance of IAM Identity Center: only an organization "
                       "instance supports this.");
}

std::vector<std::string> identity_store_ids(const Context& ctx, storage::Tx& tx) {
  repo::Repository r(tx, ctx.account, ctx.region);
  std::vector<std::string> out;
  for (const auto& i : instances_of(ctx, r)) out.push_back(i.identity_store_id);
  return out;
}

std::optional<repo::Instance> instance_of_identity_store(const Context& ctx, storage::Tx& tx,
                                                         const std::string& identity_store_id) {
  repo::Repository r(tx, ctx.account, ctx.region);
  if (auto stored = r.instance_by_identity_store(identity_store_id)) return stored;
  repo::Instance organization = instance_of(ctx, r);
  if (organization.identity_store_id == identity_store_id) return organization;
  return std::nullopt;
}

json list_instances(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::Repository r(tx, ctx.account, ctx.region);
  Page page = page_from(input, "NextToken", "MaxResults", kDefaultPageSize);
  auto all = instances_of(ctx, r);
  json out = {{"Instances", json::array()}};
  for (const auto& i : slice(all, page)) out["Instances"].push_back(metadata_json(ctx, i));
  set_next_token(out, "NextToken", page, all);
  return out;
}

json describe_instance(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::Repository r(tx, ctx.account, ctx.region);
  repo::Instance i = require_instance(ctx, r, str(input, "InstanceArn"));
  json out = metadata_json(ctx, i);
  json encryption = {
      {"KeyType", i.kms_key_type},
      {"EncryptionStatus",
       Transition{"UPDATING", "ENABLED", i.encryption_settles_at}.at(ctx.now_seconds())}};
  if (i.kms_key_arn) encryption["KmsKeyArn"] = *i.kms_key_arn;
  out["EncryptionConfigurationDetails"] = encryption;
  return out;
}

json create_instance(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::Repository r(tx, ctx.account, ctx.region);
  std::optional<std::string> token = optional_str(input, "ClientToken");
  // What was asked, to tell a retry (same token, same request) from a misuse of the token.
  std::string request =
      json{{"Name", input.value("Name", json())}, {"Tags", input.value("Tags", json::array())}}
          .dump();
  if (auto existing = r.account_instance_anywhere()) {
    if (token && existing->client_token == token && existing->region == ctx.region) {
      if (existing->request == request) return {{"InstanceArn", existing->arn}};
      throw ApiError("ConflictException", "IdempotentParameterMismatch: the client token " +
                                              *token +
                                              " was already used with different parameters.");
    }
    throw ApiError("ConflictException", "Account " + ctx.account +
                                            " already has an instance of IAM Identity Center (" +
                                            existing->arn + " in " + existing->region +
                                            "): an account can have one instance across all "
                                            "Regions.");
  }
  repo::Instance i{"arn:aws:sso:::instance/ssoins-" + random_hex(16), "d-" + random_hex(10),
                   optional_str(input, "Name"), ctx.now_seconds()};
  i.organization = false;
  i.active_at = Transition::after(ctx, "", "", ctx.settings->sso_delay_ms).settles_at;
  i.client_token = token;
  i.request = request;
  r.insert_instance(i);
  if (has(input, "Tags"))
    tags::Tags(ctx, tx, kService).add(i.arn, tags::from_list(input["Tags"]), kTagQuota);
  return {{"InstanceArn", i.arn}};
}

json update_instance(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::Repository r(tx, ctx.account, ctx.region);
  repo::Instance i = require_instance(ctx, r, str(input, "InstanceArn"));
  if (has(input, "Name")) i.name = str(input, "Name");
  if (has(input, "EncryptionConfiguration")) {
    const json& config = input["EncryptionConfiguration"];
    std::string type = str(config, "KeyType");
    std::optional<std::string> key = optional_str(config, "KmsKeyArn");
    if (type == kCustomerManagedKey && !key)
      throw ApiError("ValidationException",
                     "KmsKeyArn is required when KeyType is CUSTOMER_MANAGED_KEY.");
    if (type == kAwsOwnedKey && key)
      throw ApiError("ValidationException",
                     "KmsKeyArn cannot be specified when KeyType is AWS_OWNED_KMS_KEY.");
    i.kms_key_type = type;
    i.kms_key_arn = key;
    i.encryption_settles_at = Transition::after(ctx, "", "", ctx.settings->sso_delay_ms).settles_at;
  }
  r.ensure_instance(i);  // the organization instance is stored once it is changed
  r.update_instance(i);
  return json::object();
}

json delete_instance(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::Repository r(tx, ctx.account, ctx.region);
  repo::Instance i = require_instance(ctx, r, str(input, "InstanceArn"));
  if (i.organization)
    throw ApiError("AccessDeniedException",
                   "The organization instance " + i.arn +
                       " cannot be deleted with DeleteInstance: only an account instance can.");
  // Its applications (with what belongs to them) and trusted token issuers go with it.
  tags::Tags tags(ctx, tx, kService);
  for (const auto& arn :
       repo::ApplicationRepository(tx, ctx.account, ctx.region).delete_applications_of(i.arn))
    tags.forget(arn);
  for (const auto& arn :
       repo::TrustedTokenIssuerRepository(tx, ctx.account, ctx.region).remove_all_of(i.arn))
    tags.forget(arn);
  r.delete_instance(i.arn);
  tags.forget(i.arn);
  return json::object();
}

}  // namespace junction::handlers::sso_admin
