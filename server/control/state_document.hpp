// The state document of GET/POST /_junction/state and --seed (docs/control-plane.md):
//   {"format": "junction-state", "version": 1, "exportedAt": "...", "schemaVersion": N,
//    "tables": {"<table>": [{"<column>": value, ...}, ...]}}
// It maps storage/'s rows to JSON and back; the tables are whatever the schema holds.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "server/control/params.hpp"
#include "server/shapes/shape.hpp"
#include "storage/state_store.hpp"

namespace junction {

inline constexpr const char* kStateFormat = "junction-state";
inline constexpr int kStateVersion = 1;

// The model's enum a column declaration "enum <service> <Shape>" names, or nullptr.
const shapes::Shape* enum_shape(const std::string& holds);

// ?service= (botocore names, repeatable or comma-separated), ?account=, ?region=. Throws
// ControlError 400 for an unknown service or an empty value.
storage::StateFilter state_filter(const Params& params);
// The filter as the document's "filter" member (null when it covers everything).
nlohmann::ordered_json filter_json(const Params& params);

// The document of the rows `filter` covers.
nlohmann::ordered_json export_state(storage::StateStore& store, const storage::StateFilter& filter,
                                    int schema_version, const nlohmann::ordered_json& filter_echo);

// The same document as compact JSON text, written as the rows are read: no copy of the state is
// held besides the text itself (a state of 100,000 rows is tens of megabytes).
std::string export_state_text(storage::StateStore& store, const storage::StateFilter& filter,
                              int schema_version, const nlohmann::ordered_json& filter_echo);

// Merges a document into the store, all or nothing. Throws ControlError 400 for a malformed
// document, an unknown table or column, or a row the schema's constraints reject. Returns a
// summary: {"imported": {"<table>": rows}, "rows": total}.
nlohmann::json import_state(storage::StateStore& store, const nlohmann::json& document);

// Reads and imports a seed file (--seed); throws std::runtime_error with a message naming the
// file and the problem.
nlohmann::json import_seed_file(storage::StateStore& store, const std::string& path);

}  // namespace junction
