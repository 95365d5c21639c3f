// Smithy RPC v2 CBOR: the CBOR reader and writer on the edge cases of RFC 8949, the routing by
// path, and the answers' headers and error bodies.
#include <catch2/catch.hpp>
#include <cmath>

#include "handlers/common/json_list.hpp"
#include "server/protocol/cbor_body.hpp"
#include "server/protocol/codec.hpp"
#include "server/protocol/json_body.hpp"
#include "server/protocol/router.hpp"

using namespace junction;
using nlohmann::json;
using protocol::read_cbor_input;
using protocol::write_cbor;

namespace {

// Bytes from hex text ("a1 61 61 01"); spaces are ignored.
std::string hex(std::string_view text) {
  std::string out;
  int high = -1;
  for (char c : text) {
    if (c == ' ') continue;
    int v = c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
    if (high < 0) {
      high = v;
    } else {
      out += static_cast<char>(high * 16 + v);
      high = -1;
    }
  }
  return out;
}

std::string to_hex(std::string_view bytes) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    if (!out.empty()) out += ' ';
    out += digits[c >> 4];
    out += digits[c & 15];
  }
  return out;
}

// The message of the SerializationException reading `body` raises ("" when none).
std::string read_error(const std::string& body, const shapes::Shape* input = nullptr) {
  try {
    read_cbor_input(body, input);
  } catch (const ApiError& e) {
    CHECK(e.type == "SerializationException");
    CHECK_FALSE(e.message.empty());
    return e.message;
  }
  return "";
}

// `{"v": <item>}` with the item given in hex.
std::string in_map(std::string_view item_hex) { return hex("a1 61 76") + hex(item_hex); }

json read_v(std::string_view item_hex) { return read_cbor_input(in_map(item_hex), nullptr)["v"]; }

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

const shapes::Service& service(const char* name) {
  return *shapes::Model::instance().by_sdk_name(name);
}

// A structure {When: timestamp, Data: blob, Text: string, Items: [timestamp]}, for the members
// the served models have no input of.
struct TestShapes {
  shapes::Shape timestamp, blob, text, list, input;
  TestShapes() {
    timestamp.name = "Ts";
    timestamp.kind = shapes::Kind::kTimestamp;
    blob.name = "Bytes";
    blob.kind = shapes::Kind::kBlob;
    text.name = "Text";
    text.kind = shapes::Kind::kString;
    list.name = "Times";
    list.kind = shapes::Kind::kList;
    list.element = &timestamp;
    input.name = "Input";
    input.kind = shapes::Kind::kStructure;
    for (auto [name, shape] : {std::pair<const char*, const shapes::Shape*>{"When", &timestamp},
                               {"Data", &blob},
                               {"Text", &text},
                               {"Items", &list}}) {
      shapes::Member m;
      m.name = name;
      m.shape = shape;
      input.members.push_back(m);
    }
  }
};

}  // namespace

