// Smithy RPC v2 CBOR against the real server: the same state over CBOR and JSON, and hostile
// CBOR bodies answered with CBOR errors while the server keeps serving.
#include <catch2/catch.hpp>
#include <random>

#include "http_client.hpp"
#include "server/protocol/cbor_body.hpp"
#include "test_server.hpp"

using namespace junction;
using junction::test::HttpClient;
using junction::test::HttpResult;
using junction::testing::TestServer;
using nlohmann::json;

namespace {

Config ephemeral() {
  Config config;
  config.ephemeral = true;
  return config;
}

const std::string kAppStream = "/service/PhotonAdminProxyService/operation/";

HttpResult cbor_call(HttpClient& c, const std::string& operation, const std::string& body) {
  return c.request(
      "POST", kAppStream + operation, body,
      {{"Content-Type", "application/cbor"},
       {"Accept", "application/cbor"},
       {"smithy-protocol", "rpc-v2-cbor"},
       {"Authorization", HttpClient::authorization("123456789012", "us-east-1", "appstream")}});
}

// A CBOR answer: its headers, and its body read back as JSON.
json cbor_answer(const HttpResult& r) {
  INFO("status " << r.status);
  CHECK(r.header("smithy-protocol") == "rpc-v2-cbor");
  CHECK(r.header("content-type") == "application/cbor");
  CHECK_FALSE(r.header("x-amzn-requestid").empty());
  CHECK(r.header("x-amzn-errortype").empty());
  json body;
  REQUIRE_NOTHROW(body = protocol::read_cbor_input(r.body, nullptr));
  return body;
}

void check_cbor_error(const HttpResult& r, int status, const std::string& type) {
  CHECK(r.status == status);
  json body = cbor_answer(r);
  CHECK(body.value("__type", "") == type);
  CHECK_FALSE(body.value("message", "").empty());
}

}  // namespace

TEST_CASE("a stack made over CBOR is the same stack over JSON, and back", "[cbor]") {
  TestServer server(ephemeral());
  HttpClient c(server.port());
  auto made =
      cbor_call(c, "CreateStack",
                protocol::write_cbor({{"Name", "cbor-made"}, {"Description", "d"}}, nullptr));
  REQUIRE(made.status == 200);
  // CreatedTime is tag 1 around the epoch seconds.
  CHECK(made.body.find("\x6b"
                       "CreatedTime\xc1") != std::string::npos);
  json stack = cbor_answer(made)["Stack"];
  auto seen = c.aws_json("appstream", "PhotonAdminProxyService.DescribeStacks",
                         R"({"Names":["cbor-made"]})", "123456789012");
  REQUIRE(seen.status == 200);
  json over_json = seen.json()["Stacks"][0];
  CHECK(over_json["Arn"] == stack["Arn"]);
  CHECK(over_json["Description"] == "d");
  CHECK(over_json["CreatedTime"].get<double>() == stack["CreatedTime"].get<double>());

  REQUIRE(c.aws_json("appstream", "PhotonAdminProxyService.CreateStack", R"({"Name":"json-made"})",
                     "123456789012")
              .status == 200);
  auto both = cbor_call(c, "DescribeStacks", protocol::write_cbor(json::object(), nullptr));
  REQUIRE(both.status == 200);
  CHECK(cbor_answer(both)["Stacks"].size() == 2);
  // The same error, in each protocol's form.
  auto missing = cbor_call(c, "DescribeStacks", protocol::write_cbor({{"Names", {"x"}}}, nullptr));
  check_cbor_error(missing, 400, "com.amazonaws.appstream#ResourceNotFoundException");
  auto missing_json = c.aws_json("appstream", "PhotonAdminProxyService.DescribeStacks",
                                 R"({"Names":["x"]})", "123456789012");
  CHECK(missing_json.json()["Message"] == cbor_answer(missing)["message"]);
}

TEST_CASE("hostile CBOR bodies get CBOR errors and the server keeps serving", "[cbor][hostile]") {
  TestServer server(ephemeral());
  HttpClient c(server.port());
  const std::string head = "\xa1\x64Name";
  for (const std::string& body : {
           head + std::string(1000000, '\x81'),  // a million arrays deep
           head + std::string(1000000, '\x9f'),
           head + std::string(1000000, '\xc1'),             // a million tags
           head + "\x9b\xff\xff\xff\xff\xff\xff\xff\xff",   // 2^64 items announced
           head + "\x7a\x7f\xff\xff\xff",                   // a 2 GiB string announced
           std::string("\xa1\x61", 2),                      // truncated
           std::string("\xa0\xa0", 2),                      // trailing
           std::string("\x81\x01", 2),                      // not a map
           head + "\x62\xc0\x80",                           // overlong UTF-8
           std::string("\xa2\x61\x61\x01\x61\x61\x02", 7),  // duplicate key
           std::string("\xa1\x01\x02", 3),                  // integer key
           head + "\xc2\x41\x01",                           // a bignum
       }) {
    INFO(
        "body of " << body.size() << " bytes starting "
                   << json(body.substr(0, 8)).dump(-1, ' ', false, json::error_handler_t::replace));
    check_cbor_error(cbor_call(c, "CreateStack", body), 400, "SerializationException");
  }
  // Random bytes after a map head: every answer is a well-formed CBOR answer below 500.
  std::mt19937 random(20261121);
  for (int i = 0; i < 2000; ++i) {
    std::string body = "\xbf";
    int n = static_cast<int>(random() % 64);
    for (int k = 0; k < n; ++k) body += static_cast<char>(random() & 0xff);
    auto r = cbor_call(c, "CreateStack", body);
    INFO("body " << json(body).dump(-1, ' ', false, json::error_handler_t::replace));
    CHECK(r.status >= 400);
    CHECK(r.status < 500);
    cbor_answer(r);
  }
  auto alive = cbor_call(c, "DescribeStacks", "");
  CHECK(alive.status == 200);
  CHECK(cbor_answer(alive) == json({{"Stacks", json::array()}}));
}
