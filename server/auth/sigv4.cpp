#include "server/auth/sigv4.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <optional>

#include "server/auth/sha256.hpp"
#include "server/shapes/api_error.hpp"

namespace junction::auth {
namespace {

using protocol::HttpRequest;

// --- errors, worded as AWS words them ----------------------------------------------------------

[[noreturn]] void fail(const char* type, std::string message, int status = 403) {
  ApiError e(type, std::move(message));
  e.status_override = status;
  throw e;
}

[[noreturn]] void incomplete(std::string message) {
  fail("IncompleteSignatureException", std::move(message), 400);
}

[[noreturn]] void invalid(std::string message) {
  fail("InvalidSignatureException", std::move(message));
}

// --- small text helpers ------------------------------------------------------------------------

// What a message may quote of an untrusted value: a bounded prefix.
std::string excerpt(std::string_view value, std::size_t limit = 64) {
  return std::string(value.substr(0, limit)) + (value.size() > limit ? "..." : "");
}

// Another AWS algorithm is named; anything else (a bearer token, a password) is not repeated.
[[noreturn]] void unsupported_algorithm(std::string_view algorithm) {
  bool aws_name = algorithm.size() <= 32 && algorithm.rfind("AWS", 0) == 0 &&
                  std::all_of(algorithm.begin(), algorithm.end(), [](char c) {
                    return std::isupper(static_cast<unsigned char>(c)) ||
                           std::isdigit(static_cast<unsigned char>(c)) || c == '-';
                  });
  fail("IncompleteSignatureException",
       (aws_name ? "Unsupported AWS 'algorithm': '" + std::string(algorithm) + "'. "
                 : std::string("Unsupported authorization scheme. ")) +
           "Only AWS4-HMAC-SHA256 (Signature Version 4) is accepted.",
       400);
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim(std::string_view s) {
  auto space = [](char c) { return c == ' ' || c == '\t'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  while (true) {
    auto at = s.find(sep);
    parts.push_back(s.substr(0, at));
    if (at == std::string_view::npos) return parts;
    s.remove_prefix(at + 1);
  }
}

// Whitespace runs become one space; leading and trailing whitespace goes (SigV4 "Trimall").
std::string trimall(std::string_view value) {
  std::string out;
  bool pending_space = false;
  for (char c : value) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f') {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.push_back(c);
  }
  return out;
}

// RFC 3986 5.2.4 "remove dot segments", and empty segments too, as botocore normalizes.
std::string normalize_path(std::string_view path) {
  if (path.empty()) return "/";
  std::vector<std::string_view> out;
  for (auto seg : split(path, '/')) {
    if (seg.empty() || seg == ".") continue;
    if (seg == "..") {
      if (!out.empty()) out.pop_back();
      continue;
    }
    out.push_back(seg);
  }
  std::string result = path.front() == '/' ? "/" : "";
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (i) result += '/';
    result += out[i];
  }
  if (path.back() == '/' && !out.empty()) result += '/';
  return result;
}

std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

bool digits(std::string_view s, int& out) {
  if (s.empty()) return false;
  out = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    out = out * 10 + (c - '0');
  }
  return true;
}

bool to_seconds(int year, int month, int day, int hour, int minute, int second, std::int64_t& out) {
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1 || day > kDays[month - 1] || hour > 23 || minute > 59 ||
      second > 60)
    return false;
  out = days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)) * 86400 +
        hour * 3600 + minute * 60 + second;
  return true;
}

// --- what the request claims -------------------------------------------------------------------

struct Claim {
  bool presigned = false;
  std::string credential;  // as sent, for messages
  std::string access_key, date, region, service, terminator;
  std::vector<std::string> signed_headers;
  std::string signature;
  std::string timestamp;  // ISO 8601 basic, as signed
  std::int64_t time = 0;
  std::int64_t expires = 0;  // presigned only
};

void parse_credential(std::string_view credential, Claim& claim) {
  claim.credential = std::string(credential);
  auto parts = split(credential, '/');
  if (parts.size() != 5)
    incomplete(
        "Credential must have exactly 5 slash-delimited elements, e.g. "
        "keyid/date/region/service/term, got '" +
        excerpt(claim.credential, 256) + "'");
  claim.access_key = std::string(parts[0]);
  claim.date = std::string(parts[1]);
  claim.region = std::string(parts[2]);
  claim.service = std::string(parts[3]);
  claim.terminator = std::string(parts[4]);
}

void parse_signed_headers(std::string_view text, Claim& claim) {
  for (auto name : split(text, ';'))
    if (!trim(name).empty()) claim.signed_headers.push_back(lower(trim(name)));
}

bool has_header(const HttpRequest& request, std::string_view name) {
  return std::any_of(request.headers.begin(), request.headers.end(),
                     [&](const auto& h) { return h.first == name; });
}