TEST_CASE("CBOR input: the data model's values read as JSON carries them", "[cbor]") {
  CHECK(read_cbor_input("", nullptr) == json::object());
  CHECK(read_cbor_input(hex("a0"), nullptr) == json::object());
  // {"a": 1, "b": [true, false, null, undefined], "c": {"d": "e"}}
  json v = read_cbor_input(hex("a3 6161 01 6162 84 f5 f4 f6 f7 6163 a1 6164 6165"), nullptr);
  CHECK(same(v, json::parse(R"({"a":1,"b":[true,false,null,null],"c":{"d":"e"}})")));

  // Integers: every width, non-negative ones unsigned as the JSON reader makes them.
  CHECK(same(read_v("17"), json(std::uint64_t{23})));
  CHECK(same(read_v("18 18"), json(std::uint64_t{24})));
  CHECK(same(read_v("19 0100"), json(std::uint64_t{256})));
  CHECK(same(read_v("1a 00010000"), json(std::uint64_t{65536})));
  CHECK(same(read_v("1b ffffffffffffffff"), json(std::uint64_t{18446744073709551615ULL})));
  CHECK(same(read_v("20"), json(std::int64_t{-1})));
  CHECK(same(read_v("38 63"), json(std::int64_t{-100})));
  CHECK(same(read_v("3b 7fffffffffffffff"), json(INT64_MIN)));
  CHECK(read_error(in_map("3b 8000000000000000")).find("out of range") != std::string::npos);
  CHECK(read_error(in_map("3b ffffffffffffffff")).find("'v'") != std::string::npos);

  // Floats of every precision, half precision's specials included.
  CHECK(read_v("f9 3c00").get<double>() == 1.0);
  CHECK(read_v("f9 c000").get<double>() == -2.0);
  CHECK(read_v("f9 7bff").get<double>() == 65504.0);
  CHECK(read_v("f9 0001").get<double>() == std::ldexp(1.0, -24));  // the smallest subnormal
  CHECK(read_v("f9 8000").get<double>() == 0.0);
  CHECK(std::signbit(read_v("f9 8000").get<double>()));
  CHECK(read_v("f9 7c00").get<double>() == INFINITY);
  CHECK(read_v("f9 fc00").get<double>() == -INFINITY);
  CHECK(std::isnan(read_v("f9 7e00").get<double>()));
  CHECK(read_v("fa 47c35000").get<double>() == 100000.0);
  CHECK(read_v("fb 3ff199999999999a").get<double>() == 1.1);
  CHECK(read_v("fb 3ff199999999999a").is_number_float());

  // Text, UTF-8 of every length.
  CHECK(read_v("63 636166") == "caf");
  CHECK(read_v("65 636166c3a9") == "caf\xc3\xa9");
  CHECK(read_v("64 f09f9880") == "\xf0\x9f\x98\x80");
  CHECK(read_v("60") == "");
}

TEST_CASE("CBOR input: indefinite lengths", "[cbor]") {
  CHECK(read_v("9f 01 02 ff") == json::array({1, 2}));
  CHECK(read_v("9f ff") == json::array());
  CHECK(read_v("bf 6161 01 6162 9f ff ff") == json::parse(R"({"a":1,"b":[]})"));
  CHECK(read_v("7f 62 6361 61 66 ff") == "caf");  // "ca" "f"
  CHECK(read_v("7f ff") == "");
  CHECK(read_v("5f 41 01 42 0203 ff") == "AQID");  // bytes 01 02 03, as base64
  CHECK(read_cbor_input(hex("bf 6161 01 ff"), nullptr) == json::parse(R"({"a":1})"));
  // Chunks must be definite strings of the same type; a break must close something.
  CHECK(read_error(in_map("7f 41 61 ff")).find("chunk") != std::string::npos);
  CHECK(read_error(in_map("7f 7f 61 61 ff ff")).find("chunk") != std::string::npos);
  CHECK(read_error(in_map("5f 01 ff")).find("chunk") != std::string::npos);
  CHECK(read_error(in_map("ff")).find("break") != std::string::npos);
  CHECK_FALSE(read_error(in_map("9f 01")).empty());    // no break
  CHECK_FALSE(read_error(hex("bf 6161 ff")).empty());  // a key without a value
  CHECK_FALSE(read_error(in_map("1f")).empty());       // integers have no indefinite form
  CHECK_FALSE(read_error(in_map("3f")).empty());
  CHECK_FALSE(read_error(in_map("df 01")).empty());
}

