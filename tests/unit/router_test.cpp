#include "server/protocol/router.hpp"

#include <catch2/catch.hpp>

#include "server/shapes/api_error.hpp"

using namespace junction;
using protocol::HttpRequest;

namespace {
HttpRequest signed_request(const std::string& method, const std::string& target,
                           const std::string& service, const std::string& key = "AKIDEXAMPLE",
                           const std::string& region = "eu-west-1") {
  HttpRequest r;
  r.method = method;
  r.target = target;
  r.headers.emplace_back("authorization", "AWS4-HMAC-SHA256 Credential=" + key + "/20261121/" +
                                              region + "/" + service +
                                              "/aws4_request, SignedHeaders=host, Signature=abc");
  return r;
}
const protocol::Router& router() {
  static protocol::Router r(shapes::Model::instance());
  return r;
}
}  // namespace

TEST_CASE("the caller's account and region come from the credential scope") {
  auto c = protocol::identify(signed_request("POST", "/", "sso", "123456789012", "ap-south-1"));
  CHECK(c.account == "123456789012");
  CHECK(c.region == "ap-south-1");
  CHECK(c.signing_service == "sso");
  auto d = protocol::identify(signed_request("POST", "/", "sso", "AKIDEXAMPLE"));
  CHECK(d.account == "000000000000");
  HttpRequest unsigned_request;
  auto u = protocol::identify(unsigned_request);
  CHECK(u.account == "000000000000");
  CHECK(u.region == "us-east-1");
  CHECK(u.signing_service.empty());
}

TEST_CASE("awsJson1.1 routes by X-Amz-Target") {
  auto r = signed_request("POST", "/", "sso");
  r.headers.emplace_back("x-amz-target", "SWBExternalService.DeleteAccountAssignment");
  auto route = router().route(r, protocol::identify(r));
  CHECK(route.service->sdk_name == "sso-admin");
  CHECK(route.operation->name == "DeleteAccountAssignment");

  HttpRequest plain;  // unsigned: the target prefix alone picks the service
  plain.method = "POST";
  plain.target = "/";
  plain.headers.emplace_back("x-amz-target", "PhotonAdminProxyService.BatchDisassociateUserStack");
  CHECK(router().route(plain, protocol::identify(plain)).service->sdk_name == "appstream");
}

TEST_CASE("unknown operations and services") {
  auto r = signed_request("POST", "/", "sso");
  r.headers.emplace_back("x-amz-target", "SWBExternalService.NoSuchThing");
  try {
    router().route(r, protocol::identify(r));
    FAIL();
  } catch (const ApiError& e) {
    CHECK(e.type == "UnknownOperationException");
    CHECK(e.message.find("NoSuchThing") != std::string::npos);
  }
  auto s3 = signed_request("GET", "/bucket", "s3");
  try {
    router().route(s3, protocol::identify(s3));
    FAIL();
  } catch (const ApiError& e) {
    CHECK(e.type == "NotImplemented");
    CHECK(e.status_override == 501);
  }
}

TEST_CASE("restJson1 routes by method and URI template with decoded labels") {
  auto r = signed_request("DELETE", "/permission-group/pg%2F1/users/u%20x?clientToken=t",
                          "finspace-api");
  auto route = router().route(r, protocol::identify(r));
  CHECK(route.operation->name == "DisassociateUserFromPermissionGroup");
  REQUIRE(route.labels.size() == 2);
  CHECK(route.labels[0].second == "pg/1");
  CHECK(route.labels[1].second == "u x");

  auto post = signed_request("POST", "/permission-group/pg/users/u", "finspace-api");
  CHECK(router().route(post, protocol::identify(post)).operation->name ==
        "AssociateUserToPermissionGroup");
}

TEST_CASE("unsigned REST requests are routed by a unique path") {
  HttpRequest r;
  r.method = "POST";
  r.target = "/user/DisassociateUser";
  auto route = router().route(r, protocol::identify(r));
  CHECK(route.service->sdk_name == "license-manager-user-subscriptions");
  r.target = "/no/such/path";
  CHECK_THROWS_AS(router().route(r, protocol::identify(r)), ApiError);
}

TEST_CASE("literal segments beat labels") {
  auto r = signed_request("GET", "/user/abc/permission-groups?maxResults=5", "finspace-api");
  CHECK(router().route(r, protocol::identify(r)).operation->name == "ListPermissionGroupsByUser");
}
