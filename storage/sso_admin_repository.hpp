// SSO Admin's tables: instances, their access-control attributes and Regions, permission sets
// with their policies and provisioning, and account assignments (their asynchronous requests are
// storage/async_request_repository's). One repository per call, bound to an account and region.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "storage/database.hpp"

namespace junction::storage::sso_admin {

struct Instance {
  std::string arn;
  std::string identity_store_id;
  std::optional<std::string> name;
  double created_at = 0;
  bool stored = false;  // read from the database, not derived before it is stored
  // The organization instance every account+region has; else an account instance
  // (CreateInstance).
  bool organization = true;
  double active_at = 0;  // CREATE_IN_PROGRESS until then
  std::string kms_key_type = "AWS_OWNED_KMS_KEY";
  std::optional<std::string> kms_key_arn{};
  double encryption_settles_at = 0;  // the encryption configuration is UPDATING until then
  std::optional<std::string> client_token{};
  std::optional<std::string> request{};  // JSON of what CreateInstance was asked
  std::string region{};                  // the Region it is in, when read from the database
};

struct PermissionSet {
  std::string arn;
  std::string instance_arn;
  std::string name;
  std::optional<std::string> description;
  std::string session_duration;
  std::optional<std::string> relay_state;
  double created_at = 0;
  std::int64_t version = 1;  // grows with every change provisioning applies to accounts
  std::optional<std::string> inline_policy{};
  std::optional<std::string> permissions_boundary{};  // JSON of the PermissionsBoundary
};

// An AWS managed policy (`policy` is its ARN) or a customer managed policy reference (`policy`
// is path + name) attached to a permission set.
struct AttachedPolicy {
  std::string policy;
  std::string name;
  std::optional<std::string> path;
};
inline constexpr const char* kAwsManaged = "AWS_MANAGED";
inline constexpr const char* kCustomerManaged = "CUSTOMER_MANAGED";

struct AccessControlAttributes {
  std::string attributes;  // JSON list
  double created_at = 0;
  double settles_at = 0;  // CREATION_IN_PROGRESS until then, then ENABLED
};

struct InstanceRegion {
  std::string region_name;
  std::string pending_status;  // ADDING or REMOVING
  std::string final_status;    // ACTIVE or REMOVED
  double settles_at = 0;
  double added_at = 0;
};

struct Assignment {
  std::string instance_arn;
  std::string target_id;
  std::string target_type;
  std::string permission_set_arn;
  std::string principal_type;
  std::string principal_id;
  double created_at = 0;
};

// An assignment as its row holds it: views valid only inside the callback that is handed it.
struct AssignmentRow {
  std::string_view instance_arn;
  std::string_view target_id;
  std::string_view target_type;
  std::string_view permission_set_arn;
  std::string_view principal_type;
  std::string_view principal_id;
  double created_at = 0;
};
using AssignmentVisitor = std::function<void(const AssignmentRow&)>;

class Repository {
 public:
  Repository(Tx& tx, std::string account, std::string region)
      : tx_(tx), account_(std::move(account)), region_(std::move(region)) {}

  // The stored organization instance, if any.
  std::optional<Instance> instance();
  std::optional<Instance> instance(const std::string& arn);
  // Every stored instance of the account+region: the organization instance first, then account
  // instances as they were created.
  std::vector<Instance> instances();
  // The account instance of the account in any Region (AWS allows one per account).
  std::optional<Instance> account_instance_anywhere();
  std::optional<Instance> instance_by_identity_store(const std::string& identity_store_id);
  // Stores the derived instance; a no-op for one read from the database, or when one exists.
  void ensure_instance(const Instance& instance);
  void insert_instance(const Instance& instance);
  void update_instance(const Instance& instance);
  void delete_instance(const std::string& arn);

  // False when the instance already has a permission set of that name.
  bool insert_permission_set(const PermissionSet& ps);
  std::optional<PermissionSet> permission_set(const std::string& arn);
  // True when the permission set exists and belongs to the instance.
  bool has_permission_set(const std::string& instance_arn, const std::string& arn);
  std::vector<std::string> permission_set_arns(const std::string& instance_arn, std::int64_t offset,
                                               std::int64_t limit);
  // Writes the members UpdatePermissionSet changes, and the version.
  void update_permission_set(const PermissionSet& ps);
  void delete_permission_set(const std::string& arn);

