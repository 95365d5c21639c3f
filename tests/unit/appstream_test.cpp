// AppStream: the repository and the handlers, on an in-memory database.
#include "handlers/appstream/appstream.hpp"

#include <catch2/catch.hpp>
#include <string>

#include "server/shapes/shape.hpp"
#include "server/shapes/validator.hpp"
#include "storage/appstream_repository.hpp"

using junction::ApiError;
using nlohmann::json;
namespace storage = junction::storage;
namespace handlers = junction::handlers;
namespace app = junction::handlers::appstream;
namespace repo = junction::storage::appstream;

namespace {

constexpr const char* kAccount = "123456789012";
constexpr const char* kRegion = "eu-west-1";

// prefix followed by n (built with +=: GCC 12 warns falsely on a literal + std::to_string).
std::string numbered(const char* prefix, int n) {
  std::string out = prefix;
  out += std::to_string(n);
  return out;
}

struct Fixture {
  storage::Database db{""};
  handlers::Settings settings;
  handlers::Context ctx{kAccount, kRegion, "request", 1700000000123, &settings};

  // Validates `input` against the operation's input shape, as the dispatcher does, then runs the
  // handler in one write transaction.
  json call(const char* operation, handlers::HandlerFn fn, const json& input) {
    const auto* service = junction::shapes::Model::instance().by_sdk_name("appstream");
    const auto* op = service->operation(operation);
    REQUIRE(op != nullptr);
    junction::shapes::validate_or_throw(*op->input, input);
    return db.write([&](storage::Tx& tx) { return fn(ctx, input, tx); });
  }

  // The error type a call fails with ("" when it succeeds).
  std::string error_of(const char* operation, handlers::HandlerFn fn, const json& input,
                       std::string* message = nullptr) {
    try {
      call(operation, fn, input);
    } catch (const ApiError& e) {
      if (message) *message = e.message;
      return e.type;
    }
    return "";
  }

  void stack(const std::string& name) { call("CreateStack", app::create_stack, {{"Name", name}}); }
  void user(const std::string& name) {
    call("CreateUser", app::create_user,
         {{"UserName", name}, {"AuthenticationType", "USERPOOL"}, {"MessageAction", "SUPPRESS"}});
  }
  json entry(const std::string& stack, const std::string& user,
             const std::string& type = "USERPOOL") {
    return {{"StackName", stack}, {"UserName", user}, {"AuthenticationType", type}};
  }
  json associate(const std::vector<json>& entries) {
    return call("BatchAssociateUserStack", app::batch_associate_user_stack,
                {{"UserStackAssociations", json(entries)}});
  }
  json disassociate(const std::vector<json>& entries) {
    return call("BatchDisassociateUserStack", app::batch_disassociate_user_stack,
                {{"UserStackAssociations", json(entries)}});
  }
  json associations(const json& input) {
    return call("DescribeUserStackAssociations", app::describe_user_stack_associations, input);
  }
};

}  // namespace

// ------------------------------------------------------------------------------ repository

TEST_CASE("appstream repository: stacks are unique per account and region, listed by name") {
  storage::Database db("");
  db.write([](storage::Tx& tx) {
    repo::Repository r(tx, kAccount, kRegion);
    repo::Stack st;
    st.name = "beta";
    st.arn = "arn:aws:appstream:eu-west-1:123456789012:stack/beta";
    st.user_settings = R"([{"Action":"FILE_UPLOAD","Permission":"ENABLED"}])";
    st.created_at = 1.5;
    REQUIRE(r.insert_stack(st));
    REQUIRE_FALSE(r.insert_stack(st));
    st.name = "alpha";
    REQUIRE(r.insert_stack(st));

    repo::Repository other_region(tx, kAccount, "us-east-1");
    REQUIRE_FALSE(other_region.stack_exists("beta"));
    REQUIRE(other_region.insert_stack(st));

    auto stacks = r.stacks(0, 10);
    REQUIRE(stacks.size() == 2);
    CHECK(stacks[0].name == "alpha");
    CHECK(stacks[1].name == "beta");
    CHECK(*stacks[1].user_settings == R"([{"Action":"FILE_UPLOAD","Permission":"ENABLED"}])");
    CHECK_FALSE(stacks[1].description);
    CHECK(r.stacks(1, 10).size() == 1);
    CHECK(r.stack("beta")->created_at == 1.5);
    CHECK(r.delete_stack("beta"));
    CHECK_FALSE(r.delete_stack("beta"));
    CHECK_FALSE(r.stack("beta"));
  });
}

