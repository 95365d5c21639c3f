// Hostile and broken input against the real server: every request gets a clear AWS-style error
// (or, for a broken connection, is closed), and the server keeps serving everyone else.
#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>
#include <set>
#include <thread>

#include "http_client.hpp"
#include "raw_socket.hpp"
#include "test_server.hpp"

using namespace junction;
using junction::test::HttpClient;
using junction::test::HttpResult;
using junction::test::raw_request;
using junction::test::RawSocket;
using junction::testing::TestServer;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

// How many hostile inputs the suite sent (reported at exit, for docs/reliability.md).
std::atomic<int> g_inputs{0};
struct Report {
  ~Report() {
    if (g_inputs) std::fprintf(stderr, "hostile inputs tried: %d\n", g_inputs.load());
  }
} g_report;

Config ephemeral() {
  Config config;
  config.ephemeral = true;
  return config;
}

using Headers = std::vector<std::pair<std::string, std::string>>;

const Headers kSsoHeaders = {
    {"Content-Type", "application/x-amz-json-1.1"},
    {"Authorization", HttpClient::authorization("AKIDEXAMPLE", "us-east-1", "sso")}};

Headers sso(const std::string& operation) {
  Headers h = kSsoHeaders;
  h.emplace_back("X-Amz-Target", "SWBExternalService." + operation);
  return h;
}
Headers appstream(const std::string& operation) {
  return {{"Content-Type", "application/x-amz-json-1.1"},
          {"X-Amz-Target", "PhotonAdminProxyService." + operation},
          {"Authorization", HttpClient::authorization("AKIDEXAMPLE", "us-east-1", "appstream")}};
}
Headers rest(const std::string& signing_name) {
  return {{"Content-Type", "application/json"},
          {"Authorization", HttpClient::authorization("AKIDEXAMPLE", "us-east-1", signing_name)}};
}
const char* kFinspace = "finspace-api";
const char* kLmus = "license-manager-user-subscriptions";

// The error answer of either protocol: status, x-amzn-ErrorType, a JSON body (so valid UTF-8)
// with a non-empty message.
void check_error(const HttpResult& r, int status, const std::string& type) {
  INFO("status " << r.status << " body " << r.body.substr(0, 400));
  CHECK(r.status == status);
  CHECK(r.header("x-amzn-errortype") == type);
  json body;
  REQUIRE_NOTHROW(body = json::parse(r.body));
  std::string message = body.value("Message", body.value("message", std::string()));
  CHECK_FALSE(message.empty());
  CHECK_FALSE(r.header("x-amzn-requestid").empty());
}

// Any 4xx with an AWS error type and a JSON body.
void check_client_error(const HttpResult& r) {
  INFO("status " << r.status << " body " << r.body.substr(0, 400));
  CHECK(r.status >= 400);
  CHECK(r.status < 500);
  CHECK_FALSE(r.header("x-amzn-errortype").empty());
  CHECK_NOTHROW(json::parse(r.body));
}

void check_serving(std::uint16_t port) {
  HttpClient fresh(port);
  CHECK(fresh.get("/_junction/health").status == 200);
}

std::string instance_arn(HttpClient& c) {
  auto r = c.post("/", "{}", sso("ListInstances"));
  REQUIRE(r.status == 200);
  return r.json()["Instances"][0]["InstanceArn"];
}

HttpResult send(HttpClient& c, const std::string& method, const std::string& target,
                const std::string& body, const Headers& headers) {
  ++g_inputs;
  return c.request(method, target, body, headers);
}

}  // namespace

TEST_CASE("malformed and truncated JSON is a SerializationException", "[hostile][json]") {
  TestServer server(ephemeral());
  HttpClient c(server.port(), true);
  std::string instance = instance_arn(c);
  const std::vector<std::string> broken = {
      "{",
      "}",
      "[",
      "{\"Name\":",
      "{\"Name\": \"x\"",
      "{\"Name\": \"x\",}",
      "{'Name': 'x'}",
      "{Name: \"x\"}",
      "nul",
      "tru",
      "\"a string\"",
      "[]",
      "[{}]",
      "42",
      "null",
      "true",
      "{} {}",
      "{\"a\":1}garbage",
      "{\"a\":\"\\uD800\"}",
      "{\"a\":\"\\x41\"}",
      "{\"a\":01}",
      "{\"a\":NaN}",
      "{\"a\":Infinity}",
      "{\"a\":.5}",
      "{\"a\":\"unterminated}",
      "{\"a\":\"line\nbreak\"}",
      std::string("{\"a\":\"nul\0byte\"}", 16),
      std::string("\x00\x01\x02", 3),
  };
  for (const auto& body : broken) {
    INFO("awsJson body: " << body);
    check_error(send(c, "POST", "/", body, sso("CreatePermissionSet")), 400,
                "SerializationException");
  }
  for (const auto& body : broken) {
    INFO("restJson body: " << body);
    check_error(send(c, "POST", "/user", body, rest(kFinspace)), 400, "SerializationException");
    check_error(send(c, "POST", "/user/AssociateUser", body, rest(kLmus)), 400,
                "SerializationException");
  }
  // A valid body cut at every length: never applied, always a 400 (an empty body is `{}`,
  // which misses the required members).
  std::string valid =
      json{{"InstanceArn", instance}, {"Name", "Truncated"}, {"Description", "é ü"}}.dump();
  for (std::size_t n = 0; n < valid.size(); ++n) {
    auto r = send(c, "POST", "/", valid.substr(0, n), sso("CreatePermissionSet"));
    INFO("cut at " << n);
    CHECK(r.status == 400);
    CHECK((r.header("x-amzn-errortype") == "SerializationException" ||
           r.header("x-amzn-errortype") == "ValidationException"));
  }
  auto listed = c.post("/", json{{"InstanceArn", instance}}.dump(), sso("ListPermissionSets"));
  CHECK(listed.json()["PermissionSets"].empty());
  CHECK(c.post("/", valid, sso("CreatePermissionSet")).status == 200);
  check_serving(server.port());
}

