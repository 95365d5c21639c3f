// An image builder's life cycle: StartImageBuilder (PENDING, then RUNNING) and StopImageBuilder
// (STOPPING, then STOPPED), on the same --appstream-delay-ms as fleets; and the streaming URL of
// a running builder.
#include "handlers/appstream/image_builder.hpp"
#include "handlers/appstream/outcomes.hpp"
#include "handlers/appstream/streaming_url.hpp"

namespace junction::handlers::appstream {

json start_image_builder(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::BuilderRepository builders(tx, ctx.account, ctx.region);
  repo::ImageBuilder b = require_image_builder(builders, str(input, "Name"));
  std::string state = builder_state(ctx, b);
  if (state == "STOPPING")
    throw ApiError("ConcurrentModificationException",
                   "The image builder " + b.name + " is STOPPING: start it once it is STOPPED.");
  // A builder that runs, or is starting, is left as it is.
  if (state == "STOPPED") {
    if (has(input, "AppstreamAgentVersion")) {
      json attributes = stored_json(b.attributes);
      std::string agent = str(input, "AppstreamAgentVersion");
      attributes["AppstreamAgentVersion"] = agent;
      attributes["LatestAppstreamAgentVersion"] = latest_agent_flag(agent);
      b.attributes = attributes.dump();
    }
    start_builder(ctx, b, "PENDING", delay_ms(ctx), "image builder", "ImageBuilderErrors");
    builders.update_image_builder(b);
  }
  return {{"ImageBuilder", image_builder_json(ctx, b)}};
}

json stop_image_builder(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::BuilderRepository builders(tx, ctx.account, ctx.region);
  repo::ImageBuilder b = require_image_builder(builders, str(input, "Name"));
  std::string state = builder_state(ctx, b);
  // A builder an outcome rule holds in PENDING for good (it never settles elsewhere) can be
  // stopped, as a fleet held in STARTING can: otherwise nothing would remove it but a reset.
  bool held = state == "PENDING" && b.state_settled == "PENDING";
  if (state == "PENDING" && !held)
    throw ApiError("ConcurrentModificationException",
                   "The image builder " + b.name + " is PENDING: stop it once it is RUNNING.");
  // A builder that is stopped, or stopping, is left as it is.
  if (state == "RUNNING" || held) set_builder_transition(ctx, builders, b, "STOPPING", "STOPPED");
  return {{"ImageBuilder", image_builder_json(ctx, b)}};
}

json create_image_builder_streaming_url(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::BuilderRepository builders(tx, ctx.account, ctx.region);
  repo::ImageBuilder b = require_image_builder(builders, str(input, "Name"));
  return builder_streaming_url(ctx, input, "image builder", b.name, builder_state(ctx, b));
}

}  // namespace junction::handlers::appstream
