// Identity Store's tables: users, groups, group memberships and external ids. One repository per
// call, bound to an account, a region and one identity store.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "storage/database.hpp"

namespace junction::storage::identitystore {

// Who made or last changed a resource, and when (epoch seconds).
struct Audit {
  double created_at = 0;
  std::optional<std::string> created_by;
  std::optional<double> updated_at;
  std::optional<std::string> updated_by;
};

struct User {
  std::string user_id;
  std::string user_name;
  std::optional<std::string> display_name;
  std::string attributes = "{}";  // JSON object text: every other attribute, as the model names it
  Audit audit;
};

struct Group {
  std::string group_id;
  std::string display_name;
  std::optional<std::string> description;
  Audit audit;
};

struct Membership {
  std::string membership_id;
  std::string group_id;
  std::string member_user_id;
  Audit audit;
};

enum class ResourceKind { kUser, kGroup };

struct ExternalId {
  std::string issuer;
  std::string id;
};

class Repository {
 public:
  Repository(Tx& tx, std::string account, std::string region, std::string identity_store_id)
      : tx_(tx),
        account_(std::move(account)),
        region_(std::move(region)),
        store_(std::move(identity_store_id)) {}

  // False when the store has a user of that name (in any case) already.
  bool insert_user(const User& u);
  std::optional<User> user(const std::string& user_id);
  bool has_user(const std::string& user_id);
  // False when another user of the store has the new name.
  bool update_user(const User& u);
  // False when there was no such user. Its memberships and external ids go with it.
  bool delete_user(const std::string& user_id);
  // Ordered by user name; `user_name` given: only that user (compared without regard to case).
  std::vector<User> users(const std::optional<std::string>& user_name, std::int64_t offset,
                          std::int64_t limit);
  std::optional<std::string> user_id_by_name(const std::string& user_name);
  // The oldest user whose (only) email is `email`, compared without regard to case.
  std::optional<std::string> user_id_by_email(const std::string& email);

  bool insert_group(const Group& g);
  std::optional<Group> group(const std::string& group_id);
  bool has_group(const std::string& group_id);
  bool update_group(const Group& g);
  bool delete_group(const std::string& group_id);
  std::vector<Group> groups(const std::optional<std::string>& display_name, std::int64_t offset,
                            std::int64_t limit);
  std::optional<std::string> group_id_by_name(const std::string& display_name);

  std::vector<ExternalId> external_ids(ResourceKind kind, const std::string& resource_id);
  std::optional<std::string> resource_by_external_id(ResourceKind kind, const ExternalId& id);

  // False when the user is a member of the group already.
  bool insert_membership(const Membership& m);
  std::optional<Membership> membership(const std::string& membership_id);
  std::optional<Membership> membership_of(const std::string& group_id, const std::string& user_id);
  bool delete_membership(const std::string& membership_id);
  // Ordered by member, respectively by group.
  std::vector<Membership> memberships_of_group(const std::string& group_id, std::int64_t offset,
                                               std::int64_t limit);
  std::vector<Membership> memberships_of_user(const std::string& user_id, std::int64_t offset,
                                              std::int64_t limit);
  // Which of `group_ids` have the user as a member.
  std::vector<std::string> groups_with_member(const std::string& user_id,
                                              const std::vector<std::string>& group_ids);

 private:
  Tx& tx_;
  std::string account_;
  std::string region_;
  std::string store_;
};

}  // namespace junction::storage::identitystore