TEST_CASE("wrong JSON types are a SerializationException naming the member", "[hostile][json]") {
  TestServer server(ephemeral());
  HttpClient c(server.port(), true);
  std::string inst = instance_arn(c);
  const std::vector<std::pair<std::string, json>> sso_cases = {
      {"CreatePermissionSet", {{"InstanceArn", 1}, {"Name", "x"}}},
      {"CreatePermissionSet", {{"InstanceArn", json::array({inst})}, {"Name", "x"}}},
      {"CreatePermissionSet", {{"InstanceArn", json::object()}, {"Name", "x"}}},
      {"CreatePermissionSet", {{"InstanceArn", inst}, {"Name", true}}},
      {"CreatePermissionSet", {{"InstanceArn", inst}, {"Name", "x"}, {"Tags", json::object()}}},
      {"CreatePermissionSet", {{"InstanceArn", inst}, {"Name", "x"}, {"Tags", {1, 2}}}},
      {"CreatePermissionSet",
       {{"InstanceArn", inst}, {"Name", "x"}, {"Tags", {{{"Key", 1}, {"Value", "v"}}}}}},
      {"ListPermissionSets", {{"InstanceArn", inst}, {"MaxResults", "10"}}},
      {"ListPermissionSets", {{"InstanceArn", inst}, {"MaxResults", 1.5}}},
      {"ListPermissionSets", {{"InstanceArn", inst}, {"MaxResults", true}}},
      {"ListPermissionSets", {{"InstanceArn", inst}, {"MaxResults", json::array()}}},
  };
  for (const auto& [op, body] : sso_cases) {
    INFO(op << " " << body.dump());
    auto r = send(c, "POST", "/", body.dump(), sso(op));
    check_error(r, 400, "SerializationException");
  }
  const std::vector<json> batch_cases = {
      {{"UserStackAssociations", "x"}},
      {{"UserStackAssociations", {"x"}}},
      {{"UserStackAssociations", {{{"StackName", 7}, {"UserName", "u"}}}}},
      {{"UserStackAssociations",
        {{{"StackName", "s"},
          {"UserName", "u"},
          {"AuthenticationType", "USERPOOL"},
          {"SendEmailNotification", "yes"}}}}},
  };
  for (const auto& body : batch_cases) {
    INFO(body.dump());
    check_error(send(c, "POST", "/", body.dump(), appstream("BatchAssociateUserStack")), 400,
                "SerializationException");
  }
  check_error(send(c, "POST", "/user", json{{"emailAddress", 5}, {"type", "APP_USER"}}.dump(),
                   rest(kFinspace)),
              400, "SerializationException");
  check_error(send(c, "GET", "/user?maxResults=abc", "", rest(kFinspace)), 400,
              "SerializationException");
  check_error(send(c, "POST", "/user/AssociateUser",
                   json{{"Username", "u"}, {"InstanceId", "i-1"}, {"IdentityProvider", "x"}}.dump(),
                   rest(kLmus)),
              400, "SerializationException");
  // A JSON null is an absent member: a missing required member is a ValidationException.
  check_error(send(c, "POST", "/", json{{"InstanceArn", nullptr}, {"Name", "x"}}.dump(),
                   sso("CreatePermissionSet")),
              400, "ValidationException");
  check_serving(server.port());
}

