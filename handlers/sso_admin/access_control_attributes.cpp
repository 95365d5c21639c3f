// An instance's attribute-based access control (ABAC) configuration: the identity-store
// attributes passed to sessions. CreateInstanceAccessControlAttributeConfiguration enables it:
// CREATION_IN_PROGRESS for --sso-delay-ms, then ENABLED.
#include <set>

#include "handlers/common/transition.hpp"
#include "handlers/sso_admin/sso_admin.hpp"

namespace junction::handlers::sso_admin {

namespace {

constexpr const char* kConfiguration = "InstanceAccessControlAttributeConfiguration";

// The attributes given, as stored; each key once.
std::string attributes_of(const json& input) {
  const json& list = input[kConfiguration]["AccessControlAttributes"];
  std::set<std::string> keys;
  for (const auto& attribute : list)
    if (!keys.insert(str(attribute, "Key")).second)
      throw ApiError("ValidationException", "The access control attribute key " +
                                                str(attribute, "Key") + " is given twice.");
  return list.dump();
}

[[noreturn]] void no_configuration(const std::string& instance_arn) {
  throw ApiError(
      "ResourceNotFoundException",
      "The instance " + instance_arn + " has no access control attribute configuration.");
}

std::string instance_arn_of(const Context& ctx, storage::Tx& tx, const json& input) {
  repo::Repository r(tx, ctx.account, ctx.region);
  return require_instance(ctx, r, str(input, "InstanceArn")).arn;
}

}  // namespace

json create_instance_access_control_attribute_configuration(const Context& ctx, const json& input,
                                                            storage::Tx& tx) {
  std::string instance = instance_arn_of(ctx, tx, input);
  repo::AccessControlAttributes a{
      attributes_of(input), ctx.now_seconds(),
      Transition::after(ctx, "", "", ctx.settings->sso_delay_ms).settles_at};
  if (!repo::Repository(tx, ctx.account, ctx.region).insert_access_control_attributes(instance, a))
    throw ApiError("ConflictException",
                   "The instance " + instance +
                       " already has an access control attribute configuration; update it "
                       "instead.");
  return json::object();
}

json describe_instance_access_control_attribute_configuration(const Context& ctx, const json& input,
                                                              storage::Tx& tx) {
  std::string instance = instance_arn_of(ctx, tx, input);
  auto a = repo::Repository(tx, ctx.account, ctx.region).access_control_attributes(instance);
  if (!a) no_configuration(instance);
  return {{"Status",
           Transition{"CREATION_IN_PROGRESS", "ENABLED", a->settles_at}.at(ctx.now_seconds())},
          {kConfiguration, {{"AccessControlAttributes", json::parse(a->attributes)}}}};
}

json update_instance_access_control_attribute_configuration(const Context& ctx, const json& input,
                                                            storage::Tx& tx) {
  std::string instance = instance_arn_of(ctx, tx, input);
  if (!repo::Repository(tx, ctx.account, ctx.region)
           .update_access_control_attributes(instance, attributes_of(input)))
    no_configuration(instance);
  return json::object();
}

json delete_instance_access_control_attribute_configuration(const Context& ctx, const json& input,
                                                            storage::Tx& tx) {
  std::string instance = instance_arn_of(ctx, tx, input);
  if (!repo::Repository(tx, ctx.account, ctx.region).delete_access_control_attributes(instance))
    no_configuration(instance);
  return json::object();
}

}  // namespace junction::handlers::sso_admin
