// FinSpace Data: the repository, the handlers, clientToken idempotency, and the dispatcher's
// commit of a recorded error.
#include "handlers/finspace_data/finspace_data.hpp"

#include <catch2/catch.hpp>
#include <optional>
#include <regex>

#include "server/dispatcher.hpp"
#include "server/protocol/codec.hpp"
#include "server/shapes/shape.hpp"
#include "storage/finspace_data_repository.hpp"

namespace {

using junction::ApiError;
using junction::handlers::Context;
using junction::handlers::HandlerFn;
using junction::handlers::Settings;
using junction::storage::Database;
using junction::storage::Tx;
using nlohmann::json;
namespace fs = junction::handlers::finspace_data;
namespace repo = junction::storage::finspace_data;

constexpr std::int64_t kT0 = 1'800'000'000'000;  // epoch milliseconds

// Runs a handler the way the dispatcher does: one write transaction; an ApiError marked
// keep_writes is reported after the commit.
struct Harness {
  Database db{""};
  Settings settings;
  std::string account = "111111111111";
  std::string region = "us-east-1";
  std::int64_t now = kT0;

  json call(HandlerFn fn, const json& input) {
    Context ctx{account, region, "req", now, &settings};
    std::optional<ApiError> error;
    json out = db.write([&](Tx& tx) {
      try {
        return fn(ctx, input, tx);
      } catch (const ApiError& e) {
        if (!e.keep_writes) throw;
        error = e;
        return json();
      }
    });
    if (error) throw *error;
    return out;
  }

  // The error type `fn` fails with ("" when it succeeds); `reason` receives the reason member.
  std::string error_of(HandlerFn fn, const json& input, std::string* reason = nullptr) {
    try {
      call(fn, input);
    } catch (const ApiError& e) {
      if (reason) *reason = e.fields.value("reason", "");
      return e.type;
    }
    return "";
  }

  std::string new_user(const std::string& email, const json& extra = json::object()) {
    json input = {{"emailAddress", email}, {"type", "APP_USER"}};
    input.update(extra);
    return call(fs::create_user, input)["userId"];
  }
  std::string new_group(const std::string& name) {
    return call(
        fs::create_permission_group,
        {{"name", name}, {"applicationPermissions", {"CreateDataset"}}})["permissionGroupId"];
  }
  json pair(const std::string& group, const std::string& user) {
    return {{"permissionGroupId", group}, {"userId", user}};
  }
  std::int64_t token_count() {
    return db.read([](Tx& tx) {
      auto s = tx.query("SELECT COUNT(*) FROM finspace_idempotency_tokens");
      s.step();
      return s.integer(0);
    });
  }
};

bool is_id(const std::string& id) { return std::regex_match(id, std::regex("[A-Za-z0-9]{22}")); }

}  // namespace

TEST_CASE("finspace repository: users, email uniqueness, paging") {
  Database db("");
  db.write([](Tx& tx) {
    repo::Repository r(tx, "111111111111", "us-east-1");
    repo::User u;
    u.user_id = "u1";
    u.email_address = "Ann@Example.com";
    u.type = "APP_USER";
    u.api_access = "DISABLED";
    u.status = "ENABLED";
    u.create_time = u.last_modified_time = 10;
    REQUIRE(r.insert_user(u));
    u.user_id = "u2";
    u.email_address = "ann@example.COM";
    CHECK_FALSE(r.insert_user(u));  // the same address, other case
    u.email_address = "bob@example.com";
    u.create_time = 5;  // the same or an earlier millisecond: the order made still counts
    REQUIRE(r.insert_user(u));

    auto all = r.users(0, 10);
    REQUIRE(all.size() == 2);
    CHECK(all[0].user_id == "u1");  // in the order they were made
    CHECK(r.users(1, 1).at(0).user_id == "u2");
    CHECK_FALSE(all[1].first_name);
    CHECK_FALSE(all[1].last_enabled_time);

    u = *r.user("u1");
    u.status = "DISABLED";
    u.last_disabled_time = 20;
    r.update_user(u);
    CHECK(r.user("u1")->status == "DISABLED");
    CHECK(*r.user("u1")->last_disabled_time == 20);
    CHECK(r.users(0, 10).size() == 2);  // a disabled user is still listed

    // Another region is another partition.
    repo::Repository other(tx, "111111111111", "eu-west-1");
    CHECK_FALSE(other.user("u1"));
    u.user_id = "u1";
    u.email_address = "ann@example.com";
    CHECK(other.insert_user(u));
  });
}

