// A fleet's life cycle: StartFleet (STARTING, then RUNNING) and StopFleet (STOPPING, then
// STOPPED). The pending state lasts --appstream-delay-ms; the state is derived when read, so
// boto3's fleet_started and fleet_stopped waiters see it change without any background work.
#include "handlers/appstream/fleet.hpp"

namespace junction::handlers::appstream {

namespace {

void set_transition(repo::FleetRepository& fleets, repo::Fleet& f, const Transition& t) {
  f.state_pending = t.pending;
  f.state_settled = t.settled;
  f.state_settles_at = t.settles_at;
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
