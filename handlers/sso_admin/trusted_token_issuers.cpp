// Trusted token issuers: external OIDC identity providers whose JWTs an instance accepts for
// trusted identity propagation. The issuer URL is fixed at creation (the update configuration
// has no member for it); the name and the attribute paths can change.
#include "handlers/common/pagination.hpp"
#include "handlers/sso_admin/applications.hpp"
#include "server/util/ids.hpp"

namespace junction::handlers::sso_admin {

namespace {

constexpr std::int64_t kDefaultPageSize = 100;
constexpr const char* kOidcJwt = "OidcJwtConfiguration";

repo::TrustedTokenIssuer require_issuer(repo::TrustedTokenIssuerRepository& issuers,
                                        const std::string& arn) {
  if (auto t = issuers.find(arn)) return *t;
  throw ApiError("ResourceNotFoundException",
                 "Could not find TrustedTokenIssuer with ARN " + arn + ".");
}

[[noreturn]] void name_taken(const std::string& name) {
  throw ApiError("ConflictException",
                 "A trusted token issuer named " + name + " already exists in this instance.");
}

json issuer_json(const repo::TrustedTokenIssuer& t) {
  return {{"TrustedTokenIssuerArn", t.arn},
          {"Name", t.name},
          {"TrustedTokenIssuerType", t.type},
          {"TrustedTokenIssuerConfiguration",
           {{kOidcJwt,
             {{"IssuerUrl", t.issuer_url},
              {"ClaimAttributePath", t.claim_attribute_path},
              {"IdentityStoreAttributePath", t.identity_store_attribute_path},
              {"JwksRetrievalOption", t.jwks_retrieval_option}}}}}};
}

}  // namespace

bool trusted_token_issuer_exists(const Context& ctx, storage::Tx& tx,
                                 const repo::Instance& instance, const std::string& arn) {
  auto t = repo::TrustedTokenIssuerRepository(tx, ctx.account, ctx.region).find(arn);
  return t && t->instance_arn == instance.arn;
}

json create_trusted_token_issuer(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::Repository r(tx, ctx.account, ctx.region);
  repo::Instance instance = require_instance(ctx, r, str(input, "InstanceArn"));
  repo::TrustedTokenIssuerRepository issuers(tx, ctx.account, ctx.region);

  std::optional<std::string> token;
  if (has(input, "ClientToken")) token = str(input, "ClientToken");
  std::string digest = request_digest(input);
  if (token) {
    if (auto earlier = issuers.by_client_token(instance.arn, *token)) {
      if (earlier->request_digest != digest)
        client_token_reused(*token, "CreateTrustedTokenIssuer");
      return {{"TrustedTokenIssuerArn", earlier->arn}};  // a retry: the same issuer
    }
  }

  // OIDC_JWT is the one type, and OidcJwtConfiguration the union's one member: the model's
  // checks have made sure it is there, with every member it requires.
  const json& config = input["TrustedTokenIssuerConfiguration"][kOidcJwt];
  repo::TrustedTokenIssuer t;
  t.arn = "arn:aws:sso::" + ctx.account + ":trustedTokenIssuer/" + instance_id(instance.arn) +
          "/tti-" + uuid4();
  t.instance_arn = instance.arn;
  t.name = str(input, "Name");
  t.type = str(input, "TrustedTokenIssuerType");
  t.issuer_url = str(config, "IssuerUrl");
  t.claim_attribute_path = str(config, "ClaimAttributePath");
  t.identity_store_attribute_path = str(config, "IdentityStoreAttributePath");
  t.jwks_retrieval_option = str(config, "JwksRetrievalOption");
  t.created_at = ctx.now_seconds();
  t.client_token = token;
  t.request_digest = digest;

  if (issuers.name_taken(instance.arn, t.name)) name_taken(t.name);
  if (issuers.issuer_url_taken(instance.arn, t.issuer_url))
    throw ApiError("ConflictException", "A trusted token issuer with issuer URL " + t.issuer_url +
                                            " already exists in this instance.");
  r.ensure_instance(instance);
  issuers.insert(t);
  if (has(input, "Tags"))
    tags::Tags(ctx, tx, kService).add(t.arn, tags::from_list(input["Tags"]), kTagQuota);
  return {{"TrustedTokenIssuerArn", t.arn}};
}

json describe_trusted_token_issuer(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::TrustedTokenIssuerRepository issuers(tx, ctx.account, ctx.region);
  return issuer_json(require_issuer(issuers, str(input, "TrustedTokenIssuerArn")));
}

json update_trusted_token_issuer(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::TrustedTokenIssuerRepository issuers(tx, ctx.account, ctx.region);
  repo::TrustedTokenIssuer t = require_issuer(issuers, str(input, "TrustedTokenIssuerArn"));
  if (has(input, "Name")) {
    t.name = str(input, "Name");
    if (issuers.name_taken(t.instance_arn, t.name, t.arn)) name_taken(t.name);
  }
  if (has(input, "TrustedTokenIssuerConfiguration")) {
    const json& config = input["TrustedTokenIssuerConfiguration"][kOidcJwt];
    if (has(config, "ClaimAttributePath"))
      t.claim_attribute_path = str(config, "ClaimAttributePath");
    if (has(config, "IdentityStoreAttributePath"))
      t.identity_store_attribute_path = str(config, "IdentityStoreAttributePath");
    if (has(config, "JwksRetrievalOption"))
      t.jwks_retrieval_option = str(config, "JwksRetrievalOption");
  }
  issuers.update(t);
  return json::object();
}

json delete_trusted_token_issuer(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::TrustedTokenIssuerRepository issuers(tx, ctx.account, ctx.region);
  repo::TrustedTokenIssuer t = require_issuer(issuers, str(input, "TrustedTokenIssuerArn"));
  // Grants that name it keep the ARN: AWS warns that their users lose access, it does not refuse.
  issuers.remove(t.arn);
  tags::Tags(ctx, tx, kService).forget(t.arn);
  return json::object();
}

json list_trusted_token_issuers(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::Repository r(tx, ctx.account, ctx.region);
  repo::Instance instance = require_instance(ctx, r, str(input, "InstanceArn"));
  Page page = page_from(input, "NextToken", "MaxResults", kDefaultPageSize);
  auto found = repo::TrustedTokenIssuerRepository(tx, ctx.account, ctx.region)
                   .list(instance.arn, page.offset, page.limit + 1);
  return page_json("TrustedTokenIssuers", found, page, [](const auto& issuer) {
    return json{{"TrustedTokenIssuerArn", issuer.arn},
                {"Name", issuer.name},
                {"TrustedTokenIssuerType", issuer.type}};
  });
}

}  // namespace junction::handlers::sso_admin
