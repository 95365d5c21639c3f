#include "handlers/api.hpp"

namespace junction::handlers {

ServiceBindings sso_admin_bindings();
ServiceBindings appstream_bindings();
ServiceBindings finspace_data_bindings();
ServiceBindings license_manager_user_subscriptions_bindings();
ServiceBindings identitystore_bindings();

const std::vector<ServiceBindings>& all_bindings() {
  static const std::vector<ServiceBindings> all = {
      sso_admin_bindings(),     appstream_bindings(),
      finspace_data_bindings(), license_manager_user_subscriptions_bindings(),
      identitystore_bindings(),
  };
  return all;
}

}  // namespace junction::handlers
