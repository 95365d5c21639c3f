// What the app block builder handlers share: a builder's state as of now and its
// AppBlockBuilder shape. A builder is STOPPED when created; it starts (STARTING, then RUNNING)
// only with an app block to package, and stops (STOPPING, then STOPPED), on
// --appstream-delay-ms.
#pragma once

#include <string>

#include "handlers/appstream/appstream.hpp"
#include "handlers/common/transition.hpp"

namespace junction::handlers::appstream {

inline std::string app_block_builder_state(const Context& ctx, const repo::AppBlockBuilder& b) {
  return Transition{b.state_pending, b.state_settled, b.state_settles_at}.at(ctx.now_seconds());
}

// The named app block builder; ResourceNotFoundException when there is none.
repo::AppBlockBuilder require_app_block_builder(repo::BuilderRepository& builders,
                                                const std::string& name);
// The AppBlockBuilder shape, as of the call.
json app_block_builder_json(const Context& ctx, const repo::AppBlockBuilder& b);

}  // namespace junction::handlers::appstream
