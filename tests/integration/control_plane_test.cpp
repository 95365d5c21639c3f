// The control plane (/_junction/*) over real HTTP: a server on an ephemeral port with an
// in-memory database, SSO Admin calls to make state, every endpoint and every error.
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <future>
#include <nlohmann/json.hpp>
#include <thread>

#include "server/app.hpp"
#include "server/logging.hpp"
#include "tests/integration/http_client.hpp"

using junction::App;
using junction::Config;
using junction::test::HttpClient;
using junction::test::HttpResult;
using nlohmann::json;

namespace {

constexpr const char* kAccountA = "111111111111";
constexpr const char* kAccountB = "222222222222";

Config test_config() {
  Config config;
  config.host = "127.0.0.1";
  config.port = 0;
  config.ephemeral = true;
  config.threads = 2;
  // The control plane is tested with made-up principal ids; the identity store behind them is
  // the end-to-end tests' subject (tests/e2e/test_sso_admin_principals.py).
  config.lenient_principals = true;
  return config;
}

// One server for one test case.
struct Server {
  explicit Server(Config config = test_config()) : app(quiet(config)), http(start(app)) {}

  static const Config& quiet(const Config& config) {
    junction::log::configure(junction::log::Level::kError, junction::log::Format::kText);
    return config;
  }
  static std::uint16_t start(App& app) {
    app.start();
    return app.port();
  }

  // SSO Admin (awsJson1.1) as account/region.
  HttpResult sso(const std::string& operation, const json& input,
                 const std::string& account = kAccountA, const std::string& region = "us-east-1") {
    return http.aws_json("sso", "SWBExternalService." + operation, input.dump(), account, region);
  }

  std::string instance_arn(const std::string& account = kAccountA,
                           const std::string& region = "us-east-1") {
    auto r = sso("ListInstances", json::object(), account, region);
    REQUIRE(r.status == 200);
    return r.json()["Instances"][0]["InstanceArn"];
  }

  std::string create_permission_set(const std::string& name, const std::string& account = kAccountA,
                                    const std::string& region = "us-east-1",
                                    const json& tags = json::array()) {
    json input = {{"InstanceArn", instance_arn(account, region)}, {"Name", name}};
    if (!tags.empty()) input["Tags"] = tags;
    auto r = sso("CreatePermissionSet", input, account, region);
    REQUIRE(r.status == 200);
    return r.json()["PermissionSet"]["PermissionSetArn"];
  }

  std::vector<std::string> permission_sets(const std::string& account = kAccountA,
                                           const std::string& region = "us-east-1") {
    auto r = sso("ListPermissionSets", {{"InstanceArn", instance_arn(account, region)}}, account,
                 region);
    REQUIRE(r.status == 200);
    return r.json().value("PermissionSets", std::vector<std::string>{});
  }

  // Assigns user number `user` (a UUID principal id) to account 333333333333.
  void assign(const std::string& ps_arn, int user, const std::string& account = kAccountA) {
    char principal[40];
    std::snprintf(principal, sizeof principal, "00000000-0000-4000-8000-%012d", user);
    auto r = sso("CreateAccountAssignment",
                 {{"InstanceArn", instance_arn(account)},
                  {"TargetId", "333333333333"},
                  {"TargetType", "AWS_ACCOUNT"},
                  {"PermissionSetArn", ps_arn},
                  {"PrincipalType", "USER"},
                  {"PrincipalId", std::string(principal)}},
                 account);
    INFO(r.body);
    REQUIRE(r.status == 200);
  }

  json state(const std::string& query = "") {
    auto r = http.get("/_junction/state" + query);
    REQUIRE(r.status == 200);
    return r.json();
  }

  json journal(const std::string& query = "") {
    auto r = http.get("/_junction/requests" + query);
    REQUIRE(r.status == 200);
    return r.json();
  }

  App app;
  HttpClient http;
};

// Control-plane errors: status, JSON body {"error", "message"}.
void require_error(const HttpResult& r, int status, const std::string& type) {
  INFO(r.body);
  REQUIRE(r.status == status);
  auto body = r.json();
  REQUIRE(body["error"] == type);
  REQUIRE(body["message"].is_string());
  REQUIRE_FALSE(body["message"].get<std::string>().empty());
  REQUIRE(r.header("content-type") == "application/json");
}

std::size_t rows(const json& state, const std::string& table) {
  return state["tables"].contains(table) ? state["tables"][table].size() : 0;
}

}  // namespace

TEST_CASE("health lists every service's operations and the storage", "[control]") {
  Server s;
  auto r = s.http.get("/_junction/health");
  REQUIRE(r.status == 200);
  auto body = r.json();
  REQUIRE(body["status"] == "ok");
  REQUIRE(body["storage"]["ephemeral"] == true);
  REQUIRE(body["storage"]["schemaVersion"].get<int>() >= 2);
  REQUIRE(body["services"].size() == 5);
  auto ops = body["services"]["sso-admin"]["operations"];
  REQUIRE(std::find(ops.begin(), ops.end(), "DeleteAccountAssignment") != ops.end());
  REQUIRE(body["controlPlane"]["enabled"] == true);
  REQUIRE(body["controlPlane"]["journalSize"] == 1000);
  REQUIRE(s.http.request("HEAD", "/_junction/health").status == 200);
  auto wrong = s.http.post("/_junction/health");
  require_error(wrong, 405, "MethodNotAllowed");
  REQUIRE(wrong.header("allow") == "GET, HEAD");
}