void read_timestamp(std::string_view text, Claim& claim) {
  if (!parse_amz_date(text, claim.time))
    incomplete("Date must be in ISO-8601 'basic format'. Got '" + excerpt(text) +
               "'. See http://en.wikipedia.org/wiki/ISO_8601");
  claim.timestamp = std::string(text);
}

Claim from_header(const HttpRequest& request, std::string_view authorization) {
  Claim claim;
  authorization = trim(authorization);
  auto space = authorization.find(' ');
  std::string_view algorithm = authorization.substr(0, space);
  if (algorithm != kAlgorithm) unsupported_algorithm(algorithm);
  std::optional<std::string_view> credential, signed_headers, signature;
  if (space != std::string_view::npos) {
    for (auto part : split(authorization.substr(space + 1), ',')) {
      part = trim(part);
      auto eq = part.find('=');
      if (eq == std::string_view::npos) continue;
      auto key = part.substr(0, eq), value = part.substr(eq + 1);
      if (key == "Credential") credential = value;
      if (key == "SignedHeaders") signed_headers = value;
      if (key == "Signature") signature = value;
    }
  }
  std::string missing;
  if (!credential) missing += "Authorization header requires 'Credential' parameter. ";
  if (!signature) missing += "Authorization header requires 'Signature' parameter. ";
  if (!signed_headers) missing += "Authorization header requires 'SignedHeaders' parameter. ";
  bool amz_date = has_header(request, "x-amz-date");
  if (!amz_date && !has_header(request, "date"))
    missing +=
        "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' "
        "header. ";
  if (!missing.empty()) incomplete(missing.substr(0, missing.size() - 1));
  parse_credential(*credential, claim);
  parse_signed_headers(*signed_headers, claim);
  claim.signature = std::string(*signature);
  if (amz_date) {
    read_timestamp(trim(request.header("x-amz-date")), claim);
  } else {
    std::string_view date = trim(request.header("date"));
    if (!parse_http_date(date, claim.time))
      incomplete("Date must be in RFC 1123 format (e.g. Sun, 30 Aug 2015 12:36:00 GMT). Got '" +
                 excerpt(date) + "'.");
    claim.timestamp = format_amz_date(claim.time);
  }
  return claim;
}

Claim from_query(const std::vector<std::pair<std::string, std::string>>& query) {
  auto get = [&](std::string_view name) -> std::optional<std::string> {
    for (const auto& [k, v] : query)
      if (k == name) return v;
    return std::nullopt;
  };
  Claim claim;
  claim.presigned = true;
  auto algorithm = get("X-Amz-Algorithm");
  auto credential = get("X-Amz-Credential");
  auto signature = get("X-Amz-Signature");
  auto signed_headers = get("X-Amz-SignedHeaders");
  auto date = get("X-Amz-Date");
  auto expires = get("X-Amz-Expires");
  std::string missing;
  for (const auto& [name, value] : {std::pair{"X-Amz-Algorithm", &algorithm},
                                    {"X-Amz-Credential", &credential},
                                    {"X-Amz-Signature", &signature},
                                    {"X-Amz-SignedHeaders", &signed_headers},
                                    {"X-Amz-Date", &date},
                                    {"X-Amz-Expires", &expires}})
    if (!*value)
      missing += std::string("AWS query-string parameters must include '") + name + "'. ";
  if (!missing.empty()) incomplete(missing + "Re-examine the query-string parameters.");
  if (*algorithm != kAlgorithm) unsupported_algorithm(*algorithm);
  parse_credential(*credential, claim);
  parse_signed_headers(*signed_headers, claim);
  claim.signature = *signature;
  read_timestamp(*date, claim);
  int seconds = 0;
  if (expires->size() > 7 || !digits(*expires, seconds))
    incomplete("X-Amz-Expires must be a whole number of seconds, not '" + excerpt(*expires, 20) +
               "'.");
  if (seconds > kMaxExpiresSeconds)
    incomplete("X-Amz-Expires must be less than a week (in seconds) that is 604800");
  claim.expires = seconds;
  return claim;
}

std::string minutes_text(std::int64_t seconds) {
  return seconds % 60 == 0 ? std::to_string(seconds / 60) + " min."
                           : std::to_string(seconds) + " sec.";
}

void check_time(const Claim& claim, std::int64_t now) {
  const std::string now_text = format_amz_date(now);
  // Presigned: valid until X-Amz-Date + X-Amz-Expires. Header: within 15 minutes either way.
  std::int64_t lifetime = claim.presigned ? claim.expires : kMaxSkewSeconds;
  if (claim.time < now - lifetime)
    invalid("Signature expired: " + claim.timestamp + " is now earlier than " +
            format_amz_date(now - lifetime) + " (" + now_text + " - " + minutes_text(lifetime) +
            ")");
  if (claim.time > now + kMaxSkewSeconds)
    invalid("Signature not yet current: " + claim.timestamp + " is still later than " +
            format_amz_date(now + kMaxSkewSeconds) + " (" + now_text + " + " +
            minutes_text(kMaxSkewSeconds) + ")");
}

}  // namespace

