// SSO Admin through real HTTP against an in-process server.
#include <catch2/catch.hpp>
#include <optional>
#include <string>

#include "handlers/api.hpp"
#include "server/shapes/model_tables.hpp"
#include "test_server.hpp"

using namespace junction;
using namespace junction::testing;
using nlohmann::json;

namespace {
constexpr const char* kPrincipal = "a1b2c3d4e5-12345678-1234-1234-1234-123456789012";

// An SSO Admin operation of the model that no handler implements yet, if one is left.
std::optional<std::string> unimplemented_operation() {
  const auto& model = shapes::models::k_sso_admin;
  for (int i = 0; i < model.operation_count; ++i) {
    std::string name = model.operations[i].name;
    bool bound = false;
    for (const auto& service : handlers::all_bindings())
      for (const auto& b : service.bindings)
        bound = bound || (service.service == std::string(model.sdk_name) && name == b.operation);
    if (!bound) return name;
  }
  return std::nullopt;
}

std::string instance_arn(HttpClient& c, const std::string& key = "AKIDEXAMPLE") {
  return c.aws_json("SWBExternalService.ListInstances", json::object(), key)
      .json()["Instances"][0]["InstanceArn"];
}

json assignment(const std::string& instance, const std::string& ps) {
  return {{"InstanceArn", instance}, {"TargetId", "123456789012"}, {"TargetType", "AWS_ACCOUNT"},
          {"PermissionSetArn", ps},  {"PrincipalType", "USER"},    {"PrincipalId", kPrincipal}};
}
}  // namespace

TEST_CASE("create, list and delete an account assignment over HTTP") {
  Config config;
  config.ephemeral = true;
  TestServer server(config);
  HttpClient c(server.port());
  std::string instance = instance_arn(c);
  CHECK(instance.rfind("arn:aws:sso:::instance/ssoins-", 0) == 0);

  auto created = c.aws_json("SWBExternalService.CreatePermissionSet",
                            {{"InstanceArn", instance}, {"Name", "Admin"}});
  REQUIRE(created.status == 200);
  CHECK(created.header("content-type") == "application/x-amz-json-1.1");
  CHECK(created.header("x-amzn-requestid").size() == 36);
  std::string ps = created.json()["PermissionSet"]["PermissionSetArn"];
  CHECK(created.json()["PermissionSet"]["SessionDuration"] == "PT1H");

  auto dup = c.aws_json("SWBExternalService.CreatePermissionSet",
                        {{"InstanceArn", instance}, {"Name", "Admin"}});
  CHECK(dup.status == 400);
  CHECK(dup.header("x-amzn-errortype") == "ConflictException");

  REQUIRE(
      c.aws_json("SWBExternalService.CreateAccountAssignment", assignment(instance, ps)).status ==
      200);
  auto listed = c.aws_json(
      "SWBExternalService.ListAccountAssignments",
      {{"InstanceArn", instance}, {"AccountId", "123456789012"}, {"PermissionSetArn", ps}});
  CHECK(listed.json()["AccountAssignments"].size() == 1);

  auto deleted = c.aws_json("SWBExternalService.DeleteAccountAssignment", assignment(instance, ps));
  REQUIRE(deleted.status == 200);
  json status = deleted.json()["AccountAssignmentDeletionStatus"];
  CHECK(status["Status"] == "IN_PROGRESS");
  CHECK_FALSE(status.contains("FailureReason"));
  CHECK(status["CreatedDate"].is_number());

  auto described = c.aws_json(
      "SWBExternalService.DescribeAccountAssignmentDeletionStatus",
      {{"InstanceArn", instance}, {"AccountAssignmentDeletionRequestId", status["RequestId"]}});
  CHECK(described.json()["AccountAssignmentDeletionStatus"]["Status"] == "SUCCEEDED");

  auto again = c.aws_json("SWBExternalService.DeleteAccountAssignment", assignment(instance, ps));
  CHECK(again.status == 400);
  CHECK(again.json()["__type"] == "ResourceNotFoundException");
}