TEST_CASE("CBOR input: tags", "[cbor]") {
  TestShapes t;
  // Tag 1 around an integer or a float is epoch seconds, as a JSON number.
  json v = read_cbor_input(hex("a1 64 5768656e c1 1a 69557c10"), &t.input);
  CHECK(same(v["When"], json(std::uint64_t{1767210000})));
  v = read_cbor_input(hex("a1 64 5768656e c1 fb 41da555f0407df3b"), &t.input);
  CHECK(v["When"].get<double>() == Approx(1767210000.123).epsilon(1e-12));
  v = read_cbor_input(hex("a1 64 5768656e c1 fa 4e d2 ab 3c"), &t.input);  // single precision
  CHECK(v["When"].is_number_float());
  CHECK(same(read_cbor_input(hex("a1 64 5768656e c1 20"), &t.input)["When"], json(-1)));
  // Untagged numbers are accepted as they are over JSON; tag 1 elsewhere is refused.
  CHECK(same(read_cbor_input(hex("a1 64 5768656e 05"), &t.input)["When"], json(5u)));
  CHECK(read_error(hex("a1 64 54657874 c1 01"), &t.input) ==
        "Expected a string at 'text' but found a timestamp.");
  CHECK(read_error(hex("a1 65 4974656d73 81 c1 61 78"), &t.input) ==
        "The timestamp at 'items.1.member' is not a number of epoch seconds inside tag 1.");
  CHECK(read_error(hex("a1 64 5768656e c1 f9 7e00"), &t.input).find("finite") != std::string::npos);
  CHECK(read_error(hex("a1 64 5768656e c1 c1 01"), &t.input).find("epoch seconds") !=
        std::string::npos);
  // Tags other than 1: date strings, bignums, decimal fractions, anything.
  for (const char* tag : {"c0 60", "c2 41 01", "c3 41 01", "c4 82 01 02", "d8 20 60", "d9 d9f7 01",
                          "db ffffffffffffffff 01"})
    CHECK(read_error(in_map(tag)).find("only tag 1") != std::string::npos);
  // Undeclared members are read as JSON would have them.
  CHECK(same(read_v("c1 1a 69557c10"), json(std::uint64_t{1767210000})));
}

TEST_CASE("CBOR input: blobs are byte strings, read as awsJson1.1's base64", "[cbor]") {
  TestShapes t;
  CHECK(read_cbor_input(hex("a1 64 44617461 43 010203"), &t.input)["Data"] == "AQID");
  CHECK(read_cbor_input(hex("a1 64 44617461 40"), &t.input)["Data"] == "");
  CHECK(read_cbor_input(hex("a1 64 44617461 5f 41 01 41 02 ff"), &t.input)["Data"] == "AQI=");
  CHECK(read_error(hex("a1 64 44617461 63 414151"), &t.input) ==
        "Expected a byte string at 'data' but found a text string.");
  CHECK(read_error(hex("a1 64 54657874 41 01"), &t.input) ==
        "Expected a string at 'text' but found a byte string.");
  // A byte string where the real model wants a string, named as the validator names it.
  const auto* op = service("appstream").operation("BatchAssociateUserStack");
  std::string body =
      hex("a1 75 55736572537461636b4173736f63696174696f6e73 81 a1 69 537461636b4e616d65 41 00");
  CHECK(read_error(body, op->input) ==
        "Expected a string at 'userStackAssociations.1.member.stackName' but found a byte "
        "string.");
}

TEST_CASE("CBOR input: maps have distinct text keys", "[cbor]") {
  CHECK(read_error(hex("a2 6161 01 6161 02")).find("the key 'a' appears twice") !=
        std::string::npos);
  CHECK(read_error(hex("bf 6161 01 7f 61 61 ff 02 ff")).find("twice") != std::string::npos);
  CHECK(read_error(in_map("a2 6162 01 6162 02")).find("at 'v'") != std::string::npos);
  CHECK(read_error(hex("a1 01 02")).find("key is not a text string") != std::string::npos);
  CHECK(read_error(hex("a1 41 61 02")).find("key is not a text string") != std::string::npos);
  CHECK(read_error(hex("a1 f6 02")).find("key is not a text string") != std::string::npos);
  CHECK(read_error(hex("a1 a0 02")).find("key is not a text string") != std::string::npos);
}

TEST_CASE("CBOR input: invalid UTF-8 is refused in text and keys", "[cbor]") {
  for (const char* bad : {"61 ff", "61 80", "62 c080", "62 c1bf", "63 eda080", "63 e08080",
                          "64 f4908080", "64 f0808080", "61 c3", "62 e282", "65 f8 88808080"}) {
    INFO(bad);
    CHECK(read_error(in_map(bad)).find("not valid UTF-8") != std::string::npos);
    CHECK(read_error(hex("a1") + hex(bad) + hex("01")).find("UTF-8") != std::string::npos);
  }
  CHECK(read_v("63 ed9fbf") == "\xed\x9f\xbf");            // U+D7FF, the last before surrogates
  CHECK(read_v("64 f48fbfbf") == "\xf4\x8f\xbf\xbf");      // U+10FFFF
  CHECK(read_error(in_map("7f 61 c3 61 a9 ff")).empty());  // a character across chunks
}

