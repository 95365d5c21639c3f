// AppStream's fleets, the stacks they serve, and their streaming sessions. One repository per
// call, bound to an account and region.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "storage/database.hpp"

namespace junction::storage::appstream {

struct Fleet {
  std::string name;
  std::string arn;
  std::string fleet_type;
  std::string instance_type;
  std::optional<std::string> platform;
  std::optional<std::string> image_name;
  std::optional<std::string> image_arn;
  std::optional<std::string> private_image_name;  // when the image is one of the account's
  std::string attributes = "{}";  // JSON object of the other members of the Fleet shape
  // The state: `state_pending` until `state_settles_at`, then `state_settled`.
  std::string state_pending;
  std::string state_settled;
  double state_settles_at = 0;
  double created_at = 0;
  // JSON array of FleetError the fleet shows once its state has settled (a fault rule's
  // outcome: a fleet that fails to start), or none.
  std::optional<std::string> state_errors;
};

struct Session {
  std::string session_id;
  std::string stack_name;
  std::string fleet_name;
  std::string user_id;
  std::string authentication_type;
  std::string instance_id;
  bool draining = false;
  std::optional<std::string> network_access;  // JSON of NetworkAccessConfiguration
  double started_at = 0;
  double max_expires_at = 0;
};

// Which sessions to list: those of a stack and fleet still active at `now`, optionally of one
// user (and authentication type) or instance.
struct SessionFilter {
  std::string stack_name;
  std::string fleet_name;
  double now = 0;
  std::optional<std::string> user_id;
  std::optional<std::string> authentication_type;
  std::optional<std::string> instance_id;
};

// What a fleet's sessions occupy at a time: for its capacity status.
struct SessionCounts {
  std::int64_t sessions = 0;            // active sessions
  std::int64_t instances = 0;           // instances hosting at least one
  std::int64_t draining_instances = 0;  // of which draining
  std::int64_t draining_sessions = 0;   // sessions on draining instances
};

class FleetRepository {
 public:
  FleetRepository(Tx& tx, std::string account, std::string region)
      : tx_(tx), account_(std::move(account)), region_(std::move(region)) {}

  // False when a fleet of that name exists already.
  bool insert_fleet(const Fleet& fleet);
  std::optional<Fleet> fleet(const std::string& name);
  bool fleet_exists(const std::string& name);
  // Ordered by name.
  std::vector<Fleet> fleets(std::int64_t offset, std::int64_t limit);
  // Writes every column of the named fleet.
  void update_fleet(const Fleet& fleet);
  // False when there was no such fleet. Its sessions and application associations go with it.
  bool delete_fleet(const std::string& name);

  // The fleet of a stack, if it has one.
  std::optional<std::string> stack_fleet(const std::string& stack_name);
  void associate(const std::string& stack_name, const std::string& fleet_name, double at);
  // False when the pair was not associated.
  bool disassociate(const std::string& stack_name, const std::string& fleet_name);
  // The stacks a fleet serves, ordered by name.
  std::vector<std::string> fleet_stacks(const std::string& fleet_name, std::int64_t offset,
                                        std::int64_t limit);
  bool fleet_has_stacks(const std::string& fleet_name);

  void insert_session(const Session& session);
  std::optional<Session> session(const std::string& session_id);
  // The active session of a user on a stack and fleet, if any (the most recent).
  std::optional<Session> user_session(const std::string& stack_name, const std::string& fleet_name,
                                      const std::string& user_id,
                                      const std::string& authentication_type, double now);
  // Ordered by start time, then id.
  std::vector<Session> sessions(const SessionFilter& filter, std::int64_t offset,
                                std::int64_t limit);
  // Sessions of a fleet (any stack) active at `now`, and what they occupy.
  SessionCounts session_counts(const std::string& fleet_name, double now);
  // Active sessions per instance of a fleet at `now`: (instance id, sessions), by instance id.
  std::vector<std::pair<std::string, std::int64_t>> instance_loads(const std::string& fleet_name,
                                                                   double now);
  bool delete_session(const std::string& session_id);
  // Ends every session of a fleet (it stopped); of a stack and fleet when `stack_name` is set.
  void delete_sessions(const std::string& fleet_name,
                       const std::optional<std::string>& stack_name = std::nullopt);
  // True when the fleet has sessions on the stack active at `now`.
  bool has_sessions(const std::string& stack_name, const std::string& fleet_name, double now);
  // Marks an instance of a fleet as draining (every session it hosts).
  void drain_instance(const std::string& fleet_name, const std::string& instance_id);

 private:
  Tx& tx_;
  std::string account_;
  std::string region_;
};

}  // namespace junction::storage::appstream
