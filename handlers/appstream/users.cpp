// User-pool users: CreateUser, DescribeUsers, DeleteUser, EnableUser, DisableUser.
#include <algorithm>

#include "handlers/appstream/appstream.hpp"
#include "handlers/common/pagination.hpp"
#include "server/shapes/validator.hpp"

namespace junction::handlers::appstream {

namespace {

constexpr std::int64_t kDefaultUserPage = 50;
constexpr std::int64_t kMaxUserPage = 100;
// A user created in the user pool has not signed in yet.
constexpr const char* kNewUserStatus = "UNCONFIRMED";

json user_json(const Context& ctx, const repo::User& u) {
  json out = {{"UserName", u.user_name},
              {"Enabled", u.enabled},
              {"Status", u.status},
              {"CreatedTime", u.created_at},
              {"AuthenticationType", repo::kUserPool}};
  std::string arn = user_arn(ctx, u.user_name);
  if (!arn.empty()) out["Arn"] = arn;
  if (u.first_name) out["FirstName"] = *u.first_name;
  if (u.last_name) out["LastName"] = *u.last_name;
  return out;
}

json set_enabled(const Context& ctx, const json& input, storage::Tx& tx, bool enabled) {
  require_user_pool(input);
  repo::Repository r(tx, ctx.account, ctx.region);
  if (!r.set_user_enabled(str(input, "UserName"), enabled))
    throw ApiError("ResourceNotFoundException",
                   "The specified user does not exist in the user pool.");
  return json::object();
}

}  // namespace

json create_user(const Context& ctx, const json& input, storage::Tx& tx) {
  require_user_pool(input);
  repo::Repository r(tx, ctx.account, ctx.region);
  std::string user_name = str(input, "UserName");
  std::optional<std::string> action = optional_str(input, "MessageAction");

  if (action == "RESEND") {
    // Sends the welcome email again to a user that exists; the user is left as it is.
    if (has(input, "FirstName") || has(input, "LastName"))
      throw ApiError("InvalidParameterCombinationException",
                     "FirstName and LastName cannot be specified when MessageAction is RESEND.");
    if (!r.record_welcome_email(user_name, *action))
      throw ApiError("ResourceNotFoundException",
                     "The specified user does not exist in the user pool, so the welcome email "
                     "cannot be sent again.");
    return json::object();
  }

  repo::User user;
  user.user_name = user_name;
  user.first_name = optional_str(input, "FirstName");
  user.last_name = optional_str(input, "LastName");
  user.enabled = true;
  user.status = kNewUserStatus;
  user.message_action = action;
  user.welcome_emails = action == "SUPPRESS" ? 0 : 1;
  user.created_at = ctx.now_seconds();
  if (!r.insert_user(user))
    throw ApiError("ResourceAlreadyExistsException",
                   "The specified user already exists in the user pool.");
  return json::object();
}

json describe_users(const Context& ctx, const json& input, storage::Tx& tx) {
  require_user_pool(input);
  repo::Repository r(tx, ctx.account, ctx.region);
  Page page = page_from(input, "NextToken", "MaxResults", kDefaultUserPage);
  // The model sets no bounds on this MaxResults; a page holds at least one user.
  if (page.limit < 1)
    throw ApiError("ValidationException",
                   shapes::validation_message(
                       {{"maxResults", "Value '" + std::to_string(page.limit) +
                                           "' at 'maxResults' failed to satisfy constraint: "
                                           "Member must have value greater than or equal to 1"}}));
  page.limit = std::min(page.limit, kMaxUserPage);
  auto rows = r.users(page.offset, page.limit + 1);
  return page_json("Users", rows, page, [&](const auto& row) { return user_json(ctx, row); });
}

json delete_user(const Context& ctx, const json& input, storage::Tx& tx) {
  require_user_pool(input);
  repo::Repository r(tx, ctx.account, ctx.region);
  if (!r.delete_user(str(input, "UserName")))
    throw ApiError("ResourceNotFoundException",
                   "The specified user does not exist in the user pool.");
  return json::object();
}

json enable_user(const Context& ctx, const json& input, storage::Tx& tx) {
  return set_enabled(ctx, input, tx, true);
}

json disable_user(const Context& ctx, const json& input, storage::Tx& tx) {
  return set_enabled(ctx, input, tx, false);
}

}  // namespace junction::handlers::appstream
