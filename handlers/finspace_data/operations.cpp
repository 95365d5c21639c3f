// The finspace-data operations Junction implements; every other operation of the model answers 501.
#include "handlers/api.hpp"

namespace junction::handlers {

ServiceBindings finspace_data_bindings() { return {"finspace-data", {}}; }

}  // namespace junction::handlers
