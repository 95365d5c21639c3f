// AWS Signature Version 4 verification (strict mode, SPEC §7): the request's signature is
// recomputed from its method, path, query, signed headers and body with the secret of the access
// key it names, exactly as the AWS SDKs compute it (botocore's SigV4Auth is the reference), and
// compared in constant time. Both forms are accepted: the Authorization header and the presigned
// query string (X-Amz-Algorithm, X-Amz-Credential, X-Amz-Date, X-Amz-Expires,
// X-Amz-SignedHeaders, X-Amz-Signature).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "server/auth/credentials.hpp"
#include "server/protocol/http_message.hpp"

namespace junction::auth {

inline constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";
inline constexpr std::string_view kTerminator = "aws4_request";
inline constexpr std::string_view kUnsignedPayload = "UNSIGNED-PAYLOAD";
inline constexpr std::int64_t kMaxSkewSeconds = 15 * 60;
inline constexpr std::int64_t kMaxExpiresSeconds = 7 * 24 * 3600;

// --- the pieces of the signature, exposed for tests ------------------------------------------

// SigV4 URI encoding: every byte but A-Z a-z 0-9 - _ . ~ becomes %XX (upper-case hex); '/' is
// kept when `keep_slash`.
std::string uri_encode(std::string_view in, bool keep_slash);

// The canonical URI of a request path as sent (still percent-encoded): dot segments and empty
// segments removed, then URI-encoded once more — the SDKs encode the path twice for every service
// but S3, and so does AWS.
std::string canonical_uri(std::string_view raw_path);

// The canonical query string: each name and value decoded and re-encoded, sorted by name then
// value. `presigned` leaves out X-Amz-Signature.
std::string canonical_query(std::string_view raw_query, bool presigned);

// `name:value` lines, one per signed header in the order given (lower-case names): the values of
// repeated headers joined by ',', each with its whitespace runs collapsed and ends trimmed. A
// signed header the request lacks counts as empty.
std::string canonical_headers(const protocol::HttpRequest& request,
                              const std::vector<std::string>& signed_headers);

std::string canonical_request(const protocol::HttpRequest& request,
                              const std::vector<std::string>& signed_headers,
                              std::string_view payload_hash, bool presigned);

// "date/region/service/aws4_request"
std::string credential_scope(std::string_view date, std::string_view region,
                             std::string_view service);

std::string string_to_sign(std::string_view timestamp, std::string_view scope,
                           std::string_view canonical_request);

// The hex signature of `string_to_sign` with the key derived from `secret` for the scope.
std::string sign(std::string_view secret, std::string_view date, std::string_view region,
                 std::string_view service, std::string_view string_to_sign);

// ISO 8601 basic format, as X-Amz-Date: 20150830T123600Z.
bool parse_amz_date(std::string_view text, std::int64_t& seconds);
std::string format_amz_date(std::int64_t seconds);
// RFC 1123, as the HTTP Date header: Sun, 30 Aug 2015 12:36:00 GMT.
bool parse_http_date(std::string_view text, std::int64_t& seconds);

// --- verification ------------------------------------------------------------------------------

// Who signed a request that verified.
struct Identity {
  std::string access_key;
  std::string account;  // the key's accountId from the credentials file
  std::string region;   // from the credential scope
  std::string service;  // the signing name from the credential scope
};

class Verifier {
 public:
  explicit Verifier(CredentialStore credentials);

  // The signer of an authentic request. Otherwise throws ApiError, as AWS answers:
  //   MissingAuthenticationTokenException (403)  no Authorization header, no presigned query
  //   IncompleteSignatureException (400)         a signature that is missing parts or malformed
  //   UnrecognizedClientException (403)          an access key the credentials file lacks
  //   InvalidSignatureException (403)            a wrong signature, scope, or a time outside the
  //                                              window (15 minutes of skew; X-Amz-Expires)
  Identity verify(const protocol::HttpRequest& request, std::int64_t now_seconds) const;

  const CredentialStore& credentials() const { return credentials_; }

 private:
  CredentialStore credentials_;
};

}  // namespace junction::auth
