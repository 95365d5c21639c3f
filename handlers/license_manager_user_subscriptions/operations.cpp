// The License Manager User Subscriptions operations: all of the model's. Their bindings, shapes
// and errors come from the service model
// (server/shapes/models/license_manager_user_subscriptions.cpp). A fault rule's outcome can make
// an association or a subscription end in a failed status (status_outcome).
#include "handlers/license_manager_user_subscriptions/license_manager_user_subscriptions.hpp"

namespace junction::handlers {

ServiceBindings license_manager_user_subscriptions_bindings() {
  using namespace lmus;
  using A = Access;
  return {"license-manager-user-subscriptions",
          {
              {"RegisterIdentityProvider", register_identity_provider, A::kWrite},
              {"ListIdentityProviders", list_identity_providers, A::kRead},
              {"DeregisterIdentityProvider", deregister_identity_provider, A::kWrite},
              {"UpdateIdentityProviderSettings", update_identity_provider_settings, A::kWrite},
              {"ListInstances", list_instances, A::kRead},
              {"AssociateUser", associate_user, A::kWrite, status_outcome("FAILED")},
              {"DisassociateUser", disassociate_user, A::kWrite},
              {"ListUserAssociations", list_user_associations, A::kRead},
              {"StartProductSubscription", start_product_subscription, A::kWrite,
               status_outcome("FAILED")},
              {"StopProductSubscription", stop_product_subscription, A::kWrite},
              {"ListProductSubscriptions", list_product_subscriptions, A::kRead},
              {"CreateLicenseServerEndpoint", create_license_server_endpoint, A::kWrite},
              {"ListLicenseServerEndpoints", list_license_server_endpoints, A::kRead},
              {"DeleteLicenseServerEndpoint", delete_license_server_endpoint, A::kWrite},
              {"ListTagsForResource", list_tags_for_resource, A::kRead},
              {"TagResource", tag_resource, A::kWrite},
              {"UntagResource", untag_resource, A::kWrite},
          }};
}

}  // namespace junction::handlers