TEST_CASE("unknown endpoints are 404 and wrong methods 405", "[control]") {
  Server s;
  require_error(s.http.get("/_junction/nope"), 404, "NotFound");
  require_error(s.http.get("/_junction"), 404, "NotFound");
  require_error(s.http.get("/moto-api/data.json"), 404, "NotFound");
  require_error(s.http.get("/_junction/reset"), 405, "MethodNotAllowed");
  require_error(s.http.get("/moto-api/reset"), 405, "MethodNotAllowed");
  require_error(s.http.request("PUT", "/_junction/state", "{}"), 405, "MethodNotAllowed");
  require_error(s.http.post("/_junction/requests"), 405, "MethodNotAllowed");
  auto r = s.http.request("PATCH", "/_junction/faults", "{}");
  require_error(r, 405, "MethodNotAllowed");
  REQUIRE(r.header("allow") == "GET, POST, DELETE");
  require_error(s.http.post("/_junction/faults/fault-1"), 405, "MethodNotAllowed");
}

TEST_CASE("reset empties all state, or one service, account or region", "[control][reset]") {
  Server s;
  s.create_permission_set("A-east", kAccountA, "us-east-1");
  s.create_permission_set("A-west", kAccountA, "eu-west-1");
  s.create_permission_set("B-east", kAccountB, "us-east-1");

  SECTION("everything") {
    auto r = s.http.post("/_junction/reset");
    REQUIRE(r.status == 200);
    auto body = r.json();
    REQUIRE(body["status"] == "ok");
    REQUIRE(body["deleted"]["sso_permission_sets"] == 3);
    REQUIRE(body["rows"].get<int>() >= 3);
    REQUIRE(s.permission_sets(kAccountA).empty());
    REQUIRE(s.permission_sets(kAccountA, "eu-west-1").empty());
    REQUIRE(s.permission_sets(kAccountB).empty());
    json state = s.state();
    for (const auto& [table, list] : state["tables"].items()) REQUIRE(list.empty());
  }
  SECTION("one account, every region") {
    auto r = s.http.post(std::string("/_junction/reset?account=") + kAccountA);
    REQUIRE(r.status == 200);
    REQUIRE(r.json()["deleted"]["sso_permission_sets"] == 2);
    REQUIRE(s.permission_sets(kAccountA).empty());
    REQUIRE(s.permission_sets(kAccountA, "eu-west-1").empty());
    REQUIRE(s.permission_sets(kAccountB).size() == 1);
  }
  SECTION("one region") {
    REQUIRE(s.http.post("/_junction/reset?region=us-east-1").status == 200);
    REQUIRE(s.permission_sets(kAccountA).empty());
    REQUIRE(s.permission_sets(kAccountB).empty());
    REQUIRE(s.permission_sets(kAccountA, "eu-west-1").size() == 1);
  }
  SECTION("account and region combined") {
    REQUIRE(s.http.post(std::string("/_junction/reset?account=") + kAccountA + "&region=eu-west-1")
                .status == 200);
    REQUIRE(s.permission_sets(kAccountA).size() == 1);
    REQUIRE(s.permission_sets(kAccountA, "eu-west-1").empty());
    REQUIRE(s.permission_sets(kAccountB).size() == 1);
  }
  SECTION("one service") {
    auto other = s.http.post("/_junction/reset?service=appstream");
    REQUIRE(other.status == 200);
    REQUIRE(other.json()["rows"] == 0);
    REQUIRE(s.permission_sets(kAccountA).size() == 1);
    auto r = s.http.post("/_junction/reset?service=sso-admin&account=" + std::string(kAccountB));
    REQUIRE(r.status == 200);
    REQUIRE(r.json()["deleted"].contains("sso_instances"));
    REQUIRE(s.permission_sets(kAccountB).empty());
    REQUIRE(s.permission_sets(kAccountA).size() == 1);
    REQUIRE(s.http.post("/_junction/reset?service=sso-admin,appstream").status == 200);
    REQUIRE(s.permission_sets(kAccountA).empty());
  }
  SECTION("the moto alias") {
    auto r = s.http.post("/moto-api/reset");
    REQUIRE(r.status == 200);
    REQUIRE(s.permission_sets(kAccountA).empty());
  }
  SECTION("children go before their parents") {
    auto ps = s.create_permission_set("WithAssignment", kAccountA, "us-east-1",
                                      json::array({{{"Key", "team"}, {"Value", "blue"}}}));
    s.assign(ps, 1);
    REQUIRE(rows(s.state(), "sso_account_assignments") == 1);
    REQUIRE(s.http.post("/_junction/reset?service=sso-admin").status == 200);
    auto state = s.state();
    REQUIRE(rows(state, "sso_account_assignments") == 0);
    REQUIRE(rows(state, "shared_tags") == 0);
    REQUIRE(rows(state, "sso_permission_sets") == 0);
  }
  SECTION("bad parameters change nothing") {
    require_error(s.http.post("/_junction/reset?service=ec2"), 400, "UnknownService");
    require_error(s.http.post("/_junction/reset?service=sso-admin,nope"), 400, "UnknownService");
    require_error(s.http.post("/_junction/reset?acount=1"), 400, "InvalidParameter");
    require_error(s.http.post("/_junction/reset?account="), 400, "InvalidParameter");
    require_error(s.http.post("/_junction/reset?region=%zz"), 400, "InvalidParameter");
    REQUIRE(s.permission_sets(kAccountA).size() == 1);
  }
}