TEST_CASE("CBOR input: malformed, truncated and trailing bytes", "[cbor]") {
  // Reserved additional information, unsupported simple values.
  for (const char* bad :
       {"1c", "1d", "1e", "3c", "5c", "7c", "9c", "bc", "dc", "fc", "f8 20", "f8 ff", "e0", "f3"})
    CHECK_FALSE(read_error(in_map(bad)).empty());
  // The body is one map, nothing before or after.
  CHECK(read_error(hex("80")) == "The request body must be a CBOR map.");
  CHECK(read_error(hex("01")) == "The request body must be a CBOR map.");
  CHECK(read_error(hex("f6")) == "The request body must be a CBOR map.");
  CHECK(read_error(hex("c1 a0")) == "The request body must be a CBOR map.");
  CHECK(read_error(hex("a0 00")) ==
        "The request body is not valid CBOR: more bytes follow the body's map (at byte 1).");
  CHECK(read_error(hex("a0 a0")).find("follow") != std::string::npos);
  // Every proper prefix of a well-formed body is an error, never a crash.
  std::string whole =
      hex("a3 6161 1b 0102030405060708 6162 9f 43 010203 7f 61 78 ff fb 3ff199999999999a ff "
          "6163 c1 fa 47c35000");
  REQUIRE(read_error(whole).empty());
  for (std::size_t n = 1; n < whole.size(); ++n) {
    INFO("prefix of " << n << " bytes");
    CHECK_FALSE(read_error(whole.substr(0, n)).empty());
  }
  // Lengths beyond the body are refused before anything is allocated for them.
  CHECK(read_error(in_map("9b ffffffffffffffff")).find("ends inside") != std::string::npos);
  CHECK(read_error(in_map("bb ffffffffffffffff")).find("ends inside") != std::string::npos);
  CHECK(read_error(in_map("5b ffffffffffffffff")).find("ends inside") != std::string::npos);
  CHECK(read_error(in_map("7a 7fffffff 61")).find("ends inside") != std::string::npos);
  CHECK(read_error(hex("bb 00000000ffffffff")).find("ends inside") != std::string::npos);
}

TEST_CASE("CBOR input: nesting is bounded as for JSON", "[cbor]") {
  // The body's map and 63 arrays inside it: 64 levels, allowed.
  std::string ok = hex("a1 6161") + std::string(63, '\x81') + hex("01");
  CHECK(read_error(ok).empty());
  std::string deeper = hex("a1 6161") + std::string(64, '\x81') + hex("01");
  CHECK(read_error(deeper) == "The request body nests deeper than 64 levels.");
  // 100,000 levels, definite and indefinite, arrays and maps: refused without recursing far.
  CHECK(read_error(hex("a1 6161") + std::string(100000, '\x81')).find("deeper") !=
        std::string::npos);
  CHECK(read_error(hex("a1 6161") + std::string(100000, '\x9f')).find("deeper") !=
        std::string::npos);
  std::string maps;
  for (int i = 0; i < 50000; ++i) maps += hex("a1 6161");
  CHECK(read_error(maps).find("deeper") != std::string::npos);
  // Tags do not nest: tag 1's content must be a number.
  CHECK_FALSE(read_error(in_map(std::string(200000, 'c') + "1")).empty());
}

TEST_CASE("CBOR input is the value awsJson1.1 decodes for the same call", "[cbor]") {
  const auto* op = service("appstream").operation("BatchAssociateUserStack");
  json input = json::parse(R"({"UserStackAssociations":[
      {"StackName":"s1","UserName":"u@example.com","AuthenticationType":"USERPOOL",
       "SendEmailNotification":true},
      {"StackName":"s2","UserName":"caf\u00e9","AuthenticationType":"SAML"}]})");
  std::string cbor = write_cbor(input, op->input);
  CHECK(same(read_cbor_input(cbor, op->input), protocol::parse_json_object(input.dump())));
  const auto* sso = service("sso-admin").operation("ListAccountAssignments");
  json list = json::parse(R"({"InstanceArn":"arn:aws:sso:::instance/ssoins-1","AccountId":
      "111111111111","PermissionSetArn":"arn:aws:sso:::permissionSet/ssoins-1/ps-1",
      "MaxResults":10,"NextToken":"t"})");
  CHECK(same(read_cbor_input(write_cbor(list, sso->input), sso->input),
             protocol::parse_json_object(list.dump())));
}

