// What the image builder handlers share: a builder's state as of now, its ImageBuilder shape,
// and what license-included software it runs.
#pragma once

#include <string>

#include "handlers/appstream/appstream.hpp"
#include "handlers/common/transition.hpp"

namespace junction::handlers::appstream {

inline Transition builder_transition(const repo::ImageBuilder& b) {
  return Transition{b.state_pending, b.state_settled, b.state_settles_at};
}
inline std::string builder_state(const Context& ctx, const repo::ImageBuilder& b) {
  return builder_transition(b).at(ctx.now_seconds());
}

// The named image builder; ResourceNotFoundException when there is none.
repo::ImageBuilder require_image_builder(repo::BuilderRepository& builders,
                                         const std::string& name);
// The ImageBuilder shape, as of the call.
json image_builder_json(const Context& ctx, const repo::ImageBuilder& b);
// Moves the builder to `pending` now and `settled` --appstream-delay-ms later, and stores it.
void set_builder_transition(const Context& ctx, repo::BuilderRepository& builders,
                            repo::ImageBuilder& b, const std::string& pending,
                            const std::string& settled);

// LatestAppstreamAgentVersion of a builder that runs `agent`: TRUE for [LATEST] or the newest.
const char* latest_agent_flag(const std::string& agent);

// The license-included applications Junction knows (the names the model documents).
bool known_software(const std::string& name);
// Whether a platform runs license-included applications (Windows only).
bool runs_software(const std::optional<std::string>& platform);

}  // namespace junction::handlers::appstream