TEST_CASE("finspace repository: memberships cascade with their group") {
  Database db("");
  db.write([](Tx& tx) {
    repo::Repository r(tx, "111111111111", "us-east-1");
    for (const char* id : {"u1", "u2"}) {
      repo::User u;
      u.user_id = id;
      u.email_address = std::string(id) + "@example.com";
      u.type = "SUPER_USER";
      u.api_access = "ENABLED";
      u.status = "ENABLED";
      REQUIRE(r.insert_user(u));
    }
    r.insert_permission_group(
        {"g1", "one", std::nullopt, {"CreateDataset", "ViewAuditData"}, 1, 1});
    r.insert_permission_group({"g2", "two", "second", {}, 2, 2});
    CHECK(r.permission_group("g1")->application_permissions ==
          std::vector<std::string>{"CreateDataset", "ViewAuditData"});
    CHECK(r.permission_group("g2")->application_permissions.empty());
    CHECK(*r.permission_group("g2")->description == "second");

    REQUIRE(r.insert_membership("g1", "u2", 100));
    REQUIRE(r.insert_membership("g1", "u1", 200));
    REQUIRE(r.insert_membership("g2", "u1", 300));
    CHECK_FALSE(r.insert_membership("g1", "u1", 400));
    auto members = r.members("g1", 0, 10);
    REQUIRE(members.size() == 2);
    CHECK(members[0].user_id == "u2");  // in the order they joined
    auto groups = r.groups_of("u1", 0, 10);
    REQUIRE(groups.size() == 2);
    CHECK(groups[0].permission_group_id == "g1");
    CHECK(r.groups_of("u1", 1, 10).size() == 1);

    r.delete_permission_group("g1");
    CHECK(r.groups_of("u1", 0, 10).size() == 1);
    CHECK(r.groups_of("u2", 0, 10).empty());
    CHECK_FALSE(r.delete_membership("g1", "u1"));
    CHECK(r.delete_membership("g2", "u1"));
    CHECK_FALSE(r.delete_membership("g2", "u1"));
  });
}

TEST_CASE("finspace repository: client tokens are forgotten after their cutoff") {
  Database db("");
  db.write([](Tx& tx) {
    repo::Repository r(tx, "111111111111", "us-east-1");
    r.insert_token({"CreateUser", "t1", "{}", false, R"({"userId":"x"})", 1000});
    r.insert_token({"CreateUser", "t2", "{}", true, "{}", 2000});
    CHECK(r.token("CreateUser", "t1"));
    CHECK_FALSE(r.token("UpdateUser", "t1"));
    CHECK(r.token("CreateUser", "t2")->is_error);
    r.forget_tokens(1000);
    CHECK_FALSE(r.token("CreateUser", "t1"));
    CHECK(r.token("CreateUser", "t2"));
  });
}

TEST_CASE("finspace repository: a savepoint undoes only what follows it") {
  Database db("");
  db.write([](Tx& tx) {
    repo::Repository r(tx, "111111111111", "us-east-1");
    r.insert_permission_group({"g1", "kept", std::nullopt, {}, 1, 1});
    {
      repo::Savepoint sp(tx);
      r.insert_permission_group({"g2", "undone", std::nullopt, {}, 1, 1});
      sp.rollback();
    }
    {
      repo::Savepoint sp(tx);
      r.insert_permission_group({"g3", "kept too", std::nullopt, {}, 1, 1});
      sp.release();
    }
    CHECK(r.permission_group("g1"));
    CHECK_FALSE(r.permission_group("g2"));
    CHECK(r.permission_group("g3"));
  });
}

