// A fleet's life cycle: StartFleet (STARTING, then RUNNING) and StopFleet (STOPPING, then
// STOPPED). The pending state lasts --appstream-delay-ms; the state is derived when read, so
// boto3's fleet_started and fleet_stopped waiters see it change without any background work.
// A fault rule's outcome makes a start fail: the fleet stays STARTING, or falls back to STOPPED
// with FleetErrors.
#include "handlers/appstream/fleet.hpp"
#include "handlers/appstream/outcomes.hpp"

namespace junction::handlers::appstream {

namespace {

// What a fleet that fails to start reports, unless the fault rule words it otherwise.
constexpr const char* kStartFailureCode = "INTERNAL_SERVICE_ERROR";
constexpr const char* kStartFailureMessage =
    "The fleet could not be started because of an internal service error.";

// The fleet's new change of state; the errors of the last one go (`errors`: those of this one).
void set_transition(repo::FleetRepository& fleets, repo::Fleet& f, const Transition& t,
                    const json& errors = json::array()) {
  f.state_pending = t.pending;
  f.state_settled = t.settled;
  f.state_settles_at = t.settles_at;
  f.state_errors.reset();
  if (!errors.empty()) f.state_errors = errors.dump();
  fleets.update_fleet(f);
}

}  // namespace

json start_fleet(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::FleetRepository fleets(tx, ctx.account, ctx.region);
  repo::Fleet f = require_fleet(fleets, str(input, "Name"));
  std::string state = fleet_state(ctx, f);
  // A fleet that runs, or is starting, is left as it is.
  if (state == "RUNNING" || state == "STARTING") return json::object();
  if (state == "STOPPING")
    throw ApiError("ConcurrentModificationException",
                   "The fleet " + f.name + " is STOPPING: start it once it is STOPPED.");
  if (auto failed =
          injected_state(ctx, "STARTING", delay_ms(ctx), kStartFailureCode, kStartFailureMessage)) {
    set_transition(fleets, f, failed->transition, failed->errors);
    return json::object();
  }
  set_transition(fleets, f, Transition::after(ctx, "STARTING", "RUNNING", delay_ms(ctx)));
  return json::object();
}

json stop_fleet(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::FleetRepository fleets(tx, ctx.account, ctx.region);
  repo::Fleet f = require_fleet(fleets, str(input, "Name"));
  std::string state = fleet_state(ctx, f);
  // A fleet that is stopped, or stopping, is left as it is.
  if (state == "STOPPED" || state == "STOPPING") return json::object();
  set_transition(fleets, f, Transition::after(ctx, "STOPPING", "STOPPED", delay_ms(ctx)));
  // Its instances go, and the sessions they hosted end.
  fleets.delete_sessions(f.name);
  return json::object();
}

}  // namespace junction::handlers::appstream
