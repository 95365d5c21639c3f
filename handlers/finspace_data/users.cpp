// Users: create, read, list, update, enable and disable, reset the password.
#include "handlers/common/pagination.hpp"
#include "handlers/finspace_data/finspace_data.hpp"
#include "server/util/ids.hpp"

namespace junction::handlers::finspace_data {

namespace {

constexpr std::int64_t kDefaultPageSize = 100;

void set_if(json& out, const char* member, const std::optional<std::string>& value) {
  if (value) out[member] = *value;
}
void set_if(json& out, const char* member, const std::optional<std::int64_t>& value) {
  if (value) out[member] = *value;
}

}  // namespace

std::optional<std::string> optional_str(const json& input, const char* member) {
  if (!has(input, member)) return std::nullopt;
  return input[member].get<std::string>();
}

repo::User require_user(repo::Repository& r, const std::string& user_id) {
  auto user = r.user(user_id);
  if (!user)
    throw ApiError("ResourceNotFoundException", "The user " + user_id + " does not exist.",
                   {{"reason", reason::kUserNotFound}});
  return *user;
}

json user_json(const repo::User& u) {
  json out = {{"userId", u.user_id},
              {"status", u.status},
              {"emailAddress", u.email_address},
              {"type", u.type},
              {"apiAccess", u.api_access},
              {"createTime", u.create_time},
              {"lastModifiedTime", u.last_modified_time}};
  set_if(out, "firstName", u.first_name);
  set_if(out, "lastName", u.last_name);
  set_if(out, "apiAccessPrincipalArn", u.api_access_principal_arn);
  set_if(out, "lastEnabledTime", u.last_enabled_time);
  set_if(out, "lastDisabledTime", u.last_disabled_time);
  set_if(out, "lastLoginTime", u.last_login_time);
  return out;
}

json create_user(const Context& ctx, const json& input, storage::Tx& tx) {
  return once_per_client_token(ctx, "CreateUser", input, tx, [&] {
    repo::Repository r(tx, ctx.account, ctx.region);
    repo::User u;
    u.user_id = random_alnum(kIdLength);
    u.email_address = str(input, "emailAddress");
    u.type = str(input, "type");
    u.first_name = optional_str(input, "firstName");
    u.last_name = optional_str(input, "lastName");
    u.api_access = str(input, "apiAccess", "DISABLED");
    u.api_access_principal_arn = optional_str(input, "apiAccessPrincipalArn");
    u.status = "ENABLED";
    u.create_time = u.last_modified_time = ctx.now_ms;
    if (!r.insert_user(u))
      throw ApiError("ConflictException",
                     "A user with the email address " + u.email_address + " already exists.",
                     {{"reason", reason::kEmailInUse}});
    return json{{"userId", u.user_id}};
  });
}

json get_user(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::Repository r(tx, ctx.account, ctx.region);
  return user_json(require_user(r, str(input, "userId")));
}

json list_users(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::Repository r(tx, ctx.account, ctx.region);
  Page page = page_from(input, "nextToken", "maxResults", kDefaultPageSize);
  auto users = r.users(page.offset, page.limit + 1);
  return page_json({"users", "nextToken"}, users, page,
                   [&](const auto& row) { return user_json(row); });
}

json update_user(const Context& ctx, const json& input, storage::Tx& tx) {
  return once_per_client_token(ctx, "UpdateUser", input, tx, [&] {
    repo::Repository r(tx, ctx.account, ctx.region);
    repo::User u = require_user(r, str(input, "userId"));
    if (has(input, "type")) u.type = str(input, "type");
    if (has(input, "firstName")) u.first_name = str(input, "firstName");
    if (has(input, "lastName")) u.last_name = str(input, "lastName");
    if (has(input, "apiAccess")) u.api_access = str(input, "apiAccess");
    if (has(input, "apiAccessPrincipalArn"))
      u.api_access_principal_arn = str(input, "apiAccessPrincipalArn");
    u.last_modified_time = ctx.now_ms;
    r.update_user(u);
    return json{{"userId", u.user_id}};
  });
}

namespace {

// Enabling an enabled user or disabling a disabled one changes nothing and succeeds.
json set_status(const Context& ctx, const char* operation, const json& input, storage::Tx& tx,
                bool enable) {
  return once_per_client_token(ctx, operation, input, tx, [&] {
    repo::Repository r(tx, ctx.account, ctx.region);
    repo::User u = require_user(r, str(input, "userId"));
    const char* status = enable ? "ENABLED" : "DISABLED";
    if (u.status != status) {
      u.status = status;
      (enable ? u.last_enabled_time : u.last_disabled_time) = ctx.now_ms;
      u.last_modified_time = ctx.now_ms;
      r.update_user(u);
    }
    return json{{"userId", u.user_id}};
  });
}

}  // namespace

json disable_user(const Context& ctx, const json& input, storage::Tx& tx) {
  return set_status(ctx, "DisableUser", input, tx, false);
}

json enable_user(const Context& ctx, const json& input, storage::Tx& tx) {
  return set_status(ctx, "EnableUser", input, tx, true);
}

json reset_user_password(const Context& ctx, const json& input, storage::Tx& tx) {
  return once_per_client_token(ctx, "ResetUserPassword", input, tx, [&] {
    repo::Repository r(tx, ctx.account, ctx.region);
    repo::User u = require_user(r, str(input, "userId"));
    // 16 characters (the model allows 8 to 20); Junction keeps no password to check it against.
    return json{{"userId", u.user_id}, {"temporaryPassword", random_alnum(15) + "!"}};
  });
}

}  // namespace junction::handlers::finspace_data
