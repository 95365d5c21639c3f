// The catalogue of application providers: AWS's own, the same in every account and region, so
// constant data rather than state. The ARNs are AWS's (docs/sso-admin-applications.md gives where
// each was found); CreateApplication accepts the customer managed OAuth provider only, as AWS does.
#include "handlers/common/pagination.hpp"
#include "handlers/sso_admin/applications.hpp"

namespace junction::handlers::sso_admin {

namespace {

const std::vector<ApplicationProvider>& catalogue() {
  static const std::vector<ApplicationProvider> providers = {
      {"arn:aws:sso::aws:applicationProvider/custom",
       "OAUTH",
       "Custom OAuth 2.0 application",
       "A customer managed application that uses OAuth 2.0.",
       {},
       true},
      {"arn:aws:sso::aws:applicationProvider/custom-saml",
       "SAML",
       "Custom SAML 2.0 application",
       "A customer managed application that uses SAML 2.0.",
       {},
       false},
      {"arn:aws:sso::aws:applicationProvider/catalog/ExternalAWSAccount",
       "SAML",
       "External AWS Account",
       "Sign in to an AWS account outside the organization with SAML 2.0.",
       {},
       false},
      {"arn:aws:sso::aws:applicationProvider/Redshift",
       "OAUTH",
       "Amazon Redshift",
       "Amazon Redshift with trusted identity propagation.",
       {{"redshift:connect", "Connect to Amazon Redshift",
         "Lets the application connect to Amazon Redshift on the user's behalf."}},
       false},
  };
  return providers;
}

json provider_json(const ApplicationProvider& p) {
  json out = {{"ApplicationProviderArn", p.arn},
              {"FederationProtocol", p.federation_protocol},
              {"DisplayData", {{"DisplayName", p.display_name}, {"Description", p.description}}}};
  if (!p.scopes.empty()) {
    json scopes = json::object();
    for (const auto& s : p.scopes)
      scopes[s.name] = {{"DetailedTitle", s.detailed_title},
                        {"LongDescription", s.long_description}};
    out["ResourceServerConfig"] = {{"Scopes", scopes}};
  }
  return out;
}

}  // namespace

const ApplicationProvider* find_application_provider(const std::string& arn) {
  for (const auto& p : catalogue())
    if (arn == p.arn) return &p;
  return nullptr;
}

json list_application_providers(const Context&, const json& input, storage::Tx&) {
  Page page = page_from(input, "NextToken", "MaxResults", 100);
  const auto& all = catalogue();
  json out = {{"ApplicationProviders", json::array()}};
  for (const auto& p : slice(all, page)) out["ApplicationProviders"].push_back(provider_json(p));
  set_next_token(out, "NextToken", page, all);
  return out;
}

json describe_application_provider(const Context&, const json& input, storage::Tx&) {
  std::string arn = str(input, "ApplicationProviderArn");
  const ApplicationProvider* p = find_application_provider(arn);
  if (!p)
    throw ApiError("ResourceNotFoundException",
                   "Could not find ApplicationProvider with ARN " + arn + ".");
  return provider_json(*p);
}

}  // namespace junction::handlers::sso_admin
