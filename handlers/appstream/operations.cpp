// The AppStream operations Junction implements. Their bindings, shapes and errors come from the
// service model (server/shapes/models/appstream.cpp); every other operation answers 501.
#include "handlers/appstream/appstream.hpp"

namespace junction::handlers {

ServiceBindings appstream_bindings() {
  using namespace appstream;
  using A = Access;
  return {
      "appstream",
      {
          {"CreateStack", create_stack, A::kWrite},
          {"DescribeStacks", describe_stacks, A::kRead},
          {"DeleteStack", delete_stack, A::kWrite},
          {"CreateUser", create_user, A::kWrite},
          {"DescribeUsers", describe_users, A::kRead},
          {"DeleteUser", delete_user, A::kWrite},
          {"EnableUser", enable_user, A::kWrite},
          {"DisableUser", disable_user, A::kWrite},
          {"BatchAssociateUserStack", batch_associate_user_stack, A::kWrite},
          {"BatchDisassociateUserStack", batch_disassociate_user_stack, A::kWrite},
          {"DescribeUserStackAssociations", describe_user_stack_associations, A::kRead},
          {"UpdateStack", update_stack, A::kWrite},
          {"DescribeImages", describe_images, A::kRead},
          {"CreateFleet", create_fleet, A::kWrite},
          {"DescribeFleets", describe_fleets, A::kRead},
          {"UpdateFleet", update_fleet, A::kWrite},
          {"DeleteFleet", delete_fleet, A::kWrite},
          {"StartFleet", start_fleet, A::kWrite},
          {"StopFleet", stop_fleet, A::kWrite},
          {"AssociateFleet", associate_fleet, A::kWrite},
          {"DisassociateFleet", disassociate_fleet, A::kWrite},
          {"ListAssociatedFleets", list_associated_fleets, A::kRead},
          {"ListAssociatedStacks", list_associated_stacks, A::kRead},
          {"CreateStreamingURL", create_streaming_url, A::kWrite},
          {"DescribeSessions", describe_sessions, A::kRead},
          {"ExpireSession", expire_session, A::kWrite},
          {"DrainSessionInstance", drain_session_instance, A::kWrite},
          {"CreateEntitlement", create_entitlement, A::kWrite},
          {"DescribeEntitlements", describe_entitlements, A::kRead},
          {"UpdateEntitlement", update_entitlement, A::kWrite},
          {"DeleteEntitlement", delete_entitlement, A::kWrite},
          {"AssociateApplicationToEntitlement", associate_application_to_entitlement, A::kWrite},
          {"DisassociateApplicationFromEntitlement", disassociate_application_from_entitlement,
           A::kWrite},
          {"ListEntitledApplications", list_entitled_applications, A::kRead},
          {"CreateAppBlock", create_app_block, A::kWrite},
          {"DescribeAppBlocks", describe_app_blocks, A::kRead},
          {"DeleteAppBlock", delete_app_block, A::kWrite},
          {"CreateApplication", create_application, A::kWrite},
          {"DescribeApplications", describe_applications, A::kRead},
          {"UpdateApplication", update_application, A::kWrite},
          {"DeleteApplication", delete_application, A::kWrite},
          {"AssociateApplicationFleet", associate_application_fleet, A::kWrite},
          {"DisassociateApplicationFleet", disassociate_application_fleet, A::kWrite},
          {"DescribeApplicationFleetAssociations", describe_application_fleet_associations,
           A::kRead},
          {"CopyImage", copy_image, A::kWrite},
          {"CreateUpdatedImage", create_updated_image, A::kWrite},
          {"CreateImportedImage", create_imported_image, A::kWrite},
          {"DeleteImage", delete_image, A::kWrite},
          {"DescribeImagePermissions", describe_image_permissions, A::kRead},
          {"UpdateImagePermissions", update_image_permissions, A::kWrite},
          {"DeleteImagePermissions", delete_image_permissions, A::kWrite},
          {"CreateExportImageTask", create_export_image_task, A::kWrite},
          {"GetExportImageTask", get_export_image_task, A::kRead},
          {"ListExportImageTasks", list_export_image_tasks, A::kRead},
          {"CreateDirectoryConfig", create_directory_config, A::kWrite},
          {"DescribeDirectoryConfigs", describe_directory_configs, A::kRead},
          {"UpdateDirectoryConfig", update_directory_config, A::kWrite},
          {"DeleteDirectoryConfig", delete_directory_config, A::kWrite},
          {"TagResource", tag_resource, A::kWrite},
          {"UntagResource", untag_resource, A::kWrite},
          {"ListTagsForResource", list_tags_for_resource, A::kRead},
      }};
}

}  // namespace junction::handlers
