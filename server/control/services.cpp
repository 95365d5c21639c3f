#include "server/control/services.hpp"

#include "server/control/control_error.hpp"

namespace junction {
namespace {

[[noreturn]] void unknown_service(const std::string& name) {
  std::string known;
  for (const auto& s : service_tables())
    known += std::string(known.empty() ? "" : ", ") + s.service;
  throw bad_request("UnknownService",
                    "Unknown service '" + name + "'. Known services: " + known + ".");
}

}  // namespace

const std::vector<ServiceTables>& service_tables() {
  static const std::vector<ServiceTables> all = {
      {"sso-admin", "sso_"},
      {"appstream", "appstream_"},
      {"finspace-data", "finspace_"},
      {"license-manager-user-subscriptions", "lmus_"},
      {"identitystore", "identitystore_"},
  };
  return all;
}

const shapes::Service& require_service(const shapes::Model& model, const std::string& name) {
  const shapes::Service* service = model.by_sdk_name(name);
  if (!service) unknown_service(name);
  return *service;
}

std::string table_prefix(const std::string& service) {
  for (const auto& s : service_tables())
    if (service == s.service) return s.prefix;
  unknown_service(service);
}

}  // namespace junction