TEST_CASE("finspace users: create, get, update, disable, enable, list") {
  Harness h;
  std::string id = h.new_user("ann@example.com", {{"firstName", "Ann"}});
  CHECK(is_id(id));
  json u = h.call(fs::get_user, {{"userId", id}});
  CHECK(u["userId"] == id);
  CHECK(u["status"] == "ENABLED");
  CHECK(u["emailAddress"] == "ann@example.com");
  CHECK(u["firstName"] == "Ann");
  CHECK(u["apiAccess"] == "DISABLED");
  CHECK(u["createTime"] == kT0);
  CHECK(u["lastModifiedTime"] == kT0);
  CHECK_FALSE(u.contains("lastName"));
  CHECK_FALSE(u.contains("lastEnabledTime"));
  CHECK_FALSE(u.contains("lastLoginTime"));

  std::string reason;
  CHECK(h.error_of(fs::create_user, {{"emailAddress", "ANN@example.com"}, {"type", "APP_USER"}},
                   &reason) == "ConflictException");
  CHECK(reason == fs::reason::kEmailInUse);
  CHECK(h.error_of(fs::get_user, {{"userId", "nope"}}, &reason) == "ResourceNotFoundException");
  CHECK(reason == fs::reason::kUserNotFound);

  h.now = kT0 + 1000;
  json updated = h.call(fs::update_user,
                        {{"userId", id},
                         {"lastName", "Lee"},
                         {"type", "SUPER_USER"},
                         {"apiAccess", "ENABLED"},
                         {"apiAccessPrincipalArn", "arn:aws:iam::111111111111:role/Analyst"}});
  CHECK(updated == json{{"userId", id}});
  u = h.call(fs::get_user, {{"userId", id}});
  CHECK(u["lastName"] == "Lee");
  CHECK(u["firstName"] == "Ann");
  CHECK(u["type"] == "SUPER_USER");
  CHECK(u["apiAccess"] == "ENABLED");
  CHECK(u["apiAccessPrincipalArn"] == "arn:aws:iam::111111111111:role/Analyst");
  CHECK(u["lastModifiedTime"] == kT0 + 1000);
  CHECK(h.error_of(fs::update_user, {{"userId", "nope"}}) == "ResourceNotFoundException");

  h.now = kT0 + 2000;
  CHECK(h.call(fs::disable_user, {{"userId", id}}) == json{{"userId", id}});
  u = h.call(fs::get_user, {{"userId", id}});
  CHECK(u["status"] == "DISABLED");
  CHECK(u["lastDisabledTime"] == kT0 + 2000);
  h.now = kT0 + 2500;
  h.call(fs::disable_user, {{"userId", id}});  // already disabled: nothing changes
  CHECK(h.call(fs::get_user, {{"userId", id}})["lastDisabledTime"] == kT0 + 2000);

  json listed = h.call(fs::list_users, {{"maxResults", 10}});
  REQUIRE(listed["users"].size() == 1);
  CHECK(listed["users"][0]["status"] == "DISABLED");
  CHECK_FALSE(listed.contains("nextToken"));

  h.now = kT0 + 3000;
  h.call(fs::enable_user, {{"userId", id}});
  u = h.call(fs::get_user, {{"userId", id}});
  CHECK(u["status"] == "ENABLED");
  CHECK(u["lastEnabledTime"] == kT0 + 3000);
  CHECK(u["lastDisabledTime"] == kT0 + 2000);
  CHECK(h.error_of(fs::enable_user, {{"userId", "nope"}}) == "ResourceNotFoundException");
  CHECK(h.error_of(fs::disable_user, {{"userId", "nope"}}) == "ResourceNotFoundException");

  json reset = h.call(fs::reset_user_password, {{"userId", id}});
  CHECK(reset["userId"] == id);
  std::string password = reset["temporaryPassword"];
  CHECK(password.size() >= 8);
  CHECK(password.size() <= 20);
  CHECK(h.error_of(fs::reset_user_password, {{"userId", "nope"}}) == "ResourceNotFoundException");
}

TEST_CASE("finspace users: pagination") {
  Harness h;
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i) {
    h.now = kT0 + i;
    ids.push_back(h.new_user("user" + std::to_string(i) + "@example.com"));
  }
  std::vector<std::string> seen;
  json input = {{"maxResults", 2}};
  int pages = 0;
  while (true) {
    json page = h.call(fs::list_users, input);
    ++pages;
    CHECK(page["users"].size() <= 2);
    for (const auto& u : page["users"]) seen.push_back(u["userId"]);
    if (!page.contains("nextToken")) break;
    input["nextToken"] = page["nextToken"];
  }
  CHECK(pages == 3);
  CHECK(seen == ids);
  CHECK(h.error_of(fs::list_users, {{"maxResults", 2}, {"nextToken", "bogus"}}) ==
        "ValidationException");
}

