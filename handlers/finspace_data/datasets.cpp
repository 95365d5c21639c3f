// Datasets: create, read, list, update, delete. A dataset is created for a permission group
// (permissionGroupParams), which must be allowed to create datasets, and settles after
// --finspace-delay-ms: PENDING, RUNNING, SUCCESS.
#include <algorithm>

#include "handlers/common/pagination.hpp"
#include "handlers/common/transition.hpp"
#include "handlers/finspace_data/finspace_data.hpp"
#include "server/util/ids.hpp"

namespace junction::handlers::finspace_data {

namespace {

constexpr std::int64_t kDefaultPageSize = 100;

// The dataset permissions the FinSpace user guide lists.
constexpr const char* kDatasetPermissions[] = {"ViewDatasetDetails",  "ReadDatasetDetails",
                                               "AddDatasetData",      "CreateDataView",
                                               "EditDatasetMetadata", "DeleteDataset"};

// The permission names of permissionGroupParams.datasetPermissions, each once, in order.
json dataset_permissions_of(const json& params) {
  json out = json::array();
  if (!has(params, "datasetPermissions")) return out;
  for (const auto& p : params["datasetPermissions"]) {
    std::string name = str(p, "permission");
    if (std::none_of(std::begin(kDatasetPermissions), std::end(kDatasetPermissions),
                     [&](const char* known) { return name == known; })) {
      std::string known;
      for (const char* k : kDatasetPermissions)
        known += (known.empty() ? "" : ", ") + std::string(k);
      throw ApiError("ValidationException",
                     "'" + name + "' is not a dataset permission; use " + known + ".",
                     {{"reason", "INVALID_DATASET_PERMISSION"}});
    }
    if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(name);
  }
  return out;
}

// A tabular schema's columns have names, each once, and its primary key is made of them.
void check_schema(const json& schema) {
  if (!has(schema, "tabularSchemaConfig")) return;
  const json& config = schema["tabularSchemaConfig"];
  std::vector<std::string> names;
  if (has(config, "columns"))
    for (const auto& c : config["columns"]) {
      std::string name = str(c, "columnName");
      if (name.empty())
        throw ApiError("ValidationException", "Every column of the schema needs a columnName.",
                       {{"reason", "INVALID_SCHEMA"}});
      if (std::find(names.begin(), names.end(), name) != names.end())
        throw ApiError("ValidationException", "The schema has two columns named " + name + ".",
                       {{"reason", "INVALID_SCHEMA"}});
      names.push_back(name);
    }
  if (has(config, "primaryKeyColumns"))
    for (const auto& k : config["primaryKeyColumns"])
      if (std::find(names.begin(), names.end(), k.get<std::string>()) == names.end())
        throw ApiError(
            "ValidationException",
            "The primary key column " + k.get<std::string>() + " is not a column of the schema.",
            {{"reason", "INVALID_SCHEMA"}});
}

[[noreturn]] void alias_in_use(const std::string& alias) {
  throw ApiError("ConflictException", "Another dataset has the alias " + alias + ".",
                 {{"reason", reason::kAliasInUse}});
}

// The members Dataset (ListDatasets) and GetDatasetResponse share.
json common_json(const Context& ctx, const repo::Dataset& d) {
  json out = {{"datasetId", d.dataset_id},   {"datasetArn", dataset_arn(ctx, d.dataset_id)},
              {"datasetTitle", d.title},     {"kind", d.kind},
              {"createTime", d.create_time}, {"lastModifiedTime", d.last_modified_time}};
  if (d.description) out["datasetDescription"] = *d.description;
  if (d.alias) out["alias"] = *d.alias;
  if (d.schema_definition) out["schemaDefinition"] = parse_stored(*d.schema_definition);
  return out;
}

}  // namespace

repo::Dataset require_dataset(repo::Repository& r, const std::string& dataset_id) {
  auto d = r.dataset(dataset_id);
  if (!d)
    throw ApiError("ResourceNotFoundException", "The dataset " + dataset_id + " does not exist.",
                   {{"reason", reason::kDatasetNotFound}});
  return *d;
}

std::string dataset_arn(const Context& ctx, const std::string& dataset_id) {
  return "arn:aws:finspace:" + ctx.region + ":" + ctx.account + ":dataset/" + dataset_id;
}

json parse_stored(const std::string& text) { return json::parse(text, nullptr, false); }

Settling settling(const Context& ctx, std::int64_t delay_ms) {
  return {ctx.now_ms + delay_ms / 2, ctx.now_ms + delay_ms};
}

std::string settling_status(const Context& ctx, std::int64_t running_at, std::int64_t settles_at,
                            const char* pending) {
  return Transition{pending, "SUCCESS", static_cast<double>(settles_at) / 1000.0, "RUNNING",
                    static_cast<double>(running_at) / 1000.0}
      .at(ctx.now_seconds());
}

json create_dataset(const Context& ctx, const json& input, storage::Tx& tx) {
  return once_per_client_token(ctx, "CreateDataset", input, tx, [&] {
    repo::Repository r(tx, ctx.account, ctx.region);
    const json& params = input["permissionGroupParams"];
    if (!has(params, "permissionGroupId"))
      throw ApiError("ValidationException",
                     "permissionGroupParams.permissionGroupId is required: the permission group "
                     "the dataset is created for.",
                     {{"reason", "MISSING_PERMISSION_GROUP"}});
    repo::PermissionGroup g = require_permission_group(r, str(params, "permissionGroupId"));
    // The FinSpace user guide: only a group with the CreateDataset application permission can
    // create datasets.
    if (std::find(g.application_permissions.begin(), g.application_permissions.end(),
                  "CreateDataset") == g.application_permissions.end())
      throw ApiError("AccessDeniedException", "The permission group " + g.permission_group_id +
                                                  " does not have the application permission "
                                                  "CreateDataset.");
    repo::Dataset d;
    d.dataset_id = random_alnum(kIdLength);
    d.title = str(input, "datasetTitle");
    d.kind = str(input, "kind");
    d.description = optional_str(input, "datasetDescription");
    if (has(input, "ownerInfo")) d.owner_info = input["ownerInfo"].dump();
    d.permission_group_id = g.permission_group_id;
    d.dataset_permissions = dataset_permissions_of(params).dump();
    d.alias = optional_str(input, "alias");
    if (has(input, "schemaDefinition")) {
      check_schema(input["schemaDefinition"]);
      d.schema_definition = input["schemaDefinition"].dump();
    }
    d.create_time = d.last_modified_time = ctx.now_ms;
    Settling s = settling(ctx, ctx.settings->finspace_delay_ms);
    d.running_at = s.running_at;
    d.settles_at = s.settles_at;
    if (!r.insert_dataset(d)) alias_in_use(*d.alias);
    return json{{"datasetId", d.dataset_id}};
  });
}

json get_dataset(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::Repository r(tx, ctx.account, ctx.region);
  repo::Dataset d = require_dataset(r, str(input, "datasetId"));
  json out = common_json(ctx, d);
  out["status"] = settling_status(ctx, d.running_at, d.settles_at);
  return out;
}

json list_datasets(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::Repository r(tx, ctx.account, ctx.region);
  Page page = page_from(input, "nextToken", "maxResults", kDefaultPageSize);
  auto rows = r.datasets(page.offset, page.limit + 1);
  return page_json({"datasets", "nextToken"}, rows, page, [&](const auto& row) {
    json d = common_json(ctx, row);
    if (row.owner_info) d["ownerInfo"] = parse_stored(*row.owner_info);
    return d;
  });
}

json update_dataset(const Context& ctx, const json& input, storage::Tx& tx) {
  return once_per_client_token(ctx, "UpdateDataset", input, tx, [&] {
    repo::Repository r(tx, ctx.account, ctx.region);
    repo::Dataset d = require_dataset(r, str(input, "datasetId"));
    d.title = str(input, "datasetTitle");
    d.kind = str(input, "kind");
    if (has(input, "datasetDescription")) d.description = str(input, "datasetDescription");
    if (has(input, "alias")) d.alias = str(input, "alias");
    if (has(input, "schemaDefinition")) {
      check_schema(input["schemaDefinition"]);
      d.schema_definition = input["schemaDefinition"].dump();
    }
    d.last_modified_time = ctx.now_ms;
    if (!r.update_dataset(d)) alias_in_use(*d.alias);
    return json{{"datasetId", d.dataset_id}};
  });
}

json delete_dataset(const Context& ctx, const json& input, storage::Tx& tx) {
  return once_per_client_token(ctx, "DeleteDataset", input, tx, [&] {
    repo::Repository r(tx, ctx.account, ctx.region);
    repo::Dataset d = require_dataset(r, str(input, "datasetId"));
    r.delete_dataset(d.dataset_id);
    return json{{"datasetId", d.dataset_id}};
  });
}

}  // namespace junction::handlers::finspace_data
