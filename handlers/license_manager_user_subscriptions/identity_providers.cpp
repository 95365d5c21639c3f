// Registering, listing, updating and deregistering identity providers, one registration per
// (directory, product).
#include <algorithm>

#include "handlers/license_manager_user_subscriptions/license_manager_user_subscriptions.hpp"
#include "server/util/ids.hpp"

namespace junction::handlers::lmus {

namespace {

// The Settings a registration without any gets: the account+region's "default VPC" subnet and
// security group, stable ids so that the model's constraints hold (Subnets min 1, sg-...).
json default_settings(const Context& ctx) {
  std::string seed = ctx.account + "/" + ctx.region + "/default-vpc/";
  return {{"Subnets", json::array({"subnet-" + stable_hex(seed + "subnet", 17)})},
          {"SecurityGroupId", "sg-" + stable_hex(seed + "security-group", 17)}};
}

json settings_from(const json& settings) {
  return {{"Subnets", settings["Subnets"]}, {"SecurityGroupId", settings["SecurityGroupId"]}};
}

bool same_settings(const json& a, const json& b) {
  auto subnets = [](const json& s) {
    std::vector<std::string> out;
    if (s.contains("Subnets") && s["Subnets"].is_array())
      for (const auto& n : s["Subnets"])
        if (n.is_string()) out.push_back(n.get<std::string>());
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  };
  return subnets(a) == subnets(b) &&
         a.value("SecurityGroupId", json()) == b.value("SecurityGroupId", json());
}

// The registration an operation names: by IdentityProviderArn, or by IdentityProvider + Product
// (both forms given must agree). Returns nullopt when none is registered.
std::optional<repo::IdentityProvider> named_provider(const Context& ctx, const json& input,
                                                     repo::Repository& r) {
  // A DEREGISTERED row (only an imported state document of an older version has one) counts as
  // none.
  auto registered = [](std::optional<repo::IdentityProvider> p) {
    if (p && p->status == "DEREGISTERED") p.reset();
    return p;
  };
  bool by_arn = has(input, "IdentityProviderArn");
  bool has_provider = has(input, "IdentityProvider");
  bool has_product = has(input, "Product");
  std::string product = str(input, "Product");
  if (has_product) require_product(product);
  if (!by_arn) {
    if (!has_provider || !has_product)
      throw ApiError("ValidationException",
                     "Specify the identity provider by IdentityProviderArn, or by "
                     "IdentityProvider and Product.");
    return registered(
        r.identity_provider(directory_id_of(ctx, input["IdentityProvider"]), product));
  }
  auto p = registered(r.identity_provider(str(input, "IdentityProviderArn")));
  if (!p) {
    if (has_provider && has_product &&
        registered(r.identity_provider(directory_id_of(ctx, input["IdentityProvider"]), product)))
      throw ApiError("ValidationException",
                     "IdentityProviderArn " + str(input, "IdentityProviderArn") +
                         " does not name the registration that IdentityProvider and Product "
                         "name.");
    return p;
  }
  if ((has_provider && directory_id_of(ctx, input["IdentityProvider"]) != p->directory_id) ||
      (has_product && product != p->product))
    throw ApiError("ValidationException",
                   "IdentityProviderArn " + p->arn + " is the registration of directory " +
                       p->directory_id + " for " + p->product +
                       "; the IdentityProvider and Product given name another.");
  return p;
}

std::string describe(const Context& ctx, const json& input) {
  if (has(input, "IdentityProviderArn")) return str(input, "IdentityProviderArn");
  return "directory " + directory_id_of(ctx, input["IdentityProvider"]) + " and product " +
         str(input, "Product");
}

}  // namespace

json register_identity_provider(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::Repository r(tx, ctx.account, ctx.region);
  std::string directory_id = directory_id_of(ctx, input["IdentityProvider"]);
  std::string product = str(input, "Product");
  require_product(product);
  bool has_settings = has(input, "Settings");
  json settings = has_settings ? settings_from(input["Settings"]) : default_settings(ctx);
  auto tags = tags_from(input);

  if (auto existing = r.identity_provider(directory_id, product)) {
    if (existing->status != "DEREGISTERED") {
      // Idempotent: the same registration again (a retry) answers with what exists.
      if (has_settings && !same_settings(parse_stored(existing->settings), settings))
        throw ApiError("ConflictException", "Directory " + directory_id +
                                                " is already registered for " + product +
                                                " with other settings; change them with "
                                                "UpdateIdentityProviderSettings.");
      tags::Tags(ctx, tx, kService).add(existing->arn, tags, kTagQuota);
      return {{"IdentityProviderSummary", provider_summary(ctx, *existing)}};
    }
    tags::Tags(ctx, tx, kService).forget(existing->arn);
    r.delete_identity_provider(existing->arn);
  }

  repo::IdentityProvider p;
  p.arn = arn(ctx, "identity-provider", random_hex(32));
  p.directory_id = directory_id;
  p.product = product;
  p.identity_provider = canonical_identity_provider(input["IdentityProvider"], directory_id).dump();
  p.settings = settings.dump();
  p.registration_date = now_iso(ctx);
  r.insert_identity_provider(p);
  tags::Tags(ctx, tx, kService).add(p.arn, tags, kTagQuota);
  return {{"IdentityProviderSummary", provider_summary(ctx, p)}};
}

json list_identity_providers(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::Repository r(tx, ctx.account, ctx.region);
  auto filters = filters_from(input, {{"Product", repo::Field::kProduct},
                                      {"DirectoryId", repo::Field::kDirectoryId},
                                      {"Status", repo::Field::kStatus}});
  Page page = page_of(input);
  return page_json("IdentityProviderSummaries",
                   r.identity_providers(filters, page.offset, page.limit + 1), page,
                   [&](const repo::IdentityProvider& p) { return provider_summary(ctx, p); });
}

json deregister_identity_provider(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::Repository r(tx, ctx.account, ctx.region);
  // Deregistered already, or never registered: not found either way.
  auto p = named_provider(ctx, input, r);
  if (!p)
    throw ApiError("ResourceNotFoundException",
                   "No identity provider is registered for " + describe(ctx, input) + ".");

  if (auto n = r.endpoint_count(p->arn))
    throw ApiError("ConflictException",
                   "Identity provider " + p->arn + " still has " + std::to_string(n) +
                       " license server endpoint(s); delete them (DeleteLicenseServerEndpoint) "
                       "first.");
  if (auto n = r.active_subscription_count(p->directory_id, p->product))
    throw ApiError("ConflictException",
                   std::to_string(n) + " user(s) of directory " + p->directory_id +
                       " still have an active " + p->product +
                       " subscription; stop them (StopProductSubscription) first.");
  if (r.registration_count(p->directory_id) == 1)
    if (auto n = r.active_association_count(p->directory_id))
      throw ApiError("ConflictException",
                     std::to_string(n) + " user(s) of directory " + p->directory_id +
                         " are still associated with instances; disassociate them "
                         "(DisassociateUser) first.");

  // The answer is the registration as it ends; the registration itself is gone.
  p->status = "DEREGISTERED";
  r.delete_identity_provider(p->arn);
  tags::Tags(ctx, tx, kService).forget(p->arn);
  return {{"IdentityProviderSummary", provider_summary(ctx, *p)}};
}

json update_identity_provider_settings(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::Repository r(tx, ctx.account, ctx.region);
  auto p = named_provider(ctx, input, r);
  // The model declares no ResourceNotFoundException for this operation.
  if (!p)
    throw ApiError("ValidationException",
                   "No identity provider is registered for " + describe(ctx, input) + ".");
  const json& update = input["UpdateSettings"];
  json settings = parse_stored(p->settings);
  std::vector<std::string> subnets;
  if (settings.contains("Subnets") && settings["Subnets"].is_array())
    for (const auto& s : settings["Subnets"])
      if (s.is_string()) subnets.push_back(s.get<std::string>());
  for (const auto& s : update["RemoveSubnets"])
    subnets.erase(std::remove(subnets.begin(), subnets.end(), s.get<std::string>()), subnets.end());
  for (const auto& s : update["AddSubnets"])
    if (std::find(subnets.begin(), subnets.end(), s.get<std::string>()) == subnets.end())
      subnets.push_back(s.get<std::string>());
  if (subnets.empty())
    throw ApiError("ValidationException",
                   "The update would leave the identity provider without subnets; it needs at "
                   "least one.");
  settings["Subnets"] = subnets;
  if (has(update, "SecurityGroupId")) settings["SecurityGroupId"] = update["SecurityGroupId"];
  p->settings = settings.dump();
  r.update_settings(p->arn, p->settings);
  return {{"IdentityProviderSummary", provider_summary(ctx, *p)}};
}

}  // namespace junction::handlers::lmus