// --- the pieces --------------------------------------------------------------------------------

std::string uri_encode(std::string_view in, bool keep_slash) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(in.size() * 3);
  for (unsigned char c : in) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' ||
        (keep_slash && c == '/')) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

std::string canonical_uri(std::string_view raw_path) {
  return uri_encode(normalize_path(raw_path), true);
}

std::string canonical_query(std::string_view raw_query, bool presigned) {
  std::vector<std::pair<std::string, std::string>> pairs;
  for (auto pair : split(raw_query, '&')) {
    if (pair.empty()) continue;
    auto eq = pair.find('=');
    std::string_view raw_key = pair.substr(0, eq);
    std::string_view raw_value =
        eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
    std::string key, value;
    // What will not decode is taken as it is: the signer saw the same bytes.
    if (!protocol::percent_decode(raw_key, key)) key = std::string(raw_key);
    if (!protocol::percent_decode(raw_value, value)) value = std::string(raw_value);
    if (presigned && key == "X-Amz-Signature") continue;
    pairs.emplace_back(uri_encode(key, false), uri_encode(value, false));
  }
  std::sort(pairs.begin(), pairs.end());
  std::string out;
  for (const auto& [k, v] : pairs) {
    if (!out.empty()) out += '&';
    out += k + "=" + v;
  }
  return out;
}

std::string canonical_headers(const HttpRequest& request,
                              const std::vector<std::string>& signed_headers) {
  std::string out;
  for (const auto& name : signed_headers) {
    std::string value;
    bool first = true;
    for (const auto& [n, v] : request.headers) {
      if (n != name) continue;
      if (!first) value += ',';
      value += trimall(v);
      first = false;
    }
    out += name + ":" + value + "\n";
  }
  return out;
}

std::string canonical_request(const HttpRequest& request,
                              const std::vector<std::string>& signed_headers,
                              std::string_view payload_hash, bool presigned) {
  std::string names;
  for (const auto& n : signed_headers) names += (names.empty() ? "" : ";") + n;
  std::string method = request.method;
  for (auto& c : method) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return method + "\n" + canonical_uri(request.path()) + "\n" +
         canonical_query(request.query(), presigned) + "\n" +
         canonical_headers(request, signed_headers) + "\n" + names + "\n" +
         std::string(payload_hash);
}

std::string credential_scope(std::string_view date, std::string_view region,
                             std::string_view service) {
  return std::string(date) + "/" + std::string(region) + "/" + std::string(service) + "/" +
         std::string(kTerminator);
}

std::string string_to_sign(std::string_view timestamp, std::string_view scope,
                           std::string_view canonical_request) {
  return std::string(kAlgorithm) + "\n" + std::string(timestamp) + "\n" + std::string(scope) +
         "\n" + to_hex(sha256(canonical_request));
}

std::string sign(std::string_view secret, std::string_view date, std::string_view region,
                 std::string_view service, std::string_view string_to_sign) {
  std::string key = to_bytes(hmac_sha256("AWS4" + std::string(secret), date));
  key = to_bytes(hmac_sha256(key, region));
  key = to_bytes(hmac_sha256(key, service));
  key = to_bytes(hmac_sha256(key, kTerminator));
  return to_hex(hmac_sha256(key, string_to_sign));
}

bool parse_amz_date(std::string_view text, std::int64_t& seconds) {
  if (text.size() != 16 || text[8] != 'T' || text[15] != 'Z') return false;
  int year, month, day, hour, minute, second;
  return digits(text.substr(0, 4), year) && digits(text.substr(4, 2), month) &&
         digits(text.substr(6, 2), day) && digits(text.substr(9, 2), hour) &&
         digits(text.substr(11, 2), minute) && digits(text.substr(13, 2), second) &&
         to_seconds(year, month, day, hour, minute, second, seconds);
}

std::string format_amz_date(std::int64_t seconds) {
  std::int64_t days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400;
  std::int64_t rest = seconds - days * 86400;
  // civil_from_days (H. Hinnant)
  std::int64_t z = days + 719468;
  std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  auto doe = static_cast<unsigned>(z - era * 146097);
  unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  unsigned mp = (5 * doy + 2) / 153;
  unsigned d = doy - (153 * mp + 2) / 5 + 1;
  unsigned m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
  char buf[64];
  int hms = static_cast<int>(rest);
  std::snprintf(buf, sizeof buf, "%04lld%02u%02uT%02d%02d%02dZ", static_cast<long long>(y), m, d,
                hms / 3600, hms / 60 % 60, hms % 60);
  return buf;
}