TEST_CASE("finspace permission groups: create, get, list, update, delete") {
  Harness h;
  json created =
      h.call(fs::create_permission_group,
             {{"name", "analysts"},
              {"description", "Read-only analysts"},
              {"applicationPermissions", {"ViewAuditData", "CreateDataset", "ViewAuditData"}}});
  std::string id = created["permissionGroupId"];
  CHECK(is_id(id));
  json g = h.call(fs::get_permission_group, {{"permissionGroupId", id}})["permissionGroup"];
  CHECK(g["permissionGroupId"] == id);
  CHECK(g["name"] == "analysts");
  CHECK(g["description"] == "Read-only analysts");
  CHECK(g["applicationPermissions"] == json{"ViewAuditData", "CreateDataset"});
  CHECK(g["createTime"] == kT0);
  CHECK_FALSE(g.contains("membershipStatus"));

  // Names need not be unique.
  std::string twin = h.new_group("analysts");
  CHECK(twin != id);

  h.now = kT0 + 500;
  h.call(
      fs::update_permission_group,
      {{"permissionGroupId", id}, {"name", "quants"}, {"applicationPermissions", json::array()}});
  g = h.call(fs::get_permission_group, {{"permissionGroupId", id}})["permissionGroup"];
  CHECK(g["name"] == "quants");
  CHECK(g["description"] == "Read-only analysts");
  CHECK(g["applicationPermissions"] == json::array());
  CHECK(g["lastModifiedTime"] == kT0 + 500);
  CHECK(g["createTime"] == kT0);

  json listed = h.call(fs::list_permission_groups, {{"maxResults", 1}});
  CHECK(listed["permissionGroups"].size() == 1);
  CHECK(listed["permissionGroups"][0]["permissionGroupId"] == id);
  REQUIRE(listed.contains("nextToken"));
  listed =
      h.call(fs::list_permission_groups, {{"maxResults", 1}, {"nextToken", listed["nextToken"]}});
  CHECK(listed["permissionGroups"][0]["permissionGroupId"] == twin);
  CHECK_FALSE(listed.contains("nextToken"));

  CHECK(h.call(fs::delete_permission_group, {{"permissionGroupId", id}}) ==
        json{{"permissionGroupId", id}});
  std::string reason;
  CHECK(h.error_of(fs::get_permission_group, {{"permissionGroupId", id}}, &reason) ==
        "ResourceNotFoundException");
  CHECK(reason == fs::reason::kPermissionGroupNotFound);
  CHECK(h.error_of(fs::delete_permission_group, {{"permissionGroupId", id}}) ==
        "ResourceNotFoundException");
  CHECK(h.error_of(fs::update_permission_group, {{"permissionGroupId", id}}) ==
        "ResourceNotFoundException");
}