TEST_CASE("appstream repository: user names are case-sensitive") {
  storage::Database db("");
  db.write([](storage::Tx& tx) {
    repo::Repository r(tx, kAccount, kRegion);
    repo::User u{"Alice@example.com", "Alice", std::nullopt, true, "UNCONFIRMED",
                 std::nullopt,        1,       2.0};
    REQUIRE(r.insert_user(u));
    REQUIRE_FALSE(r.insert_user(u));
    u.user_name = "alice@example.com";
    REQUIRE(r.insert_user(u));
    CHECK(r.users(0, 10).size() == 2);
    CHECK(r.set_user_enabled("alice@example.com", false));
    CHECK_FALSE(r.user("alice@example.com")->enabled);
    CHECK(r.user("Alice@example.com")->enabled);
    CHECK_FALSE(r.set_user_enabled("ALICE@example.com", false));
    CHECK(r.record_welcome_email("Alice@example.com", "RESEND"));
    CHECK(r.user("Alice@example.com")->welcome_emails == 2);
    CHECK(*r.user("Alice@example.com")->message_action == "RESEND");
  });
}

TEST_CASE("appstream repository: associations go with their stack and their user-pool user") {
  storage::Database db("");
  db.write([](storage::Tx& tx) {
    repo::Repository r(tx, kAccount, kRegion);
    for (const char* name : {"s1", "s2"}) {
      repo::Stack st;
      st.name = name;
      st.arn = std::string("arn:aws:appstream:eu-west-1:123456789012:stack/") + name;
      REQUIRE(r.insert_stack(st));
    }
    REQUIRE(r.insert_user(repo::User{"u", {}, {}, true, "UNCONFIRMED", {}, 0, 0}));
    REQUIRE(r.associate({"s1", "u", "USERPOOL", true, 0}));
    REQUIRE_FALSE(r.associate({"s1", "u", "USERPOOL", false, 0}));
    REQUIRE(r.associate({"s2", "u", "USERPOOL", std::nullopt, 0}));
    REQUIRE(r.associate({"s1", "u", "SAML", std::nullopt, 0}));  // an external user of that name

    auto by_stack = r.associations({"s1", std::nullopt, std::nullopt}, 0, 10);
    REQUIRE(by_stack.size() == 2);
    CHECK(by_stack[0].authentication_type == "SAML");
    CHECK(by_stack[1].authentication_type == "USERPOOL");
    CHECK(*by_stack[1].send_email_notification);  // the first association is kept
    CHECK_FALSE(by_stack[0].send_email_notification);
    CHECK(r.associations({std::nullopt, "u", "USERPOOL"}, 0, 10).size() == 2);
    CHECK(r.associations({std::nullopt, "u", std::nullopt}, 0, 10).size() == 3);
    CHECK(r.associations({"s1", "u", "SAML"}, 0, 10).size() == 1);
    CHECK(r.associations({std::nullopt, "u", "USERPOOL"}, 1, 10).size() == 1);

    // Deleting the user-pool user drops its associations, not the SAML user's.
    REQUIRE(r.delete_user("u"));
    auto left = r.associations({std::nullopt, "u", std::nullopt}, 0, 10);
    REQUIRE(left.size() == 1);
    CHECK(left[0].authentication_type == "SAML");

    // Deleting the stack drops the rest.
    REQUIRE(r.delete_stack("s1"));
    CHECK(r.associations({std::nullopt, "u", std::nullopt}, 0, 10).empty());
    CHECK_FALSE(r.disassociate("s1", "u", "SAML"));
  });
}

TEST_CASE("appstream repository: a user-pool association needs its user") {
  storage::Database db("");
  CHECK_THROWS_AS(db.write([](storage::Tx& tx) {
    repo::Repository r(tx, kAccount, kRegion);
    repo::Stack st;
    st.name = "s";
    st.arn = "arn";
    r.insert_stack(st);
    r.associate({"s", "nobody", "USERPOOL", std::nullopt, 0});
  }),
                  storage::StorageError);
}

// ------------------------------------------------------------------------------ stacks