bool parse_http_date(std::string_view text, std::int64_t& seconds) {
  // "Sun, 30 Aug 2015 12:36:00 GMT"
  static constexpr std::string_view kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  auto comma = text.find(", ");
  if (comma == std::string_view::npos) return false;
  auto fields = split(text.substr(comma + 2), ' ');
  if (fields.size() != 5 || fields[4] != "GMT") return false;
  int day, year, hour, minute, second, month = 0;
  for (int i = 0; i < 12; ++i)
    if (fields[1] == kMonths[i]) month = i + 1;
  auto clock = split(fields[3], ':');
  return month && clock.size() == 3 && fields[0].size() <= 2 && digits(fields[0], day) &&
         fields[2].size() == 4 && digits(fields[2], year) && clock[0].size() == 2 &&
         digits(clock[0], hour) && clock[1].size() == 2 && digits(clock[1], minute) &&
         clock[2].size() == 2 && digits(clock[2], second) &&
         to_seconds(year, month, day, hour, minute, second, seconds);
}

// --- verification ------------------------------------------------------------------------------

Verifier::Verifier(CredentialStore credentials) : credentials_(std::move(credentials)) {}

Identity Verifier::verify(const HttpRequest& request, std::int64_t now_seconds) const {
  std::string_view authorization = request.header("authorization");
  std::vector<std::pair<std::string, std::string>> query;
  protocol::parse_query(request.query(), query);
  bool presigned = std::any_of(query.begin(), query.end(), [](const auto& p) {
    return p.first == "X-Amz-Algorithm" || p.first == "X-Amz-Credential" ||
           p.first == "X-Amz-Signature";
  });
  if (presigned && has_header(request, "authorization"))
    incomplete(
        "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature "
        "query string parameter or the Authorization header should be specified");
  if (!presigned && trim(authorization).empty())
    fail("MissingAuthenticationTokenException", "Request is missing Authentication Token");

  Claim claim = presigned ? from_query(query) : from_header(request, authorization);

  const Credential* credential = credentials_.find(claim.access_key);
  if (!credential)
    fail("UnrecognizedClientException", "The security token included in the request is invalid.");

  if (claim.terminator != kTerminator)
    invalid("Credential should be scoped with a valid terminator: 'aws4_request', not '" +
            excerpt(claim.terminator) + "'.");
  if (claim.region.empty()) invalid("Credential should be scoped to a valid region, not ''.");
  if (claim.service.empty()) invalid("Credential should be scoped to a valid service, not ''.");
  if (claim.date != claim.timestamp.substr(0, 8))
    invalid(
        "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from "
        "HTTP: '" +
        excerpt(claim.date) + "' != '" + claim.timestamp.substr(0, 8) + "', from '" +
        claim.timestamp + "'.");
  auto is_signed = [&](std::string_view name) {
    return std::find(claim.signed_headers.begin(), claim.signed_headers.end(), name) !=
           claim.signed_headers.end();
  };
  if (!is_signed("host"))
    invalid("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
  // The target header names the operation of an awsJson call: it must be covered too.
  if (has_header(request, "x-amz-target") && !is_signed("x-amz-target"))
    invalid("'X-Amz-Target' must be a 'SignedHeader' in the AWS Authorization.");
  check_time(claim, now_seconds);

  // The payload hash: the x-amz-content-sha256 header when sent (it must then match the body,
  // unless it says UNSIGNED-PAYLOAD), else the SHA-256 of the body.
  std::string body_hash = to_hex(sha256(request.body));
  std::string payload_hash = body_hash;
  if (has_header(request, "x-amz-content-sha256")) {
    payload_hash = std::string(request.header("x-amz-content-sha256"));
    if (payload_hash != kUnsignedPayload && !equal_constant_time(lower(payload_hash), body_hash))
      invalid("The provided 'x-amz-content-sha256' header does not match what was computed.");
  }

  std::string canonical =
      canonical_request(request, claim.signed_headers, payload_hash, claim.presigned);
  std::string expected =
      sign(credential->secret_access_key, claim.date, claim.region, claim.service,
           string_to_sign(claim.timestamp,
                          credential_scope(claim.date, claim.region, claim.service), canonical));
  if (!equal_constant_time(expected, lower(claim.signature)))
    invalid(
        "The request signature we calculated does not match the signature you provided. Check "
        "your AWS Secret Access Key and signing method. Consult the service documentation for "
        "details.");
  return Identity{credential->access_key_id, credential->account_id, claim.region, claim.service};
}

}  // namespace junction::auth
