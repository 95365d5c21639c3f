// Signature Version 4: the canonical request and signature of AWS's published test-suite
// examples (AKIDEXAMPLE, 20150830T123600Z, us-east-1, "service"), botocore's path encoding, and
// verification with its AWS-worded failures.
#include "server/auth/sigv4.hpp"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <string>

#include "server/shapes/api_error.hpp"

using namespace junction;
using namespace junction::auth;
using protocol::HttpRequest;

namespace {

constexpr const char* kSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
constexpr std::int64_t kSigned = 1440938160;  // 20150830T123600Z
constexpr const char* kScope = "20150830/us-east-1/service/aws4_request";
constexpr const char* kEmptyHash =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

HttpRequest request(std::string method, std::string target, protocol::Headers headers,
                    std::string body = "") {
  HttpRequest r;
  r.method = std::move(method);
  r.target = std::move(target);
  r.headers = std::move(headers);
  r.body = std::move(body);
  return r;
}

HttpRequest get_vanilla() {
  return request("GET", "/",
                 {{"host", "example.amazonaws.com"}, {"x-amz-date", "20150830T123600Z"}});
}

std::string authorization(const std::string& signed_headers, const std::string& signature,
                          const std::string& key = "AKIDEXAMPLE",
                          const std::string& scope = kScope) {
  return "AWS4-HMAC-SHA256 Credential=" + key + "/" + scope + ", SignedHeaders=" + signed_headers +
         ", Signature=" + signature;
}

HttpRequest signed_get_vanilla() {
  auto r = get_vanilla();
  r.headers.emplace_back(
      "authorization",
      authorization("host;x-amz-date",
                    "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"));
  return r;
}

Verifier verifier() {
  return Verifier(
      CredentialStore::from_json(nlohmann::json::array({{{"accessKeyId", "AKIDEXAMPLE"},
                                                         {"secretAccessKey", kSecret},
                                                         {"accountId", "111111111111"}},
                                                        {{"accessKeyId", "222222222222"},
                                                         {"secretAccessKey", "another-secret"},
                                                         {"accountId", "333333333333"}}})));
}

// The error verify() throws: type, status and message.
ApiError failure(const HttpRequest& r, std::int64_t now = kSigned) {
  try {
    verifier().verify(r, now);
  } catch (const ApiError& e) {
    return e;
  }
  FAIL("the request verified");
  return ApiError("", "");
}

}  // namespace