TEST_CASE("finspace memberships: associate, disassociate, list both ways") {
  Harness h;
  std::string ann = h.new_user("ann@example.com");
  std::string bob = h.new_user("bob@example.com");
  std::string g1 = h.new_group("one");
  std::string g2 = h.new_group("two");

  CHECK(h.call(fs::associate_user_to_permission_group, h.pair(g1, ann)) == json::object());
  h.now += 1;
  h.call(fs::associate_user_to_permission_group, h.pair(g1, bob));
  h.call(fs::associate_user_to_permission_group, h.pair(g2, ann));

  std::string reason;
  CHECK(h.error_of(fs::associate_user_to_permission_group, h.pair(g1, ann), &reason) ==
        "ConflictException");
  CHECK(reason == fs::reason::kAlreadyMember);
  CHECK(h.error_of(fs::associate_user_to_permission_group, h.pair(g1, "nope"), &reason) ==
        "ResourceNotFoundException");
  CHECK(reason == fs::reason::kUserNotFound);
  CHECK(h.error_of(fs::associate_user_to_permission_group, h.pair("nope", ann), &reason) ==
        "ResourceNotFoundException");
  CHECK(reason == fs::reason::kPermissionGroupNotFound);

  json users =
      h.call(fs::list_users_by_permission_group, {{"permissionGroupId", g1}, {"maxResults", 1}});
  REQUIRE(users["users"].size() == 1);
  CHECK(users["users"][0]["userId"] == ann);
  CHECK(users["users"][0]["membershipStatus"] == "ADDITION_SUCCESS");
  CHECK(users["users"][0]["emailAddress"] == "ann@example.com");
  CHECK_FALSE(users["users"][0].contains("createTime"));
  REQUIRE(users.contains("nextToken"));
  users = h.call(fs::list_users_by_permission_group,
                 {{"permissionGroupId", g1}, {"maxResults", 1}, {"nextToken", users["nextToken"]}});
  CHECK(users["users"][0]["userId"] == bob);
  CHECK_FALSE(users.contains("nextToken"));
  CHECK(h.error_of(fs::list_users_by_permission_group,
                   {{"permissionGroupId", "nope"}, {"maxResults", 1}}) ==
        "ResourceNotFoundException");

  json groups = h.call(fs::list_permission_groups_by_user, {{"userId", ann}, {"maxResults", 10}});
  REQUIRE(groups["permissionGroups"].size() == 2);
  CHECK(groups["permissionGroups"][0] ==
        json{{"permissionGroupId", g1}, {"name", "one"}, {"membershipStatus", "ADDITION_SUCCESS"}});
  CHECK(h.error_of(fs::list_permission_groups_by_user, {{"userId", "nope"}, {"maxResults", 1}}) ==
        "ResourceNotFoundException");

  // A disabled user stays a member and is still listed.
  h.call(fs::disable_user, {{"userId", bob}});
  users =
      h.call(fs::list_users_by_permission_group, {{"permissionGroupId", g1}, {"maxResults", 10}});
  REQUIRE(users["users"].size() == 2);
  CHECK(users["users"][1]["status"] == "DISABLED");

  CHECK(h.call(fs::disassociate_user_from_permission_group, h.pair(g1, ann)) == json::object());
  CHECK(h.error_of(fs::disassociate_user_from_permission_group, h.pair(g1, ann), &reason) ==
        "ResourceNotFoundException");
  CHECK(reason == fs::reason::kNotMember);
  CHECK(h.error_of(fs::disassociate_user_from_permission_group, h.pair(g1, "nope"), &reason) ==
        "ResourceNotFoundException");
  CHECK(reason == fs::reason::kUserNotFound);

  // Deleting a group drops its memberships.
  h.call(fs::delete_permission_group, {{"permissionGroupId", g2}});
  groups = h.call(fs::list_permission_groups_by_user, {{"userId", ann}, {"maxResults", 10}});
  CHECK(groups["permissionGroups"].empty());
}

TEST_CASE("finspace clientToken: a retry replays the first result") {
  Harness h;
  json input = {{"emailAddress", "ann@example.com"}, {"type", "APP_USER"}, {"clientToken", "t-1"}};
  std::string first = h.call(fs::create_user, input)["userId"];
  std::string again = h.call(fs::create_user, input)["userId"];
  CHECK(first == again);
  CHECK(h.call(fs::list_users, {{"maxResults", 10}})["users"].size() == 1);

  // The same token, other parameters.
  json other = input;
  other["emailAddress"] = "bob@example.com";
  std::string reason;
  CHECK(h.error_of(fs::create_user, other, &reason) == "ConflictException");
  CHECK(reason == fs::reason::kClientTokenReused);

  // Tokens belong to one operation: the same token elsewhere is a new call.
  std::string group = h.new_group("g");
  json associate = h.pair(group, first);
  associate["clientToken"] = "t-1";
  CHECK(h.call(fs::associate_user_to_permission_group, associate) == json::object());
  CHECK(h.call(fs::associate_user_to_permission_group, associate) == json::object());

  // ...and to one account and region.
  h.account = "222222222222";
  CHECK(h.call(fs::create_user, input)["userId"] != first);
}

TEST_CASE("finspace clientToken: a retry replays the first error, and it was committed") {
  Harness h;
  std::string ann = h.new_user("ann@example.com");
  std::string group = h.new_group("g");
  json disassociate = h.pair(group, ann);
  disassociate["clientToken"] = "t-2";
  CHECK(h.error_of(fs::disassociate_user_from_permission_group, disassociate) ==
        "ResourceNotFoundException");
  CHECK(h.token_count() == 1);

  // Now the pair exists, but a retry of the failed call still gets its first outcome.
  h.call(fs::associate_user_to_permission_group, h.pair(group, ann));
  std::string reason;
  CHECK(h.error_of(fs::disassociate_user_from_permission_group, disassociate, &reason) ==
        "ResourceNotFoundException");
  CHECK(reason == fs::reason::kNotMember);
  CHECK(h.call(fs::list_users_by_permission_group,
               {{"permissionGroupId", group}, {"maxResults", 10}})["users"]
            .size() == 1);

  // A failed call leaves no other trace: the error undid the handler's own writes.
  json create = {{"emailAddress", "ANN@example.com"}, {"type", "APP_USER"}, {"clientToken", "t-3"}};
  CHECK(h.error_of(fs::create_user, create) == "ConflictException");
  CHECK(h.error_of(fs::create_user, create) == "ConflictException");
  CHECK(h.call(fs::list_users, {{"maxResults", 10}})["users"].size() == 1);
}

