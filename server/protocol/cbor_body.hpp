// CBOR bodies (RFC 8949) of Smithy RPC v2 CBOR, read and written along the operation's shapes.
//
// A request is read into exactly the JSON value an awsJson1.1 request of the same call decodes
// to — timestamps (tag 1) as epoch-second numbers, blobs (byte strings) as base64 text — so that
// validation and handlers cannot tell the protocols apart. A result or an error is written from
// that JSON value: timestamps as tag 1 around an integer or a double, blobs as byte strings.
//
// The reader and the writer are our own rather than nlohmann::json's from_cbor/to_cbor: the
// reader must bound nesting (nlohmann's recurses once per level, without limit), check UTF-8,
// refuse duplicate keys and tell tag 1 from other tags around a number; the writer must put a
// tag around a number, which nlohmann cannot.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "server/shapes/shape.hpp"

namespace junction::protocol {

// Reads a request body that must be one CBOR map; an empty body is `{}`. `input` is the
// operation's input shape (null when it has none). Throws ApiError SerializationException for
// anything that is not well-formed CBOR of the Smithy data model: truncated or trailing bytes,
// reserved or unassigned encodings, invalid UTF-8, map keys that are not text or repeat, tags
// other than 1, nesting deeper than kMaxJsonDepth, integers below -2^63; and for a byte string
// or a tag 1 where the shape expects no blob or timestamp (a blob member given text likewise).
nlohmann::json read_cbor_input(std::string_view body, const shapes::Shape* input);

// Writes `value` as CBOR, `shape` (may be null) saying where timestamps and blobs are. Null
// members are left out, as the protocol requires; invalid UTF-8 in text is replaced with U+FFFD.
std::string write_cbor(const nlohmann::json& value, const shapes::Shape* shape);

}  // namespace junction::protocol
