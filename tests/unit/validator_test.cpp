#include "server/shapes/validator.hpp"

#include <catch2/catch.hpp>

#include "server/shapes/api_error.hpp"
#include "server/shapes/shape.hpp"

using junction::ApiError;
using nlohmann::json;
namespace shapes = junction::shapes;

namespace {
const shapes::Shape& input_of(const char* service, const char* operation) {
  return *shapes::Model::instance().by_sdk_name(service)->operation(operation)->input;
}
const char* kInstance = "arn:aws:sso:::instance/ssoins-0123456789abcdef";
const char* kPermissionSet =
    "arn:aws:sso:::permissionSet/ssoins-0123456789abcdef/ps-0123456789abcdef";
json valid_assignment() {
  return {{"InstanceArn", kInstance},
          {"TargetId", "123456789012"},
          {"TargetType", "AWS_ACCOUNT"},
          {"PermissionSetArn", kPermissionSet},
          {"PrincipalType", "USER"},
          {"PrincipalId", "a1b2c3d4e5-12345678-1234-1234-1234-123456789012"}};
}
}  // namespace

TEST_CASE("a valid request has no violations") {
  auto v = shapes::validate(input_of("sso-admin", "DeleteAccountAssignment"), valid_assignment());
  CHECK(v.empty());
}

TEST_CASE("pattern violations use AWS's words and lower camel case paths") {
  json input = valid_assignment();
  input["TargetId"] = "12";
  auto v = shapes::validate(input_of("sso-admin", "DeleteAccountAssignment"), input);
  REQUIRE(v.size() == 2);  // too short, and not 12 digits
  std::string message = shapes::validation_message(v);
  CHECK(message.rfind("2 validation errors detected: ", 0) == 0);
  CHECK(message.find("Value '12' at 'targetId' failed to satisfy constraint: Member must satisfy "
                     "regular expression pattern: \\d{12}") != std::string::npos);
  CHECK(message.find("Member must have length greater than or equal to 12") != std::string::npos);
}

TEST_CASE("patterns match the whole value") {
  json input = valid_assignment();
  input["TargetId"] = "1234567890123";
  auto v = shapes::validate(input_of("sso-admin", "DeleteAccountAssignment"), input);
  CHECK(v.size() == 2);
}

TEST_CASE("missing required members are reported as null") {
  json input = valid_assignment();
  input.erase("PrincipalId");
  input["PrincipalType"] = nullptr;
  auto v = shapes::validate(input_of("sso-admin", "DeleteAccountAssignment"), input);
  REQUIRE(v.size() == 2);
  CHECK(v[0].message ==
        "Value null at 'principalType' failed to satisfy constraint: Member must "
        "not be null");
}

TEST_CASE("enum violations list the allowed values") {
  json input = valid_assignment();
  input["PrincipalType"] = "ROBOT";
  auto v = shapes::validate(input_of("sso-admin", "DeleteAccountAssignment"), input);
  REQUIRE(v.size() == 1);
  CHECK(v[0].message ==
        "Value 'ROBOT' at 'principalType' failed to satisfy constraint: Member "
        "must satisfy enum value set: [USER, GROUP]");
}

TEST_CASE("integer ranges") {
  json input = {{"InstanceArn", kInstance}, {"MaxResults", 0}};
  auto v = shapes::validate(input_of("sso-admin", "ListPermissionSets"), input);
  REQUIRE(v.size() == 1);
  CHECK(v[0].message ==
        "Value '0' at 'maxResults' failed to satisfy constraint: Member must have "
        "value greater than or equal to 1");
}

TEST_CASE("wrong JSON types are serialization errors") {
  json input = valid_assignment();
  input["TargetId"] = 123456789012;
  try {
    shapes::validate(input_of("sso-admin", "DeleteAccountAssignment"), input);
    FAIL("no exception");
  } catch (const ApiError& e) {
    CHECK(e.type == "SerializationException");
    CHECK(e.message.find("targetId") != std::string::npos);
  }
  json big = {{"InstanceArn", kInstance}, {"MaxResults", 4294967296ll}};
  CHECK_THROWS_AS(shapes::validate(input_of("sso-admin", "ListPermissionSets"), big), ApiError);
  CHECK_THROWS_AS(shapes::validate(input_of("sso-admin", "ListPermissionSets"), json::array()),
                  ApiError);
}