TEST_CASE("a full reset also clears the journal and the fault rules", "[control][reset]") {
  Server s;
  s.instance_arn();
  REQUIRE(
      s.http.post_json("/_junction/faults", {{"service", "appstream"}, {"latencyMs", 1}}).status ==
      201);
  auto filtered = s.http.post("/_junction/reset?region=us-east-1").json();
  REQUIRE(filtered["journalCleared"] == false);
  REQUIRE(filtered["faultRulesCleared"] == 0);
  REQUIRE(s.journal()["count"] == 1);
  auto full = s.http.post("/_junction/reset").json();
  REQUIRE(full["journalCleared"] == true);
  REQUIRE(full["faultRulesCleared"] == 1);
  REQUIRE(s.journal()["count"] == 0);
  REQUIRE(s.http.get("/_junction/faults").json()["rules"].empty());
}

TEST_CASE("state exports as one versioned document and imports back", "[control][state]") {
  Server s;
  auto ps = s.create_permission_set("Admins", kAccountA, "us-east-1",
                                    json::array({{{"Key", "team"}, {"Value", "blue"}}}));
  s.assign(ps, 1);
  s.assign(ps, 2);
  s.create_permission_set("Readers", kAccountB, "eu-west-1");

  auto doc = s.state();
  REQUIRE(doc["format"] == "junction-state");
  REQUIRE(doc["version"] == 1);
  REQUIRE(doc["exportedAt"].is_string());
  REQUIRE(doc["schemaVersion"] == s.app.database().schema_version());
  REQUIRE_FALSE(doc.contains("filter"));
  REQUIRE(rows(doc, "sso_permission_sets") == 2);
  REQUIRE(rows(doc, "sso_account_assignments") == 2);
  REQUIRE(rows(doc, "shared_tags") == 1);
  REQUIRE_FALSE(doc["tables"].contains("schema_migrations"));
  REQUIRE_FALSE(doc["tables"].contains("meta"));
  auto first = doc["tables"]["sso_permission_sets"][0];
  REQUIRE(first["account"] == kAccountA);
  REQUIRE(first["created_at"].is_number_float());

  SECTION("export then import into an empty server reproduces the state") {
    Server fresh;
    auto r = fresh.http.post("/_junction/state", doc.dump());
    INFO(r.body);
    REQUIRE(r.status == 200);
    REQUIRE(r.json()["imported"]["sso_permission_sets"] == 2);
    auto again = fresh.state();
    REQUIRE(again["tables"] == doc["tables"]);
    // And the API sees it.
    REQUIRE(fresh.permission_sets(kAccountA).size() == 1);
    REQUIRE(fresh.permission_sets(kAccountB, "eu-west-1").size() == 1);
    auto assignments = fresh.sso("ListAccountAssignments", {{"InstanceArn", fresh.instance_arn()},
                                                            {"AccountId", "333333333333"},
                                                            {"PermissionSetArn", ps}});
    REQUIRE(assignments.json()["AccountAssignments"].size() == 2);
  }
  SECTION("importing into the same server is idempotent") {
    REQUIRE(s.http.post("/_junction/state", doc.dump()).status == 200);
    REQUIRE(s.state()["tables"] == doc["tables"]);
  }
  SECTION("import merges: an existing row is updated in place and keeps its children") {
    json row = doc["tables"]["sso_permission_sets"][0];
    row["description"] = "changed";
    json update = {{"tables", {{"sso_permission_sets", {row}}}}};
    REQUIRE(s.http.post("/_junction/state", update.dump()).status == 200);
    auto after = s.state();
    REQUIRE(after["tables"]["sso_permission_sets"][0]["description"] == "changed");
    REQUIRE(rows(after, "shared_tags") == 1);
    REQUIRE(rows(after, "sso_account_assignments") == 2);
  }
  SECTION("filters: service, account, region") {
    auto a = s.state(std::string("?account=") + kAccountA);
    REQUIRE(a["filter"]["account"] == kAccountA);
    REQUIRE(rows(a, "sso_permission_sets") == 1);
    REQUIRE(a["tables"]["sso_permission_sets"][0]["name"] == "Admins");
    auto west = s.state("?region=eu-west-1&service=sso-admin");
    REQUIRE(rows(west, "sso_permission_sets") == 1);
    REQUIRE(rows(west, "sso_account_assignments") == 0);
    auto other = s.state("?service=appstream");
    for (const auto& [table, list] : other["tables"].items()) {
      INFO(table);
      REQUIRE((table.rfind("appstream_", 0) == 0 || table.rfind("shared_", 0) == 0));
      if (table.rfind("shared_", 0) == 0)
        for (const auto& row : list) REQUIRE(row["service"] == "appstream");
    }
    // The SSO Admin tags are in the shared table, and only SSO Admin's export has them.
    REQUIRE(rows(s.state("?service=sso-admin"), "shared_tags") == 1);
    REQUIRE(rows(other, "shared_tags") == 0);
    require_error(s.http.get("/_junction/state?service=nope"), 400, "UnknownService");
    require_error(s.http.get("/_junction/state?x=1"), 400, "InvalidParameter");
  }
}