TEST_CASE("bad input gets AWS errors and the server keeps serving") {
  Config config;
  config.ephemeral = true;
  config.max_body_bytes = 4096;
  TestServer server(config);
  HttpClient c(server.port());
  auto bad =
      c.request("POST", "/", "{not json", {{"X-Amz-Target", "SWBExternalService.ListInstances"}});
  CHECK(bad.status == 400);
  CHECK(bad.json()["__type"] == "SerializationException");

  auto invalid = c.aws_json("SWBExternalService.DeleteAccountAssignment",
                            {{"InstanceArn", "x"}, {"TargetId", "12"}});
  CHECK(invalid.status == 400);
  CHECK(invalid.json()["__type"] == "ValidationException");
  CHECK(invalid.json()["Message"].get<std::string>().find("validation errors detected") !=
        std::string::npos);

  auto unknown = c.aws_json("SWBExternalService.Nope", json::object());
  CHECK(unknown.json()["__type"] == "UnknownOperationException");
  if (auto operation = unimplemented_operation()) {
    auto unimplemented = c.aws_json("SWBExternalService." + *operation, json::object());
    CHECK(unimplemented.status == 501);
    CHECK(unimplemented.header("x-amzn-errortype") == "NotImplemented");
  }

  auto deep = c.request("POST", "/", std::string(100000, '['),
                        {{"X-Amz-Target", "SWBExternalService.ListInstances"}});
  CHECK(deep.status == 413);  // over --max-body-bytes
  HttpClient c2(server.port());
  auto nested = c2.request("POST", "/", std::string(1000, '['),
                           {{"X-Amz-Target", "SWBExternalService.ListInstances"}});
  CHECK(nested.status == 400);
  CHECK(c2.request("GET", "/_junction/health", "").status == 200);
}

TEST_CASE("state survives a restart on the same data directory") {
  TestServer server;  // file database in a temporary directory
  std::string ps;
  {
    HttpClient c(server.port());
    auto created = c.aws_json("SWBExternalService.CreatePermissionSet",
                              {{"InstanceArn", instance_arn(c)}, {"Name", "Durable"}});
    ps = created.json()["PermissionSet"]["PermissionSetArn"];
  }
  server.restart();
  HttpClient c(server.port());
  auto described = c.aws_json("SWBExternalService.DescribePermissionSet",
                              {{"InstanceArn", instance_arn(c)}, {"PermissionSetArn", ps}});
  CHECK(described.status == 200);
  CHECK(described.json()["PermissionSet"]["Name"] == "Durable");
}

TEST_CASE("accounts and regions are isolated") {
  Config config;
  config.ephemeral = true;
  TestServer server(config);
  HttpClient c(server.port());
  std::string a = instance_arn(c, "111111111111");
  std::string b = instance_arn(c, "222222222222");
  CHECK(a != b);
  c.aws_json("SWBExternalService.CreatePermissionSet", {{"InstanceArn", a}, {"Name", "Mine"}},
             "111111111111");
  auto other =
      c.aws_json("SWBExternalService.ListPermissionSets", {{"InstanceArn", a}}, "222222222222");
  CHECK(other.json()["__type"] == "ResourceNotFoundException");
  auto mine =
      c.aws_json("SWBExternalService.ListPermissionSets", {{"InstanceArn", a}}, "111111111111");
  CHECK(mine.json()["PermissionSets"].size() == 1);
  auto elsewhere = c.aws_json("SWBExternalService.ListInstances", json::object(), "111111111111",
                              "eu-central-1");
  CHECK(elsewhere.json()["Instances"][0]["InstanceArn"] != a);
}

TEST_CASE("health lists the implemented operations and the storage") {
  Config config;
  config.ephemeral = true;
  TestServer server(config);
  HttpClient c(server.port());
  auto health = c.request("GET", "/_junction/health", "");
  REQUIRE(health.status == 200);
  auto body = health.json();
  CHECK(body["status"] == "ok");
  CHECK(body["storage"]["ephemeral"] == true);
  auto ops = body["services"]["sso-admin"]["operations"];
  CHECK(std::find(ops.begin(), ops.end(), "DeleteAccountAssignment") != ops.end());
}
