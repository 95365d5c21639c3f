// CreateStreamingURL: a temporary URL for a user of a stack, streamed from its running fleet.
// The URL starts the user's streaming session at once (AWS starts it when the user opens the
// URL), so that DescribeSessions and ExpireSession have something to show in tests.
#include "handlers/appstream/fleet.hpp"
#include "handlers/appstream/streaming_url.hpp"
#include "server/util/ids.hpp"

namespace junction::handlers::appstream {

namespace {

// Validity: 60 seconds when not given (the API reference).
constexpr std::int64_t kDefaultValidity = 60;
constexpr const char* kStreamingUrlUser = "API";

// The instance a new session goes to: on a multi-session fleet, the first instance with a free
// slot; otherwise (or when every instance is full) a new one.
std::string place_session(repo::FleetRepository& fleets, const repo::Fleet& f,
                          const json& attributes, double now) {
  if (multi_session(attributes)) {
    std::int64_t per = attributes["MaxSessionsPerInstance"].get<std::int64_t>();
    for (const auto& [instance, load] : fleets.instance_loads(f.name, now))
      if (load < per) return instance;
  }
  return "i-" + random_hex(17);
}

}  // namespace

json create_streaming_url(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::Repository stacks(tx, ctx.account, ctx.region);
  repo::FleetRepository fleets(tx, ctx.account, ctx.region);
  repo::Stack st = require_stack(stacks, str(input, "StackName"));
  repo::Fleet f = require_fleet(fleets, str(input, "FleetName"));
  std::int64_t validity = streaming_validity(input, kDefaultValidity);
  if (fleets.stack_fleet(st.name) != f.name)
    throw ApiError("InvalidParameterCombinationException",
                   "The fleet " + f.name + " is not associated with the stack " + st.name + ".");
  std::string state = fleet_state(ctx, f);
  if (state != "RUNNING")
    throw ApiError("ResourceNotAvailableException",
                   "The fleet " + f.name + " is " + state +
                       ": streaming URLs can be created only for a RUNNING fleet.");

  double now = ctx.now_seconds();
  std::string user = str(input, "UserId");
  auto session = fleets.user_session(st.name, f.name, user, kStreamingUrlUser, now);
  if (!session) {
    json attributes = fleet_attributes(f);
    repo::Session s;
    s.session_id = uuid4();
    s.stack_name = st.name;
    s.fleet_name = f.name;
    s.user_id = user;
    s.authentication_type = kStreamingUrlUser;
    s.instance_id = place_session(fleets, f, attributes, now);
    if (json eni = network_interface(attributes); !eni.is_null()) s.network_access = eni.dump();
    s.started_at = now;
    s.max_expires_at = now + attributes.value("MaxUserDurationInSeconds", 57600);
    fleets.insert_session(s);
    session = s;
  }

  double expires = now + static_cast<double>(validity);
  json parameters = {{"type", "END_USER"},
                     {"expires", std::to_string(static_cast<std::int64_t>(expires))},
                     {"awsAccountId", ctx.account},
                     {"userId", user},
                     {"catalogSource", "stack/" + st.name},
                     {"fleetRef", "fleet/" + f.name},
                     {"sessionId", session->session_id}};
  if (has(input, "ApplicationId")) parameters["applicationId"] = str(input, "ApplicationId");
  if (has(input, "SessionContext")) parameters["userContext"] = str(input, "SessionContext");
  return {{"StreamingURL", streaming_url(ctx, parameters)}, {"Expires", expires}};
}

}  // namespace junction::handlers::appstream
