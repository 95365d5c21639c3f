// The license-manager-user-subscriptions operations Junction implements; every other operation of the model answers 501.
#include "handlers/api.hpp"

namespace junction::handlers {

ServiceBindings license_manager_user_subscriptions_bindings() { return {"license-manager-user-subscriptions", {}}; }

}  // namespace junction::handlers
