// Base64 (RFC 4648, standard alphabet, padded): what AWS's JSON protocols carry blobs as, and
// what state exports and pagination tokens are made of.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace junction {

std::string base64_encode(std::string_view bytes);

// The bytes of padded base64 text; nullopt when `text` is not that (a character outside the
// alphabet, a length that is not a multiple of 4, padding anywhere but at the end).
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace junction
