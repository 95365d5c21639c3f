// Sensitive values never appear in validation messages, also when the value that breaks a
// constraint is a list, map or structure holding them (AppStream's UserName is sensitive).
#include <catch2/catch.hpp>

#include "server/shapes/api_error.hpp"
#include "server/shapes/shape.hpp"
#include "server/shapes/validator.hpp"

using nlohmann::json;

namespace {

std::string message_for(const char* operation, const json& input) {
  const auto* service = junction::shapes::Model::instance().by_sdk_name("appstream");
  const auto* op = service->operation(operation);
  REQUIRE(op != nullptr);
  try {
    junction::shapes::validate_or_throw(*op->input, input);
  } catch (const junction::ApiError& e) {
    CHECK(e.type == "ValidationException");
    return e.message;
  }
  FAIL("no ValidationException");
  return "";
}

}  // namespace

TEST_CASE("a sensitive member inside a too-long list is redacted") {
  json entries = json::array();
  for (int i = 0; i < 26; ++i)
    entries.push_back(
        {{"StackName", "stack"}, {"UserName", "secret-user"}, {"AuthenticationType", "API"}});
  std::string message =
      message_for("BatchAssociateUserStack", {{"UserStackAssociations", entries}});
  INFO(message);
  CHECK(message.find("secret-user") == std::string::npos);
  CHECK(message.find("UserName=*** Sensitive Data Redacted ***") != std::string::npos);
  CHECK(message.find("StackName=stack") != std::string::npos);
  CHECK(message.find("at 'userStackAssociations' failed to satisfy constraint: Member must have "
                     "length less than or equal to 25") != std::string::npos);
}

TEST_CASE("a sensitive string breaking its own constraint is redacted") {
  std::string message =
      message_for("CreateUser", {{"UserName", "has space"}, {"AuthenticationType", "USERPOOL"}});
  INFO(message);
  CHECK(message.find("has space") == std::string::npos);
  CHECK(message.find("Value '*** Sensitive Data Redacted ***' at 'userName'") != std::string::npos);
}

TEST_CASE("values that are not sensitive are still shown") {
  std::string message = message_for("CreateStack", {{"Name", "bad name!"}});
  CHECK(message.find("Value 'bad name!' at 'name'") != std::string::npos);
}
