// AppStream's tables: stacks, user-pool users, and user-stack associations. One repository per
// call, bound to an account and region.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "storage/database.hpp"

namespace junction::storage::appstream {

inline constexpr const char* kUserPool = "USERPOOL";

struct Stack {
  std::string name;
  std::string arn;
  std::optional<std::string> description;
  std::optional<std::string> display_name;
  std::optional<std::string> redirect_url;
  std::optional<std::string> feedback_url;
  // The JSON text of the members of the model's shapes of the same names, as given at creation.
  std::optional<std::string> storage_connectors;
  std::optional<std::string> user_settings;
  std::optional<std::string> application_settings;
  std::optional<std::string> access_endpoints;
  std::optional<std::string> embed_host_domains;
  std::optional<std::string> streaming_experience_settings;
  std::optional<std::string> content_redirection;
  std::optional<std::string> agent_access_config;
  double created_at = 0;
};

// A user of the user pool (authentication type USERPOOL).
struct User {
  std::string user_name;
  std::optional<std::string> first_name;
  std::optional<std::string> last_name;
  bool enabled = true;
  std::string status;
  std::optional<std::string> message_action;  // the last MessageAction given
  std::int64_t welcome_emails = 0;            // welcome emails the user pool would have sent
  double created_at = 0;
};

struct Association {
  std::string stack_name;
  std::string user_name;
  std::string authentication_type;
  std::optional<bool> send_email_notification;  // as given when the pair was associated
  double created_at = 0;
};

// Which associations to list: by stack, by user (name and authentication type), or both. At least
// the stack or the user name is set.
struct AssociationFilter {
  std::optional<std::string> stack_name;
  std::optional<std::string> user_name;
  std::optional<std::string> authentication_type;
};

class Repository {
 public:
  Repository(Tx& tx, std::string account, std::string region)
      : tx_(tx), account_(std::move(account)), region_(std::move(region)) {}

  // False when a stack of that name exists already.
  bool insert_stack(const Stack& stack);
  std::optional<Stack> stack(const std::string& name);
  bool stack_exists(const std::string& name);
  // Ordered by name.
  std::vector<Stack> stacks(std::int64_t offset, std::int64_t limit);
  // Writes every column of the named stack but its ARN and creation time.
  void update_stack(const Stack& stack);
  // False when there was no such stack. Its associations go with it.
  bool delete_stack(const std::string& name);

  // False when the user exists already.
  bool insert_user(const User& user);
  std::optional<User> user(const std::string& user_name);
  bool user_exists(const std::string& user_name);
  // Ordered by user name.
  std::vector<User> users(std::int64_t offset, std::int64_t limit);
  // False when there is no such user.
  bool set_user_enabled(const std::string& user_name, bool enabled);
  // Records a welcome email sent again (MessageAction RESEND); false when there is no such user.
  bool record_welcome_email(const std::string& user_name, const std::string& message_action);
  // False when there was no such user. Its associations go with it.
  bool delete_user(const std::string& user_name);

  // False when the pair was associated already (the stored association is kept as it is).
  bool associate(const Association& a);
  // False when the pair was not associated.
  bool disassociate(const std::string& stack_name, const std::string& user_name,
                    const std::string& authentication_type);
  // By stack: ordered by user name and authentication type; by user only: ordered by stack name.
  std::vector<Association> associations(const AssociationFilter& filter, std::int64_t offset,
                                        std::int64_t limit);

 private:
  Tx& tx_;
  std::string account_;
  std::string region_;
};

}  // namespace junction::storage::appstream