TEST_CASE("integer overflow is an error, never a wrapped number", "[hostile][json]") {
  TestServer server(ephemeral());
  HttpClient c(server.port(), true);
  std::string inst = instance_arn(c);
  const std::vector<std::string> numbers = {
      "2147483648",
      "-2147483649",
      "9223372036854775807",
      "9223372036854775808",
      "18446744073709551615",
      "18446744073709551616",
      "-9223372036854775808",
      "-9223372036854775809",
      "1e400",
      "-1e400",
      "1e-400",
      "1E+999999999999",
      "123456789012345678901234567890123456789012345678901234567890",
      "0.0000000000000000000000000000000000001",
  };
  for (const auto& n : numbers) {
    INFO("MaxResults " << n);
    auto r = send(c, "POST", "/", "{\"InstanceArn\":\"" + inst + "\",\"MaxResults\":" + n + "}",
                  sso("ListPermissionSets"));
    CHECK(r.status == 400);
    CHECK((r.header("x-amzn-errortype") == "SerializationException" ||
           r.header("x-amzn-errortype") == "ValidationException"));
    CHECK_NOTHROW(json::parse(r.body));
  }
  for (const auto& n : numbers) {
    INFO("restJson maxResults " << n);
    auto r =
        send(c, "POST", "/user/ListUserAssociations",
             "{\"InstanceId\":\"i-1\",\"IdentityProvider\":{\"ActiveDirectoryIdentityProvider\":"
             "{\"DirectoryId\":\"d-0123456789\"}},\"MaxResults\":" +
                 n + "}",
             rest(kLmus));
    CHECK(r.status == 400);
    CHECK_NOTHROW(json::parse(r.body));
  }
  for (const std::string q : {"99999999999999999999", "-99999999999999999999", "1e3", "0x10",
                              "5%00", "5%20", "%205", "5abc", ""}) {
    INFO("query maxResults=" << q);
    auto r = send(c, "GET", "/user?maxResults=" + q, "", rest(kFinspace));
    CHECK(r.status == 400);
    CHECK_NOTHROW(json::parse(r.body));
  }
  // The control plane reads JSON the same way.
  auto state = send(c, "POST", "/_junction/state", "{\"tables\":{},\"version\":1e400}",
                    {{"Content-Type", "application/json"}});
  CHECK(state.status == 400);
  CHECK(state.json()["error"] == "InvalidJson");
  auto fault =
      send(c, "POST", "/_junction/faults", "{\"service\":\"sso-admin\",\"latencyMs\":1e400}", {});
  CHECK(fault.status == 400);
  check_serving(server.port());
}

