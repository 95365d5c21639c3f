#include "server/protocol/codec.hpp"

#include <catch2/catch.hpp>

#include "handlers/common/json_list.hpp"
#include "server/protocol/json_body.hpp"
#include "server/shapes/json_text.hpp"

using namespace junction;
using nlohmann::json;

namespace {
protocol::Route route_of(const char* service, const char* op,
                         std::vector<std::pair<std::string, std::string>> labels = {}) {
  const auto* s = shapes::Model::instance().by_sdk_name(service);
  return protocol::Route{s, s->operation(op), std::move(labels)};
}
}  // namespace

TEST_CASE("JSON bodies are written exactly as nlohmann::json writes them") {
  auto nlohmann_dump = [](const json& v) {
    return v.dump(-1, ' ', false, json::error_handler_t::replace);
  };
  std::string controls;
  for (int c = 0; c < 0x20; ++c) controls += static_cast<char>(c);
  std::vector<json> values = {
      json::object(),
      json::array(),
      nullptr,
      true,
      false,
      0,
      -42,
      std::int64_t{-9223372036854775807LL},
      std::uint64_t{18446744073709551615ULL},
      1767225600.0,
      1767225600.123,
      0.1,
      -2.5e-8,
      "",
      "plain",
      "quote \" backslash \\ slash / tab \t newline \n del \x7f",
      controls,
      "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80",  // UTF-8
      "bad \xff\xfe utf-8 \xc3",                    // invalid UTF-8: replaced
      json{{"b", 1}, {"a", {1, "two", nullptr, json::object()}}, {"k\"ey", {{"x", 0.5}}}},
      json::binary({1, 2, 3}),
  };
  for (const auto& v : values) {
    INFO(nlohmann_dump(v));
    CHECK(protocol::dump_json(v) == nlohmann_dump(v));
  }
}

TEST_CASE("dump_json writes strings of every length and byte position as nlohmann does") {
  auto nlohmann_dump = [](const json& v) {
    return v.dump(-1, ' ', false, json::error_handler_t::replace);
  };
  // The writer looks at eight bytes at a time: put each special byte at every offset of
  // strings of every length around the block size.
  const std::string specials = std::string("\"\\\x01\x1f\x7f \xc3\xa9", 8) + '\0';
  for (std::size_t length = 0; length <= 26; ++length)
    for (std::size_t at = 0; at < std::max<std::size_t>(length, 1); ++at)
      for (char special : specials) {
        std::string text(length, 'a');
        if (length) text[at] = special;
        json v = text;
        INFO(nlohmann_dump(v));
        CHECK(protocol::dump_json(v) == nlohmann_dump(v));
      }
}

TEST_CASE("a list written as JSON text is what nlohmann writes for the same objects") {
  const std::vector<std::string> values = {"",
                                           "plain",
                                           "quote \" and \\",
                                           "tab\t\x01",
                                           "caf\xc3\xa9",
                                           "bad \xff byte",
                                           "arn:aws:sso:::x/y"};
  handlers::JsonObjectList list;
  json expected = json::array();
  for (const auto& v : values) {
    list.begin_object();
    list.member("Id", v);
    list.member("Name", v + "!");
    list.end_object();
    expected.push_back({{"Id", v}, {"Name", v + "!"}});
  }
  REQUIRE(list.size() == values.size());
  json out = {{"Items", list.take()}, {"NextToken", "t"}};
  json expected_out = {{"Items", expected}, {"NextToken", "t"}};
  CHECK(protocol::dump_json(out) ==
        expected_out.dump(-1, ' ', false, json::error_handler_t::replace));
  // An empty list, and the list is reusable after take().
  CHECK(protocol::dump_json(list.take()) == "[]");
  // Binary values that are not raw JSON are still written by nlohmann.
  json binary = json::binary({1, 2, 3});
  CHECK(protocol::dump_json(binary) == binary.dump());
  CHECK_FALSE(shapes::raw_json_text(binary));
}

namespace {
// Equal values of the same JSON types all the way down (json's == equates 1 and 1u).
bool same(const json& a, const json& b) {
  if (a.type() != b.type()) return false;
  if (a.is_object()) {
    if (a.size() != b.size()) return false;
    for (auto it = a.begin(); it != a.end(); ++it)
      if (!b.contains(it.key()) || !same(it.value(), b[it.key()])) return false;
    return true;
  }
  if (a.is_array()) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
      if (!same(a[i], b[i])) return false;
    return true;
  }
  return a == b;
}
}  // namespace