TEST_CASE("appstream CreateStack returns the stack as created; names are unique") {
  Fixture f;
  json out = f.call("CreateStack", app::create_stack,
                    {{"Name", "docs"},
                     {"DisplayName", "Docs"},
                     {"Description", ""},
                     {"StorageConnectors", {{{"ConnectorType", "HOMEFOLDERS"}, {"Undeclared", 1}}}},
                     {"UserSettings", {{{"Action", "FILE_UPLOAD"}, {"Permission", "DISABLED"}}}},
                     {"ApplicationSettings", {{"Enabled", true}, {"SettingsGroup", "g"}}},
                     {"Tags", {{"team", "docs"}}}});
  json st = out["Stack"];
  CHECK(st["Arn"] == "arn:aws:appstream:eu-west-1:123456789012:stack/docs");
  CHECK(st["Name"] == "docs");
  CHECK(st["DisplayName"] == "Docs");
  CHECK_FALSE(st.contains("Description"));  // the Stack shape's Description is not empty
  CHECK(st["CreatedTime"].get<double>() == Approx(1700000000.123));
  CHECK(st["StorageConnectors"] == json::parse(R"([{"ConnectorType":"HOMEFOLDERS"}])"));
  CHECK(st["UserSettings"][0]["Permission"] == "DISABLED");
  CHECK(st["ApplicationSettings"]["Enabled"] == true);
  CHECK(st["ApplicationSettings"]["SettingsGroup"] == "g");
  CHECK(st["ApplicationSettings"]["S3BucketName"].get<std::string>().rfind(
            "appstream-app-settings-eu-west-1-123456789012-", 0) == 0);
  CHECK_FALSE(st.contains("Tags"));

  CHECK(f.error_of("CreateStack", app::create_stack, {{"Name", "docs"}}) ==
        "ResourceAlreadyExistsException");
  CHECK(f.error_of("CreateStack", app::create_stack, {{"Name", "Docs"}}).empty());
}

TEST_CASE("appstream DescribeStacks: by name, or all of them in pages") {
  Fixture f;
  for (int i = 0; i < 30; ++i) f.stack(numbered("stack-", 100 + i));

  json named = f.call("DescribeStacks", app::describe_stacks,
                      {{"Names", {"stack-105", "stack-101", "stack-105"}}});
  REQUIRE(named["Stacks"].size() == 2);
  CHECK(named["Stacks"][0]["Name"] == "stack-105");
  CHECK(named["Stacks"][1]["Name"] == "stack-101");
  CHECK_FALSE(named.contains("NextToken"));

  std::string message;
  CHECK(f.error_of("DescribeStacks", app::describe_stacks, {{"Names", {"stack-101", "nope"}}},
                   &message) == "ResourceNotFoundException");
  CHECK(message.find("nope") != std::string::npos);

  json first = f.call("DescribeStacks", app::describe_stacks, json::object());
  CHECK(first["Stacks"].size() == 25);
  REQUIRE(first.contains("NextToken"));
  json second = f.call("DescribeStacks", app::describe_stacks, {{"NextToken", first["NextToken"]}});
  CHECK(second["Stacks"].size() == 5);
  CHECK(second["Stacks"][4]["Name"] == "stack-129");
  CHECK_FALSE(second.contains("NextToken"));

  CHECK(f.error_of("DescribeStacks", app::describe_stacks, {{"NextToken", "garbage"}}) ==
        "ValidationException");
}

TEST_CASE("appstream DeleteStack removes the stack and its associations") {
  Fixture f;
  f.stack("s");
  f.user("u@example.com");
  f.associate({f.entry("s", "u@example.com")});
  f.call("DeleteStack", app::delete_stack, {{"Name", "s"}});
  CHECK(f.error_of("DeleteStack", app::delete_stack, {{"Name", "s"}}) ==
        "ResourceNotFoundException");
  f.stack("s");  // a new stack of that name starts with no users
  CHECK_FALSE(f.associations({{"StackName", "s"}}).contains("UserStackAssociations"));
}

// ------------------------------------------------------------------------------ users

