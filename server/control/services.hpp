// The services the control plane names in ?service= and fault rules (their botocore names) and
// the prefix of their tables in storage/ (the table naming contract).
#pragma once

#include <string>
#include <vector>

#include "server/shapes/shape.hpp"

namespace junction {

struct ServiceTables {
  const char* service;  // botocore name
  const char* prefix;   // every table of the service starts with it
};

const std::vector<ServiceTables>& service_tables();

// The model's service of that botocore name; throws ControlError 400 UnknownService naming the
// known ones.
const shapes::Service& require_service(const shapes::Model& model, const std::string& name);

// The table prefix of a service; throws like require_service.
std::string table_prefix(const std::string& service);

}  // namespace junction