TEST_CASE("JSON bodies are read exactly as nlohmann::json reads them") {
  const char* inputs[] = {
      "{}",
      " { } ",
      "[]",
      "{\"a\":1,\"b\":[true,false,null],\"c\":{\"d\":\"e\"}}",
      "\n\t{ \"InstanceArn\" : \"arn:aws:sso:::instance/ssoins-1\" , \"MaxResults\" : 10 }\r\n",
      "{\"esc\":\"q\\\" b\\\\ s\\/ \\b\\f\\n\\r\\t\"}",
      "{\"dup\":1,\"dup\":2}",
      "{\"n\":[0,-0,1,-1,9223372036854775807,-9223372036854775808,18446744073709551615]}",
      "{\"big\":18446744073709551616}",
      "{\"small\":-9223372036854775809}",
      "{\"f\":1.5,\"e\":1e3,\"E\":-2E-2}",
      "{\"u\":\"\\u00e9\\ud83d\\ude00\"}",
      "{\"utf8\":\"caf\xc3\xa9\"}",
      "[[[[]]],{\"x\":[{}]}]",
      "\"text\"",
      "42",
      // malformed: both must fail, with the same message
      "",
      "{",
      "{\"a\":}",
      "{\"a\" 1}",
      "{\"a\":1,}",
      "[1,]",
      "{\"a\":01}",
      "{\"a\":-}",
      "{\"a\":tru}",
      "{\"a\":\"\\x\"}",
      "{\"a\":\"\\ud800\"}",
      "{\"a\":\"tab\there\"}",
      "{\"a\":\"bad \xff\"}",
      "{\"a\":\"open",
      "{} {}",
      "{'a':1}",
      // deeper than the fast parser goes: nlohmann's reads it
      "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]"
      "]"
      "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
  };
  for (const char* text : inputs) {
    INFO(text);
    std::string expected_error, error;
    json expected, got;
    try {
      expected = json::parse(text);
    } catch (const json::parse_error& e) {
      expected_error = e.what();
    }
    try {
      got = protocol::parse_json(text);
    } catch (const json::parse_error& e) {
      error = e.what();
    }
    CHECK(error == expected_error);
    CHECK(same(got, expected));
  }
}

TEST_CASE("JSON bodies: empty is {}, malformed and too deep are serialization errors") {
  CHECK(protocol::parse_json_object("") == json::object());
  CHECK(protocol::parse_json_object(" \n") == json::object());
  CHECK_THROWS_AS(protocol::parse_json_object("{\"a\":"), ApiError);
  CHECK_THROWS_AS(protocol::parse_json_object("[1]"), ApiError);
  CHECK_THROWS_AS(protocol::parse_json_object(std::string(100000, '[')), ApiError);
  CHECK_THROWS_AS(protocol::parse_json_object("{\"a\":\"\xff\"}"), ApiError);
  CHECK(protocol::parse_json_object("{\"a\":\"[[[[\"}")["a"] == "[[[[");
}

TEST_CASE("JSON bodies: a number beyond a double is a serialization error, not a fault") {
  for (const char* body : {"{\"a\":1e400}", "{\"a\":-1e400}", "{\"a\":[1E+999999999999]}"}) {
    INFO(body);
    try {
      protocol::parse_json_object(body);
      FAIL("no error");
    } catch (const ApiError& e) {
      CHECK(e.type == "SerializationException");
      CHECK(e.message.find("number overflow") != std::string::npos);
    }
  }
  // Beyond 64 bits but within a double: a decimal number, for the validator to refuse.
  CHECK(protocol::parse_json_object("{\"a\":18446744073709551616}")["a"].is_number_float());
}

TEST_CASE("awsJson1.1 errors carry __type, Message and the error header") {
  const auto* sso = shapes::Model::instance().by_sdk_name("sso-admin");
  auto r = protocol::encode_error(shapes::Protocol::kAwsJson11, sso,
                                  ApiError("ResourceNotFoundException", "gone"));
  CHECK(r.status == 400);
  CHECK(r.header("x-amzn-ErrorType") == "ResourceNotFoundException");
  CHECK(r.header("Content-Type") == "application/x-amz-json-1.1");
  auto body = json::parse(r.body);
  CHECK(body["__type"] == "ResourceNotFoundException");
  CHECK(body["Message"] == "gone");
  CHECK(protocol::error_status(sso, ApiError("InternalServerException", "x")) == 500);
}

