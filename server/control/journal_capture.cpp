#include "server/control/journal_capture.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <nlohmann/json.hpp>

#include "server/protocol/cbor_body.hpp"
#include "server/protocol/json_body.hpp"
#include "server/protocol/router.hpp"
#include "server/shapes/validator.hpp"

namespace junction {

namespace {

using nlohmann::json;

// What a test needs to see of a request: how it was routed, which SDK sent it and which attempt
// this is. The signature (Authorization), tokens and cookies never.
constexpr std::array<std::string_view, 10> kRequestHeaders = {
    "host",       "content-type", "content-encoding", "x-amz-target",          "smithy-protocol",
    "x-amz-date", "user-agent",   "x-amz-user-agent", "amz-sdk-invocation-id", "amz-sdk-request"};
constexpr std::array<std::string_view, 3> kResponseHeaders = {"content-type", "x-amzn-errortype",
                                                              "smithy-protocol"};

bool iequal(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

// `text` cut to `max` bytes on a UTF-8 character boundary.
std::string cut(std::string_view text, std::size_t max, bool& truncated) {
  truncated = text.size() > max;
  if (!truncated) return std::string(text);
  std::size_t n = max;
  while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;
  return std::string(text.substr(0, n));
}

std::string dump(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

// The body as the journal keeps it. `shape` says what is sensitive (null: nothing known).
void capture_body(std::string_view body, bool cbor, const shapes::Shape* shape,
                  JournalMessage& out) {
  out.body_bytes = body.size();
  if (body.empty()) return;
  bool sensitive = shape && shape->holds_sensitive;
  if (!cbor && !sensitive) {
    out.body = cut(body, kMaxJournalBodyBytes, out.truncated);
    return;
  }
  // Read as the API reads bodies, nesting bounded: a body nested 100,000 deep must not exhaust
  // the stack here either (nlohmann's reader and dump recurse once per level).
  json value(json::value_t::discarded);
  try {
    value = cbor ? protocol::read_cbor_input(body, shape) : protocol::parse_json_object(body);
  } catch (...) {
  }
  if (value.is_discarded()) {
    // Unreadable: kept as it is unless it may hold a secret (a CBOR body is not text anyway).
    if (sensitive || cbor)
      out.withheld = true;
    else
      out.body = cut(body, kMaxJournalBodyBytes, out.truncated);
    return;
  }
  out.decoded = cbor;
  if (sensitive) {
    shapes::redact_sensitive(*shape, value);
    out.redacted = true;
  }
  out.body = cut(dump(value), kMaxJournalBodyBytes, out.truncated);
}

template <class Names>
void capture_headers(const protocol::Headers& headers, const Names& names, JournalMessage& out) {
  for (std::string_view name : names)
    for (const auto& [k, v] : headers)
      if (iequal(k, name)) out.headers.emplace_back(std::string(name), v);
}

// 'text' for a POSIX shell.
std::string shell_quoted(std::string_view text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string header_value(const JournalMessage& m, std::string_view name) {
  for (const auto& [k, v] : m.headers)
    if (k == name) return v;
  return {};
}

}  // namespace

std::string query_without_secrets(std::string_view query) {
  std::string out;
  while (!query.empty()) {
    auto amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    std::string_view key = pair.substr(0, pair.find('='));
    if (iequal(key, "X-Amz-Signature") || iequal(key, "X-Amz-Security-Token")) continue;
    if (!out.empty()) out += '&';
    out += pair;
  }
  return out;
}

void capture_request(const protocol::HttpRequest& request, const shapes::Operation* op,
                     JournalEntry& entry) {
  entry.query = query_without_secrets(request.query());
  protocol::Caller caller = protocol::identify(request);
  entry.access_key_id = caller.access_key;
  entry.signing_service = caller.signing_service;
  capture_headers(request.headers, kRequestHeaders, entry.request);
  capture_body(request.body, protocol::is_rpc_v2_cbor(request), op ? op->input : nullptr,
               entry.request);
}

void capture_response(const protocol::HttpResponse& response, const shapes::Operation* op,
                      JournalEntry& entry) {
  capture_headers(response.headers, kResponseHeaders, entry.response);
  bool cbor = iequal(response.header("smithy-protocol"), protocol::kRpcV2CborProtocol);
  bool success = response.status < 300;
  capture_body(response.body, cbor, success && op ? op->output : nullptr, entry.response);
}

std::string curl_command(const JournalEntry& entry, const shapes::Operation* op) {
  const JournalMessage& r = entry.request;
  // A body cut, withheld or redacted is not the one sent: a replay would be another call.
  if (r.truncated || r.withheld || r.redacted) return {};
  std::string host = header_value(r, "host");
  std::string url = "http://" + (host.empty() ? std::string("127.0.0.1:4566") : host);
  std::vector<std::pair<std::string, std::string>> headers;
  if (r.decoded) {
    // Smithy RPC v2 CBOR: the same call in awsJson1.1, the body the journal shows.
    if (!op || op->service->target_prefix.empty()) return {};
    url += "/";
    headers = {{"Content-Type", "application/x-amz-json-1.1"},
               {"X-Amz-Target", op->service->target_prefix + "." + op->name}};
  } else {
    url += entry.path + (entry.query.empty() ? "" : "?" + entry.query);
    for (const char* name : {"content-type", "x-amz-target"})
      if (auto v = header_value(r, name); !v.empty())
        headers.emplace_back(name == std::string("content-type") ? "Content-Type" : "X-Amz-Target",
                             v);
  }
  std::string out = "curl -sS -X " + entry.method + " " + shell_quoted(url);
  for (const auto& [k, v] : headers) out += " \\\n  -H " + shell_quoted(k + ": " + v);
  if (!entry.access_key_id.empty() && !entry.signing_service.empty())
    out += " \\\n  --aws-sigv4 " +
           shell_quoted("aws:amz:" + entry.region + ":" + entry.signing_service) +
           " \\\n  --user " + shell_quoted(entry.access_key_id + ":") +
           "\"${AWS_SECRET_ACCESS_KEY:-test}\"";
  if (!r.body.empty()) out += " \\\n  --data-binary " + shell_quoted(r.body);
  return out;
}

}  // namespace junction
