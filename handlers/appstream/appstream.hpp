// AppStream 2.0 handlers, SPEC §3: stacks, user-pool users and their stack associations, images
// (copies, updates, imports, sharing, exports), fleets and their states, stack-fleet
// associations, streaming URLs and sessions, entitlements, app blocks and applications, image
// builders and their software, app block builders, directory configs, themes, usage reports,
// and tags.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "handlers/api.hpp"
#include "handlers/common/pagination.hpp"
#include "handlers/common/tags.hpp"
#include "server/shapes/shape.hpp"
#include "storage/appstream_applications_repository.hpp"
#include "storage/appstream_builders_repository.hpp"
#include "storage/appstream_fleets_repository.hpp"
#include "storage/appstream_images_repository.hpp"
#include "storage/appstream_repository.hpp"
#include "storage/appstream_settings_repository.hpp"

namespace junction::handlers::appstream {

namespace repo = storage::appstream;

inline constexpr const char* kService = "appstream";
// AppStream's quota: 50 tags per resource.
inline constexpr tags::Quota kTagQuota{50, "LimitExceededException"};

// How long AppStream's states in progress last (--appstream-delay-ms): fleets starting and
// stopping, image builders and app block builders, images being made, exports, deployments.
inline std::int64_t delay_ms(const Context& ctx) {
  return ctx.settings ? ctx.settings->appstream_delay_ms : 0;
}

// A shape of the AppStream model (server/shapes/models/appstream.cpp), by name.
const shapes::Shape& model_shape(const char* name);
// `value` reduced to the members `shape` declares, recursively (undeclared members a client sent
// are not stored, so what is returned always fits the model's output shape).
json project(const shapes::Shape& shape, const json& value);

// arn:aws:appstream:<region>:<account>:stack/<name>
std::string stack_arn(const Context& ctx, const std::string& name);
// arn:aws:appstream:<region>:<account>:<kind>/<name> (fleet, image, app-block, application, ...)
std::string resource_arn(const Context& ctx, const std::string& kind, const std::string& name);
// The name of a resource of `kind` in an ARN of the caller's account and region; nullopt when the
// ARN is not one.
std::optional<std::string> name_in_arn(const Context& ctx, const std::string& arn,
                                       const std::string& kind);

// A page of a list whose `limit_member` is optional: `default_size` when absent, at most
// `max_size`; below 1 → ValidationException (`wire_name` is the member as AWS names it).
Page list_page(const json& input, const char* limit_member, const char* wire_name,
               std::int64_t default_size, std::int64_t max_size);
// Stored JSON text back as a value (null when absent or not JSON).
json stored_json(const std::optional<std::string>& text);
// The input member as JSON text of the model shape `shape_name`'s member `member` (undeclared
// members dropped), or nullopt when not given.
std::optional<std::string> member_json(const json& input, const char* shape_name,
                                       const char* member);
// An optional string member of the input.
std::optional<std::string> optional_str(const json& input, const char* member);
// arn:aws:appstream:<region>:<account>:user/userpool/<name>, where the name's characters that an
// ARN cannot hold are written =XX (per UTF-8 byte); empty when the result would be too long.
std::string user_arn(const Context& ctx, const std::string& user_name);

// Throws InvalidParameterValueException unless `input`'s AuthenticationType is USERPOOL: the
// user-pool operations know no other kind of user. (User names are sensitive in the model, so no
// message repeats them.)
void require_user_pool(const json& input);

// A DomainJoinInfo in `attributes` (of a fleet or an image builder) names a directory config of
// the account (else ResourceNotFoundException) and, when it names an organizational unit, one of
// the config's (else InvalidParameterCombinationException). Nothing to check without one.
void check_domain_join(const Context& ctx, storage::Tx& tx, const json& attributes);

// The Stack shape of a stored stack.
json stack_json(const Context& ctx, const repo::Stack& st);

json create_stack(const Context&, const json&, storage::Tx&);
json describe_stacks(const Context&, const json&, storage::Tx&);
json delete_stack(const Context&, const json&, storage::Tx&);

json create_user(const Context&, const json&, storage::Tx&);
json describe_users(const Context&, const json&, storage::Tx&);
json delete_user(const Context&, const json&, storage::Tx&);
json enable_user(const Context&, const json&, storage::Tx&);
json disable_user(const Context&, const json&, storage::Tx&);

json batch_associate_user_stack(const Context&, const json&, storage::Tx&);
json batch_disassociate_user_stack(const Context&, const json&, storage::Tx&);
json describe_user_stack_associations(const Context&, const json&, storage::Tx&);

json update_stack(const Context&, const json&, storage::Tx&);

json describe_images(const Context&, const json&, storage::Tx&);

json create_fleet(const Context&, const json&, storage::Tx&);
json describe_fleets(const Context&, const json&, storage::Tx&);
json update_fleet(const Context&, const json&, storage::Tx&);
json delete_fleet(const Context&, const json&, storage::Tx&);
json start_fleet(const Context&, const json&, storage::Tx&);
json stop_fleet(const Context&, const json&, storage::Tx&);

json associate_fleet(const Context&, const json&, storage::Tx&);
json disassociate_fleet(const Context&, const json&, storage::Tx&);
json list_associated_fleets(const Context&, const json&, storage::Tx&);
json list_associated_stacks(const Context&, const json&, storage::Tx&);

json create_streaming_url(const Context&, const json&, storage::Tx&);
json describe_sessions(const Context&, const json&, storage::Tx&);
json expire_session(const Context&, const json&, storage::Tx&);
json drain_session_instance(const Context&, const json&, storage::Tx&);

json create_entitlement(const Context&, const json&, storage::Tx&);
json describe_entitlements(const Context&, const json&, storage::Tx&);
json update_entitlement(const Context&, const json&, storage::Tx&);
json delete_entitlement(const Context&, const json&, storage::Tx&);
json associate_application_to_entitlement(const Context&, const json&, storage::Tx&);
json disassociate_application_from_entitlement(const Context&, const json&, storage::Tx&);
json list_entitled_applications(const Context&, const json&, storage::Tx&);

json create_app_block(const Context&, const json&, storage::Tx&);
json describe_app_blocks(const Context&, const json&, storage::Tx&);
json delete_app_block(const Context&, const json&, storage::Tx&);
json create_application(const Context&, const json&, storage::Tx&);
json describe_applications(const Context&, const json&, storage::Tx&);
json update_application(const Context&, const json&, storage::Tx&);
json delete_application(const Context&, const json&, storage::Tx&);
json associate_application_fleet(const Context&, const json&, storage::Tx&);
json disassociate_application_fleet(const Context&, const json&, storage::Tx&);
json describe_application_fleet_associations(const Context&, const json&, storage::Tx&);

json copy_image(const Context&, const json&, storage::Tx&);
json create_updated_image(const Context&, const json&, storage::Tx&);
json create_imported_image(const Context&, const json&, storage::Tx&);
json delete_image(const Context&, const json&, storage::Tx&);
json describe_image_permissions(const Context&, const json&, storage::Tx&);
json update_image_permissions(const Context&, const json&, storage::Tx&);
json delete_image_permissions(const Context&, const json&, storage::Tx&);
json create_export_image_task(const Context&, const json&, storage::Tx&);
json get_export_image_task(const Context&, const json&, storage::Tx&);
json list_export_image_tasks(const Context&, const json&, storage::Tx&);

json create_image_builder(const Context&, const json&, storage::Tx&);
json describe_image_builders(const Context&, const json&, storage::Tx&);
json delete_image_builder(const Context&, const json&, storage::Tx&);
json start_image_builder(const Context&, const json&, storage::Tx&);
json stop_image_builder(const Context&, const json&, storage::Tx&);
json create_image_builder_streaming_url(const Context&, const json&, storage::Tx&);
json associate_software_to_image_builder(const Context&, const json&, storage::Tx&);
json disassociate_software_from_image_builder(const Context&, const json&, storage::Tx&);
json describe_software_associations(const Context&, const json&, storage::Tx&);
json start_software_deployment_to_image_builder(const Context&, const json&, storage::Tx&);

json create_app_block_builder(const Context&, const json&, storage::Tx&);
json describe_app_block_builders(const Context&, const json&, storage::Tx&);
json update_app_block_builder(const Context&, const json&, storage::Tx&);
json delete_app_block_builder(const Context&, const json&, storage::Tx&);
json start_app_block_builder(const Context&, const json&, storage::Tx&);
json stop_app_block_builder(const Context&, const json&, storage::Tx&);
json create_app_block_builder_streaming_url(const Context&, const json&, storage::Tx&);
json associate_app_block_builder_app_block(const Context&, const json&, storage::Tx&);
json disassociate_app_block_builder_app_block(const Context&, const json&, storage::Tx&);
json describe_app_block_builder_app_block_associations(const Context&, const json&, storage::Tx&);

json create_directory_config(const Context&, const json&, storage::Tx&);
json describe_directory_configs(const Context&, const json&, storage::Tx&);
json update_directory_config(const Context&, const json&, storage::Tx&);
json delete_directory_config(const Context&, const json&, storage::Tx&);

json create_theme_for_stack(const Context&, const json&, storage::Tx&);
json describe_theme_for_stack(const Context&, const json&, storage::Tx&);
json update_theme_for_stack(const Context&, const json&, storage::Tx&);
json delete_theme_for_stack(const Context&, const json&, storage::Tx&);

json create_usage_report_subscription(const Context&, const json&, storage::Tx&);
json describe_usage_report_subscriptions(const Context&, const json&, storage::Tx&);
json delete_usage_report_subscription(const Context&, const json&, storage::Tx&);
json describe_app_license_usage(const Context&, const json&, storage::Tx&);

json tag_resource(const Context&, const json&, storage::Tx&);
json untag_resource(const Context&, const json&, storage::Tx&);
json list_tags_for_resource(const Context&, const json&, storage::Tx&);

}  // namespace junction::handlers::appstream