  // A change provisioning applies to accounts: the permission set's version grows.
  void set_inline_policy(const std::string& arn, const std::optional<std::string>& policy);
  void set_permissions_boundary(const std::string& arn, const std::optional<std::string>& boundary);
  // False when the policy of that kind is attached already.
  bool attach_policy(const std::string& permission_set_arn, const char* kind,
                     const AttachedPolicy& policy, double now);
  // False when it was not attached.
  bool detach_policy(const std::string& permission_set_arn, const char* kind,
                     const std::string& policy);
  // AWS managed and customer managed policies together.
  std::int64_t attached_policy_count(const std::string& permission_set_arn);
  std::vector<AttachedPolicy> attached_policies(const std::string& permission_set_arn,
                                                const char* kind, std::int64_t offset,
                                                std::int64_t limit);
  void bump_version(const std::string& permission_set_arn);

  // Provisions the permission set, at its current version, to the account `target_id`. False
  // (and nothing written) when the instance has no such permission set: the statement that
  // writes is the one that reads it.
  bool provision(const std::string& instance_arn, const std::string& permission_set_arn,
                 const std::string& target_id, double now);
  // Every account the permission set is provisioned to gets its current version.
  void reprovision_all(const std::string& permission_set_arn, double now);
  // The permission set leaves the account once no assignment of it there is left.
  void deprovision_if_unassigned(const std::string& instance_arn,
                                 const std::string& permission_set_arn,
                                 const std::string& target_id);
  // `latest`: only those provisioned at the set's current version (true) or at an older one
  // (false).
  std::vector<std::string> permission_sets_provisioned_to(const std::string& instance_arn,
                                                          const std::string& target_id,
                                                          std::optional<bool> latest,
                                                          std::int64_t offset, std::int64_t limit);
  std::vector<std::string> accounts_provisioned_with(const std::string& permission_set_arn,
                                                     std::optional<bool> latest,
                                                     std::int64_t offset, std::int64_t limit);

  std::optional<AccessControlAttributes> access_control_attributes(const std::string& instance_arn);
  // False when the instance has a configuration already.
  bool insert_access_control_attributes(const std::string& instance_arn,
                                        const AccessControlAttributes& a);
  // False when the instance has none.
  bool update_access_control_attributes(const std::string& instance_arn,
                                        const std::string& attributes);
  bool delete_access_control_attributes(const std::string& instance_arn);

  // The instance's additional Regions, as stored (removed ones included until forgotten).
  std::vector<InstanceRegion> instance_regions(const std::string& instance_arn);
  void put_instance_region(const std::string& instance_arn, const InstanceRegion& region);
  void forget_removed_regions(const std::string& instance_arn, double now);

  std::int64_t assignment_count(const std::string& permission_set_arn);
  // False when the identical assignment exists already.
  bool insert_assignment(const Assignment& a);
  // False when there was no such assignment.
  bool delete_assignment(const Assignment& a);
  // A page of assignments, handed to `visit` row by row as they are read (nothing is copied);
  // returns how many rows there were.
  std::int64_t assignments(const std::string& instance_arn, const std::string& target_id,
                           const std::string& permission_set_arn, std::int64_t offset,
                           std::int64_t limit, const AssignmentVisitor& visit);
  // A principal's assignments, by account, permission set, principal type and id; with
  // `groups_of_store` (a user's identity store), also those of the groups of that store the user
  // is a member of: the user's access.
  std::int64_t assignments_for_principal(const std::string& instance_arn,
                                         const std::string& principal_type,
                                         const std::string& principal_id,
                                         const std::optional<std::string>& groups_of_store,
                                         const std::optional<std::string>& target_id,
                                         std::int64_t offset, std::int64_t limit,
                                         const AssignmentVisitor& visit);
  bool has_assignment(const Assignment& a);

 private:
  Tx& tx_;
  std::string account_;
  std::string region_;
};

}  // namespace junction::storage::sso_admin