TEST_CASE("invalid UTF-8 is refused in bodies and harmless in paths and headers",
          "[hostile][utf8]") {
  TestServer server(ephemeral());
  HttpClient c(server.port(), true);
  std::string inst = instance_arn(c);
  for (const std::string bad : {"\xff", "\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "a\x80"}) {
    check_error(
        send(c, "POST", "/",
             "{\"InstanceArn\":\"" + inst + "\",\"Name\":\"x\",\"Description\":\"" + bad + "\"}",
             sso("CreatePermissionSet")),
        400, "SerializationException");
    check_error(
        send(c, "POST", "/user", "{\"emailAddress\":\"" + bad + "@x.com\",\"type\":\"APP_USER\"}",
             rest(kFinspace)),
        400, "SerializationException");
  }
  // Percent-encoded in a REST label: reaches the validator or the lookup as bytes.
  for (const std::string label : {"%FF%FE", "%C0%AE", "%ED%A0%80", "abc%80"}) {
    check_client_error(send(c, "GET", "/user/" + label, "", rest(kFinspace)));
    check_client_error(
        send(c, "GET", "/permission-group/" + label + "/users", "", rest(kFinspace)));
    check_client_error(send(c, "GET", "/tags/" + label, "", rest(kLmus)));
  }
  // In a header: the region of the credential scope.
  auto r =
      send(c, "POST", "/", "{}",
           {{"Content-Type", "application/x-amz-json-1.1"},
            {"X-Amz-Target", "SWBExternalService.ListInstances"},
            {"Authorization", HttpClient::authorization("AKIDEXAMPLE", "eu-\xff\xfe", "sso")}});
  CHECK(r.status < 500);
  CHECK_NOTHROW(json::parse(r.body));
  // What was recorded of them still reads back as JSON.
  auto journal = c.get("/_junction/requests");
  CHECK(journal.status == 200);
  CHECK_NOTHROW(json::parse(journal.body));
  auto state = c.get("/_junction/state");
  CHECK(state.status == 200);
  CHECK_NOTHROW(json::parse(state.body));
  check_serving(server.port());
}

TEST_CASE("JSON nested 100,000 deep is refused without exhausting the stack", "[hostile][json]") {
  TestServer server(ephemeral());
  HttpClient c(server.port(), true);
  const std::vector<std::string> deep = {
      std::string(100000, '['),
      std::string(100000, '[') + std::string(100000, ']'),
      [] {
        std::string s;
        for (int i = 0; i < 100000; ++i) s += "{\"a\":";
        return s + "1" + std::string(100000, '}');
      }(),
      "{\"Tags\":" + std::string(100000, '[') + std::string(100000, ']') + "}",
  };
  for (const auto& body : deep) {
    check_error(send(c, "POST", "/", body, sso("CreatePermissionSet")), 400,
                "SerializationException");
    check_error(send(c, "POST", "/user", body, rest(kFinspace)), 400, "SerializationException");
    auto state = send(c, "POST", "/_junction/state", body, {{"Content-Type", "application/json"}});
    CHECK(state.status == 400);
    auto fault = send(c, "POST", "/_junction/faults", body, {});
    CHECK(fault.status == 400);
  }
  // Brackets inside strings are just characters.
  std::string inst = instance_arn(c);
  std::string description(600, '[');
  auto ok =
      send(c, "POST", "/",
           json{{"InstanceArn", inst}, {"Name", "Brackets"}, {"Description", description}}.dump(),
           sso("CreatePermissionSet"));
  CHECK(ok.status == 200);
  check_serving(server.port());
}

TEST_CASE("huge arrays and strings get a bounded ValidationException", "[hostile][json]") {
  TestServer server(ephemeral());
  HttpClient c(server.port(), true);
  std::string inst = instance_arn(c);
  json entries = json::array();
  for (int i = 0; i < 10000; ++i)
    entries.push_back({{"StackName", "s" + std::to_string(i)},
                       {"UserName", "u" + std::to_string(i) + "@example.com"},
                       {"AuthenticationType", "USERPOOL"}});
  std::string body = json{{"UserStackAssociations", entries}}.dump();
  REQUIRE(body.size() < (1u << 20));
  auto r = send(c, "POST", "/", body, appstream("BatchAssociateUserStack"));
  check_error(r, 400, "ValidationException");
  CHECK(r.body.find("length less than or equal to 25") != std::string::npos);
  CHECK(r.body.find("@example.com") == std::string::npos);  // UserName is sensitive
  CHECK(r.body.size() < 64 * 1024);

  // Every element invalid: the answer stays small.
  json bad = json::array();
  for (int i = 0; i < 40000; ++i) bad.push_back({{"StackName", ""}});
  auto many = send(c, "POST", "/", json{{"UserStackAssociations", bad}}.dump(),
                   appstream("BatchAssociateUserStack"));
  check_error(many, 400, "ValidationException");
  CHECK(many.body.size() < 200 * 1024);

  // A 900 KB name: refused, and the answer does not echo it whole.
  std::string huge(900000, 'a');
  auto name = send(c, "POST", "/", json{{"InstanceArn", inst}, {"Name", huge}}.dump(),
                   sso("CreatePermissionSet"));
  check_error(name, 400, "ValidationException");
  CHECK(name.body.size() < 64 * 1024);
  auto email = send(c, "POST", "/user", json{{"emailAddress", huge}, {"type", "APP_USER"}}.dump(),
                    rest(kFinspace));
  check_error(email, 400, "ValidationException");
  CHECK(email.body.size() < 64 * 1024);

  // 100,000 unknown members are ignored, as AWS ignores members it does not know.
  json wide = {{"InstanceArn", inst}};
  for (int i = 0; i < 50000; ++i) wide["x" + std::to_string(i)] = i;
  CHECK(send(c, "POST", "/", wide.dump(), sso("ListPermissionSets")).status == 200);
  check_serving(server.port());
}

TEST_CASE("bodies over --max-body-bytes are 413, however they are framed", "[hostile][limits]") {
  Config config = ephemeral();
  config.max_body_bytes = 4096;
  TestServer server(config);
  {
    HttpClient c(server.port());
    auto r = send(c, "POST", "/", std::string(5000, ' '), sso("ListInstances"));
    check_error(r, 413, "RequestEntityTooLargeException");
  }
  {
    // Declared too large: refused before any of the body is read.
    RawSocket s(server.port());
    ++g_inputs;
    s.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999\r\n\r\n");
    auto responses = s.read_responses(1, 5s);
    REQUIRE(responses.size() == 1);
    CHECK(responses[0].status == 413);
    CHECK(s.closed_within(5s));
  }
  {
    // Chunked: counted as it arrives.
    RawSocket s(server.port());
    ++g_inputs;
    std::string chunk(1000, 'x');
    std::string req = "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
    for (int i = 0; i < 6; ++i) req += "3e8\r\n" + chunk + "\r\n";
    req += "0\r\n\r\n";
    s.send(req);
    auto responses = s.read_responses(1, 5s);
    REQUIRE(responses.size() == 1);
    CHECK(responses[0].status == 413);
  }
  {
    // A client that sends its whole (too large) body before it reads: the server reads on after
    // its 413, so the client can finish sending and then read the answer.
    RawSocket s(server.port());
    ++g_inputs;
    std::string body(16 << 20, 'x');
    CHECK(s.send(raw_request("POST", "/", sso("ListInstances"), body)));
    auto responses = s.read_responses(1, 10s);
    REQUIRE(responses.size() == 1);
    CHECK(responses[0].status == 413);
    CHECK(s.closed_within(5s));
  }
  {
    // Exactly the limit is fine.
    HttpClient c(server.port());
    std::string body = "{}" + std::string(4094, ' ');
    CHECK(send(c, "POST", "/", body, sso("ListInstances")).status == 200);
  }
  check_serving(server.port());
}

TEST_CASE("oversized headers are 431", "[hostile][limits]") {
  TestServer server(ephemeral());
  const std::vector<std::string> requests = {
      raw_request("GET", "/_junction/health", {{"X-Big", std::string(20000, 'a')}}),
      [] {
        Headers many;
        for (int i = 0; i < 2000; ++i) many.emplace_back("X-H" + std::to_string(i), "value");
        return raw_request("GET", "/_junction/health", many);
      }(),
      raw_request("GET", "/" + std::string(20000, 'a'), {}),
      raw_request("GET", "/_junction/health?" + std::string(20000, 'q'), {}),
  };
  for (const auto& req : requests) {
    RawSocket s(server.port());
    ++g_inputs;
    s.send(req);
    auto responses = s.read_responses(1, 5s);
    REQUIRE(responses.size() == 1);
    CHECK(responses[0].status == 431);
    CHECK(responses[0].header("x-amzn-errortype") == "RequestHeaderFieldsTooLarge");
    CHECK(responses[0].header("x-amzn-requestid").size() == 36);
    CHECK(s.closed_within(5s));
  }
  check_serving(server.port());
}

TEST_CASE("the header limit is exact however the header arrives", "[hostile][limits]") {
  Config config = ephemeral();
  config.max_header_bytes = 4096;
  TestServer server(config);
  // A request whose header block (start line to the empty line) is `size` bytes.
  auto request_of_size = [](std::size_t size) {
    std::string head = "GET /_junction/health HTTP/1.1\r\nHost: x\r\nX-Pad: ";
    std::string req = head + std::string(size - head.size() - 4, 'p') + "\r\n\r\n";
    REQUIRE(req.size() == size);
    return req;
  };
  for (std::size_t piece : {std::size_t(0), std::size_t(15), std::size_t(210), std::size_t(1000)}) {
    for (auto [size, status] : std::vector<std::pair<std::size_t, int>>{
             {4096, 200}, {4097, 431}, {6000, 431}, {8000, 431}}) {
      INFO("header of " << size << " bytes in pieces of " << piece);
      RawSocket s(server.port());
      ++g_inputs;
      std::string req = request_of_size(size);
      if (piece == 0) {
        s.send(req);
      } else {
        for (std::size_t i = 0; i < req.size(); i += piece) {
          if (!s.send(req.substr(i, piece))) break;
          std::this_thread::sleep_for(1ms);
        }
      }
      auto responses = s.read_responses(1, 10s);
      REQUIRE(responses.size() == 1);
      CHECK(responses[0].status == status);
    }
  }
  check_serving(server.port());
}

TEST_CASE("unknown targets, paths and methods are named in a 4xx or 501", "[hostile][routing]") {
  TestServer server(ephemeral());
  HttpClient c(server.port(), true);
  // Unsigned, a target names its service by its prefix: one Junction does not know is a 501.
  for (const std::string target :
       {"", "SWBExternalService.", ".CreatePermissionSet", "SWBExternalService",
        "SWBExternalService.CreatePermissionSet.Extra", "swbexternalservice.ListInstances",
        "SWBExternalService.Nope", "PhotonAdminProxyService.ListInstances", "\x01.\x02"}) {
    INFO("target '" << target << "'");
    Headers h = {{"Content-Type", "application/x-amz-json-1.1"}, {"X-Amz-Target", target}};
    auto r = send(c, "POST", "/", "{}", h);
    CHECK((r.status == 501 || (r.status >= 400 && r.status < 500)));
    CHECK_FALSE(r.header("x-amzn-errortype").empty());
    CHECK_NOTHROW(json::parse(r.body));
  }
  // Signed for SSO Admin, any target that is not one of its operations is a 400 naming it.
  for (const std::string target :
       {"SWBExternalService.", "SWBExternalService.CreatePermissionSet.Extra",
        "swbexternalservice.ListInstances", "SWBExternalService.Nope",
        "PhotonAdminProxyService.ListInstances"}) {
    INFO("signed target '" << target << "'");
    Headers h = kSsoHeaders;
    h.emplace_back("X-Amz-Target", target);
    check_error(send(c, "POST", "/", "{}", h), 400, "UnknownOperationException");
  }
  {
    Headers h = {{"Content-Type", "application/x-amz-json-1.1"},
                 {"X-Amz-Target", std::string(10000, 'T') + ".Op"}};
    auto r = send(c, "POST", "/", "{}", h);
    CHECK(r.status == 501);
    CHECK(r.body.size() < 16 * 1024);
  }
  auto other = send(c, "POST", "/", "{}",
                    {{"Content-Type", "application/x-amz-json-1.1"},
                     {"X-Amz-Target", "DynamoDB_20120810.ListTables"}});
  CHECK(other.status == 501);
  CHECK(other.header("x-amzn-errortype") == "NotImplemented");
  auto unsigned_service =
      send(c, "POST", "/", "{}",
           {{"Authorization", HttpClient::authorization("AKIDEXAMPLE", "us-east-1", "s3")}});
  CHECK(unsigned_service.status == 501);
  for (const auto& [method, target] : std::vector<std::pair<std::string, std::string>>{
           {"GET", "/"},
           {"GET", "/nope"},
           {"GET", "/user/a/b/c/d/e"},
           {"DELETE", "/user"},
           {"PATCH", "/user"},
           {"PUT", "/permission-group"},
           {"OPTIONS", "/user"},
           {"FOO", "/user"},
           {"GET", "/_junction"},
           {"GET", "/_junction/nope"},
           {"POST", "/_junction/health"},
       }) {
    INFO(method << " " << target);
    auto r = send(c, method, target, "", {});
    CHECK(r.status >= 400);
    CHECK(r.status < 500);
    CHECK_NOTHROW(json::parse(r.body));
  }
  // Forms of the request target that are not a path.
  for (const std::string target : {"*", "http://127.0.0.1/user", "user", "//user//x"}) {
    RawSocket s(server.port());
    ++g_inputs;
    s.send(raw_request("GET", target, rest(kFinspace)));
    auto responses = s.read_responses(1, 5s);
    INFO("target " << target);
    REQUIRE(responses.size() == 1);
    CHECK(responses[0].status >= 400);
    CHECK(responses[0].status < 500);
  }
  check_serving(server.port());
}

TEST_CASE("percent-encoding tricks in REST labels reach nothing they should not",
          "[hostile][routing]") {
  TestServer server(ephemeral());
  HttpClient c(server.port(), true);
  auto user = c.request("POST", "/user",
                        json{{"emailAddress", "a@example.com"}, {"type", "APP_USER"}}.dump(),
                        rest(kFinspace));
  REQUIRE(user.status == 200);
  std::string uid = user.json()["userId"];
  auto group = c.request("POST", "/permission-group",
                         json{{"name", "g"}, {"applicationPermissions", {"CreateDataset"}}}.dump(),
                         rest(kFinspace));
  REQUIRE(group.status == 200);
  std::string gid = group.json()["permissionGroupId"];

  const std::vector<std::string> labels = {
      "%2F",       "abc%2Fdef",   "%00",
      "abc%00def", "..",          "%2E%2E",
      "..%2F..",   "%2e",         "%",
      "%zz",       "%2",          "a%20b",
      "%25",       "%252F",       "%C0%AE%C0%AE",
      "%5C..%5C",  "%0D%0A",      "%3F",
      "%23frag",   "%3B",         "*",
      "%2A",       uid + "%2F..", uid + "%00",
      "+",         "%2B",         std::string(300, 'a'),
  };
  for (const auto& label : labels) {
    INFO("label " << label);
    auto get = send(c, "GET", "/user/" + label, "", rest(kFinspace));
    CHECK(get.status >= 400);
    CHECK(get.status < 500);
    CHECK_NOTHROW(json::parse(get.body));
    auto assoc = send(c, "POST", "/permission-group/" + gid + "/users/" + label,
                      "{\"clientToken\":\"t-" + std::to_string(g_inputs) + "\"}", rest(kFinspace));
    CHECK(assoc.status >= 400);
    CHECK(assoc.status < 500);
    auto dis =
        send(c, "DELETE", "/permission-group/" + label + "/users/" + uid, "", rest(kFinspace));
    CHECK(dis.status >= 400);
    CHECK(dis.status < 500);
    auto tags = send(c, "GET", "/tags/" + label, "", rest(kLmus));
    CHECK(tags.status >= 400);
    CHECK(tags.status < 500);
  }
  // Nothing was joined to the group, and the real user is intact.
  auto members =
      c.request("GET", "/permission-group/" + gid + "/users?maxResults=10", "", rest(kFinspace));
  REQUIRE(members.status == 200);
  CHECK(members.json()["users"].empty());
  CHECK(c.request("GET", "/user/" + uid, "", rest(kFinspace)).status == 200);
  check_serving(server.port());
}

TEST_CASE("SQL-looking strings are stored and returned verbatim", "[hostile][sql]") {
  TestServer server(ephemeral());
  HttpClient c(server.port(), true);
  std::string inst = instance_arn(c);
  const std::string sql = "'); DROP TABLE sso_permission_sets; -- \" OR 1=1; /*";
  auto ps = send(c, "POST", "/",
                 json{{"InstanceArn", inst},
                      {"Name", "Robert"},
                      {"Description", sql},
                      {"Tags", {{{"Key", "k"}, {"Value", "1 OR 1=1 -- DROP TABLE x"}}}}}
                     .dump(),
                 sso("CreatePermissionSet"));
  REQUIRE(ps.status == 200);
  std::string arn = ps.json()["PermissionSet"]["PermissionSetArn"];
  auto described = c.post("/", json{{"InstanceArn", inst}, {"PermissionSetArn", arn}}.dump(),
                          sso("DescribePermissionSet"));
  CHECK(described.json()["PermissionSet"]["Description"] == sql);
  auto tags = c.post("/", json{{"InstanceArn", inst}, {"ResourceArn", arn}}.dump(),
                     sso("ListTagsForResource"));
  CHECK(tags.json()["Tags"][0]["Value"] == "1 OR 1=1 -- DROP TABLE x");

  const std::string user = "o'brien;--%@example.com";
  REQUIRE(send(c, "POST", "/",
               json{{"UserName", user},
                    {"AuthenticationType", "USERPOOL"},
                    {"FirstName", "DROP TABLE appstream_users --"}}
                   .dump(),
               appstream("CreateUser"))
              .status == 200);
  auto users =
      c.post("/", json{{"AuthenticationType", "USERPOOL"}}.dump(), appstream("DescribeUsers"));
  REQUIRE(users.json()["Users"].size() == 1);
  CHECK(users.json()["Users"][0]["UserName"] == user);
  CHECK(users.json()["Users"][0]["FirstName"] == "DROP TABLE appstream_users --");
  REQUIRE(send(c, "POST", "/",
               json{{"Name", "s1"}, {"Description", sql}, {"DisplayName", "x' --"}}.dump(),
               appstream("CreateStack"))
              .status == 200);
  auto stacks = c.post("/", json{{"Names", {"s1"}}}.dump(), appstream("DescribeStacks"));
  CHECK(stacks.json()["Stacks"][0]["Description"] == sql);

  auto fs = send(c, "POST", "/user",
                 json{{"emailAddress", "sql@example.com"},
                      {"type", "APP_USER"},
                      {"firstName", "x'); DROP TABLE finspace_users; --"}}
                     .dump(),
                 rest(kFinspace));
  REQUIRE(fs.status == 200);
  auto got =
      c.request("GET", "/user/" + fs.json()["userId"].get<std::string>(), "", rest(kFinspace));
  CHECK(got.json()["firstName"] == "x'); DROP TABLE finspace_users; --");
  // Every table is still there.
  CHECK(c.post("/", json{{"InstanceArn", inst}}.dump(), sso("ListPermissionSets"))
            .json()["PermissionSets"]
            .size() == 1);
  check_serving(server.port());
}

TEST_CASE("pipelined requests are answered in order", "[hostile][http]") {
  TestServer server(ephemeral());
  auto as = [](const std::string& op, const json& body) {
    return raw_request("POST", "/", appstream(op), body.dump());
  };
  RawSocket s(server.port());
  g_inputs += 7;
  s.send(as("CreateStack", {{"Name", "piped"}}) + as("DescribeStacks", {{"Names", {"piped"}}}) +
         raw_request("POST", "/", appstream("CreateStack"), "{broken") +
         as("DeleteStack", {{"Name", "piped"}}) + as("DescribeStacks", {{"Names", {"piped"}}}) +
         raw_request("GET", "/_junction/health", {}) +
         raw_request("GET", "/_junction/requests?limit=3", {}));
  auto r = s.read_responses(7);
  REQUIRE(r.size() == 7);
  CHECK(r[0].status == 200);
  CHECK(r[0].json()["Stack"]["Name"] == "piped");
  CHECK(r[1].status == 200);
  CHECK(r[1].json()["Stacks"][0]["Name"] == "piped");
  CHECK(r[2].status == 400);
  CHECK(r[2].header("x-amzn-errortype") == "SerializationException");
  CHECK(r[3].status == 200);
  CHECK(r[4].status == 400);
  CHECK(r[4].header("x-amzn-errortype") == "ResourceNotFoundException");
  CHECK(r[5].status == 200);
  CHECK(r[5].json()["status"] == "ok");
  CHECK(r[6].status == 200);
  std::set<std::string> ids;
  for (int i = 0; i < 5; ++i) ids.insert(r[i].header("x-amzn-requestid"));
  CHECK(ids.size() == 5);

  // 100 requests in one write, the last one closing the connection.
  RawSocket many(server.port());
  std::string all;
  for (int i = 0; i < 99; ++i) all += raw_request("GET", "/_junction/health", {});
  all += raw_request("GET", "/_junction/health", {{"Connection", "close"}});
  g_inputs += 100;
  many.send(all);
  auto answers = many.read_responses(100);
  CHECK(answers.size() == 100);
  CHECK(many.closed_within(5s));
  check_serving(server.port());
}

TEST_CASE("broken HTTP framing is a 400 that closes only that connection", "[hostile][http]") {
  TestServer server(ephemeral());
  const std::vector<std::string> broken = {
      std::string("\x00\x01\x02\x03garbage\r\n\r\n", 15),
      "GET\r\n\r\n",
      "GET / HTTP/9.9\r\nHost: x\r\n\r\n",
      "GET / HTTP/1.1\r\nHost: x\r\nNo colon here\r\n\r\n",
      "GET / HTTP/1.1\r\nHost: x\r\nBad Name: v\r\n\r\n",
      "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
      "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n",
      "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}",
      "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999999\r\n\r\n",
      "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 2\r\n\r\n"
      "2\r\n{}\r\n0\r\n\r\n",
      "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
      "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked, identity\r\n\r\n",
      "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n",
      "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, gzip\r\n\r\n{}",
      "GET / HTTP/1.1\r\nHost: x\r\nX: a\rb\r\n\r\n",
      std::string("GET / HTTP/1.1\r\nHost: x\r\nX: a\0b\r\n\r\n", 32),
  };
  for (const auto& req : broken) {
    INFO("request " << json(std::string(req)).dump(-1, ' ', false, json::error_handler_t::replace));
    RawSocket s(server.port());
    ++g_inputs;
    s.send(req);
    auto responses = s.read_responses(1, 5s);
    if (!responses.empty()) {
      CHECK(responses[0].status >= 400);
      CHECK(responses[0].status < 500);
    }
    CHECK(s.closed_within(5s));
  }
  check_serving(server.port());
}

TEST_CASE("clients that vanish mid-request do not disturb the server", "[hostile][http]") {
  TestServer server(ephemeral());
  for (int i = 0; i < 50; ++i) {
    RawSocket s(server.port());
    ++g_inputs;
    std::string req =
        "POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: SWBExternalService.ListInstances"
        "\r\nContent-Length: 1000\r\n\r\n{\"a\":";
    s.send(i % 2 ? req : req.substr(0, 20));
    if (i % 3 == 0) s.shutdown_write();
  }
  // One that sends a request and leaves before the answer.
  for (int i = 0; i < 20; ++i) {
    RawSocket s(server.port());
    ++g_inputs;
    s.send(raw_request("POST", "/", appstream("CreateStack"),
                       json{{"Name", "left" + std::to_string(i)}}.dump()));
  }
  check_serving(server.port());
}

TEST_CASE("idle connections are closed after --idle-timeout", "[hostile][timeouts]") {
  Config config = ephemeral();
  config.idle_timeout_seconds = 1;
  TestServer server(config);
  {
    RawSocket s(server.port());
    ++g_inputs;
    auto t0 = std::chrono::steady_clock::now();
    CHECK(s.closed_within(5s));
    CHECK(std::chrono::steady_clock::now() - t0 < 3s);
  }
  {
    // After a complete request, the keep-alive connection waits at most the idle timeout.
    RawSocket s(server.port());
    s.send(raw_request("GET", "/_junction/health", {}));
    REQUIRE(s.read_responses(1).size() == 1);
    auto t0 = std::chrono::steady_clock::now();
    CHECK(s.closed_within(5s));
    CHECK(std::chrono::steady_clock::now() - t0 < 3s);
  }
  check_serving(server.port());
}

TEST_CASE("a trickling client cannot hold a connection past --request-timeout",
          "[hostile][timeouts]") {
  Config config = ephemeral();
  config.idle_timeout_seconds = 30;  // a long keep-alive...
  config.request_timeout_seconds = 2;
  TestServer server(config);
  auto trickle = [&](const std::string& request) {
    RawSocket s(server.port());
    ++g_inputs;
    auto t0 = std::chrono::steady_clock::now();
    std::string got;
    bool closed = false;
    for (std::size_t i = 0; i < request.size() && !closed; ++i) {
      if (!s.send(request.substr(i, 1))) break;
      got += s.read_for(400ms, &closed);
      if (std::chrono::steady_clock::now() - t0 > 10s) break;
    }
    if (!closed) got += s.read_for(5s, &closed);
    auto elapsed = std::chrono::steady_clock::now() - t0;
    CHECK(closed);
    CHECK(elapsed < 5s);
    CHECK(got.rfind("HTTP/1.1 408", 0) == 0);
  };
  // Headers a byte at a time, then a body a byte at a time.
  trickle("GET /_junction/health HTTP/1.1\r\nHost: x\r\nX-Slow: " + std::string(40, 'z') +
          "\r\n\r\n");
  trickle(raw_request("POST", "/", sso("ListInstances"), "{" + std::string(60, ' ') + "}"));
  // A keep-alive connection waits the idle timeout for the next request, not the request one.
  {
    RawSocket s(server.port());
    s.send(raw_request("GET", "/_junction/health", {}));
    REQUIRE(s.read_responses(1).size() == 1);
    bool closed = false;
    s.read_for(3s, &closed);
    CHECK_FALSE(closed);
    s.send(raw_request("GET", "/_junction/health", {}));
    CHECK(s.read_responses(1).size() == 1);
  }
  check_serving(server.port());
}

TEST_CASE("connections over --max-connections get 503 and the server recovers",
          "[hostile][limits]") {
  Config config = ephemeral();
  config.max_connections = 4;
  TestServer server(config);
  std::vector<std::unique_ptr<RawSocket>> held;
  for (int i = 0; i < 4; ++i) {
    held.push_back(std::make_unique<RawSocket>(server.port()));
    held.back()->send(raw_request("GET", "/_junction/health", {}));
    REQUIRE(held.back()->read_responses(1).size() == 1);
  }
  // Over the cap: a complete 503, even for a client that sent its request first.
  for (int i = 0; i < 30; ++i) {
    RawSocket s(server.port());
    ++g_inputs;
    if (i % 2 == 0)
      s.send(raw_request("POST", "/", sso("ListInstances"), "{" + std::string(2000, ' ') + "}"));
    auto responses = s.read_responses(1, 5s);
    REQUIRE(responses.size() == 1);
    CHECK(responses[0].status == 503);
    CHECK(responses[0].header("x-amzn-errortype") == "ServiceUnavailable");
    CHECK(responses[0].header("x-amzn-requestid").size() == 36);
    CHECK(responses[0].header("connection") == "close");
    CHECK(s.closed_within(5s));
  }
  // A client over the cap that sends a large request before it reads still gets its 503.
  {
    RawSocket s(server.port());
    ++g_inputs;
    CHECK(s.send(raw_request("POST", "/", sso("ListInstances"), std::string(16 << 20, ' '))));
    auto responses = s.read_responses(1, 10s);
    REQUIRE(responses.size() == 1);
    CHECK(responses[0].status == 503);
  }
  // The held connections still work.
  held[0]->send(raw_request("GET", "/_junction/health", {}));
  CHECK(held[0]->read_responses(1).size() == 1);
  // Once some close, new connections are served again.
  held.clear();
  bool served = false;
  for (int attempt = 0; attempt < 50 && !served; ++attempt) {
    HttpClient c(server.port());
    served = c.get("/_junction/health").status == 200;
    if (!served) std::this_thread::sleep_for(50ms);
  }
  CHECK(served);
  check_serving(server.port());
}

TEST_CASE("HEAD gets the headers and the length of the body, and no body", "[http]") {
  TestServer server(ephemeral());
  RawSocket s(server.port());
  // A HEAD, then a GET on the same connection: a body sent for the HEAD would be read as the
  // start of the GET's answer.
  s.send(
      "HEAD /_junction/health HTTP/1.1\r\nHost: x\r\n\r\n"
      "GET /_junction/ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  bool closed = false;
  std::string all;
  for (int i = 0; i < 50 && !closed; ++i)
    all += s.read_for(std::chrono::milliseconds(100), &closed);
  auto end_of_head = all.find("\r\n\r\n");
  REQUIRE(end_of_head != std::string::npos);
  std::string head = all.substr(0, end_of_head);
  CHECK(head.rfind("HTTP/1.1 200", 0) == 0);
  CHECK(head.find("Content-Length: 0") == std::string::npos);
  CHECK(head.find("Content-Length: ") != std::string::npos);
  CHECK(all.compare(end_of_head + 4, 12, "HTTP/1.1 200") == 0);
}