TEST_CASE("import orders parents before children whatever the document says", "[control][state]") {
  Server s;
  Server source;
  auto ps = source.create_permission_set("P", kAccountA);
  source.assign(ps, 1);
  auto tables = source.state()["tables"];
  // nlohmann sorts keys, so build the body by hand with the child table first.
  std::string body =
      "{\"tables\": {\"sso_account_assignments\": " + tables["sso_account_assignments"].dump() +
      ", \"sso_permission_sets\": " + tables["sso_permission_sets"].dump() + "}}";
  auto r = s.http.post("/_junction/state", body);
  INFO(r.body);
  REQUIRE(r.status == 200);
  REQUIRE(r.json()["rows"] == 2);
}

TEST_CASE("a bad state document is a 400 and applies nothing", "[control][state]") {
  Server s;
  Server source;
  source.create_permission_set("P", kAccountA);
  json good = source.state();
  auto unchanged = [&] {
    json state = s.state();
    for (const auto& [table, list] : state["tables"].items()) REQUIRE(list.empty());
  };

  SECTION("not JSON") {
    require_error(s.http.post("/_junction/state", "{\"tables\": "), 400, "InvalidJson");
    require_error(s.http.post("/_junction/state", "[]"), 400, "InvalidJson");
  }
  SECTION("unknown table, next to good rows") {
    json doc = good;
    doc["tables"]["no_such_table"] = json::array({{{"a", 1}}});
    auto r = s.http.post("/_junction/state", doc.dump());
    require_error(r, 400, "UnknownTable");
    REQUIRE(r.json()["message"].get<std::string>().find("no_such_table") != std::string::npos);
  }
  SECTION("unknown column") {
    json doc = good;
    doc["tables"]["sso_permission_sets"][0]["colour"] = "red";
    auto r = s.http.post("/_junction/state", doc.dump());
    require_error(r, 400, "UnknownColumn");
    REQUIRE(r.json()["message"].get<std::string>().find("colour") != std::string::npos);
  }
  SECTION("a row breaking a constraint, after good rows") {
    json doc = good;
    json bad = doc["tables"]["sso_permission_sets"][0];
    bad.erase("name");
    bad["arn"] = "arn:aws:sso:::permissionSet/ssoins-x/ps-y";
    doc["tables"]["sso_permission_sets"].push_back(bad);
    auto r = s.http.post("/_junction/state", doc.dump());
    require_error(r, 400, "ConstraintViolation");
    REQUIRE(r.json()["message"].get<std::string>().find("NOT NULL") != std::string::npos);
  }
  SECTION("a child without its parent") {
    json doc = {{"tables",
                 {{"sso_account_assignments",
                   {{{"account", kAccountA},
                     {"region", "us-east-1"},
                     {"instance_arn", "arn:aws:sso:::instance/ssoins-1"},
                     {"target_id", "111122223333"},
                     {"permission_set_arn", "arn:missing"},
                     {"principal_type", "USER"},
                     {"principal_id", "p"},
                     {"target_type", "AWS_ACCOUNT"},
                     {"created_at", 1.0}}}}}}};
    require_error(s.http.post("/_junction/state", doc.dump()), 400, "ConstraintViolation");
  }
  SECTION("wrong format, version, members") {
    json doc = good;
    doc["format"] = "moto";
    require_error(s.http.post("/_junction/state", doc.dump()), 400, "InvalidState");
    doc = good;
    doc["version"] = 2;
    require_error(s.http.post("/_junction/state", doc.dump()), 400, "UnsupportedVersion");
    doc = good;
    doc["extra"] = true;
    require_error(s.http.post("/_junction/state", doc.dump()), 400, "InvalidState");
    require_error(s.http.post("/_junction/state", "{}"), 400, "InvalidState");
    require_error(s.http.post("/_junction/state", R"({"tables": []})"), 400, "InvalidState");
    require_error(s.http.post("/_junction/state", R"({"tables": {"sso_instances": {}}})"), 400,
                  "InvalidState");
    require_error(s.http.post("/_junction/state", R"({"tables": {"sso_instances": [1]}})"), 400,
                  "InvalidState");
    require_error(s.http.post("/_junction/state", R"({"tables": {"sso_instances": [{}]}})"), 400,
                  "InvalidRow");
    require_error(s.http.post("/_junction/state?service=sso-admin", good.dump()), 400,
                  "InvalidParameter");
  }
  unchanged();
}

TEST_CASE("values keep their types through export and import", "[control][state]") {
  Server s;
  // Hand-written rows: a whole number in a REAL column stays a number, nested JSON in a TEXT
  // column is stored as its text; a blob in a TEXT column is refused, naming the column.
  json doc = {{"format", "junction-state"},
              {"version", 1},
              {"comment", "hand-written"},
              {"tables",
               {{"sso_instances",
                 {{{"account", kAccountA},
                   {"region", "us-east-1"},
                   {"instance_arn", "arn:aws:sso:::instance/ssoins-0123456789abcdef"},
                   {"identity_store_id", "d-0123456789"},
                   {"name", "hello"},
                   {"created_at", 1700000000}}}}}}};
  auto r = s.http.post("/_junction/state", doc.dump());
  INFO(r.body);
  REQUIRE(r.status == 200);
  auto row = s.state()["tables"]["sso_instances"][0];
  REQUIRE(row["name"] == "hello");
  REQUIRE(row["created_at"] == 1700000000.0);  // a REAL column
  REQUIRE(row["created_at"].is_number_float());
  doc["tables"]["sso_instances"][0]["name"] = json::array({1, 2});
  REQUIRE(s.http.post("/_junction/state", doc.dump()).status == 200);
  REQUIRE(s.state()["tables"]["sso_instances"][0]["name"] == "[1,2]");
  doc["tables"]["sso_instances"][0]["name"] = {{"$base64", "aGVsbG8="}};
  require_error(s.http.post("/_junction/state", doc.dump()), 400, "InvalidRow");
  doc["tables"]["sso_instances"][0]["name"] = {{"$base64", "!!"}};
  require_error(s.http.post("/_junction/state", doc.dump()), 400, "InvalidState");
}