TEST_CASE("get-vanilla: canonical request, string to sign, signature") {
  auto r = get_vanilla();
  std::vector<std::string> names = {"host", "x-amz-date"};
  std::string canonical = canonical_request(r, names, kEmptyHash, false);
  CHECK(canonical ==
        "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n" +
            std::string(kEmptyHash));
  std::string sts = string_to_sign("20150830T123600Z", kScope, canonical);
  CHECK(sts ==
        "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"
        "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63");
  CHECK(sign(kSecret, "20150830", "us-east-1", "service", sts) ==
        "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
}

TEST_CASE("post-vanilla and post-x-www-form-urlencoded") {
  auto r =
      request("POST", "/", {{"host", "example.amazonaws.com"}, {"x-amz-date", "20150830T123600Z"}});
  CHECK(sign(kSecret, "20150830", "us-east-1", "service",
             string_to_sign("20150830T123600Z", kScope,
                            canonical_request(r, {"host", "x-amz-date"}, kEmptyHash, false))) ==
        "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b");

  auto form = request("POST", "/",
                      {{"content-type", "application/x-www-form-urlencoded"},
                       {"host", "example.amazonaws.com"},
                       {"x-amz-date", "20150830T123600Z"}},
                      "Param1=value1");
  form.headers.emplace_back(
      "authorization",
      authorization("content-type;host;x-amz-date",
                    "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a"));
  CHECK(verifier().verify(form, kSigned).account == "111111111111");
}

TEST_CASE("get-vanilla-query-order-key-case: the query is sorted") {
  CHECK(canonical_query("Param2=value2&Param1=value1", false) == "Param1=value1&Param2=value2");
  auto r = request("GET", "/?Param2=value2&Param1=value1",
                   {{"host", "example.amazonaws.com"}, {"x-amz-date", "20150830T123600Z"}});
  r.headers.emplace_back(
      "authorization",
      authorization("host;x-amz-date",
                    "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"));
  CHECK(verifier().verify(r, kSigned).access_key == "AKIDEXAMPLE");
}

TEST_CASE("get-header-value-trim: header values are trimmed and their spaces collapsed") {
  auto r = request("GET", "/",
                   {{"host", "example.amazonaws.com"},
                    {"my-header1", " value1"},
                    {"my-header2", " \"a   b   c\""},
                    {"x-amz-date", "20150830T123600Z"}});
  CHECK(canonical_headers(r, {"host", "my-header1", "my-header2", "x-amz-date"}) ==
        "host:example.amazonaws.com\nmy-header1:value1\nmy-header2:\"a b c\"\n"
        "x-amz-date:20150830T123600Z\n");
  r.headers.emplace_back(
      "authorization",
      authorization("host;my-header1;my-header2;x-amz-date",
                    "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736"));
  CHECK_NOTHROW(verifier().verify(r, kSigned));
}

TEST_CASE("repeated headers are joined with commas, in order") {
  auto r = request("GET", "/", {{"host", "h"}, {"my-header", "b"}, {"my-header", " a  c "}});
  CHECK(canonical_headers(r, {"host", "my-header", "absent"}) ==
        "host:h\nmy-header:b,a c\nabsent:\n");
}

TEST_CASE("the canonical URI: normalized, then encoded once more, as botocore does") {
  CHECK(canonical_uri("") == "/");
  CHECK(canonical_uri("/") == "/");
  CHECK(canonical_uri("/example/..//a%20b/./c") == "/a%2520b/c");
  CHECK(canonical_uri("/permission-group/a%20b%2Fc%25d%3Fe") ==
        "/permission-group/a%2520b%252Fc%2525d%253Fe");
  CHECK(canonical_uri("/tags/arn%3Aaws%3Ax/") == "/tags/arn%253Aaws%253Ax/");
  CHECK(canonical_uri("/~user/-_.") == "/~user/-_.");
  CHECK(uri_encode("a b/c~é", false) == "a%20b%2Fc~%C3%A9");
  CHECK(uri_encode("a b/c", true) == "a%20b/c");
}

TEST_CASE("the canonical query: decoded, re-encoded, sorted by name then value") {
  CHECK(canonical_query("", false) == "");
  CHECK(canonical_query("b=2&a=1&a=0", false) == "a=0&a=1&b=2");
  CHECK(canonical_query("clientToken=x%2By&tagKeys=a%20b&tagKeys=%27%3B", false) ==
        "clientToken=x%2By&tagKeys=%27%3B&tagKeys=a%20b");
  CHECK(canonical_query("flag&x=1", false) == "flag=&x=1");
  CHECK(canonical_query("X-Amz-Signature=abc&X-Amz-Date=1", true) == "X-Amz-Date=1");
  CHECK(canonical_query("X-Amz-Signature=abc", false) == "X-Amz-Signature=abc");
}

TEST_CASE("dates: X-Amz-Date and HTTP Date") {
  std::int64_t t = 0;
  REQUIRE(parse_amz_date("20150830T123600Z", t));
  CHECK(t == kSigned);
  CHECK(format_amz_date(kSigned) == "20150830T123600Z");
  CHECK(format_amz_date(0) == "19700101T000000Z");
  CHECK(format_amz_date(951782400) == "20000229T000000Z");
  CHECK_FALSE(parse_amz_date("2015-08-30T12:36:00Z", t));
  CHECK_FALSE(parse_amz_date("20151330T123600Z", t));
  CHECK_FALSE(parse_amz_date("20150830T123600", t));
  REQUIRE(parse_http_date("Sun, 30 Aug 2015 12:36:00 GMT", t));
  CHECK(t == kSigned);
  CHECK_FALSE(parse_http_date("Sun, 30 Aug 2015 12:36:00 PST", t));
  CHECK_FALSE(parse_http_date("30 Aug 2015", t));
}

TEST_CASE("verification: the signer's account comes from the credentials file") {
  auto identity = verifier().verify(signed_get_vanilla(), kSigned);
  CHECK(identity.access_key == "AKIDEXAMPLE");
  CHECK(identity.account == "111111111111");
  CHECK(identity.region == "us-east-1");
  CHECK(identity.service == "service");
}

TEST_CASE("verification: an awsJson call signed by botocore") {
  auto r =
      request("POST", "/",
              {{"host", "example.amazonaws.com"},
               {"x-amz-target", "SWBExternalService.ListInstances"},
               {"content-type", "application/x-amz-json-1.1"},
               {"x-amz-date", "20150830T123600Z"},
               {"authorization",
                authorization("content-type;host;x-amz-date;x-amz-target",
                              "9f04f7aef4452e503873689b38afbb3c1718829c90666a0796ba44eeb0a226bd",
                              "AKIDEXAMPLE", "20150830/us-west-2/sso/aws4_request")}},
              "{}");
  auto identity = verifier().verify(r, kSigned);
  CHECK(identity.region == "us-west-2");
  CHECK(identity.service == "sso");

  SECTION("a changed body fails") {
    r.body = "{ }";
    CHECK(failure(r).type == "InvalidSignatureException");
  }
  SECTION("a changed operation fails") {
    r.headers[1].second = "SWBExternalService.DeletePermissionSet";
    CHECK(failure(r).type == "InvalidSignatureException");
  }
  SECTION("a declared payload hash must match the body") {
    r.headers.emplace_back("x-amz-content-sha256", kEmptyHash);
    auto e = failure(r);
    CHECK(e.type == "InvalidSignatureException");
    CHECK(e.message ==
          "The provided 'x-amz-content-sha256' header does not match what was computed.");
  }
}

TEST_CASE("verification: presigned query string (SigV4QueryAuth)") {
  auto r = request("GET",
                   "/user/a%20b?Param1=value1&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential="
                   "AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date="
                   "20150830T123600Z&X-Amz-Expires=300&X-Amz-SignedHeaders=host&X-Amz-Signature="
                   "4e099d7a81ec182f885706f61eaa89c21f25655fa4a6eff6d3371d18166f6128",
                   {{"host", "example.amazonaws.com"}});
  CHECK(verifier().verify(r, kSigned + 299).account == "111111111111");
  auto expired = failure(r, kSigned + 301);
  CHECK(expired.type == "InvalidSignatureException");
  CHECK(expired.message ==
        "Signature expired: 20150830T123600Z is now earlier than 20150830T123601Z "
        "(20150830T124101Z - 5 min.)");

  SECTION("a changed parameter fails") {
    r.target.replace(r.target.find("value1"), 6, "value2");
    CHECK(failure(r).type == "InvalidSignatureException");
  }
  SECTION("a week at most") {
    r.target.replace(r.target.find("X-Amz-Expires=300"), 17, "X-Amz-Expires=604801");
    auto e = failure(r);
    CHECK(e.type == "IncompleteSignatureException");
    CHECK(e.status_override == 400);
  }
  SECTION("not with an Authorization header too") {
    r.headers.emplace_back("authorization", "AWS4-HMAC-SHA256 Credential=x");
    CHECK(failure(r).type == "IncompleteSignatureException");
  }
}

TEST_CASE("verification failures, worded as AWS words them") {
  SECTION("no signature at all") {
    auto e = failure(get_vanilla());
    CHECK(e.type == "MissingAuthenticationTokenException");
    CHECK(e.message == "Request is missing Authentication Token");
    CHECK(e.status_override == 403);
  }
  SECTION("an unknown access key") {
    auto r = get_vanilla();
    r.headers.emplace_back("authorization", authorization("host;x-amz-date", "00", "AKIDUNKNOWN"));
    auto e = failure(r);
    CHECK(e.type == "UnrecognizedClientException");
    CHECK(e.message == "The security token included in the request is invalid.");
    CHECK(e.status_override == 403);
  }
  SECTION("a wrong signature") {
    auto r = get_vanilla();
    r.headers.emplace_back(
        "authorization",
        authorization("host;x-amz-date",
                      "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf30"));
    auto e = failure(r);
    CHECK(e.type == "InvalidSignatureException");
    CHECK(e.message ==
          "The request signature we calculated does not match the signature you provided. Check "
          "your AWS Secret Access Key and signing method. Consult the service documentation for "
          "details.");
    CHECK(e.status_override == 403);
  }
  SECTION("a signed header changed after signing") {
    auto r = signed_get_vanilla();
    r.headers[0].second = "other.amazonaws.com";
    CHECK(failure(r).type == "InvalidSignatureException");
  }
  SECTION("a path or query changed after signing") {
    auto r = signed_get_vanilla();
    r.target = "/?a=b";
    CHECK(failure(r).type == "InvalidSignatureException");
    r.target = "/x";
    CHECK(failure(r).type == "InvalidSignatureException");
  }
  SECTION("a method changed after signing") {
    auto r = signed_get_vanilla();
    r.method = "DELETE";
    CHECK(failure(r).type == "InvalidSignatureException");
  }
  SECTION("the clock: 15 minutes either way") {
    auto r = signed_get_vanilla();
    CHECK_NOTHROW(verifier().verify(r, kSigned + 900));
    CHECK_NOTHROW(verifier().verify(r, kSigned - 900));
    auto late = failure(r, kSigned + 16 * 60);
    CHECK(late.type == "InvalidSignatureException");
    CHECK(late.message ==
          "Signature expired: 20150830T123600Z is now earlier than 20150830T123700Z "
          "(20150830T125200Z - 15 min.)");
    CHECK(late.status_override == 403);
    auto early = failure(r, kSigned - 16 * 60);
    CHECK(early.type == "InvalidSignatureException");
    CHECK(early.message ==
          "Signature not yet current: 20150830T123600Z is still later than 20150830T123500Z "
          "(20150830T122000Z + 15 min.)");
  }
  SECTION("the scope's date must be the request's") {
    auto r = get_vanilla();
    r.headers.emplace_back("authorization",
                           authorization("host;x-amz-date", "00", "AKIDEXAMPLE",
                                         "20150831/us-east-1/service/aws4_request"));
    auto e = failure(r);
    CHECK(e.type == "InvalidSignatureException");
    CHECK(e.message ==
          "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from "
          "HTTP: '20150831' != '20150830', from '20150830T123600Z'.");
  }
  SECTION("the scope's terminator") {
    auto r = get_vanilla();
    r.headers.emplace_back("authorization", authorization("host;x-amz-date", "00", "AKIDEXAMPLE",
                                                          "20150830/us-east-1/service/aws5"));
    CHECK(failure(r).message ==
          "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5'.");
  }
  SECTION("Host must be signed") {
    auto r = get_vanilla();
    r.headers.emplace_back("authorization", authorization("x-amz-date", "00"));
    CHECK(failure(r).message ==
          "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
  }
  SECTION("X-Amz-Target, when sent, must be signed") {
    auto r = get_vanilla();
    r.headers.emplace_back("x-amz-target", "SWBExternalService.ListInstances");
    r.headers.emplace_back("authorization", authorization("host;x-amz-date", "00"));
    CHECK(failure(r).type == "InvalidSignatureException");
  }
  SECTION("incomplete Authorization headers") {
    auto r = get_vanilla();
    r.headers.emplace_back("authorization",
                           "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/" + std::string(kScope));
    auto e = failure(r);
    CHECK(e.type == "IncompleteSignatureException");
    CHECK(e.status_override == 400);
    CHECK(e.message ==
          "Authorization header requires 'Signature' parameter. Authorization header requires "
          "'SignedHeaders' parameter.");
    r.headers.back().second =
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1, "
        "SignedHeaders=host, Signature=00";
    CHECK(failure(r).message ==
          "Credential must have exactly 5 slash-delimited elements, e.g. "
          "keyid/date/region/service/term, got 'AKIDEXAMPLE/20150830/us-east-1'");
    r.headers.back().second = "Bearer some-token";
    CHECK(failure(r).type == "IncompleteSignatureException");
    CHECK(failure(r).message.find("some-token") == std::string::npos);
    // A bare token is never repeated; another AWS algorithm is named.
    r.headers.back().second = "s3cr3t-t0ken";
    CHECK(failure(r).message ==
          "Unsupported authorization scheme. Only AWS4-HMAC-SHA256 (Signature Version 4) is "
          "accepted.");
    r.headers.back().second = "AWS4-ECDSA-P256-SHA256 Credential=x";
    CHECK(failure(r).message ==
          "Unsupported AWS 'algorithm': 'AWS4-ECDSA-P256-SHA256'. Only AWS4-HMAC-SHA256 "
          "(Signature Version 4) is accepted.");
  }
  SECTION("a date is needed, in the right format") {
    auto r = request("GET", "/", {{"host", "example.amazonaws.com"}});
    r.headers.emplace_back("authorization", authorization("host", "00"));
    CHECK(failure(r).message ==
          "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
    r.headers.emplace_back("x-amz-date", "2015-08-30");
    CHECK(failure(r).type == "IncompleteSignatureException");
  }
}

TEST_CASE("the HTTP Date header may stand in for X-Amz-Date") {
  auto r = request("GET", "/",
                   {{"host", "example.amazonaws.com"}, {"date", "Sun, 30 Aug 2015 12:36:00 GMT"}});
  std::string sig = sign(kSecret, "20150830", "us-east-1", "service",
                         string_to_sign("20150830T123600Z", kScope,
                                        canonical_request(r, {"date", "host"}, kEmptyHash, false)));
  r.headers.emplace_back("authorization", authorization("date;host", sig));
  CHECK(verifier().verify(r, kSigned).account == "111111111111");
}

TEST_CASE("the credentials file") {
  using nlohmann::json;
  auto bad = [](const json& doc) {
    try {
      CredentialStore::from_json(doc);
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  CHECK_FALSE(bad(json::array()).empty());
  CHECK_FALSE(bad(json::object()).empty());
  CHECK(bad(json::array({{{"accessKeyId", "AKIDEXAMPLE"}, {"accountId", "111111111111"}}})) ==
        "entry 1 has no \"secretAccessKey\"");
  CHECK(bad(json::array({{{"accessKeyId", "AKIDEXAMPLE"},
                          {"secretAccessKey", "s3cr3t-value"},
                          {"accountId", "1111"}}})) == "entry 1: accountId must be 12 digits");
  CHECK(bad(json::array({{{"accessKeyId", "AKID/X"},
                          {"secretAccessKey", "s3cr3t-value"},
                          {"accountId", "111111111111"}}}))
            .find("accessKeyId") != std::string::npos);
  CHECK(bad(json::array({{{"accessKeyId", "AKIDEXAMPLE"},
                          {"secretKey", "s3cr3t-value"},
                          {"accountId", "111111111111"}}}))
            .find("unknown member \"secretKey\"") != std::string::npos);
  json twice = json::array({{{"accessKeyId", "AKIDEXAMPLE"},
                             {"secretAccessKey", "s3cr3t-value"},
                             {"accountId", "111111111111"}},
                            {{"accessKeyId", "AKIDEXAMPLE"},
                             {"secretAccessKey", "s3cr3t-value"},
                             {"accountId", "222222222222"}}});
  std::string message = bad(twice);
  CHECK(message == "entry 2: accessKeyId AKIDEXAMPLE is listed twice");
  CHECK(message.find("s3cr3t") == std::string::npos);

  auto store = CredentialStore::from_json(json::array({{{"accessKeyId", "111111111111"},
                                                        {"secretAccessKey", "x"},
                                                        {"accountId", "222222222222"}}}));
  REQUIRE(store.find("111111111111"));
  // The account is the file's, not the key's digits.
  CHECK(store.find("111111111111")->account_id == "222222222222");
  CHECK_FALSE(store.find("AKIDEXAMPLE"));
}

TEST_CASE("a credentials file that is not JSON: the message quotes none of it") {
  std::string path = "/tmp/junction-credentials-test-" + std::to_string(::getpid()) + ".json";
  {
    std::FILE* f = std::fopen(path.c_str(), "w");
    std::fputs("[{\"accessKeyId\": \"AKIDEXAMPLE\", \"secretAccessKey\": \"TOPSECRET\" oops", f);
    std::fclose(f);
  }
  std::string message;
  try {
    CredentialStore::load(path);
  } catch (const std::runtime_error& e) {
    message = e.what();
  }
  std::remove(path.c_str());
  CHECK(message == "the credentials file " + path + " is not valid JSON");
  CHECK_THROWS_AS(CredentialStore::load("/nonexistent/credentials.json"), std::runtime_error);
}
