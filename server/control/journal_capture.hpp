// What the journal keeps of what a call carried (docs/control-plane.md, "What a call carried"):
// the headers that matter (never a signature, a security token or a secret), the signing key
// id, and each body — a CBOR body as its JSON form — cut at kMaxJournalBodyBytes, with the
// values the model marks sensitive redacted. And the request as a curl command line.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "server/control/journal.hpp"
#include "server/protocol/http_message.hpp"
#include "server/shapes/shape.hpp"

namespace junction {

inline constexpr std::size_t kMaxJournalBodyBytes = 16 * 1024;

// The request side of a call to `op` (null when it matched no operation): its query string,
// signing key and scope, headers and body go into `entry`.
void capture_request(const protocol::HttpRequest& request, const shapes::Operation* op,
                     JournalEntry& entry);
// The response side.
void capture_response(const protocol::HttpResponse& response, const shapes::Operation* op,
                      JournalEntry& entry);

// The query string without the parameters of a presigned URL's signature and token.
std::string query_without_secrets(std::string_view query);

// The call as a curl command line, signed by curl (--aws-sigv4) with the same key id and scope
// and the secret of $AWS_SECRET_ACCESS_KEY (any secret unless Junction checks signatures); a
// Smithy RPC v2 CBOR call is written as the same call in awsJson1.1. Empty when the request body
// was cut or withheld.
std::string curl_command(const JournalEntry& entry, const shapes::Operation* op);

}  // namespace junction
