// The finspace-data operations: all of the model's. Their bindings, shapes and errors come from
// the service model (server/shapes/models/finspace_data.cpp).
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
              {"CreateDataset", create_dataset, A::kWrite},
              {"GetDataset", get_dataset, A::kRead},
              {"ListDatasets", list_datasets, A::kRead},
              {"UpdateDataset", update_dataset, A::kWrite},
              {"DeleteDataset", delete_dataset, A::kWrite},
              {"CreateChangeset", create_changeset, A::kWrite},
              {"GetChangeset", get_changeset, A::kRead},
              {"ListChangesets", list_changesets, A::kRead},
              {"UpdateChangeset", update_changeset, A::kWrite},
              {"CreateDataView", create_data_view, A::kWrite},
              {"GetDataView", get_data_view, A::kRead},
              {"ListDataViews", list_data_views, A::kRead},
              {"GetExternalDataViewAccessDetails", get_external_data_view_access_details, A::kRead},
              {"GetProgrammaticAccessCredentials", get_programmatic_access_credentials, A::kRead},
              {"GetWorkingLocation", get_working_location, A::kRead},
          }};
}

}  // namespace junction::handlers