TEST_CASE("appstream CreateUser: user pool only, unique, case-sensitive names") {
  Fixture f;
  json input = {{"UserName", "Ana@example.com"},
                {"AuthenticationType", "USERPOOL"},
                {"FirstName", "Ana"},
                {"LastName", "Lima"}};
  CHECK(f.call("CreateUser", app::create_user, input) == json::object());
  std::string message;
  CHECK(f.error_of("CreateUser", app::create_user, input, &message) ==
        "ResourceAlreadyExistsException");
  CHECK(message.find("Ana@example.com") == std::string::npos);
  input["UserName"] = "ana@example.com";
  CHECK(f.error_of("CreateUser", app::create_user, input).empty());
  input["AuthenticationType"] = "SAML";
  input["UserName"] = "other@example.com";
  CHECK(f.error_of("CreateUser", app::create_user, input) == "InvalidParameterValueException");

  json users = f.call("DescribeUsers", app::describe_users, {{"AuthenticationType", "USERPOOL"}});
  REQUIRE(users["Users"].size() == 2);
  json ana = users["Users"][0];
  CHECK(ana["UserName"] == "Ana@example.com");
  CHECK(ana["Arn"] == "arn:aws:appstream:eu-west-1:123456789012:user/userpool/Ana@example.com");
  CHECK(ana["Enabled"] == true);
  CHECK(ana["Status"] == "UNCONFIRMED");
  CHECK(ana["FirstName"] == "Ana");
  CHECK(ana["LastName"] == "Lima");
  CHECK(ana["AuthenticationType"] == "USERPOOL");
  CHECK(ana["CreatedTime"].is_number());
}

TEST_CASE("appstream CreateUser: MessageAction is recorded; RESEND needs an existing user") {
  Fixture f;
  f.call("CreateUser", app::create_user,
         {{"UserName", "a@example.com"}, {"AuthenticationType", "USERPOOL"}});
  json resend = {{"UserName", "a@example.com"},
                 {"AuthenticationType", "USERPOOL"},
                 {"MessageAction", "RESEND"}};
  CHECK(f.call("CreateUser", app::create_user, resend) == json::object());
  f.db.read([](storage::Tx& tx) {
    repo::Repository r(tx, kAccount, kRegion);
    CHECK(r.user("a@example.com")->welcome_emails == 2);
    CHECK(*r.user("a@example.com")->message_action == "RESEND");
  });
  resend["FirstName"] = "A";
  CHECK(f.error_of("CreateUser", app::create_user, resend) ==
        "InvalidParameterCombinationException");
  resend.erase("FirstName");
  resend["UserName"] = "b@example.com";
  CHECK(f.error_of("CreateUser", app::create_user, resend) == "ResourceNotFoundException");

  f.user("c@example.com");  // SUPPRESS
  f.db.read([](storage::Tx& tx) {
    repo::Repository r(tx, kAccount, kRegion);
    CHECK(r.user("c@example.com")->welcome_emails == 0);
  });
}

TEST_CASE("appstream user ARNs hold only what the model's Arn pattern allows") {
  handlers::Context ctx{kAccount, kRegion, "r", 0, nullptr};
  CHECK(app::user_arn(ctx, "a+b@example.com") ==
        "arn:aws:appstream:eu-west-1:123456789012:user/userpool/a+b@example.com");
  CHECK(app::user_arn(ctx, "jos\xc3\xa9!=") ==
        "arn:aws:appstream:eu-west-1:123456789012:user/userpool/jos=C3=A9=21=3D");
  CHECK(app::user_arn(ctx, std::string(128, '!')).size() > 0);
  CHECK(app::user_arn(ctx, std::string(400, '!')).empty());
}

TEST_CASE("appstream DescribeUsers pages; MaxResults is at least 1") {
  Fixture f;
  for (int i = 0; i < 7; ++i) f.user(numbered("user", i) + "@example.com");
  json input = {{"AuthenticationType", "USERPOOL"}, {"MaxResults", 3}};
  std::vector<std::string> names;
  for (int pages = 1;; ++pages) {
    json page = f.call("DescribeUsers", app::describe_users, input);
    CHECK(page["Users"].size() <= 3);
    for (const auto& u : page["Users"]) names.push_back(u["UserName"]);
    if (!page.contains("NextToken")) {
      CHECK(pages == 3);
      break;
    }
    input["NextToken"] = page["NextToken"];
  }
  CHECK(names.size() == 7);
  CHECK(names.front() == "user0@example.com");
  CHECK(names.back() == "user6@example.com");

  std::string message;
  CHECK(f.error_of("DescribeUsers", app::describe_users,
                   {{"AuthenticationType", "USERPOOL"}, {"MaxResults", 0}},
                   &message) == "ValidationException");
  CHECK(message ==
        "1 validation error detected: Value '0' at 'maxResults' failed to satisfy constraint: "
        "Member must have value greater than or equal to 1");
  CHECK(f.error_of("DescribeUsers", app::describe_users, {{"AuthenticationType", "API"}}) ==
        "InvalidParameterValueException");
}

