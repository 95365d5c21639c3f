// Data views of a dataset: create, read, list, and the access details of an external one. A data
// view is STARTING, then RUNNING, then SUCCESS after --finspace-delay-ms (nothing is exported).
#include <algorithm>

#include "handlers/common/pagination.hpp"
#include "handlers/finspace_data/finspace_data.hpp"
#include "server/util/ids.hpp"

namespace junction::handlers::finspace_data {

namespace {

constexpr std::int64_t kDefaultPageSize = 100;
// How long the credentials of GetExternalDataViewAccessDetails last.
constexpr std::int64_t kExternalCredentialsMs = 60 * 60 * 1000;

[[noreturn]] void invalid(const std::string& message) {
  throw ApiError("ValidationException", message, {{"reason", "INVALID_DATA_VIEW_PARAMETERS"}});
}

// The destination types the API reference lists: GLUE_TABLE and S3.
void check_destination(const json& params) {
  std::string type = str(params, "destinationType");
  if (type != "GLUE_TABLE" && type != "S3")
    invalid("destinationTypeParams.destinationType must be GLUE_TABLE or S3, not '" + type + "'.");
}

// When the dataset has a tabular schema, the sort and partition columns must be its columns.
void check_columns(const repo::Dataset& d, const json& input) {
  if (!d.schema_definition) return;
  json schema = parse_stored(*d.schema_definition);
  if (!schema.is_object() || !schema.contains("tabularSchemaConfig")) return;
  std::vector<std::string> names;
  for (const auto& c : schema["tabularSchemaConfig"].value("columns", json::array()))
    names.push_back(str(c, "columnName"));
  for (const char* member : {"sortColumns", "partitionColumns"}) {
    if (!has(input, member)) continue;
    for (const auto& column : input[member])
      if (std::find(names.begin(), names.end(), column.get<std::string>()) == names.end())
        invalid(std::string(member) + " names " + column.get<std::string>() +
                ", which is not a column of the schema of dataset " + d.dataset_id + ".");
  }
}

repo::DataView require_data_view(repo::Repository& r, const std::string& dataset_id,
                                 const std::string& data_view_id) {
  auto v = r.data_view(dataset_id, data_view_id);
  if (!v)
    throw ApiError(
        "ResourceNotFoundException",
        "The data view " + data_view_id + " of dataset " + dataset_id + " does not exist.",
        {{"reason", reason::kDataViewNotFound}});
  return *v;
}

std::string status_of(const Context& ctx, const repo::DataView& v) {
  return settling_status(ctx, v.running_at, v.settles_at, "STARTING");
}

// GetDataViewResponse names the destination destinationTypeParams, DataViewSummary
// destinationTypeProperties; the other members are the same.
json data_view_json(const Context& ctx, const repo::DataView& v, const char* destination_member) {
  return {{"dataViewId", v.data_view_id},
          {"dataViewArn", dataset_arn(ctx, v.dataset_id) + "/dataview/" + v.data_view_id},
          {"datasetId", v.dataset_id},
          {"autoUpdate", v.auto_update},
          {"sortColumns", parse_stored(v.sort_columns)},
          {"partitionColumns", parse_stored(v.partition_columns)},
          {"asOfTimestamp", v.as_of_timestamp},
          {destination_member, parse_stored(v.destination_type_params)},
          {"status", status_of(ctx, v)},
          {"createTime", v.create_time},
          {"lastModifiedTime", v.last_modified_time}};
}

std::string upper_alnum(int length) {
  std::string s = random_alnum(length);
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

json create_data_view(const Context& ctx, const json& input, storage::Tx& tx) {
  return once_per_client_token(ctx, "CreateDataView", input, tx, [&] {
    repo::Repository r(tx, ctx.account, ctx.region);
    repo::Dataset d = require_dataset(r, str(input, "datasetId"));
    check_destination(input["destinationTypeParams"]);
    check_columns(d, input);
    repo::DataView v;
    v.data_view_id = random_alnum(kIdLength);
    v.dataset_id = d.dataset_id;
    v.auto_update = input.value("autoUpdate", false);
    v.sort_columns = input.value("sortColumns", json::array()).dump();
    v.partition_columns = input.value("partitionColumns", json::array()).dump();
    // Without asOfTimestamp, a data view is of the dataset as it is when it is made.
    v.as_of_timestamp = input.value("asOfTimestamp", ctx.now_ms);
    v.destination_type_params = input["destinationTypeParams"].dump();
    v.create_time = v.last_modified_time = ctx.now_ms;
    Settling s = settling(ctx, ctx.settings->finspace_delay_ms);
    v.running_at = s.running_at;
    v.settles_at = s.settles_at;
    r.insert_data_view(v);
    return json{{"datasetId", d.dataset_id}, {"dataViewId", v.data_view_id}};
  });
}

json get_data_view(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::Repository r(tx, ctx.account, ctx.region);
  repo::Dataset d = require_dataset(r, str(input, "datasetId"));
  return data_view_json(ctx, require_data_view(r, d.dataset_id, str(input, "dataViewId")),
                        "destinationTypeParams");
}

json list_data_views(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::Repository r(tx, ctx.account, ctx.region);
  repo::Dataset d = require_dataset(r, str(input, "datasetId"));
  Page page = page_from(input, "nextToken", "maxResults", kDefaultPageSize);
  auto rows = r.data_views(d.dataset_id, page.offset, page.limit + 1);
  return page_json({"dataViews", "nextToken"}, rows, page, [&](const auto& row) {
    return data_view_json(ctx, row, "destinationTypeProperties");
  });
}

json get_external_data_view_access_details(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::Repository r(tx, ctx.account, ctx.region);
  repo::Dataset d = require_dataset(r, str(input, "datasetId"));
  repo::DataView v = require_data_view(r, d.dataset_id, str(input, "dataViewId"));
  // The API reference: the dataset's permission group must have Read Dataset Data
  // (ReadDatasetDetails) on it.
  json permissions = parse_stored(d.dataset_permissions);
  bool readable =
      r.permission_group(d.permission_group_id) && permissions.is_array() &&
      std::find(permissions.begin(), permissions.end(), "ReadDatasetDetails") != permissions.end();
  if (!readable)
    throw ApiError("AccessDeniedException",
                   "The permission group of dataset " + d.dataset_id +
                       " does not have the dataset permission ReadDatasetDetails.");
  std::string status = status_of(ctx, v);
  if (status != "SUCCESS")
    invalid("The data view " + v.data_view_id + " is " + status +
            "; its data can be read once it is SUCCESS.");
  std::string bucket = "finspace-" + ctx.region + "-" +
                       stable_hex(ctx.account + "/" + ctx.region + "/data-views", 20);
  return {{"credentials",
           {{"accessKeyId", "ASIA" + upper_alnum(16)},
            {"secretAccessKey", random_alnum(40)},
            {"sessionToken", random_alnum(356)},
            {"expiration", ctx.now_ms + kExternalCredentialsMs}}},
          {"s3Location",
           {{"bucket", bucket},
            {"key", "datasets/" + d.dataset_id + "/dataviews/" + v.data_view_id + "/"}}}};
}

}  // namespace junction::handlers::finspace_data
