#include "server/control/state_document.hpp"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <limits>
#include <sstream>

#include "server/control/control_error.hpp"
#include "server/control/services.hpp"
#include "server/protocol/json_body.hpp"
#include "server/shapes/shape.hpp"
#include "server/util/base64.hpp"
#include "server/util/ids.hpp"

namespace junction {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;

constexpr const char* kBase64Key = "$base64";
ordered_json to_json(const storage::Value& value) {
  return std::visit(
      [](const auto& v) -> ordered_json {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::nullptr_t>) {
          return nullptr;
        } else if constexpr (std::is_same_v<T, storage::Blob>) {
          return ordered_json{{kBase64Key, base64_encode(v.bytes)}};
        } else {
          return v;
        }
      },
      value);
}

storage::Value to_value(const json& value, const std::string& where) {
  switch (value.type()) {
    case json::value_t::null:
      return nullptr;
    case json::value_t::boolean:
      return static_cast<std::int64_t>(value.get<bool>());
    case json::value_t::number_integer:
      return value.get<std::int64_t>();
    case json::value_t::number_unsigned:
      if (value.get<std::uint64_t>() >
          static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
        throw bad_request("InvalidState", where + " is too large for a 64-bit integer.");
      return static_cast<std::int64_t>(value.get<std::uint64_t>());
    case json::value_t::number_float:
      return value.get<double>();
    case json::value_t::string:
      return value.get<std::string>();
    case json::value_t::object:
      if (value.size() == 1 && value.contains(kBase64Key)) {
        const auto& text = value[kBase64Key];
        auto bytes =
            text.is_string() ? base64_decode(text.get_ref<const std::string&>()) : std::nullopt;
        if (!bytes)
          throw bad_request("InvalidState", where + " has invalid base64 in " + kBase64Key + ".");
        return storage::Blob{std::move(*bytes)};
      }
      [[fallthrough]];
    default:  // arrays and other objects are stored as their JSON text
      return protocol::dump_json(value);
  }
}

// What storage/ cannot check of an imported value: JSON text, and a value of a model's enum
// (schema_columns, migration 0018).
std::string check_against_model(const storage::TableColumn& column, const storage::Value& value) {
  const auto* text = std::get_if<std::string>(&value);
  if (column.holds == "json") {
    if (!text || !json::accept(*text)) return "must be JSON text (or a JSON list or object)";
    return "";
  }
  if (column.holds.rfind("enum ", 0) != 0) return "";
  const shapes::Shape* shape = enum_shape(column.holds);
  if (!shape) return "";  // a declaration the unit tests reject
  if (text && std::find(shape->enum_values.begin(), shape->enum_values.end(), *text) !=
                  shape->enum_values.end())
    return "";
  std::string values;
  for (const auto& v : shape->enum_values) values += (values.empty() ? "" : ", ") + v;
  return "must be one of " + values + " (" + shape->name + ")";
}

[[noreturn]] void invalid(const std::string& message) {
  throw bad_request("InvalidState", message);
}

}  // namespace

const shapes::Shape* enum_shape(const std::string& holds) {
  // "enum <service> <Shape>"
  auto first = holds.find(' ');
  auto second = first == std::string::npos ? first : holds.find(' ', first + 1);
  if (holds.rfind("enum ", 0) != 0 || second == std::string::npos) return nullptr;
  const shapes::Service* service =
      shapes::Model::instance().by_sdk_name(holds.substr(first + 1, second - first - 1));
  const shapes::Shape* shape = service ? service->shape(holds.substr(second + 1)) : nullptr;
  return shape && !shape->enum_values.empty() ? shape : nullptr;
}

storage::StateFilter state_filter(const Params& params) {
  storage::StateFilter filter;
  for (const auto& service : params.list("service")) {
    filter.table_prefixes.push_back(table_prefix(service));
    filter.services.push_back(service);
  }
  filter.account = params.get("account");
  filter.region = params.get("region");
  return filter;
}

ordered_json filter_json(const Params& params) {
  if (params.empty()) return nullptr;
  ordered_json out = ordered_json::object();
  if (auto services = params.list("service"); !services.empty()) out["service"] = services;
  if (auto account = params.get("account")) out["account"] = *account;
  if (auto region = params.get("region")) out["region"] = *region;
  return out;
}

namespace {

// The members before "tables".
ordered_json document_head(int schema_version, const ordered_json& filter_echo) {
  ordered_json doc = {
      {"format", kStateFormat},
      {"version", kStateVersion},
      {"exportedAt", iso8601(std::chrono::duration_cast<std::chrono::milliseconds>(
                                 std::chrono::system_clock::now().time_since_epoch())
                                 .count())},
      {"schemaVersion", schema_version}};
  if (!filter_echo.is_null()) doc["filter"] = filter_echo;
  return doc;
}

}  // namespace

ordered_json export_state(storage::StateStore& store, const storage::StateFilter& filter,
                          int schema_version, const ordered_json& filter_echo) {
  ordered_json doc = document_head(schema_version, filter_echo);
  ordered_json tables = ordered_json::object();
  for (const auto& table : store.export_rows(filter)) {
    ordered_json rows = ordered_json::array();
    for (const auto& row : table.rows) {
      ordered_json object = ordered_json::object();
      for (const auto& [column, value] : row) object[column] = to_json(value);
      rows.push_back(std::move(object));
    }
    tables[table.table] = std::move(rows);
  }
  doc["tables"] = std::move(tables);
  return doc;
}

