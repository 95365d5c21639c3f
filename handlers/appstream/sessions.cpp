// Streaming sessions: DescribeSessions, ExpireSession, DrainSessionInstance.
#include "handlers/appstream/fleet.hpp"

namespace junction::handlers::appstream {

namespace {

// DescribeSessions' Limit: 20 by default, 50 at most (the API reference).
constexpr std::int64_t kDefaultSessionPage = 20;
constexpr std::int64_t kMaxSessionPage = 50;

json session_json(const repo::Session& s, bool multi_session) {
  json out = {{"Id", s.session_id},
              {"UserId", s.user_id},
              {"StackName", s.stack_name},
              {"FleetName", s.fleet_name},
              {"State", "ACTIVE"},
              // No one opens a Junction streaming URL.
              {"ConnectionState", "NOT_CONNECTED"},
              {"StartTime", s.started_at},
              {"MaxExpirationTime", s.max_expires_at},
              {"AuthenticationType", s.authentication_type},
              {"InstanceId", s.instance_id},
              {"InstanceDrainStatus", !multi_session ? "NOT_APPLICABLE"
                                      : s.draining   ? "DRAINING"
                                                     : "ACTIVE"}};
  json network = stored_json(s.network_access);
  if (network.is_object()) out["NetworkAccessConfiguration"] = network;
  return out;
}

}  // namespace

json describe_sessions(const Context& ctx, const json& input, storage::Tx& tx) {
  if (has(input, "UserId") && !has(input, "AuthenticationType"))
    throw ApiError("InvalidParameterCombinationException",
                   "If you specify a user ID, you must also specify the authentication type.");
  repo::FleetRepository fleets(tx, ctx.account, ctx.region);
  Page page = list_page(input, "Limit", "limit", kDefaultSessionPage, kMaxSessionPage);
  repo::SessionFilter filter;
  filter.stack_name = str(input, "StackName");
  filter.fleet_name = str(input, "FleetName");
  filter.now = ctx.now_seconds();
  filter.user_id = optional_str(input, "UserId");
  // Without an authentication type, the sessions of streaming URL users.
  filter.authentication_type = str(input, "AuthenticationType", "API");
  filter.instance_id = optional_str(input, "InstanceId");
  auto rows = fleets.sessions(filter, page.offset, page.limit + 1);
  auto fleet = fleets.fleet(filter.fleet_name);
  bool multi = fleet && multi_session(fleet_attributes(*fleet));
  return page_json("Sessions", rows, page,
                   [&](const auto& row) { return session_json(row, multi); });
}

json expire_session(const Context& ctx, const json& input, storage::Tx& tx) {
  // The model declares no error: a session that has ended already, or never was, is not one.
  repo::FleetRepository(tx, ctx.account, ctx.region).delete_session(str(input, "SessionId"));
  return json::object();
}

json drain_session_instance(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::FleetRepository fleets(tx, ctx.account, ctx.region);
  std::string id = str(input, "SessionId");
  auto session = fleets.session(id);
  if (!session || session->max_expires_at <= ctx.now_seconds())
    throw ApiError("ResourceNotFoundException", "The session " + id + " does not exist.");
  repo::Fleet f = require_fleet(fleets, session->fleet_name);
  if (!multi_session(fleet_attributes(f)))
    throw ApiError("OperationNotPermittedException",
                   "The session " + id + " runs on the fleet " + f.name +
                       ", which is not a multi-session fleet: only instances of multi-session "
                       "fleets can be drained.");
  fleets.drain_instance(f.name, session->instance_id);
  return json::object();
}

}  // namespace junction::handlers::appstream