TEST_CASE("finspace clientToken: tokens expire after 10 minutes") {
  Harness h;
  std::string ann = h.new_user("ann@example.com");
  std::string group = h.new_group("g");
  json associate = h.pair(group, ann);
  associate["clientToken"] = "t-4";
  h.call(fs::associate_user_to_permission_group, associate);

  h.now = kT0 + fs::kClientTokenLifetimeMs - 1;
  CHECK(h.call(fs::associate_user_to_permission_group, associate) == json::object());  // replayed

  h.now = kT0 + fs::kClientTokenLifetimeMs;
  CHECK(h.error_of(fs::associate_user_to_permission_group, associate) == "ConflictException");
  // The expired record is gone; the new outcome (the conflict) is remembered instead.
  CHECK(h.token_count() == 1);
}

TEST_CASE("finspace clientToken: every operation with a clientToken replays") {
  Harness h;
  std::string ann = h.new_user("ann@example.com");
  std::string group = h.new_group("g");
  struct Case {
    HandlerFn fn;
    json input;
  };
  std::vector<Case> cases = {
      {fs::update_user, {{"userId", ann}, {"firstName", "Ann"}}},
      {fs::disable_user, {{"userId", ann}}},
      {fs::enable_user, {{"userId", ann}}},
      {fs::reset_user_password, {{"userId", ann}}},
      {fs::create_permission_group, {{"name", "x"}, {"applicationPermissions", json::array()}}},
      {fs::update_permission_group, {{"permissionGroupId", group}, {"name", "y"}}},
      {fs::delete_permission_group, {{"permissionGroupId", group}}},
  };
  int n = 0;
  for (auto& c : cases) {
    c.input["clientToken"] = "tok-" + std::to_string(++n);
    json first = h.call(c.fn, c.input);
    CHECK(h.call(c.fn, c.input) == first);  // e.g. the same temporary password, no 404 on delete
  }
}

TEST_CASE("finspace through the dispatcher: status, statusCode and a committed error record") {
  Database db("");
  Settings settings;
  junction::Dispatcher dispatcher(junction::shapes::Model::instance(), db, settings);
  auto request = [&](const std::string& method, const std::string& target,
                     const std::string& body = "") {
    junction::protocol::HttpRequest r;
    r.method = method;
    r.target = target;
    r.headers = {{"authorization",
                  "AWS4-HMAC-SHA256 Credential=123456789012/20260101/us-east-1/finspace-api/"
                  "aws4_request, SignedHeaders=host, Signature=0"},
                 {"content-type", "application/json"}};
    r.body = body;
    junction::CallRecord record;
    return dispatcher.handle(r, record);
  };
  auto user = request("POST", "/user", R"({"emailAddress":"ann@example.com","type":"APP_USER"})");
  REQUIRE(user.status == 200);
  std::string ann = json::parse(user.body)["userId"];
  auto group = request("POST", "/permission-group", R"({"name":"g","applicationPermissions":[]})");
  std::string g = json::parse(group.body)["permissionGroupId"];

  // Disassociating a pair that is not associated: 404 with a reason, and the token's record
  // survives the error.
  auto missing = request("DELETE", "/permission-group/" + g + "/users/" + ann + "?clientToken=abc");
  CHECK(missing.status == 404);
  CHECK(missing.header("x-amzn-ErrorType") == "ResourceNotFoundException");
  json body = json::parse(missing.body);
  CHECK(body["reason"] == fs::reason::kNotMember);
  CHECK_FALSE(body["message"].get<std::string>().empty());
  CHECK(db.read([](Tx& tx) {
    auto s = tx.query(
        "SELECT COUNT(*) FROM finspace_idempotency_tokens WHERE account = '123456789012'"
        " AND client_token = 'abc' AND outcome = 'ERROR'");
    s.step();
    return s.integer(0);
  }) == 1);

  // Associate: HTTP 200 and an empty body; the SDK reads statusCode from the status line.
  auto added = request("POST", "/permission-group/" + g + "/users/" + ann, "{}");
  CHECK(added.status == 200);
  CHECK(added.body == "{}");
  auto again = request("POST", "/permission-group/" + g + "/users/" + ann, "{}");
  CHECK(again.status == 409);
  CHECK(json::parse(again.body)["reason"] == fs::reason::kAlreadyMember);

  // The failed first call is replayed even though the pair now exists.
  auto replay = request("DELETE", "/permission-group/" + g + "/users/" + ann + "?clientToken=abc");
  CHECK(replay.status == 404);
  auto removed = request("DELETE", "/permission-group/" + g + "/users/" + ann + "?clientToken=new");
  CHECK(removed.status == 200);
}