TEST_CASE("--seed imports a state file at start-up", "[control][state]") {
  auto dir = std::filesystem::temp_directory_path() /
             ("junction-seed-" +
              std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
  std::filesystem::create_directories(dir);
  Server source;
  source.create_permission_set("Seeded", kAccountA);
  auto path = (dir / "seed.json").string();
  std::ofstream(path) << source.state().dump(2);

  Config config = test_config();
  config.seed_file = path;
  Server seeded(config);
  auto names = seeded.permission_sets(kAccountA);
  REQUIRE(names.size() == 1);

  SECTION("a bad seed file stops the start with a clear message") {
    std::ofstream(path) << R"({"tables": {"nope": []}})";
    try {
      App app(config);
      FAIL("started with a bad seed");
    } catch (const std::exception& e) {
      std::string what = e.what();
      REQUIRE(what.find(path) != std::string::npos);
      REQUIRE(what.find("nope") != std::string::npos);
    }
    std::ofstream(path) << "{not json";
    REQUIRE_THROWS_WITH(App(config), Catch::Contains("not valid JSON"));
    config.seed_file = (dir / "missing.json").string();
    REQUIRE_THROWS_WITH(App(config), Catch::Contains(": no such file"));  // which: missing
  }
  std::filesystem::remove_all(dir);
}

TEST_CASE("the journal records API calls, filterable", "[control][journal]") {
  Server s;
  auto arn = s.instance_arn();
  s.create_permission_set("One");
  s.sso("DescribePermissionSet", {{"InstanceArn", arn}, {"PermissionSetArn", "arn:nope"}});
  s.sso("ListInstances", json::object(), kAccountB, "eu-west-1");
  s.http.rest_json("s3", "GET", "/bucket");  // a service not emulated: 501
  s.http.get("/_junction/health");           // control plane: not recorded

  auto all = s.journal();
  REQUIRE(all["capacity"] == 1000);
  auto entries = all["entries"];
  // ListInstances (A), ListInstances (A) + CreatePermissionSet, DescribePermissionSet,
  // ListInstances (B), the S3 request.
  REQUIRE(entries.size() == 6);
  REQUIRE(all["count"] == 6);
  REQUIRE(all["total"] == 6);
  auto create = entries[2];
  REQUIRE(create["operation"] == "CreatePermissionSet");
  REQUIRE(create["service"] == "sso-admin");
  REQUIRE(create["account"] == kAccountA);
  REQUIRE(create["region"] == "us-east-1");
  REQUIRE(create["status"] == 200);
  REQUIRE(create["errorType"].is_null());
  REQUIRE(create["faulted"] == false);
  REQUIRE(create["latencyMs"].is_number());
  REQUIRE(create["requestId"].get<std::string>().size() == 36);
  REQUIRE(create["time"].get<std::string>().back() == 'Z');
  // Newest last.
  REQUIRE(entries[0]["sequence"].get<int>() < entries[5]["sequence"].get<int>());
  REQUIRE(entries[5]["path"] == "/bucket");
  REQUIRE(entries[5]["status"] == 501);
  REQUIRE(entries[5]["errorType"] == "NotImplemented");

  REQUIRE(s.journal("?operation=ListInstances")["count"] == 3);
  REQUIRE(s.journal("?service=sso-admin")["count"] == 5);
  REQUIRE(s.journal("?service=sso-admin&operation=ListInstances&region=eu-west-1")["count"] == 1);
  REQUIRE(s.journal(std::string("?account=") + kAccountB)["count"] == 1);
  REQUIRE(s.journal("?status=400")["entries"][0]["errorType"] == "ValidationException");
  REQUIRE(s.journal("?status=4xx")["count"] == 1);
  REQUIRE(s.journal("?status=5xx")["count"] == 1);
  REQUIRE(s.journal("?status=200")["count"] == 4);
  REQUIRE(s.journal("?errorType=NotImplemented")["count"] == 1);
  REQUIRE(s.journal("?faulted=false")["count"] == 6);
  auto last = s.journal("?limit=2");
  REQUIRE(last["count"] == 2);
  REQUIRE(last["entries"][0]["operation"] == "ListInstances");
  REQUIRE(last["entries"][1]["path"] == "/bucket");

  require_error(s.http.get("/_junction/requests?status=abc"), 400, "InvalidParameter");
  require_error(s.http.get("/_junction/requests?status=4"), 400, "InvalidParameter");
  require_error(s.http.get("/_junction/requests?service=ec2"), 400, "UnknownService");
  require_error(s.http.get("/_junction/requests?faulted=maybe"), 400, "InvalidParameter");
  require_error(s.http.get("/_junction/requests?limit=0"), 400, "InvalidParameter");
  require_error(s.http.get("/_junction/requests?op=x"), 400, "InvalidParameter");
  require_error(s.http.del("/_junction/requests?x=1"), 400, "InvalidParameter");

  auto cleared = s.http.del("/_junction/requests");
  REQUIRE(cleared.status == 200);
  REQUIRE(cleared.json()["deleted"] == 6);
  REQUIRE(s.journal()["count"] == 0);
  REQUIRE(s.journal()["total"] == 6);
}

TEST_CASE("the journal is a bounded ring", "[control][journal]") {
  Config config = test_config();
  config.journal_size = 3;
  Server s(config);
  for (int i = 0; i < 5; ++i) s.sso("ListInstances", json::object());
  auto j = s.journal();
  REQUIRE(j["capacity"] == 3);
  REQUIRE(j["count"] == 3);
  REQUIRE(j["total"] == 5);
  REQUIRE(j["entries"][0]["sequence"] == 3);
  REQUIRE(j["entries"][2]["sequence"] == 5);

  config.journal_size = 0;
  Server off(config);
  off.sso("ListInstances", json::object());
  REQUIRE(off.journal()["count"] == 0);
}

TEST_CASE("a fault rule fails the next N calls with the protocol's error", "[control][faults]") {
  Server s;
  auto arn = s.instance_arn();
  auto added = s.http.post_json("/_junction/faults", {{"service", "sso-admin"},
                                                      {"operation", "CreatePermissionSet"},
                                                      {"error", {{"type", "ThrottlingException"}}},
                                                      {"count", 2}});
  INFO(added.body);
  REQUIRE(added.status == 201);
  auto rule = added.json();
  std::string id = rule["id"];
  REQUIRE(rule["remaining"] == 2);
  REQUIRE(rule["fired"] == 0);
  REQUIRE(rule["operation"] == "CreatePermissionSet");

  json input = {{"InstanceArn", arn}, {"Name", "Faulted"}};
  for (int i = 0; i < 2; ++i) {
    auto r = s.sso("CreatePermissionSet", input);
    REQUIRE(r.status == 400);  // awsJson: the model gives ThrottlingException no status
    REQUIRE(r.header("x-amzn-errortype") == "ThrottlingException");
    REQUIRE(r.header("content-type") == "application/x-amz-json-1.1");
    REQUIRE(r.header("x-amzn-requestid").size() == 36);
    REQUIRE(r.json()["__type"] == "ThrottlingException");
    REQUIRE(r.json()["Message"].get<std::string>().find(id) != std::string::npos);
  }
  // Nothing changed, other operations unaffected.
  REQUIRE(s.permission_sets().empty());
  auto listed = s.http.get("/_junction/faults").json()["rules"];
  REQUIRE(listed.size() == 1);
  REQUIRE(listed[0]["remaining"] == 0);
  REQUIRE(listed[0]["fired"] == 2);
  // The third call runs.
  REQUIRE(s.sso("CreatePermissionSet", input).status == 200);
  REQUIRE(s.permission_sets().size() == 1);

  auto faulted = s.journal("?faulted=true");
  REQUIRE(faulted["count"] == 2);
  REQUIRE(faulted["entries"][0]["faultId"] == id);
  REQUIRE(faulted["entries"][0]["errorType"] == "ThrottlingException");
  REQUIRE(s.journal("?operation=CreatePermissionSet&status=200")["count"] == 1);

  SECTION("get and delete one rule") {
    REQUIRE(s.http.get("/_junction/faults/" + id).json()["id"] == id);
    REQUIRE(s.http.del("/_junction/faults/" + id).status == 200);
    require_error(s.http.get("/_junction/faults/" + id), 404, "NoSuchFault");
    require_error(s.http.del("/_junction/faults/" + id), 404, "NoSuchFault");
  }
  SECTION("delete all") {
    s.http.post_json("/_junction/faults", {{"service", "appstream"}, {"latencyMs", 1}});
    auto r = s.http.del("/_junction/faults");
    REQUIRE(r.json()["deleted"] == 2);
    REQUIRE(s.http.get("/_junction/faults").json()["rules"].empty());
  }
}

TEST_CASE("fault status codes follow the service model", "[control][faults]") {
  Server s;
  // restJson FinSpace: ThrottlingException is 429 in its model. The fault fires after routing,
  // so it answers even for an operation Junction has not implemented.
  s.http.post_json("/_junction/faults",
                   {{"service", "finspace-data"}, {"error", {{"type", "ThrottlingException"}}}});
  auto r = s.http.rest_json("finspace-api", "GET", "/user/u1");
  REQUIRE(r.status == 429);
  REQUIRE(r.header("x-amzn-errortype") == "ThrottlingException");
  REQUIRE(r.header("content-type") == "application/json");
  REQUIRE(r.json()["message"].is_string());
  s.http.del("/_junction/faults");

  // An explicit status wins; a custom message is kept.
  s.http.post_json(
      "/_junction/faults",
      {{"service", "sso-admin"},
       {"error", {{"type", "ServiceUnavailable"}, {"message", "down for tea"}, {"status", 503}}},
       {"count", 1}});
  auto down = s.sso("ListInstances", json::object());
  REQUIRE(down.status == 503);
  REQUIRE(down.json()["Message"] == "down for tea");
  REQUIRE(s.sso("ListInstances", json::object()).status == 200);
}

TEST_CASE("fault rules can target an account or region, or fire by chance", "[control][faults]") {
  Server s;
  s.http.post_json("/_junction/faults", {{"service", "sso-admin"},
                                         {"account", kAccountB},
                                         {"region", "eu-west-1"},
                                         {"error", {{"type", "AccessDeniedException"}}}});
  REQUIRE(s.sso("ListInstances", json::object(), kAccountA, "eu-west-1").status == 200);
  REQUIRE(s.sso("ListInstances", json::object(), kAccountB, "us-east-1").status == 200);
  REQUIRE(s.sso("ListInstances", json::object(), kAccountB, "eu-west-1").status == 400);
  s.http.del("/_junction/faults");

  s.http.post_json(
      "/_junction/faults",
      {{"service", "sso-admin"}, {"probability", 0}, {"error", {{"type", "ThrottlingException"}}}});
  s.http.post_json("/_junction/faults", {{"service", "sso-admin"},
                                         {"probability", 1.0},
                                         {"error", {{"type", "InternalServerException"}}}});
  for (int i = 0; i < 5; ++i) {
    auto r = s.sso("ListInstances", json::object());
    REQUIRE(r.status == 500);
    REQUIRE(r.header("x-amzn-errortype") == "InternalServerException");
  }
  auto rules = s.http.get("/_junction/faults").json()["rules"];
  REQUIRE(rules[0]["fired"] == 0);
  REQUIRE(rules[0]["probability"] == 0);
  REQUIRE(rules[1]["fired"] == 5);
  REQUIRE(rules[1]["remaining"].is_null());
}

TEST_CASE("a latency-only rule delays the call, which then runs", "[control][faults]") {
  Server s;
  auto arn = s.instance_arn();
  s.http.post_json("/_junction/faults", {{"service", "sso-admin"},
                                         {"operation", "CreatePermissionSet"},
                                         {"latencyMs", 150},
                                         {"count", 1}});
  auto started = std::chrono::steady_clock::now();
  auto r = s.sso("CreatePermissionSet", {{"InstanceArn", arn}, {"Name", "Slow"}});
  auto took = std::chrono::steady_clock::now() - started;
  REQUIRE(r.status == 200);
  REQUIRE(took >= std::chrono::milliseconds(150));
  REQUIRE(s.permission_sets().size() == 1);
  auto entry = s.journal("?operation=CreatePermissionSet")["entries"][0];
  REQUIRE(entry["faulted"] == false);
  REQUIRE(entry["injectedLatencyMs"] == 150);
  REQUIRE(entry["latencyMs"].get<double>() >= 150);
  REQUIRE(entry["faultId"].is_string());
}

TEST_CASE("a delayed call holds no worker thread", "[control][faults]") {
  // One worker thread: a delay that slept on it would hold every other call back until it ends.
  Config config = test_config();
  config.threads = 1;
  Server s(config);
  auto arn = s.instance_arn();
  s.http.post_json("/_junction/faults", {{"service", "sso-admin"},
                                         {"operation", "CreatePermissionSet"},
                                         {"latencyMs", 1500},
                                         {"count", 1}});
  auto slow = std::async(std::launch::async, [&] {
    HttpClient other(s.app.port());
    return other.aws_json("sso", "SWBExternalService.CreatePermissionSet",
                          json({{"InstanceArn", arn}, {"Name", "Slow"}}).dump(), kAccountA,
                          "us-east-1");
  });
  // Once the delayed call is in the journal's hands (its rule has fired), others still run.
  for (int i = 0; i < 500 && s.http.get("/_junction/faults").json()["rules"][0]["fired"] == 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  auto quick = s.sso("ListPermissionSets", {{"InstanceArn", arn}});
  REQUIRE(quick.status == 200);
  REQUIRE(quick.json()["PermissionSets"].empty());  // answered while the other still waits
  REQUIRE(slow.wait_for(std::chrono::seconds(0)) == std::future_status::timeout);
  REQUIRE(slow.get().status == 200);
  REQUIRE(s.permission_sets().size() == 1);
  auto entry = s.journal("?operation=CreatePermissionSet")["entries"][0];
  REQUIRE(entry["injectedLatencyMs"] == 1500);
  REQUIRE(entry["status"] == 200);
}

TEST_CASE("a bad fault rule is a 400", "[control][faults]") {
  Server s;
  auto bad = [&](const std::string& body, const std::string& type) {
    require_error(s.http.post("/_junction/faults", body), 400, type);
  };
  json error = {{"type", "ThrottlingException"}};
  bad("{", "InvalidJson");
  bad("[]", "InvalidJson");
  bad("{}", "InvalidFault");
  bad(json({{"error", error}}).dump(), "InvalidFault");
  bad(json({{"service", 1}, {"error", error}}).dump(), "InvalidFault");
  bad(json({{"service", "ec2"}, {"error", error}}).dump(), "UnknownService");
  bad(json({{"service", "sso-admin"}, {"operation", "Nope"}, {"error", error}}).dump(),
      "UnknownOperation");
  bad(json({{"service", "sso-admin"}}).dump(), "InvalidFault");
  bad(json({{"service", "sso-admin"}, {"error", "Throttling"}}).dump(), "InvalidFault");
  bad(json({{"service", "sso-admin"}, {"error", json::object()}}).dump(), "InvalidFault");
  bad(json({{"service", "sso-admin"}, {"error", {{"type", "Bad\r\nHeader"}}}}).dump(),
      "InvalidFault");
  bad(json({{"service", "sso-admin"}, {"error", {{"type", "X"}, {"status", 200}}}}).dump(),
      "InvalidFault");
  bad(json({{"service", "sso-admin"}, {"error", {{"type", "X"}, {"colour", 1}}}}).dump(),
      "InvalidFault");
  bad(json({{"service", "sso-admin"}, {"error", error}, {"count", 0}}).dump(), "InvalidFault");
  bad(json({{"service", "sso-admin"}, {"error", error}, {"count", 1.5}}).dump(), "InvalidFault");
  bad(json({{"service", "sso-admin"}, {"error", error}, {"probability", 1.5}}).dump(),
      "InvalidFault");
  bad(json({{"service", "sso-admin"}, {"error", error}, {"probability", "half"}}).dump(),
      "InvalidFault");
  bad(json({{"service", "sso-admin"}, {"error", error}, {"count", 1}, {"probability", 0.5}}).dump(),
      "InvalidFault");
  bad(json({{"service", "sso-admin"}, {"latencyMs", -1}}).dump(), "InvalidFault");
  bad(json({{"service", "sso-admin"}, {"latencyMs", 10000000}}).dump(), "InvalidFault");
  bad(json({{"service", "sso-admin"}, {"error", error}, {"operations", "X"}}).dump(),
      "InvalidFault");
  require_error(s.http.post("/_junction/faults?service=sso-admin",
                            json({{"service", "sso-admin"}, {"latencyMs", 1}}).dump()),
                400, "InvalidParameter");
  REQUIRE(s.http.get("/_junction/faults").json()["rules"].empty());
}

TEST_CASE("--no-control-plane leaves only health", "[control][options]") {
  Config config = test_config();
  config.no_control_plane = true;
  Server s(config);
  REQUIRE(s.http.get("/_junction/health").status == 200);
  REQUIRE(s.http.get("/_junction/health").json()["controlPlane"]["enabled"] == false);
  for (auto [method, path] :
       std::vector<std::pair<std::string, std::string>>{{"POST", "/_junction/reset"},
                                                        {"POST", "/moto-api/reset"},
                                                        {"GET", "/_junction/state"},
                                                        {"POST", "/_junction/state"},
                                                        {"GET", "/_junction/requests"},
                                                        {"DELETE", "/_junction/requests"},
                                                        {"GET", "/_junction/faults"},
                                                        {"POST", "/_junction/faults"},
                                                        {"GET", "/_junction/nope"}}) {
    INFO(method << " " << path);
    require_error(s.http.request(method, path, "{}"), 404, "NotFound");
  }
  // The API still works.
  REQUIRE(s.sso("ListInstances", json::object()).status == 200);
}

TEST_CASE("--admin-token guards every endpoint but health", "[control][options]") {
  Config config = test_config();
  config.admin_token = "s3cret";
  Server s(config);
  REQUIRE(s.http.get("/_junction/health").status == 200);
  REQUIRE(s.http.get("/_junction/health").json()["controlPlane"]["tokenRequired"] == true);

  auto missing = s.http.post("/_junction/reset");
  require_error(missing, 401, "Unauthorized");
  REQUIRE(missing.header("www-authenticate").find("Bearer") == 0);
  require_error(s.http.post("/_junction/reset", "", {{"Authorization", "Bearer wrong"}}), 401,
                "Unauthorized");
  require_error(s.http.post("/_junction/reset", "", {{"Authorization", "Bearer s3cret2"}}), 401,
                "Unauthorized");
  require_error(s.http.post("/_junction/reset", "", {{"Authorization", "Basic s3cret"}}), 401,
                "Unauthorized");
  require_error(s.http.get("/_junction/nope"), 401, "Unauthorized");
  require_error(s.http.get("/_junction/state"), 401, "Unauthorized");
  require_error(s.http.post("/moto-api/reset"), 401, "Unauthorized");

  REQUIRE(s.http.post("/_junction/reset", "", {{"Authorization", "Bearer s3cret"}}).status == 200);
  REQUIRE(s.http.get("/_junction/state", {{"Authorization", "bearer s3cret"}}).status == 200);
  s.http.set_default_header("Authorization", "Bearer s3cret");
  REQUIRE(s.http.get("/_junction/requests").status == 200);
  require_error(s.http.get("/_junction/nope"), 404, "NotFound");
  // The API does not need the token.
  REQUIRE(s.sso("ListInstances", json::object()).status == 200);
}

TEST_CASE("state is isolated by account and region", "[control][isolation]") {
  Server s;
  s.create_permission_set("OnlyA", kAccountA, "us-east-1");
  REQUIRE(s.permission_sets(kAccountA).size() == 1);
  REQUIRE(s.permission_sets(kAccountB).empty());
  REQUIRE(s.permission_sets(kAccountA, "eu-west-1").empty());
  // A non-numeric key is the default account.
  REQUIRE(s.permission_sets("AKIDEXAMPLE").empty());
  REQUIRE(s.instance_arn(kAccountA) != s.instance_arn(kAccountB));
}

TEST_CASE("the client helper keeps a connection alive", "[control][client]") {
  Server s;
  HttpClient keep(s.app.port(), true);
  for (int i = 0; i < 3; ++i) REQUIRE(keep.get("/_junction/health").status == 200);
}
