// SSO Admin's tables: the instance, permission sets and account assignments (their asynchronous
// requests are storage/async_request_repository's). One repository per call, bound to an account
// and region.
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
};

struct PermissionSet {
  std::string arn;
  std::string instance_arn;
  std::string name;
  std::optional<std::string> description;
  std::string session_duration;
  std::optional<std::string> relay_state;
  double created_at = 0;
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

  std::optional<Instance> instance();
  // Stores the derived instance; a no-op for one read from the database, or when one exists.
  void ensure_instance(const Instance& instance);

  // False when the instance already has a permission set of that name.
  bool insert_permission_set(const PermissionSet& ps);
  std::optional<PermissionSet> permission_set(const std::string& arn);
  // True when the permission set exists and belongs to the instance.
  bool has_permission_set(const std::string& instance_arn, const std::string& arn);
  std::vector<std::string> permission_set_arns(const std::string& instance_arn, std::int64_t offset,
                                               std::int64_t limit);
  void update_permission_set(const PermissionSet& ps);
  void delete_permission_set(const std::string& arn);

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
  std::int64_t assignments_for_principal(const std::string& instance_arn,
                                         const std::string& principal_type,
                                         const std::string& principal_id,
                                         const std::optional<std::string>& target_id,
                                         std::int64_t offset, std::int64_t limit,
                                         const AssignmentVisitor& visit);

 private:
  Tx& tx_;
  std::string account_;
  std::string region_;
};

}  // namespace junction::storage::sso_admin