TEST_CASE("appstream EnableUser, DisableUser, DeleteUser") {
  Fixture f;
  f.user("u@example.com");
  f.stack("s");
  f.associate({f.entry("s", "u@example.com")});
  json id = {{"UserName", "u@example.com"}, {"AuthenticationType", "USERPOOL"}};

  f.call("DisableUser", app::disable_user, id);
  json users = f.call("DescribeUsers", app::describe_users, {{"AuthenticationType", "USERPOOL"}});
  CHECK(users["Users"][0]["Enabled"] == false);
  f.call("DisableUser", app::disable_user, id);  // again: no change, no error
  f.call("EnableUser", app::enable_user, id);
  users = f.call("DescribeUsers", app::describe_users, {{"AuthenticationType", "USERPOOL"}});
  CHECK(users["Users"][0]["Enabled"] == true);

  json unknown = {{"UserName", "U@example.com"}, {"AuthenticationType", "USERPOOL"}};
  CHECK(f.error_of("EnableUser", app::enable_user, unknown) == "ResourceNotFoundException");
  CHECK(f.error_of("DisableUser", app::disable_user, unknown) == "ResourceNotFoundException");
  CHECK(f.error_of("DeleteUser", app::delete_user, unknown) == "ResourceNotFoundException");
  json saml = {{"UserName", "u@example.com"}, {"AuthenticationType", "SAML"}};
  CHECK(f.error_of("DisableUser", app::disable_user, saml) == "InvalidParameterValueException");

  f.call("DeleteUser", app::delete_user, id);
  CHECK_FALSE(f.associations({{"StackName", "s"}}).contains("UserStackAssociations"));
  CHECK(f.error_of("DeleteUser", app::delete_user, id) == "ResourceNotFoundException");
}

// ------------------------------------------------------------------------------ associations

TEST_CASE("appstream BatchAssociateUserStack judges each entry on its own") {
  Fixture f;
  f.stack("s");
  f.user("u@example.com");
  json entries =
      json::array({f.entry("s", "u@example.com"), f.entry("missing", "u@example.com"),
                   f.entry("s", "U@example.com"), f.entry("s", "someone@corp.example", "SAML"),
                   f.entry("missing", "nobody@example.com")});
  entries[0]["SendEmailNotification"] = true;
  entries[2]["SendEmailNotification"] = false;
  json out = f.associate(entries);
  REQUIRE(out["errors"].size() == 3);
  CHECK(out["errors"][0]["ErrorCode"] == "STACK_NOT_FOUND");
  CHECK(out["errors"][0]["UserStackAssociation"] == entries[1]);
  CHECK(out["errors"][1]["ErrorCode"] == "USER_NAME_NOT_FOUND");
  CHECK(out["errors"][1]["UserStackAssociation"] == entries[2]);
  CHECK(out["errors"][2]["ErrorCode"] == "STACK_NOT_FOUND");
  for (const auto& e : out["errors"]) CHECK_FALSE(e["ErrorMessage"].get<std::string>().empty());

  json listed = f.associations({{"StackName", "s"}});
  REQUIRE(listed["UserStackAssociations"].size() == 2);
  CHECK(listed["UserStackAssociations"][0] == json({{"StackName", "s"},
                                                    {"UserName", "someone@corp.example"},
                                                    {"AuthenticationType", "SAML"}}));
  CHECK(listed["UserStackAssociations"][1]["UserName"] == "u@example.com");
  CHECK(listed["UserStackAssociations"][1]["SendEmailNotification"] == true);

  // Associating again is not an error; nothing is duplicated.
  CHECK(f.associate({f.entry("s", "u@example.com")})["errors"].empty());
  CHECK(f.associations({{"StackName", "s"}})["UserStackAssociations"].size() == 2);
}

TEST_CASE("appstream BatchAssociateUserStack takes 1 to 25 entries") {
  Fixture f;
  f.stack("s");
  json entries = json::array();
  for (int i = 0; i < 26; ++i) entries.push_back(f.entry("s", numbered("x", i), "API"));
  std::string message;
  CHECK(f.error_of("BatchAssociateUserStack", app::batch_associate_user_stack,
                   {{"UserStackAssociations", entries}}, &message) == "ValidationException");
  CHECK(message.find("userStackAssociations") != std::string::npos);
  INFO(message);
  CHECK(message.find("x1") == std::string::npos);  // user names are sensitive
  CHECK(f.error_of("BatchAssociateUserStack", app::batch_associate_user_stack,
                   {{"UserStackAssociations", json::array()}}) == "ValidationException");
  entries.erase(entries.begin());
  CHECK(f.associate(entries)["errors"].empty());
  CHECK(f.associations({{"StackName", "s"}, {"MaxResults", 500}})["UserStackAssociations"].size() ==
        25);
}

