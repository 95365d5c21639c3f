// The finspace-data operations Junction implements. Their bindings, shapes and errors come from
// the service model (server/shapes/models/finspace_data.cpp); every other operation answers 501.
#include "handlers/finspace_data/finspace_data.hpp"

namespace junction::handlers {

ServiceBindings finspace_data_bindings() {
  using namespace finspace_data;
  using A = Access;
  return {"finspace-data",
          {
              {"CreateUser", create_user, A::kWrite},
              {"GetUser", get_user, A::kRead},
              {"ListUsers", list_users, A::kRead},
              {"UpdateUser", update_user, A::kWrite},
              {"DisableUser", disable_user, A::kWrite},
              {"EnableUser", enable_user, A::kWrite},
              {"ResetUserPassword", reset_user_password, A::kWrite},
              {"CreatePermissionGroup", create_permission_group, A::kWrite},
              {"GetPermissionGroup", get_permission_group, A::kRead},
              {"ListPermissionGroups", list_permission_groups, A::kRead},
              {"UpdatePermissionGroup", update_permission_group, A::kWrite},
              {"DeletePermissionGroup", delete_permission_group, A::kWrite},
              {"AssociateUserToPermissionGroup", associate_user_to_permission_group, A::kWrite},
              {"DisassociateUserFromPermissionGroup", disassociate_user_from_permission_group,
               A::kWrite},
              {"ListUsersByPermissionGroup", list_users_by_permission_group, A::kRead},
              {"ListPermissionGroupsByUser", list_permission_groups_by_user, A::kRead},
          }};
}

}  // namespace junction::handlers