TEST_CASE("finspace errors on the wire: the model's status codes and declared members") {
  const auto* service = junction::shapes::Model::instance().by_sdk_name("finspace-data");
  REQUIRE(service);
  struct Case {
    const char* type;
    int status;
    bool keeps_reason;
  };
  for (const Case& c :
       {Case{"ValidationException", 400, true}, Case{"AccessDeniedException", 403, false},
        Case{"ResourceNotFoundException", 404, true}, Case{"ConflictException", 409, true},
        Case{"LimitExceededException", 400, false}, Case{"ThrottlingException", 429, false},
        Case{"InternalServerException", 500, false}}) {
    ApiError e(c.type, "what happened", {{"reason", "WHY"}, {"undeclared", 1}});
    auto r = junction::protocol::rest_json::encode_error(service, e);
    INFO(c.type);
    CHECK(r.status == c.status);
    CHECK(r.header("x-amzn-ErrorType") == c.type);
    CHECK(r.header("Content-Type") == "application/json");
    json body = json::parse(r.body);
    CHECK(body["message"] == "what happened");  // even where the shape declares none
    CHECK(body.contains("reason") == c.keeps_reason);
    CHECK_FALSE(body.contains("undeclared"));
  }
}

// --- datasets, changesets, data views -------------------------------------------------------

namespace {

std::string new_dataset(Harness& h, const std::string& group) {
  return h.call(
      fs::create_dataset,
      {{"datasetTitle", "Equities"},
       {"kind", "TABULAR"},
       {"permissionGroupParams",
        {{"permissionGroupId", group},
         {"datasetPermissions", {{{"permission", "ReadDatasetDetails"}}}}}}})["datasetId"];
}

std::string new_changeset(Harness& h, const std::string& dataset, const std::string& type) {
  return h.call(fs::create_changeset,
                {{"datasetId", dataset},
                 {"changeType", type},
                 {"sourceParams", {{"s3SourcePath", "s3://b/k.csv"}, {"sourceType", "S3"}}},
                 {"formatParams", {{"formatType", "CSV"}}}})["changesetId"];
}

}  // namespace

TEST_CASE("finspace datasets, changesets and data views settle after the delay") {
  Harness h;
  h.settings.finspace_delay_ms = 1000;
  std::string group = h.new_group("owners");
  std::string d = new_dataset(h, group);
  std::string c = new_changeset(h, d, "APPEND");
  std::string v =
      h.call(fs::create_data_view,
             {{"datasetId", d},
              {"destinationTypeParams", {{"destinationType", "GLUE_TABLE"}}}})["dataViewId"];
  json get_c = {{"datasetId", d}, {"changesetId", c}};
  json get_v = {{"datasetId", d}, {"dataViewId", v}};
  CHECK(h.call(fs::get_dataset, {{"datasetId", d}})["status"] == "PENDING");
  CHECK(h.call(fs::get_changeset, get_c)["status"] == "PENDING");
  CHECK_FALSE(h.call(fs::get_changeset, get_c).contains("activeFromTimestamp"));
  CHECK(h.call(fs::get_data_view, get_v)["status"] == "STARTING");
  std::string reason;
  CHECK(h.error_of(fs::get_external_data_view_access_details, get_v) == "ValidationException");
  CHECK(h.error_of(fs::update_changeset,
                   {{"datasetId", d},
                    {"changesetId", c},
                    {"sourceParams", {{"s3SourcePath", "s3://b/k2.csv"}, {"sourceType", "S3"}}},
                    {"formatParams", {{"formatType", "JSON"}}}},
                   &reason) == "ConflictException");
  CHECK(reason == "CHANGESET_INGESTION_IN_PROGRESS");

  h.now = kT0 + 500;
  CHECK(h.call(fs::get_dataset, {{"datasetId", d}})["status"] == "RUNNING");
  CHECK(h.call(fs::get_changeset, get_c)["status"] == "RUNNING");
  CHECK(h.call(fs::get_data_view, get_v)["status"] == "RUNNING");

  h.now = kT0 + 1000;
  CHECK(h.call(fs::get_dataset, {{"datasetId", d}})["status"] == "SUCCESS");
  json changeset = h.call(fs::get_changeset, get_c);
  CHECK(changeset["status"] == "SUCCESS");
  CHECK(changeset["activeFromTimestamp"] == kT0 + 1000);
  CHECK(h.call(fs::get_data_view, get_v)["status"] == "SUCCESS");
  CHECK(h.call(fs::get_external_data_view_access_details, get_v)["credentials"]["expiration"] ==
        kT0 + 1000 + 3600 * 1000);
}