TEST_CASE("CBOR output: integers and floats in their smallest form", "[cbor]") {
  auto w = [](const json& v) { return to_hex(write_cbor(v, nullptr)); };
  CHECK(w(0) == "00");
  CHECK(w(23) == "17");
  CHECK(w(24) == "18 18");
  CHECK(w(255) == "18 ff");
  CHECK(w(256) == "19 01 00");
  CHECK(w(65535) == "19 ff ff");
  CHECK(w(65536) == "1a 00 01 00 00");
  CHECK(w(std::uint64_t{4294967296ULL}) == "1b 00 00 00 01 00 00 00 00");
  CHECK(w(std::uint64_t{18446744073709551615ULL}) == "1b ff ff ff ff ff ff ff ff");
  CHECK(w(-1) == "20");
  CHECK(w(-24) == "37");
  CHECK(w(-25) == "38 18");
  CHECK(w(INT64_MIN) == "3b 7f ff ff ff ff ff ff ff");
  CHECK(w(1.5) == "fa 3f c0 00 00");
  CHECK(w(100000.0) == "fa 47 c3 50 00");
  CHECK(w(1.1) == "fb 3f f1 99 99 99 99 99 9a");
  CHECK(w(1e300) == "fb 7e 37 e4 3c 88 00 75 9c");
  CHECK(w(INFINITY) == "fa 7f 80 00 00");
  CHECK(w(-INFINITY) == "fa ff 80 00 00");
  CHECK(w(NAN) == "fa 7f c0 00 00");
  CHECK(w(true) == "f5");
  CHECK(w(false) == "f4");
  CHECK(w(nullptr) == "f6");
  CHECK(w(json::array({1, nullptr})) == "82 01 f6");  // nulls stay in lists
  CHECK(w(std::string(24, 'a')).substr(0, 5) == "78 18");
}

TEST_CASE("CBOR output: timestamps as tag 1, blobs as byte strings, nulls left out", "[cbor]") {
  TestShapes t;
  auto w = [&](const json& v) { return to_hex(write_cbor(v, &t.input)); };
  CHECK(w({{"When", 1767210000}}) == "a1 64 57 68 65 6e c1 1a 69 55 7c 10");
  CHECK(w({{"When", 1767210000.0}}) == "a1 64 57 68 65 6e c1 1a 69 55 7c 10");
  CHECK(w({{"When", 1767210000.5}}) == "a1 64 57 68 65 6e c1 fb 41 da 55 5f 04 20 00 00");
  CHECK(w({{"When", -1}}) == "a1 64 57 68 65 6e c1 20");
  CHECK(w({{"Items", {1, 2.5}}}) == "a1 65 49 74 65 6d 73 82 c1 01 c1 fa 40 20 00 00");
  CHECK(w({{"Data", "AQID"}}) == "a1 64 44 61 74 61 43 01 02 03");
  CHECK(w({{"Data", "not base64!"}}).substr(0, 20) == "a1 64 44 61 74 61 4b");  // as it is
  CHECK(w({{"Text", nullptr}, {"Data", "AQID"}}) == "a1 64 44 61 74 61 43 01 02 03");
  CHECK(w({{"Text", 1767210000}}) == "a1 64 54 65 78 74 1a 69 55 7c 10");  // no tag: no timestamp
  // What is written reads back as the JSON value it came from.
  json v = {{"When", 1767210000.25}, {"Data", "AQI="}, {"Text", "x"}, {"Items", {7}}};
  CHECK(same(read_cbor_input(write_cbor(v, &t.input), &t.input),
             json::parse(R"({"When":1767210000.25,"Data":"AQI=","Text":"x","Items":[7]})")));
}

