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
      }};
}

}  // namespace junction::handlers