TEST_CASE("appstream BatchDisassociateUserStack") {
  Fixture f;
  f.stack("s");
  f.stack("t");
  f.user("u@example.com");
  f.associate({f.entry("s", "u@example.com"), f.entry("t", "u@example.com")});
  json out = f.disassociate({f.entry("s", "u@example.com"), f.entry("s", "u@example.com"),
                             f.entry("s", "never@corp.example", "AWS_AD"),
                             f.entry("gone", "u@example.com"), f.entry("t", "v@example.com")});
  REQUIRE(out["errors"].size() == 2);
  CHECK(out["errors"][0]["ErrorCode"] == "STACK_NOT_FOUND");
  CHECK(out["errors"][1]["ErrorCode"] == "USER_NAME_NOT_FOUND");
  json left = f.associations({{"UserName", "u@example.com"}, {"AuthenticationType", "USERPOOL"}});
  REQUIRE(left["UserStackAssociations"].size() == 1);
  CHECK(left["UserStackAssociations"][0]["StackName"] == "t");
}

TEST_CASE("appstream batch entries are applied in the call's one transaction") {
  Fixture f;
  f.stack("s");
  f.user("u@example.com");
  // A failure after the entries were applied (here: thrown by the caller inside the same
  // transaction) leaves nothing behind.
  json input = {{"UserStackAssociations", {f.entry("s", "u@example.com")}}};
  CHECK_THROWS(f.db.write([&](storage::Tx& tx) {
    app::batch_associate_user_stack(f.ctx, input, tx);
    throw ApiError("InternalServerException", "boom");
  }));
  CHECK_FALSE(f.associations({{"StackName", "s"}}).contains("UserStackAssociations"));
}

TEST_CASE("appstream DescribeUserStackAssociations: filters, combinations, pages") {
  Fixture f;
  f.stack("a");
  f.stack("b");
  json entries = json::array();
  for (int i = 0; i < 12; ++i) entries.push_back(f.entry("a", numbered("e", 10 + i), "SAML"));
  entries.push_back(f.entry("b", "e10", "SAML"));
  entries.push_back(f.entry("b", "e10", "API"));
  f.associate(entries);

  CHECK(f.error_of("DescribeUserStackAssociations", app::describe_user_stack_associations,
                   json::object()) == "InvalidParameterCombinationException");
  CHECK(f.error_of("DescribeUserStackAssociations", app::describe_user_stack_associations,
                   {{"UserName", "e10"}}) == "InvalidParameterCombinationException");
  CHECK(f.error_of("DescribeUserStackAssociations", app::describe_user_stack_associations,
                   {{"StackName", "a"}, {"UserName", "e10"}}) ==
        "InvalidParameterCombinationException");
  CHECK(f.error_of("DescribeUserStackAssociations", app::describe_user_stack_associations,
                   {{"AuthenticationType", "SAML"}}) == "InvalidParameterCombinationException");

  CHECK(
      f.associations({{"UserName", "e10"}, {"AuthenticationType", "SAML"}})["UserStackAssociations"]
          .size() == 2);
  CHECK(f.associations({{"StackName", "b"},
                        {"UserName", "e10"},
                        {"AuthenticationType", "API"}})["UserStackAssociations"]
            .size() == 1);
  CHECK(f.associations({{"StackName", "b"}, {"AuthenticationType", "API"}})["UserStackAssociations"]
            .size() == 1);
  CHECK_FALSE(f.associations({{"StackName", "none"}}).contains("UserStackAssociations"));

  json input = {{"StackName", "a"}, {"MaxResults", 5}};
  std::vector<std::string> names;
  int pages = 0;
  for (;;) {
    json page = f.associations(input);
    ++pages;
    for (const auto& a : page["UserStackAssociations"]) names.push_back(a["UserName"]);
    if (!page.contains("NextToken")) break;
    input["NextToken"] = page["NextToken"];
  }
  CHECK(pages == 3);
  REQUIRE(names.size() == 12);
  CHECK(names[0] == "e10");
  CHECK(names[11] == "e21");
  // MaxResults 0 asks for the default page: at most the model's 25.
  CHECK(f.associations({{"StackName", "a"}, {"MaxResults", 0}})["UserStackAssociations"].size() ==
        12);
}