std::string export_state_text(storage::StateStore& store, const storage::StateFilter& filter,
                              int schema_version, const ordered_json& filter_echo) {
  // The members before "tables", with the closing brace cut.
  std::string out = document_head(schema_version, filter_echo)
                        .dump(-1, ' ', false, json::error_handler_t::replace);
  out.pop_back();
  out += ",\"tables\":{";
  // One serializer for every value, appending to `out` (nlohmann's own, so that numbers and
  // strings are written exactly as dump() writes them).
  nlohmann::detail::serializer<ordered_json> write(
      nlohmann::detail::output_adapter<char, std::string>(out), ' ',
      json::error_handler_t::replace);
  ordered_json cell;
  bool first_table = true;
  bool first_row = true;
  store.export_each(
      filter,
      [&](const storage::TableInfo& table) {
        out += first_table ? "" : "],";
        first_table = false;
        first_row = true;
        cell = table.name;
        write.dump(cell, false, false, 0);
        out += ":[";
      },
      [&](const storage::TableInfo& table, const std::vector<storage::Value>& values) {
        out += first_row ? "{" : ",{";
        first_row = false;
        for (std::size_t i = 0; i < values.size(); ++i) {
          if (i) out += ',';
          cell = table.columns[i].name;
          write.dump(cell, false, false, 0);
          out += ':';
          cell = to_json(values[i]);
          write.dump(cell, false, false, 0);
        }
        out += '}';
      });
  out += first_table ? "}}" : "]}}";
  return out;
}

json import_state(storage::StateStore& store, const json& document) {
  if (!document.is_object()) invalid("The state document must be a JSON object.");
  for (const auto& [key, value] : document.items()) {
    if (key == "format") {
      if (value != kStateFormat)
        invalid(std::string("format must be \"") + kStateFormat + "\", not " + value.dump() + ".");
    } else if (key == "version") {
      if (value != kStateVersion)
        throw bad_request("UnsupportedVersion", "This Junction reads state documents of version " +
                                                    std::to_string(kStateVersion) +
                                                    "; this one has version " + value.dump() + ".");
    } else if (key != "tables" && key != "faults" && key != "exportedAt" &&
               key != "schemaVersion" && key != "filter" && key != "comment") {
      invalid("Unknown member '" + key +
              "' in the state document. Its members: format, version, exportedAt, "
              "schemaVersion, filter, comment, tables, faults.");
    }
  }
  auto tables = document.find("tables");
  if (tables == document.end() && document.contains("faults"))
    return {{"imported", json::object()}, {"rows", 0}};  // rules only
  if (tables == document.end() || !tables->is_object())
    invalid(
        "The state document needs \"tables\": an object of table name to a list of rows "
        "(or \"faults\": a list of fault rules).");

  std::vector<storage::TableRows> input;
  for (const auto& [name, rows] : tables->items()) {
    if (!rows.is_array()) invalid("tables." + name + " must be a list of rows.");
    storage::TableRows table{name, {}};
    for (std::size_t i = 0; i < rows.size(); ++i) {
      std::string where = "Row " + std::to_string(i) + " of table '" + name + "'";
      if (!rows[i].is_object()) invalid(where + " must be an object of column to value.");
      storage::Row row;
      for (const auto& [column, value] : rows[i].items())
        row.emplace_back(column, to_value(value, where + ", column '" + column + "',"));
      table.rows.push_back(std::move(row));
    }
    input.push_back(std::move(table));
  }

  std::map<std::string, std::int64_t> written;
  try {
    written = store.import_rows(input, check_against_model);
  } catch (const storage::StateError& e) {
    throw bad_request(e.type, e.what());
  }
  json imported = json::object();
  std::int64_t total = 0;
  for (const auto& [table, n] : written) imported[table] = n, total += n;
  return {{"imported", imported}, {"rows", total}};
}

json import_document(storage::StateStore& store, const json& document, const FaultSink& faults) {
  // Every rule is checked first, so that a bad one leaves the state as it was.
  std::vector<FaultRule> rules;
  if (document.is_object())
    if (auto it = document.find("faults"); it != document.end() && !it->is_null()) {
      if (!it->is_array()) invalid("faults must be a list of fault rules.");
      if (!faults.rules && !it->empty())
        invalid(
            "The state document carries fault rules, but the control plane is off "
            "(--no-control-plane): no rule could fire.");
      for (std::size_t i = 0; i < it->size(); ++i) {
        try {
          rules.push_back(FaultRules::parse((*it)[i], *faults.model, faults.outcomes));
        } catch (const ControlError& e) {
          throw ControlError(e.status, e.type, "faults[" + std::to_string(i) + "]: " + e.what());
        }
      }
      if (!rules.empty() && faults.rules->list().size() + rules.size() > FaultRules::kMaxRules)
        throw bad_request("TooManyFaults", "At most " + std::to_string(FaultRules::kMaxRules) +
                                               " fault rules; DELETE /_junction/faults first.");
    }
  json summary = import_state(store, document);
  json ids = json::array();
  if (!rules.empty())
    for (const auto& rule : faults.rules->add_all(std::move(rules))) ids.push_back(rule.id);
  summary["faultRules"] = ids;
  return summary;
}

json import_seed_file(storage::StateStore& store, const std::string& path,
                      const FaultSink& faults) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("seed file " + path + ": cannot be read");
  std::stringstream text;
  text << in.rdbuf();
  json document;
  try {
    document = json::parse(text.str());
  } catch (const json::parse_error& e) {
    std::string what = e.what();
    auto pos = what.find("] ");
    throw std::runtime_error("seed file " + path + " is not valid JSON: " +
                             (pos == std::string::npos ? what : what.substr(pos + 2)));
  }
  try {
    return import_document(store, document, faults);
  } catch (const ControlError& e) {
    throw std::runtime_error("seed file " + path + ": " + e.type + ": " + e.what());
  }
}

}  // namespace junction
