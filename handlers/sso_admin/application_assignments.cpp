// Application assignments: users and groups given access to an application. Unlike account
// assignments they are synchronous (the model has no request status for them).
#include "handlers/common/pagination.hpp"
#include "handlers/sso_admin/applications.hpp"

namespace junction::handlers::sso_admin {

namespace {

constexpr std::int64_t kDefaultPageSize = 100;

json assignment_json(const repo::ApplicationAssignment& a) {
  return {{"ApplicationArn", a.application_arn},
          {"PrincipalType", a.principal_type},
          {"PrincipalId", a.principal_id}};
}

json assignments_page(const Page& page, const std::vector<repo::ApplicationAssignment>& found) {
  return page_json("ApplicationAssignments", found, page,
                   [&](const auto& row) { return assignment_json(row); });
}

[[noreturn]] void no_assignment(const json& input) {
  throw ApiError("ResourceNotFoundException", "No assignment of " + str(input, "PrincipalType") +
                                                  " " + str(input, "PrincipalId") +
                                                  " to application " +
                                                  str(input, "ApplicationArn") + " exists.");
}

}  // namespace

json create_application_assignment(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::ApplicationRepository apps(tx, ctx.account, ctx.region);
  repo::Application app = require_application(ctx, apps, str(input, "ApplicationArn"));
  repo::Repository r(tx, ctx.account, ctx.region);
  repo::Instance instance = require_instance(ctx, r, app.instance_arn);
  std::string principal_type = str(input, "PrincipalType");
  std::string principal_id = str(input, "PrincipalId");

  // Application assignments are made at once, so a principal missing from the identity store is
  // an error of the call (principals.cpp).
  if (!principal_exists(ctx, tx, instance, principal_type, principal_id))
    throw ApiError("ResourceNotFoundException", "The " + principal_type + " " + principal_id +
                                                    " does not exist in identity store " +
                                                    instance.identity_store_id + ".");

  // An assignment that exists already is kept as it is: the call succeeds, as creating an
  // account assignment twice does.
  apps.insert_assignment(repo::ApplicationAssignment{app.arn, principal_type, principal_id,
                                                     instance.arn, ctx.now_seconds()});
  return json::object();
}

json delete_application_assignment(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::ApplicationRepository apps(tx, ctx.account, ctx.region);
  repo::Application app = require_application(ctx, apps, str(input, "ApplicationArn"));
  if (!apps.delete_assignment(app.arn, str(input, "PrincipalType"), str(input, "PrincipalId")))
    no_assignment(input);
  return json::object();
}

json describe_application_assignment(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::ApplicationRepository apps(tx, ctx.account, ctx.region);
  repo::Application app = require_application(ctx, apps, str(input, "ApplicationArn"));
  std::string principal_type = str(input, "PrincipalType");
  std::string principal_id = str(input, "PrincipalId");
  if (!apps.has_assignment(app.arn, principal_type, principal_id)) no_assignment(input);
  return {{"PrincipalType", principal_type},
          {"PrincipalId", principal_id},
          {"ApplicationArn", app.arn}};
}

json list_application_assignments(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::ApplicationRepository apps(tx, ctx.account, ctx.region);
  repo::Application app = require_application(ctx, apps, str(input, "ApplicationArn"));
  Page page = page_from(input, "NextToken", "MaxResults", kDefaultPageSize);
  return assignments_page(page, apps.assignments(app.arn, page.offset, page.limit + 1));
}

json list_application_assignments_for_principal(const Context& ctx, const json& input,
                                                storage::Tx& tx) {
  repo::Repository r(tx, ctx.account, ctx.region);
  repo::Instance instance = require_instance(ctx, r, str(input, "InstanceArn"));
  std::optional<std::string> application;
  if (has(input, "Filter") && has(input["Filter"], "ApplicationArn"))
    application = str(input["Filter"], "ApplicationArn");
  Page page = page_from(input, "NextToken", "MaxResults", kDefaultPageSize);
  repo::ApplicationRepository apps(tx, ctx.account, ctx.region);
  std::string type = str(input, "PrincipalType");
  // A user has the access of its groups too: each row names the principal it was assigned to.
  std::optional<std::string> groups_of_store;
  if (type == "USER") groups_of_store = instance.identity_store_id;
  return assignments_page(page, apps.assignments_for_principal(
                                    instance.arn, type, str(input, "PrincipalId"), groups_of_store,
                                    application, page.offset, page.limit + 1));
}

}  // namespace junction::handlers::sso_admin