TEST_CASE("CBOR output: invalid UTF-8 replaced, lists written as JSON text converted", "[cbor]") {
  CHECK(to_hex(write_cbor("a\xff"
                          "b\xc3",
                          nullptr)) == "68 61 ef bf bd 62 ef bf bd");
  CHECK(to_hex(write_cbor(json{{"k\xff", 1}}, nullptr)) == "a1 64 6b ef bf bd 01");
  handlers::JsonObjectList list;
  list.begin_object();
  list.member("Id", "a\"b");
  list.end_object();
  json raw = {{"Items", list.take()}};
  CHECK(write_cbor(raw, nullptr) ==
        write_cbor(json::parse(R"({"Items":[{"Id":"a\"b"}]})"), nullptr));
  CHECK(to_hex(write_cbor(json::binary({1, 2}), nullptr)) == "42 01 02");
}

namespace {
protocol::HttpRequest cbor_request(const std::string& path, const std::string& signing = "") {
  protocol::HttpRequest r;
  r.method = "POST";
  r.target = path;
  r.headers.emplace_back("smithy-protocol", "rpc-v2-cbor");
  r.headers.emplace_back("content-type", "application/cbor");
  if (!signing.empty())
    r.headers.emplace_back("authorization",
                           "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261121/us-east-1/" + signing +
                               "/aws4_request, SignedHeaders=host, Signature=abc");
  return r;
}
const protocol::Router& router() {
  static protocol::Router r(shapes::Model::instance());
  return r;
}
// The error routing `request` raises.
ApiError route_error(const protocol::HttpRequest& request) {
  try {
    router().route(request, protocol::identify(request));
  } catch (const ApiError& e) {
    return e;
  }
  FAIL("routed");
  return ApiError("", "");
}
}  // namespace

TEST_CASE("rpc-v2-cbor routes by /service/<name>/operation/<operation>", "[cbor][routing]") {
  auto r = cbor_request("/service/PhotonAdminProxyService/operation/CreateStack");
  auto route = router().route(r, protocol::identify(r));
  CHECK(route.service->sdk_name == "appstream");
  CHECK(route.operation->name == "CreateStack");
  CHECK(route.wire() == shapes::Protocol::kRpcV2Cbor);
  CHECK(router().protocol_for(r, protocol::identify(r)) == shapes::Protocol::kRpcV2Cbor);
  // Signed, with a prefix before /service/, by absolute shape id: the same operation.
  for (const char* path : {"/service/SWBExternalService/operation/ListInstances",
                           "/v1/prefix/service/SWBExternalService/operation/ListInstances",
                           "/service/com.amazonaws.ssoadmin.SWBExternalService/operation/"
                           "ListInstances"}) {
    INFO(path);
    auto s = cbor_request(path, "sso");
    auto sso = router().route(s, protocol::identify(s));
    CHECK(sso.service->sdk_name == "sso-admin");
    CHECK(sso.operation->name == "ListInstances");
    CHECK(sso.rpc_v2_cbor);
  }
  CHECK(protocol::smithy_namespace(service("sso-admin")) == "com.amazonaws.ssoadmin");
  CHECK(protocol::smithy_namespace(service("appstream")) == "com.amazonaws.appstream");
  // Without the header, the path is a REST path like any other.
  protocol::HttpRequest plain;
  plain.method = "POST";
  plain.target = "/service/PhotonAdminProxyService/operation/CreateStack";
  CHECK(route_error(plain).type == "UnknownOperationException");
  CHECK(router().protocol_for(plain, protocol::identify(plain)) != shapes::Protocol::kRpcV2Cbor);
}