TEST_CASE("nested list members are numbered from 1 and sensitive values are redacted") {
  const auto& shape = input_of("appstream", "BatchDisassociateUserStack");
  json input = {
      {"UserStackAssociations",
       {{{"StackName", "stack"}, {"UserName", "bad user\x01"}, {"AuthenticationType", "USERPOOL"}},
        {{"UserName", "x@example.com"}, {"AuthenticationType", "USERPOOL"}}}}};
  auto v = shapes::validate(shape, input);
  std::string message = shapes::validation_message(v);
  CHECK(message.find("'userStackAssociations.2.member.stackName'") != std::string::npos);
  CHECK(message.find("bad user") == std::string::npos);
  CHECK(message.find("*** Sensitive Data Redacted ***") != std::string::npos);
}

TEST_CASE("list length limits") {
  const auto& shape = input_of("appstream", "BatchDisassociateUserStack");
  json entries = json::array();
  for (int i = 0; i < 26; ++i)
    entries.push_back(
        {{"StackName", "s"}, {"UserName", "u@example.com"}, {"AuthenticationType", "USERPOOL"}});
  auto v = shapes::validate(shape, {{"UserStackAssociations", entries}});
  REQUIRE(v.size() == 1);
  CHECK(v[0].message.find("Member must have length less than or equal to 25") != std::string::npos);
}

TEST_CASE("unicode classes and lengths count characters") {
  // PermissionSetName: [\w+=,.@-]+ (ASCII word characters, as in Java).
  json input = {{"InstanceArn", kInstance}, {"Name", "Ädmin"}};
  auto v = shapes::validate(input_of("sso-admin", "CreatePermissionSet"), input);
  CHECK(v.size() == 1);
  // Description allows \p{L}: accented letters are fine.
  input = {{"InstanceArn", kInstance}, {"Name", "Admin"}, {"Description", "Accès complet"}};
  CHECK(shapes::validate(input_of("sso-admin", "CreatePermissionSet"), input).empty());
}

TEST_CASE("union members must have exactly one member set") {
  const auto& shape = input_of("license-manager-user-subscriptions", "ListIdentityProviders");
  (void)shape;
  const auto* svc = shapes::Model::instance().by_sdk_name("license-manager-user-subscriptions");
  const auto& input = *svc->operation("DeregisterIdentityProvider")->input;
  auto v = shapes::validate(
      input, {{"IdentityProvider", json::object()}, {"Product", "VISUAL_STUDIO_ENTERPRISE"}});
  CHECK_FALSE(v.empty());
}

TEST_CASE("every pattern of every model compiles") {
  for (const auto& service : shapes::Model::instance().services())
    for (const auto& s : service->shapes)
      if (s->pattern) CHECK_NOTHROW(s->pattern->compile());
}

TEST_CASE("a message echoes at most 1 KiB of a value and lists at most 100 violations") {
  json input = valid_assignment();
  input["TargetId"] = std::string(5000, '7') + "\xc3\xa9";  // too long, and not 12 digits
  auto v = shapes::validate(input_of("sso-admin", "DeleteAccountAssignment"), input);
  REQUIRE(v.size() == 2);
  for (const auto& violation : v) {
    CHECK(violation.message.size() < 1200);
    CHECK(violation.message.find(std::string(1024, '7') + "...'") != std::string::npos);
  }
  // Cut on a character boundary: a two-byte character straddling the limit is left out whole.
  json name = {{"InstanceArn", kInstance}, {"Name", std::string(1023, 'a') + "\xc3\xa9"}};
  auto cut = shapes::validate(input_of("sso-admin", "CreatePermissionSet"), name);
  REQUIRE_FALSE(cut.empty());
  CHECK(cut[0].message.find(std::string(1023, 'a') + "...'") != std::string::npos);

  json entries = json::array();
  for (int i = 0; i < 500; ++i) entries.push_back({{"StackName", ""}});
  auto many = shapes::validate(input_of("appstream", "BatchAssociateUserStack"),
                               {{"UserStackAssociations", entries}});
  REQUIRE(many.size() > 500);
  std::string message = shapes::validation_message(many);
  CHECK(message.rfind(std::to_string(many.size()) + " validation errors detected: ", 0) == 0);
  CHECK(message.find("; and " + std::to_string(many.size() - 100) + " more") != std::string::npos);
  CHECK(message.size() < 100 * 1200);
}
