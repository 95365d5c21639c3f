// JSON text shared by the handlers and the protocol layer: strings written exactly as nlohmann's
// dump() writes them, and raw JSON values (text already written, copied as it is on output).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace junction::shapes {

// Appends `s` as a JSON string, exactly as nlohmann::json::dump(-1, ' ', false, replace) writes
// it (escaped; invalid UTF-8 replaced), eight plain bytes at a time.
void append_json_string(std::string& out, std::string_view s);

// A value already written as JSON text, which the protocol layer's writer copies as it is: a
// binary value of a subtype of ours (no AWS JSON protocol carries binary values as such). List
// operations write their items straight from rows this way instead of building an object each.
inline constexpr std::uint64_t kRawJsonSubtype = 0x4A53;
nlohmann::json raw_json(std::string_view text);
// The text of a raw JSON value; nullopt for any other value.
std::optional<std::string_view> raw_json_text(const nlohmann::json& value);

}  // namespace junction::shapes