TEST_CASE("finspace changesets: REPLACE and MODIFY end earlier ones once they are in") {
  Harness h;
  h.settings.finspace_delay_ms = 1000;
  std::string d = new_dataset(h, h.new_group("owners"));
  std::string first = new_changeset(h, d, "APPEND");
  h.now = kT0 + 2000;
  std::string second = new_changeset(h, d, "REPLACE");
  json get_first = {{"datasetId", d}, {"changesetId", first}};
  // Until the REPLACE changeset is in, the first is still active.
  CHECK_FALSE(h.call(fs::get_changeset, get_first).contains("activeUntilTimestamp"));
  h.now = kT0 + 3000;
  CHECK(h.call(fs::get_changeset, get_first)["activeUntilTimestamp"] == kT0 + 3000);
  CHECK_FALSE(h.call(fs::get_changeset, get_first).contains("updatedByChangesetId"));

  h.now = kT0 + 4000;
  std::string third = new_changeset(h, d, "MODIFY");
  h.now = kT0 + 5000;
  json modified = h.call(fs::get_changeset, {{"datasetId", d}, {"changesetId", second}});
  CHECK(modified["updatedByChangesetId"] == third);
  CHECK(modified["activeUntilTimestamp"] == kT0 + 5000);
  CHECK(h.call(fs::get_changeset,
               {{"datasetId", d}, {"changesetId", third}})["updatesChangesetId"] == second);

  std::string other = new_dataset(h, h.new_group("others"));
  std::string reason;
  CHECK(h.error_of(fs::create_changeset,
                   {{"datasetId", other},
                    {"changeType", "MODIFY"},
                    {"sourceParams", {{"s3SourcePath", "s3://b/k.csv"}, {"sourceType", "S3"}}},
                    {"formatParams", {{"formatType", "CSV"}}}},
                   &reason) == "ValidationException");
}

TEST_CASE("finspace datasets need a group that may create them; aliases are unique") {
  Harness h;
  std::string reason;
  json input = {{"datasetTitle", "T"},
                {"kind", "NON_TABULAR"},
                {"permissionGroupParams", {{"permissionGroupId", "nope"}}}};
  CHECK(h.error_of(fs::create_dataset, input, &reason) == "ResourceNotFoundException");
  CHECK(reason == "PERMISSION_GROUP_NOT_FOUND");
  std::string viewers = h.call(
      fs::create_permission_group,
      {{"name", "viewers"}, {"applicationPermissions", {"ViewAuditData"}}})["permissionGroupId"];
  input["permissionGroupParams"]["permissionGroupId"] = viewers;
  CHECK(h.error_of(fs::create_dataset, input) == "AccessDeniedException");
  input["permissionGroupParams"]["permissionGroupId"] = h.new_group("owners");
  input["alias"] = "alias/one";
  std::string d = h.call(fs::create_dataset, input)["datasetId"];
  CHECK(h.error_of(fs::create_dataset, input, &reason) == "ConflictException");
  CHECK(reason == "DATASET_ALIAS_IN_USE");
  // Updating a dataset to its own alias is no conflict.
  CHECK(h.call(fs::update_dataset, {{"datasetId", d},
                                    {"datasetTitle", "T2"},
                                    {"kind", "NON_TABULAR"},
                                    {"alias", "alias/one"}})["datasetId"] == d);
  CHECK(h.call(fs::get_dataset, {{"datasetId", d}})["datasetTitle"] == "T2");
  h.call(fs::delete_dataset, {{"datasetId", d}});
  CHECK(h.error_of(fs::get_dataset, {{"datasetId", d}}, &reason) == "ResourceNotFoundException");
  CHECK(reason == "DATASET_NOT_FOUND");
}
