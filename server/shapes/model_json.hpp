// The linked model as JSON (`junction model`), so that a test can compare every declared binding
// and constraint with the botocore model installed on the machine.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>

#include "server/shapes/shape.hpp"

namespace junction::shapes {

// `implemented` tells which operations have a handler.
nlohmann::json describe_model(const Model& model,
                              const std::function<bool(const Operation&)>& implemented);

}  // namespace junction::shapes
