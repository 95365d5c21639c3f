// Network endpoints of Remote Desktop Services (RDS) Subscriber Access License servers:
// CreateLicenseServerEndpoint, ListLicenseServerEndpoints, DeleteLicenseServerEndpoint. An
// endpoint belongs to a registered identity provider (one per provider and server type) and is
// PROVISIONING for --lmus-delay-ms, then PROVISIONED (handlers/common/transition.hpp).
#include "handlers/common/transition.hpp"
#include "handlers/license_manager_user_subscriptions/license_manager_user_subscriptions.hpp"
#include "server/util/ids.hpp"

namespace junction::handlers::lmus {

namespace {

// A private IPv4 address derived from `seed`: stable, and never a network or broadcast address.
std::string private_ipv4(const std::string& seed) {
  std::string hex = stable_hex(seed, 6);
  int a = std::stoi(hex.substr(0, 2), nullptr, 16);
  int b = std::stoi(hex.substr(2, 2), nullptr, 16);
  int c = std::stoi(hex.substr(4, 2), nullptr, 16);
  return "10." + std::to_string(a) + "." + std::to_string(b) + "." + std::to_string(4 + c % 250);
}

std::string status_of(const Context& ctx, const repo::LicenseServerEndpoint& e) {
  return Transition{"PROVISIONING", "PROVISIONED", e.provisioned_at}.at(ctx.now_seconds());
}

// The model's LicenseServerEndpoint. The network addresses exist once it is provisioned;
// `status` overrides the provisioning status (DELETING in DeleteLicenseServerEndpoint's answer).
json endpoint_json(const repo::LicenseServerEndpoint& e, const std::string& status) {
  bool provisioned = status == "PROVISIONED";
  json servers = json::array();
  for (const auto& address : parse_stored(e.license_server_addresses)) {
    json server = {{"ProvisioningStatus", status},
                   {"HealthStatus", provisioned ? "HEALTHY" : "NOT_APPLICABLE"}};
    if (provisioned) server["Ipv4Address"] = address;
    servers.push_back(server);
  }
  json out = {{"IdentityProviderArn", e.identity_provider_arn},
              {"ServerType", e.server_type},
              {"LicenseServerEndpointId", e.id},
              {"LicenseServerEndpointArn", e.arn},
              {"LicenseServerEndpointProvisioningStatus", status},
              {"LicenseServers", servers},
              {"CreationTime", e.creation_time}};
  if (provisioned) out["ServerEndpoint"] = {{"Endpoint", e.endpoint_address}};
  return out;
}

// The RdsSalSettings of an RDS_SAL endpoint's ServerSettings must name a Secrets Manager secret:
// License Manager administers the license server's users with its credentials.
void require_rds_sal_settings(const json& settings) {
  auto rds = settings.find("RdsSalSettings");
  if (rds == settings.end() || !rds->is_object())
    throw ApiError("ValidationException",
                   "LicenseServerSettings.ServerSettings must set RdsSalSettings for server type "
                   "RDS_SAL.");
  json provider = rds->value("RdsSalCredentialsProvider", json::object());
  if (!provider.is_object() || !has(provider, "SecretsManagerCredentialsProvider") ||
      !has(provider["SecretsManagerCredentialsProvider"], "SecretId"))
    throw ApiError("ValidationException",
                   "RdsSalSettings.RdsSalCredentialsProvider must name the Secrets Manager "
                   "secret (SecretsManagerCredentialsProvider.SecretId) of the credentials that "
                   "administer the license server's users.");
}

}  // namespace

json create_license_server_endpoint(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::Repository r(tx, ctx.account, ctx.region);
  std::string provider_arn = str(input, "IdentityProviderArn");
  const json& settings = input["LicenseServerSettings"];
  std::string server_type = str(settings, "ServerType");
  const json& server_settings = settings["ServerSettings"];
  require_rds_sal_settings(server_settings);
  auto provider = r.identity_provider(provider_arn);
  if (!provider || provider->status == "DEREGISTERED")
    throw ApiError("ResourceNotFoundException",
                   "No identity provider " + provider_arn + " is registered.");
  auto tags = tags_from(input);

  // Idempotent, as the model marks it: the same endpoint again (a retry) answers with it.
  if (auto existing = r.endpoint(provider_arn, server_type)) {
    if (parse_stored(existing->server_settings) != server_settings)
      throw ApiError("ConflictException", "Identity provider " + provider_arn + " already has a " +
                                              server_type + " license server endpoint, " +
                                              existing->arn + ", with other settings.");
    tags::Tags(ctx, tx, kService).add(existing->arn, tags, kTagQuota);
    return {{"IdentityProviderArn", provider_arn}, {"LicenseServerEndpointArn", existing->arn}};
  }

  repo::LicenseServerEndpoint e;
  e.id = random_hex(32);
  e.arn = arn(ctx, "license-server-endpoint", e.id);
  e.identity_provider_arn = provider_arn;
  e.server_type = server_type;
  e.server_settings = server_settings.dump();
  // One license server in each subnet of the registration, as its network interfaces are.
  json addresses = json::array();
  json subnets = parse_stored(provider->settings).value("Subnets", json::array());
  for (const auto& subnet : subnets) addresses.push_back(private_ipv4(e.id + "/" + subnet.dump()));
  if (addresses.empty()) addresses.push_back(private_ipv4(e.id + "/server"));
  e.license_server_addresses = addresses.dump();
  e.endpoint_address = private_ipv4(e.id + "/endpoint");
  e.creation_time = ctx.now_seconds();
  e.provisioned_at = static_cast<double>(ctx.now_ms + ctx.settings->lmus_delay_ms) / 1000.0;
  r.insert_endpoint(e);
  tags::Tags(ctx, tx, kService).add(e.arn, tags, kTagQuota);
  return {{"IdentityProviderArn", provider_arn}, {"LicenseServerEndpointArn", e.arn}};
}

json list_license_server_endpoints(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::Repository r(tx, ctx.account, ctx.region);
  auto filters = filters_from(input, {{"IdentityProviderArn", repo::Field::kIdentityProviderArn}});
  Page page = page_of(input);
  return page_json(
      "LicenseServerEndpoints", r.endpoints(filters, page.offset, page.limit + 1), page,
      [&](const repo::LicenseServerEndpoint& e) { return endpoint_json(e, status_of(ctx, e)); });
}

json delete_license_server_endpoint(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::Repository r(tx, ctx.account, ctx.region);
  std::string endpoint_arn = str(input, "LicenseServerEndpointArn");
  std::string server_type = str(input, "ServerType");
  // Deleted already, or never created: not found either way.
  auto e = r.endpoint(endpoint_arn);
  if (!e)
    throw ApiError("ResourceNotFoundException",
                   "No license server endpoint " + endpoint_arn + " exists.");
  if (e->server_type != server_type)
    throw ApiError("ValidationException", "License server endpoint " + endpoint_arn +
                                              " is of type " + e->server_type + ", not " +
                                              server_type + ".");
  // The answer is the endpoint as its deletion starts; the endpoint itself is gone at once.
  r.delete_endpoint(e->arn);
  tags::Tags(ctx, tx, kService).forget(e->arn);
  return {{"LicenseServerEndpoint", endpoint_json(*e, "DELETING")}};
}

}  // namespace junction::handlers::lmus
