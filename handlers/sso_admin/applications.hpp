// SSO Admin applications (their providers, assignments and settings) and trusted token issuers:
// the handlers, and what they share. docs/sso-admin-applications.md describes the behaviour.
#pragma once

#include <string>
#include <vector>

#include "handlers/sso_admin/sso_admin.hpp"
#include "storage/sso_admin_applications_repository.hpp"
#include "storage/sso_admin_trusted_token_issuers_repository.hpp"

namespace junction::handlers::sso_admin {

// One provider of AWS's catalogue (application_providers.cpp): constant data, not state.
struct ApplicationProvider {
  struct Scope {
    const char* name;
    const char* detailed_title;
    const char* long_description;
  };
  const char* arn;
  const char* federation_protocol;  // SAML | OAUTH
  const char* display_name;
  const char* description;
  std::vector<Scope> scopes;  // its resource server's access scopes, when it has one
  bool creatable;             // CreateApplication accepts it (customer managed OAuth only)
};

// The provider of that ARN, or null.
const ApplicationProvider* find_application_provider(const std::string& arn);

// The application `arn` of the caller's account and region; ResourceNotFoundException otherwise.
repo::Application require_application(const Context& ctx, repo::ApplicationRepository& apps,
                                      const std::string& arn);

// "ssoins-<16 hex>" of an instance ARN.
std::string instance_id(const std::string& instance_arn);
std::string identity_store_arn(const Context& ctx, const repo::Instance& instance);

// A digest of a create call's parameters but its ClientToken: a retry with the same token must
// carry the same parameters (object keys are sorted, so equal inputs give equal digests).
std::string request_digest(const json& input);
// The ConflictException of a ClientToken reused with other parameters.
[[noreturn]] void client_token_reused(const std::string& token, const char* operation);

json list_application_providers(const Context&, const json&, storage::Tx&);
json describe_application_provider(const Context&, const json&, storage::Tx&);

json create_application(const Context&, const json&, storage::Tx&);
json describe_application(const Context&, const json&, storage::Tx&);
json update_application(const Context&, const json&, storage::Tx&);
json delete_application(const Context&, const json&, storage::Tx&);
json list_applications(const Context&, const json&, storage::Tx&);

json create_application_assignment(const Context&, const json&, storage::Tx&);
json delete_application_assignment(const Context&, const json&, storage::Tx&);
json describe_application_assignment(const Context&, const json&, storage::Tx&);
json list_application_assignments(const Context&, const json&, storage::Tx&);
json list_application_assignments_for_principal(const Context&, const json&, storage::Tx&);

json get_application_assignment_configuration(const Context&, const json&, storage::Tx&);
json put_application_assignment_configuration(const Context&, const json&, storage::Tx&);
json get_application_session_configuration(const Context&, const json&, storage::Tx&);
json put_application_session_configuration(const Context&, const json&, storage::Tx&);
json put_application_access_scope(const Context&, const json&, storage::Tx&);
json get_application_access_scope(const Context&, const json&, storage::Tx&);
json delete_application_access_scope(const Context&, const json&, storage::Tx&);
json list_application_access_scopes(const Context&, const json&, storage::Tx&);
json put_application_authentication_method(const Context&, const json&, storage::Tx&);
json get_application_authentication_method(const Context&, const json&, storage::Tx&);
json delete_application_authentication_method(const Context&, const json&, storage::Tx&);
json list_application_authentication_methods(const Context&, const json&, storage::Tx&);
json put_application_grant(const Context&, const json&, storage::Tx&);
json get_application_grant(const Context&, const json&, storage::Tx&);
json delete_application_grant(const Context&, const json&, storage::Tx&);
json list_application_grants(const Context&, const json&, storage::Tx&);

json create_trusted_token_issuer(const Context&, const json&, storage::Tx&);
json describe_trusted_token_issuer(const Context&, const json&, storage::Tx&);
json update_trusted_token_issuer(const Context&, const json&, storage::Tx&);
json delete_trusted_token_issuer(const Context&, const json&, storage::Tx&);
json list_trusted_token_issuers(const Context&, const json&, storage::Tx&);

// Used by the tag handlers (tags.cpp): whether the application or issuer `arn` exists in
// `instance`.
bool application_exists(const Context& ctx, storage::Tx& tx, const repo::Instance& instance,
                        const std::string& arn);
bool trusted_token_issuer_exists(const Context& ctx, storage::Tx& tx,
                                 const repo::Instance& instance, const std::string& arn);

}  // namespace junction::handlers::sso_admin
