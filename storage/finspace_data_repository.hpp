// FinSpace Data's tables: users, permission groups, memberships, and the clientToken records of
// recent calls. One repository per call, bound to an account and region.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "storage/database.hpp"

namespace junction::storage::finspace_data {

struct User {
  std::string user_id;
  std::string email_address;
  std::string type;  // SUPER_USER | APP_USER
  std::optional<std::string> first_name;
  std::optional<std::string> last_name;
  std::string api_access;  // ENABLED | DISABLED
  std::optional<std::string> api_access_principal_arn;
  std::string status;            // ENABLED | DISABLED
  std::int64_t create_time = 0;  // epoch milliseconds, as every time below
  std::optional<std::int64_t> last_enabled_time;
  std::optional<std::int64_t> last_disabled_time;
  std::int64_t last_modified_time = 0;
  std::optional<std::int64_t> last_login_time;
};

struct PermissionGroup {
  std::string permission_group_id;
  std::string name;
  std::optional<std::string> description;
  std::vector<std::string> application_permissions;
  std::int64_t create_time = 0;
  std::int64_t last_modified_time = 0;
};

// What a call with a clientToken did, kept so that a retry replays it.
struct TokenRecord {
  std::string operation;
  std::string client_token;
  std::string parameters;  // the canonical parameters of the first call
  bool is_error = false;
  std::string body;  // the result, or the error, as the handlers serialized it
  std::int64_t create_time = 0;
};

// A SAVEPOINT inside the call's transaction: rollback() undoes what was written since it was
// taken and keeps the transaction going; release() keeps it. Neither after the other. An
// exception that leaves the call with neither rolls the whole transaction back anyway.
class Savepoint {
 public:
  explicit Savepoint(Tx& tx);
  Savepoint(const Savepoint&) = delete;
  Savepoint& operator=(const Savepoint&) = delete;

  void release();
  void rollback();

 private:
  Tx& tx_;
  bool open_ = true;
};

class Repository {
 public:
  // clientToken records kept, over all accounts, the newest (each also expires after ten
  // minutes): a retry beyond that many newer calls runs again instead of being replayed.
  static constexpr std::int64_t kTokensKept = 10000;

  Repository(Tx& tx, std::string account, std::string region)
      : tx_(tx), account_(std::move(account)), region_(std::move(region)) {}

  // False when the email address (compared without case) is already a user's.
  bool insert_user(const User& user);
  std::optional<User> user(const std::string& user_id);
  std::vector<User> users(std::int64_t offset, std::int64_t limit);
  void update_user(const User& user);

  void insert_permission_group(const PermissionGroup& group);
  std::optional<PermissionGroup> permission_group(const std::string& permission_group_id);
  std::vector<PermissionGroup> permission_groups(std::int64_t offset, std::int64_t limit);
  void update_permission_group(const PermissionGroup& group);
  // Drops the group's memberships too.
  void delete_permission_group(const std::string& permission_group_id);

  // False when the user is a member already.
  bool insert_membership(const std::string& permission_group_id, const std::string& user_id,
                         std::int64_t now);
  // False when the user was not a member.
  bool delete_membership(const std::string& permission_group_id, const std::string& user_id);
  // Members in the order they joined.
  std::vector<User> members(const std::string& permission_group_id, std::int64_t offset,
                            std::int64_t limit);
  // The user's groups in the order the user joined them.
  std::vector<PermissionGroup> groups_of(const std::string& user_id, std::int64_t offset,
                                         std::int64_t limit);

  // Forgets the records made at or before `cutoff`.
  void forget_tokens(std::int64_t cutoff);
  std::optional<TokenRecord> token(const std::string& operation, const std::string& client_token);
  void insert_token(const TokenRecord& record);

 private:
  Tx& tx_;
  std::string account_;
  std::string region_;
};

}  // namespace junction::storage::finspace_data
