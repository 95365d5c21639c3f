// SSO Admin's applications and what belongs to them: assignments, access scopes, authentication
// methods, grants and the two configurations (columns of the application). One repository per
// call, bound to an account and region.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "storage/database.hpp"

namespace junction::storage::sso_admin {

struct Application {
  std::string arn;
  std::string instance_arn;
  std::string provider_arn;
  std::string name;
  std::optional<std::string> description;
  std::string status;
  std::string portal_visibility;
  std::optional<std::string> sign_in_origin;
  std::optional<std::string> sign_in_application_url;
  bool assignment_required = true;
  std::string user_background_sessions = "DISABLED";
  double created_at = 0;
  std::optional<std::string> client_token;
  std::optional<std::string> request_digest;
};

struct ApplicationAssignment {
  std::string application_arn;
  std::string principal_type;
  std::string principal_id;
  std::string instance_arn;
  double created_at = 0;
};

struct AccessScope {
  std::string scope;
  std::optional<std::string> authorized_targets;  // JSON list
};

// An authentication method or a grant: its type and its union value as JSON text.
struct TypedSetting {
  std::string type;
  std::string value;
};

class ApplicationRepository {
 public:
  ApplicationRepository(Tx& tx, std::string account, std::string region)
      : tx_(tx), account_(std::move(account)), region_(std::move(region)) {}

  void insert_application(const Application& a);
  std::optional<Application> application(const std::string& arn);
  std::optional<Application> application_by_client_token(const std::string& instance_arn,
                                                         const std::string& client_token);
  // A page of the instance's applications in creation order, of one provider when given.
  std::vector<Application> applications(const std::string& instance_arn,
                                        const std::optional<std::string>& provider_arn,
                                        std::int64_t offset, std::int64_t limit);
  void update_application(const Application& a);
  // Its assignments, access scopes, authentication methods and grants go with it.
  void delete_application(const std::string& arn);
  // Deletes every application of the instance (it is being deleted); returns their ARNs.
  std::vector<std::string> delete_applications_of(const std::string& instance_arn);

  // False when the assignment exists already (it is kept as it is).
  bool insert_assignment(const ApplicationAssignment& a);
  bool has_assignment(const std::string& application_arn, const std::string& principal_type,
                      const std::string& principal_id);
  bool delete_assignment(const std::string& application_arn, const std::string& principal_type,
                         const std::string& principal_id);
  std::vector<ApplicationAssignment> assignments(const std::string& application_arn,
                                                 std::int64_t offset, std::int64_t limit);
  // A principal's assignments, by application, principal type and id; with `groups_of_store` (a
  // user's identity store), also those of the groups of that store the user is a member of.
  std::vector<ApplicationAssignment> assignments_for_principal(
      const std::string& instance_arn, const std::string& principal_type,
      const std::string& principal_id, const std::optional<std::string>& groups_of_store,
      const std::optional<std::string>& application_arn, std::int64_t offset, std::int64_t limit);

  void put_access_scope(const std::string& application_arn, const AccessScope& scope);
  std::optional<AccessScope> access_scope(const std::string& application_arn,
                                          const std::string& scope);
  bool delete_access_scope(const std::string& application_arn, const std::string& scope);
  std::vector<AccessScope> access_scopes(const std::string& application_arn, std::int64_t offset,
                                         std::int64_t limit);

  void put_authentication_method(const std::string& application_arn, const TypedSetting& method);
  std::optional<TypedSetting> authentication_method(const std::string& application_arn,
                                                    const std::string& type);
  bool delete_authentication_method(const std::string& application_arn, const std::string& type);
  std::vector<TypedSetting> authentication_methods(const std::string& application_arn);

  void put_grant(const std::string& application_arn, const TypedSetting& grant);
  std::optional<TypedSetting> grant(const std::string& application_arn, const std::string& type);
  bool delete_grant(const std::string& application_arn, const std::string& type);
  std::vector<TypedSetting> grants(const std::string& application_arn);

 private:
  Tx& tx_;
  std::string account_;
  std::string region_;
};

}  // namespace junction::storage::sso_admin
