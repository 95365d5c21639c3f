// The appstream operations Junction implements; every other operation of the model answers 501.
#include "handlers/api.hpp"

namespace junction::handlers {

ServiceBindings appstream_bindings() { return {"appstream", {}}; }

}  // namespace junction::handlers
