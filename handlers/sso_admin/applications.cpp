// Applications: customer managed OAuth applications created through the API (AWS managed ones
// are created by their services, and SAML ones in the console), with their portal options.
#include "handlers/sso_admin/applications.hpp"

#include <algorithm>

#include "handlers/common/pagination.hpp"
#include "server/util/ids.hpp"

namespace junction::handlers::sso_admin {

namespace {

// ListApplications' ApplicationList holds at most 50 applications, whatever MaxResults says.
constexpr std::int64_t kMaxPageSize = 50;

json portal_options_json(const repo::Application& a) {
  json out = {{"Visibility", a.portal_visibility}};
  if (a.sign_in_origin) {
    json sign_in = {{"Origin", *a.sign_in_origin}};
    if (a.sign_in_application_url) sign_in["ApplicationUrl"] = *a.sign_in_application_url;
    out["SignInOptions"] = std::move(sign_in);
  }
  return out;
}

json application_json(const Context& ctx, const repo::Application& a,
                      const std::string& store_arn) {
  json out = {{"ApplicationArn", a.arn},
              {"ApplicationProviderArn", a.provider_arn},
              {"Name", a.name},
              {"ApplicationAccount", ctx.account},
              {"InstanceArn", a.instance_arn},
              {"IdentityStoreArn", store_arn},
              {"Status", a.status},
              {"PortalOptions", portal_options_json(a)},
              {"CreatedDate", a.created_at},
              {"CreatedFrom", ctx.region}};
  if (a.description) out["Description"] = *a.description;
  return out;
}

// A request's SignInOptions replace the application's: ApplicationUrl is required when Origin
// is APPLICATION (the model's documentation says so; its shape cannot).
void set_sign_in_options(repo::Application& a, const json& options) {
  std::string origin = str(options, "Origin");
  bool has_url = has(options, "ApplicationUrl");
  if (origin == "APPLICATION" && !has_url)
    throw ApiError("ValidationException",
                   "ApplicationUrl is required when the sign-in Origin is APPLICATION.");
  a.sign_in_origin = origin;
  a.sign_in_application_url =
      has_url ? std::optional<std::string>(str(options, "ApplicationUrl")) : std::nullopt;
}

json created_json(const Context& ctx, const repo::Application& a, const repo::Instance& instance) {
  return {{"ApplicationArn", a.arn},
          {"InstanceArn", instance.arn},
          {"IdentityStoreArn", identity_store_arn(ctx, instance)}};
}

}  // namespace

std::string instance_id(const std::string& instance_arn) {
  return instance_arn.substr(instance_arn.rfind('/') + 1);
}

std::string identity_store_arn(const Context& ctx, const repo::Instance& instance) {
  return "arn:aws:identitystore::" + ctx.account + ":identitystore/" + instance.identity_store_id;
}

std::string request_digest(const json& input) {
  json parameters = input;
  parameters.erase("ClientToken");
  return stable_hex(parameters.dump(-1, ' ', false, json::error_handler_t::replace), 32);
}

void client_token_reused(const std::string& token, const char* operation) {
  throw ApiError("ConflictException", "The client token " + token + " was already used for a " +
                                          operation + " call with other parameters.");
}

repo::Application require_application(const Context&, repo::ApplicationRepository& apps,
                                      const std::string& arn) {
  if (auto a = apps.application(arn)) return *a;
  throw ApiError("ResourceNotFoundException", "Could not find Application with ARN " + arn + ".");
}

bool application_exists(const Context& ctx, storage::Tx& tx, const repo::Instance& instance,
                        const std::string& arn) {
  auto a = repo::ApplicationRepository(tx, ctx.account, ctx.region).application(arn);
  return a && a->instance_arn == instance.arn;
}

json create_application(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::Repository r(tx, ctx.account, ctx.region);
  repo::Instance instance = require_instance(ctx, r, str(input, "InstanceArn"));
  std::string provider_arn = str(input, "ApplicationProviderArn");
  const ApplicationProvider* provider = find_application_provider(provider_arn);
  if (!provider)
    throw ApiError("ResourceNotFoundException",
                   "Could not find ApplicationProvider with ARN " + provider_arn + ".");
  if (!provider->creatable)
    throw ApiError("ValidationException", "The application provider with arn '" + provider_arn +
                                              "' is not supported for this action.");

  repo::ApplicationRepository apps(tx, ctx.account, ctx.region);
  std::optional<std::string> token;
  if (has(input, "ClientToken")) token = str(input, "ClientToken");
  std::string digest = request_digest(input);
  if (token) {
    if (auto earlier = apps.application_by_client_token(instance.arn, *token)) {
      if (earlier->request_digest != digest) client_token_reused(*token, "CreateApplication");
      return created_json(ctx, *earlier, instance);  // a retry: the same application
    }
  }

  repo::Application a;
  a.arn = "arn:aws:sso::" + ctx.account + ":application/" + instance_id(instance.arn) + "/apl-" +
          random_hex(16);
  a.instance_arn = instance.arn;
  a.provider_arn = provider_arn;
  a.name = str(input, "Name");
  if (has(input, "Description")) a.description = str(input, "Description");
  a.status = str(input, "Status", "ENABLED");
  a.portal_visibility = "ENABLED";
  if (has(input, "PortalOptions")) {
    const json& options = input["PortalOptions"];
    a.portal_visibility = str(options, "Visibility", "ENABLED");
    if (has(options, "SignInOptions")) set_sign_in_options(a, options["SignInOptions"]);
  }
  a.created_at = ctx.now_seconds();
  a.client_token = token;
  a.request_digest = digest;

  r.ensure_instance(instance);
  apps.insert_application(a);
  if (has(input, "Tags"))
    tags::Tags(ctx, tx, kService).add(a.arn, tags::from_list(input["Tags"]), kTagQuota);
  return created_json(ctx, a, instance);
}

json describe_application(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::ApplicationRepository apps(tx, ctx.account, ctx.region);
  repo::Application a = require_application(ctx, apps, str(input, "ApplicationArn"));
  repo::Repository r(tx, ctx.account, ctx.region);
  return application_json(ctx, a,
                          identity_store_arn(ctx, require_instance(ctx, r, a.instance_arn)));
}

json update_application(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::ApplicationRepository apps(tx, ctx.account, ctx.region);
  repo::Application a = require_application(ctx, apps, str(input, "ApplicationArn"));
  if (has(input, "Name")) a.name = str(input, "Name");
  if (has(input, "Description")) a.description = str(input, "Description");
  if (has(input, "Status")) a.status = str(input, "Status");
  // The update's PortalOptions carry SignInOptions only: Visibility stays as it is.
  if (has(input, "PortalOptions") && has(input["PortalOptions"], "SignInOptions"))
    set_sign_in_options(a, input["PortalOptions"]["SignInOptions"]);
  apps.update_application(a);
  return json::object();
}

json delete_application(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::ApplicationRepository apps(tx, ctx.account, ctx.region);
  repo::Application a = require_application(ctx, apps, str(input, "ApplicationArn"));
  apps.delete_application(a.arn);  // its assignments and settings go with it
  tags::Tags(ctx, tx, kService).forget(a.arn);
  return json::object();
}

json list_applications(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::Repository r(tx, ctx.account, ctx.region);
  repo::Instance instance = require_instance(ctx, r, str(input, "InstanceArn"));
  Page page = page_from(input, "NextToken", "MaxResults", kMaxPageSize);
  page.limit = std::min(page.limit, kMaxPageSize);
  json out = {{"Applications", json::array()}};
  std::optional<std::string> provider;
  if (has(input, "Filter")) {
    const json& filter = input["Filter"];
    // Every application of the caller's instance was created from the caller's account.
    if (has(filter, "ApplicationAccount") && str(filter, "ApplicationAccount") != ctx.account)
      return out;
    if (has(filter, "ApplicationProvider")) provider = str(filter, "ApplicationProvider");
  }
  auto found = repo::ApplicationRepository(tx, ctx.account, ctx.region)
                   .applications(instance.arn, provider, page.offset, page.limit + 1);
  std::string store_arn = identity_store_arn(ctx, instance);
  return page_json("Applications", found, page,
                   [&](const auto& row) { return application_json(ctx, row, store_arn); });
}

}  // namespace junction::handlers::sso_admin
