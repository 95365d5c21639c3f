// What an application is configured with: whether assignments are required, user background
// sessions, access scopes, authentication methods and grants. Each belongs to one application
// and goes with it.
#include "handlers/common/pagination.hpp"
#include "handlers/sso_admin/applications.hpp"

namespace junction::handlers::sso_admin {

namespace {

// The most access scopes one ListApplicationAccessScopes page holds (its Scopes list's maximum).
constexpr std::int64_t kScopePageSize = 10;
// Authentication methods and grants: a handful per application, listed whole unless paged.
constexpr std::int64_t kSettingPageSize = 100;

std::string dump(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

// The application named by the request's ApplicationArn.
repo::Application application_of(const Context& ctx, repo::ApplicationRepository& apps,
                                 const json& input) {
  return require_application(ctx, apps, str(input, "ApplicationArn"));
}

json scope_json(const repo::AccessScope& s) {
  json out = {{"Scope", s.scope}};
  if (s.authorized_targets) out["AuthorizedTargets"] = json::parse(*s.authorized_targets);
  return out;
}

// Which member of the Grant union each GrantType is given by.
struct GrantKind {
  const char* type;
  const char* member;
};
constexpr GrantKind kGrantKinds[] = {
    {"authorization_code", "AuthorizationCode"},
    {"refresh_token", "RefreshToken"},
    {"urn:ietf:params:oauth:grant-type:jwt-bearer", "JwtBearer"},
    {"urn:ietf:params:oauth:grant-type:token-exchange", "TokenExchange"},
};

// The rules of a grant the model documents but its shapes cannot say: the union member matches
// the GrantType, an authorization code grant has RedirectUris, and a JWT bearer grant names
// trusted token issuers of the application's instance.
void check_grant(const Context& ctx, storage::Tx& tx, const repo::Application& app,
                 const std::string& type, const json& grant) {
  const char* member = nullptr;
  for (const auto& kind : kGrantKinds)
    if (type == kind.type) member = kind.member;
  if (!member || !has(grant, member))
    throw ApiError("ValidationException", "A grant of type " + type + " must be given as Grant." +
                                              (member ? member : "?") + ".");
  const json& value = grant[member];
  if (type == "authorization_code" && !has(value, "RedirectUris"))
    throw ApiError("ValidationException",
                   "RedirectUris is required when the grant type is authorization_code.");
  if (member == std::string("JwtBearer")) {
    if (!has(value, "AuthorizedTokenIssuers"))
      throw ApiError("ValidationException",
                     "AuthorizedTokenIssuers is required when the grant type is " + type + ".");
    repo::TrustedTokenIssuerRepository issuers(tx, ctx.account, ctx.region);
    for (const auto& issuer : value["AuthorizedTokenIssuers"]) {
      if (!has(issuer, "TrustedTokenIssuerArn"))
        throw ApiError("ValidationException",
                       "Each authorized token issuer needs a TrustedTokenIssuerArn.");
      std::string arn = str(issuer, "TrustedTokenIssuerArn");
      auto found = issuers.find(arn);
      if (!found || found->instance_arn != app.instance_arn)
        throw ApiError("ResourceNotFoundException",
                       "Could not find TrustedTokenIssuer with ARN " + arn + ".");
    }
  }
}

}  // namespace

json get_application_assignment_configuration(const Context& ctx, const json& input,
                                              storage::Tx& tx) {
  repo::ApplicationRepository apps(tx, ctx.account, ctx.region);
  return {{"AssignmentRequired", application_of(ctx, apps, input).assignment_required}};
}

json put_application_assignment_configuration(const Context& ctx, const json& input,
                                              storage::Tx& tx) {
  repo::ApplicationRepository apps(tx, ctx.account, ctx.region);
  repo::Application app = application_of(ctx, apps, input);
  app.assignment_required = input["AssignmentRequired"].get<bool>();
  apps.update_application(app);
  return json::object();
}

json get_application_session_configuration(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::ApplicationRepository apps(tx, ctx.account, ctx.region);
  return {{"UserBackgroundSessionApplicationStatus",
           application_of(ctx, apps, input).user_background_sessions}};
}

json put_application_session_configuration(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::ApplicationRepository apps(tx, ctx.account, ctx.region);
  repo::Application app = application_of(ctx, apps, input);
  if (has(input, "UserBackgroundSessionApplicationStatus")) {
    app.user_background_sessions = str(input, "UserBackgroundSessionApplicationStatus");
    apps.update_application(app);
  }
  return json::object();
}

json put_application_access_scope(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::ApplicationRepository apps(tx, ctx.account, ctx.region);
  repo::Application app = application_of(ctx, apps, input);
  repo::AccessScope scope{str(input, "Scope"), std::nullopt};
  if (has(input, "AuthorizedTargets")) scope.authorized_targets = dump(input["AuthorizedTargets"]);
  apps.put_access_scope(app.arn, scope);
  return json::object();
}

json get_application_access_scope(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::ApplicationRepository apps(tx, ctx.account, ctx.region);
  repo::Application app = application_of(ctx, apps, input);
  std::string name = str(input, "Scope");
  auto scope = apps.access_scope(app.arn, name);
  if (!scope)
    throw ApiError("ResourceNotFoundException",
                   "The access scope " + name + " is not set on application " + app.arn + ".");
  return scope_json(*scope);
}

json delete_application_access_scope(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::ApplicationRepository apps(tx, ctx.account, ctx.region);
  repo::Application app = application_of(ctx, apps, input);
  std::string name = str(input, "Scope");
  if (!apps.delete_access_scope(app.arn, name))
    throw ApiError("ResourceNotFoundException",
                   "The access scope " + name + " is not set on application " + app.arn + ".");
  return json::object();
}

json list_application_access_scopes(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::ApplicationRepository apps(tx, ctx.account, ctx.region);
  repo::Application app = application_of(ctx, apps, input);
  Page page = page_from(input, "NextToken", "MaxResults", kScopePageSize);
  auto found = apps.access_scopes(app.arn, page.offset, page.limit + 1);
  return page_json("Scopes", found, page, [&](const auto& row) { return scope_json(row); });
}

json put_application_authentication_method(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::ApplicationRepository apps(tx, ctx.account, ctx.region);
  repo::Application app = application_of(ctx, apps, input);
  // IAM is the one type, given by the union's one member (Iam): the model's checks suffice.
  apps.put_authentication_method(
      app.arn, {str(input, "AuthenticationMethodType"), dump(input["AuthenticationMethod"])});
  return json::object();
}

json get_application_authentication_method(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::ApplicationRepository apps(tx, ctx.account, ctx.region);
  repo::Application app = application_of(ctx, apps, input);
  std::string type = str(input, "AuthenticationMethodType");
  auto method = apps.authentication_method(app.arn, type);
  if (!method)
    throw ApiError("ResourceNotFoundException", "No authentication method of type " + type +
                                                    " is set on application " + app.arn + ".");
  return {{"AuthenticationMethod", json::parse(method->value)}};
}

json delete_application_authentication_method(const Context& ctx, const json& input,
                                              storage::Tx& tx) {
  repo::ApplicationRepository apps(tx, ctx.account, ctx.region);
  repo::Application app = application_of(ctx, apps, input);
  std::string type = str(input, "AuthenticationMethodType");
  if (!apps.delete_authentication_method(app.arn, type))
    throw ApiError("ResourceNotFoundException", "No authentication method of type " + type +
                                                    " is set on application " + app.arn + ".");
  return json::object();
}

json list_application_authentication_methods(const Context& ctx, const json& input,
                                             storage::Tx& tx) {
  repo::ApplicationRepository apps(tx, ctx.account, ctx.region);
  repo::Application app = application_of(ctx, apps, input);
  Page page = page_from(input, "NextToken", "MaxResults", kSettingPageSize);
  auto all = apps.authentication_methods(app.arn);
  json out = {{"AuthenticationMethods", json::array()}};
  for (const auto& m : slice(all, page))
    out["AuthenticationMethods"].push_back(
        {{"AuthenticationMethodType", m.type}, {"AuthenticationMethod", json::parse(m.value)}});
  set_next_token(out, "NextToken", page, all);
  return out;
}

json put_application_grant(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::ApplicationRepository apps(tx, ctx.account, ctx.region);
  repo::Application app = application_of(ctx, apps, input);
  std::string type = str(input, "GrantType");
  check_grant(ctx, tx, app, type, input["Grant"]);
  apps.put_grant(app.arn, {type, dump(input["Grant"])});
  return json::object();
}

json get_application_grant(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::ApplicationRepository apps(tx, ctx.account, ctx.region);
  repo::Application app = application_of(ctx, apps, input);
  std::string type = str(input, "GrantType");
  auto grant = apps.grant(app.arn, type);
  if (!grant)
    throw ApiError("ResourceNotFoundException",
                   "No grant of type " + type + " is set on application " + app.arn + ".");
  return {{"Grant", json::parse(grant->value)}};
}

json delete_application_grant(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::ApplicationRepository apps(tx, ctx.account, ctx.region);
  repo::Application app = application_of(ctx, apps, input);
  std::string type = str(input, "GrantType");
  if (!apps.delete_grant(app.arn, type))
    throw ApiError("ResourceNotFoundException",
                   "No grant of type " + type + " is set on application " + app.arn + ".");
  return json::object();
}

json list_application_grants(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::ApplicationRepository apps(tx, ctx.account, ctx.region);
  repo::Application app = application_of(ctx, apps, input);
  Page page = page_from(input, "NextToken", "MaxResults", kSettingPageSize);
  auto all = apps.grants(app.arn);
  json out = {{"Grants", json::array()}};
  for (const auto& g : slice(all, page))
    out["Grants"].push_back({{"GrantType", g.type}, {"Grant", json::parse(g.value)}});
  set_next_token(out, "NextToken", page, all);
  return out;
}

}  // namespace junction::handlers::sso_admin