TEST_CASE("rpc-v2-cbor: unknown services, operations and forbidden forms", "[cbor][routing]") {
  auto e = route_error(cbor_request("/service/PhotonAdminProxyService/operation/Nope"));
  CHECK(e.type == "UnknownOperationException");
  CHECK(e.message == "Operation Nope is not part of appstream.");
  e =
      route_error(cbor_request("/service/PhotonAdminProxyService/operation/com.amazonaws."
                               "appstream%23CreateStack"));
  CHECK(e.type == "UnknownOperationException");
  e = route_error(cbor_request("/service/DynamoDB_20120810/operation/ListTables"));
  CHECK(e.type == "NotImplemented");
  CHECK(e.status_override == 501);
  // Signed for a service, the path must name it.
  e = route_error(cbor_request("/service/PhotonAdminProxyService/operation/CreateStack", "sso"));
  CHECK(e.type == "UnknownOperationException");
  CHECK(e.message.find("sso-admin") != std::string::npos);
  e = route_error(cbor_request("/service/SWBExternalService/operation/CreateStack", "sso"));
  CHECK(e.message == "Operation CreateStack is not part of sso-admin.");
  e = route_error(cbor_request("/service/X/operation/ListUsers", "finspace-api"));
  CHECK(e.message == "finspace-data does not take rpc-v2-cbor requests.");
  e = route_error(cbor_request("/service/X/operation/Y", "s3"));
  CHECK(e.type == "NotImplemented");
  for (const char* path : {"/", "/service/PhotonAdminProxyService", "/service//operation/X",
                           "/service/PhotonAdminProxyService/operation/",
                           "/services/PhotonAdminProxyService/operation/CreateStack",
                           "/service/PhotonAdminProxyService/operations/CreateStack"}) {
    INFO(path);
    e = route_error(cbor_request(path));
    CHECK(e.type == "UnknownOperationException");
    CHECK(e.message.find("/service/<service>/operation/<operation>") != std::string::npos);
  }
  auto get = cbor_request("/service/PhotonAdminProxyService/operation/CreateStack");
  get.method = "GET";
  CHECK(route_error(get).type == "UnknownOperationException");
  auto targeted = cbor_request("/service/PhotonAdminProxyService/operation/CreateStack");
  targeted.headers.emplace_back("x-amz-target", "PhotonAdminProxyService.CreateStack");
  CHECK(route_error(targeted).type == "SerializationException");
}

TEST_CASE("rpc-v2-cbor answers: headers, Unit outputs and error bodies", "[cbor]") {
  auto r = cbor_request("/service/PhotonAdminProxyService/operation/DescribeStacks");
  auto route = router().route(r, protocol::identify(r));
  auto ok = protocol::encode_result(route, {{"Stacks", json::array()}});
  CHECK(ok.status == 200);
  CHECK(ok.header("Content-Type") == "application/cbor");
  CHECK(ok.header("smithy-protocol") == "rpc-v2-cbor");
  CHECK(to_hex(ok.body) == "a1 66 53 74 61 63 6b 73 80");
  CHECK(to_hex(protocol::encode_result(route, nullptr).body) == "a0");
  // An operation without output: no body, no content type.
  auto s = cbor_request("/service/SWBExternalService/operation/PutApplicationAccessScope", "sso");
  auto unit = protocol::encode_result(router().route(s, protocol::identify(s)), json::object());
  CHECK(unit.body.empty());
  CHECK(unit.header("Content-Type").empty());
  CHECK(unit.header("smithy-protocol") == "rpc-v2-cbor");

  const auto* sso = &service("sso-admin");
  auto err = protocol::encode_error(
      shapes::Protocol::kRpcV2Cbor, sso,
      ApiError("ResourceNotFoundException", "gone", {{"Reason", "x"}, {"Undeclared", 1}}));
  CHECK(err.status == 400);
  CHECK(err.header("Content-Type") == "application/cbor");
  CHECK(err.header("smithy-protocol") == "rpc-v2-cbor");
  CHECK(err.header("x-amzn-ErrorType").empty());
  json body = read_cbor_input(err.body, nullptr);
  CHECK(body == json({{"__type", "com.amazonaws.ssoadmin#ResourceNotFoundException"},
                      {"message", "gone"},
                      {"Message", "gone"},
                      {"Reason", "x"}}));
  // Errors outside the model go by their bare name; without a service too.
  body = read_cbor_input(protocol::encode_error(shapes::Protocol::kRpcV2Cbor, sso,
                                                ApiError("SerializationException", "bad"))
                             .body,
                         nullptr);
  CHECK(body == json({{"__type", "SerializationException"}, {"message", "bad"}}));
  auto none = protocol::encode_error(shapes::Protocol::kRpcV2Cbor, nullptr,
                                     ApiError("NotImplemented", "no", {{"k", "v"}}));
  CHECK(read_cbor_input(none.body, nullptr) ==
        json({{"__type", "NotImplemented"}, {"message", "no"}, {"k", "v"}}));
  CHECK(protocol::encode_error(shapes::Protocol::kRpcV2Cbor, sso,
                               ApiError("InternalServerException", "x"))
            .status == 500);
}
