// Entitlements of a stack's applications to SAML users by their attributes:
// Create/Describe/Update/DeleteEntitlement, AssociateApplicationToEntitlement,
// DisassociateApplicationFromEntitlement, ListEntitledApplications.
#include "handlers/appstream/fleet.hpp"

namespace junction::handlers::appstream {

namespace {

constexpr std::int64_t kDefaultPage = 50;
constexpr std::int64_t kMaxPage = 100;

json entitlement_json(const repo::Entitlement& e) {
  json out = {{"Name", e.name},
              {"StackName", e.stack_name},
              {"AppVisibility", e.app_visibility},
              {"Attributes", stored_json(e.attributes)},
              {"CreatedTime", e.created_at},
              {"LastModifiedTime", e.modified_at}};
  if (e.description) out["Description"] = *e.description;
  return out;
}

std::string attributes_of(const json& input) {
  return project(*model_shape("Entitlement").member("Attributes")->shape, input["Attributes"])
      .dump();
}

// The stack (ResourceNotFoundException) and its entitlement (EntitlementNotFoundException).
repo::Entitlement require_entitlement(const Context& ctx, storage::Tx& tx,
                                      repo::ApplicationRepository& apps,
                                      const std::string& stack_name, const std::string& name) {
  repo::Repository stacks(tx, ctx.account, ctx.region);
  require_stack(stacks, stack_name);
  auto e = apps.entitlement(stack_name, name);
  if (!e)
    throw ApiError("EntitlementNotFoundException",
                   "The entitlement " + name + " does not exist for the stack " + stack_name + ".");
  return *e;
}

}  // namespace

json create_entitlement(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::Repository stacks(tx, ctx.account, ctx.region);
  repo::ApplicationRepository apps(tx, ctx.account, ctx.region);
  repo::Entitlement e;
  e.stack_name = require_stack(stacks, str(input, "StackName")).name;
  e.name = str(input, "Name");
  e.description = optional_str(input, "Description");
  e.app_visibility = str(input, "AppVisibility");
  e.attributes = attributes_of(input);
  e.created_at = e.modified_at = ctx.now_seconds();
  if (!apps.insert_entitlement(e))
    throw ApiError(
        "EntitlementAlreadyExistsException",
        "The entitlement " + e.name + " already exists for the stack " + e.stack_name + ".");
  return {{"Entitlement", entitlement_json(e)}};
}

json describe_entitlements(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::ApplicationRepository apps(tx, ctx.account, ctx.region);
  std::string stack_name = str(input, "StackName");
  json out = {{"Entitlements", json::array()}};
  if (has(input, "Name")) {
    out["Entitlements"].push_back(
        entitlement_json(require_entitlement(ctx, tx, apps, stack_name, str(input, "Name"))));
    return out;
  }
  repo::Repository stacks(tx, ctx.account, ctx.region);
  require_stack(stacks, stack_name);
  Page page = list_page(input, "MaxResults", "maxResults", kDefaultPage, kMaxPage);
  auto rows = apps.entitlements(stack_name, page.offset, page.limit + 1);
  return page_json("Entitlements", rows, page,
                   [&](const auto& row) { return entitlement_json(row); });
}

json update_entitlement(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::ApplicationRepository apps(tx, ctx.account, ctx.region);
  repo::Entitlement e =
      require_entitlement(ctx, tx, apps, str(input, "StackName"), str(input, "Name"));
  if (has(input, "Description")) e.description = str(input, "Description");
  if (has(input, "AppVisibility")) e.app_visibility = str(input, "AppVisibility");
  if (has(input, "Attributes")) e.attributes = attributes_of(input);
  e.modified_at = ctx.now_seconds();
  apps.update_entitlement(e);
  return {{"Entitlement", entitlement_json(e)}};
}

json delete_entitlement(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::ApplicationRepository apps(tx, ctx.account, ctx.region);
  repo::Entitlement e =
      require_entitlement(ctx, tx, apps, str(input, "StackName"), str(input, "Name"));
  // Its entitled applications go with it.
  apps.delete_entitlement(e.stack_name, e.name);
  return json::object();
}

json associate_application_to_entitlement(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::ApplicationRepository apps(tx, ctx.account, ctx.region);
  repo::Entitlement e =
      require_entitlement(ctx, tx, apps, str(input, "StackName"), str(input, "EntitlementName"));
  std::string id = str(input, "ApplicationIdentifier");
  // An application of an app block is named by its ARN, and must exist; the applications of an
  // image are named as in the image (Image Assistant's Name), which Junction cannot check.
  if (id.rfind("arn:", 0) == 0) {
    auto name = name_in_arn(ctx, id, "application");
    if (!name || !apps.application(*name))
      throw ApiError("ResourceNotFoundException", "The application " + id + " does not exist.");
  }
  apps.entitle(e.stack_name, e.name, id, ctx.now_seconds());
  return json::object();
}

json disassociate_application_from_entitlement(const Context& ctx, const json& input,
                                               storage::Tx& tx) {
  repo::ApplicationRepository apps(tx, ctx.account, ctx.region);
  repo::Entitlement e =
      require_entitlement(ctx, tx, apps, str(input, "StackName"), str(input, "EntitlementName"));
  std::string id = str(input, "ApplicationIdentifier");
  if (!apps.unentitle(e.stack_name, e.name, id))
    throw ApiError(
        "ResourceNotFoundException",
        "The application " + id + " is not associated with the entitlement " + e.name + ".");
  return json::object();
}

json list_entitled_applications(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::ApplicationRepository apps(tx, ctx.account, ctx.region);
  repo::Entitlement e =
      require_entitlement(ctx, tx, apps, str(input, "StackName"), str(input, "EntitlementName"));
  Page page = list_page(input, "MaxResults", "maxResults", kDefaultPage, kMaxPage);
  auto ids = apps.entitled_applications(e.stack_name, e.name, page.offset, page.limit + 1);
  return page_json("EntitledApplications", ids, page, [&](const auto& row) {
    return json{{"ApplicationIdentifier", row}};
  });
}

}  // namespace junction::handlers::appstream