TEST_CASE("restJson1 errors use the model's status codes and declared members") {
  const auto* fin = shapes::Model::instance().by_sdk_name("finspace-data");
  auto r = protocol::encode_error(
      shapes::Protocol::kRestJson1, fin,
      ApiError("ConflictException", "taken", {{"reason", "dup"}, {"undeclared", 1}}));
  CHECK(r.status == 409);
  auto body = json::parse(r.body);
  CHECK(body["message"] == "taken");
  CHECK(body["reason"] == "dup");
  CHECK_FALSE(body.contains("undeclared"));
  CHECK(protocol::error_status(fin, ApiError("ThrottlingException", "slow")) == 429);
  const auto* lmus = shapes::Model::instance().by_sdk_name("license-manager-user-subscriptions");
  CHECK(protocol::error_status(lmus, ApiError("ConflictException", "x")) == 500);
  CHECK(protocol::error_status(lmus, ApiError("ResourceNotFoundException", "x")) == 404);
  CHECK(protocol::error_status(lmus, ApiError("ValidationException", "x")) == 400);
}

TEST_CASE("restJson1 decodes labels, query members and the body") {
  protocol::HttpRequest req;
  req.method = "GET";
  req.target = "/permission-group/pg1/users?maxResults=7&nextToken=abc";
  auto input = protocol::decode_request(
      route_of("finspace-data", "ListUsersByPermissionGroup", {{"permissionGroupId", "pg1"}}), req);
  CHECK(input["permissionGroupId"] == "pg1");
  CHECK(input["maxResults"] == 7);
  CHECK(input["nextToken"] == "abc");

  req.target = "/permission-group/pg1/users?maxResults=seven";
  CHECK_THROWS_AS(protocol::decode_request(route_of("finspace-data", "ListUsersByPermissionGroup",
                                                    {{"permissionGroupId", "pg1"}}),
                                           req),
                  ApiError);

  protocol::HttpRequest post;
  post.method = "POST";
  post.target = "/permission-group/pg1/users/u1";
  post.body = R"({"clientToken":"tok"})";
  auto assoc = protocol::decode_request(route_of("finspace-data", "AssociateUserToPermissionGroup",
                                                 {{"permissionGroupId", "pg1"}, {"userId", "u1"}}),
                                        post);
  CHECK(assoc == json{{"clientToken", "tok"}, {"permissionGroupId", "pg1"}, {"userId", "u1"}});
}

TEST_CASE("restJson1 reads a number from the query string whole, or not at all") {
  auto route =
      route_of("finspace-data", "ListUsersByPermissionGroup", {{"permissionGroupId", "pg1"}});
  protocol::HttpRequest req;
  req.method = "GET";
  for (const char* good : {"7", "+7", "-7", "0", "9223372036854775807"}) {
    req.target = std::string("/permission-group/pg1/users?maxResults=") + good;
    INFO(req.target);
    CHECK(protocol::decode_request(route, req)["maxResults"] == std::stoll(good));
  }
  for (const char* bad : {"7%00", "7%00junk", "%207", "7%20", "%097", "+-7", "++7", "+", "-", "",
                          "7.0", "1e3", "0x10", "99999999999999999999", "-99999999999999999999"}) {
    req.target = std::string("/permission-group/pg1/users?maxResults=") + bad;
    INFO(req.target);
    CHECK_THROWS_AS(protocol::decode_request(route, req), ApiError);
  }
}

TEST_CASE("restJson1 results leave statusCode members to the HTTP status") {
  auto r = protocol::encode_result(route_of("finspace-data", "AssociateUserToPermissionGroup"),
                                   json{{"statusCode", 200}});
  CHECK(r.status == 200);
  CHECK(json::parse(r.body) == json::object());
  CHECK(r.header("Content-Type") == "application/json");
}

TEST_CASE("percent-decoding and query parsing") {
  std::string out;
  CHECK(protocol::percent_decode("a%20b%2Fc", out));
  CHECK(out == "a b/c");
  CHECK_FALSE(protocol::percent_decode("bad%2", out));
  CHECK_FALSE(protocol::percent_decode("bad%zz", out));
  std::vector<std::pair<std::string, std::string>> q;
  CHECK(protocol::parse_query("a=1&b=&c&d=x%3Dy", q));
  REQUIRE(q.size() == 4);
  CHECK(q[3].second == "x=y");
}
