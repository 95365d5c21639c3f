// Changesets of a dataset: create, read, list, update. A changeset's ingestion is PENDING, then
// RUNNING, then SUCCESS after --finspace-delay-ms (no data is read); it is active from then on,
// until a later REPLACE changeset (or a MODIFY changeset of it) takes its place.
#include <algorithm>

#include "handlers/common/pagination.hpp"
#include "handlers/finspace_data/finspace_data.hpp"
#include "server/util/ids.hpp"

namespace junction::handlers::finspace_data {

namespace {

constexpr std::int64_t kDefaultPageSize = 100;
constexpr const char* kFormatTypes[] = {"PARQUET", "CSV", "JSON", "XML"};

[[noreturn]] void invalid(const std::string& message) {
  throw ApiError("ValidationException", message, {{"reason", "INVALID_CHANGESET_PARAMETERS"}});
}

// sourceParams: s3SourcePath (an s3:// URI) and sourceType are both required, as the API
// reference says.
json source_params_of(const json& params) {
  if (!has(params, "s3SourcePath") || !has(params, "sourceType"))
    invalid("sourceParams needs both s3SourcePath and sourceType.");
  if (str(params, "s3SourcePath").rfind("s3://", 0) != 0)
    invalid("sourceParams.s3SourcePath must be an S3 URI (s3://bucket/key), not '" +
            str(params, "s3SourcePath") + "'.");
  return params;
}

// formatParams: formatType is required; a CSV source defaults to withHeader "true" and
// separator ",", as the API reference says.
json format_params_of(const json& params) {
  std::string type = str(params, "formatType");
  if (std::none_of(std::begin(kFormatTypes), std::end(kFormatTypes),
                   [&](const char* known) { return type == known; }))
    invalid("formatParams.formatType must be one of PARQUET, CSV, JSON, XML" +
            (type.empty() ? std::string(".") : ", not '" + type + "'."));
  json out = params;
  if (type == "CSV") {
    if (!out.contains("withHeader")) out["withHeader"] = "true";
    if (!out.contains("separator")) out["separator"] = ",";
  }
  return out;
}

repo::Changeset require_changeset(repo::Repository& r, const std::string& dataset_id,
                                  const std::string& changeset_id) {
  auto c = r.changeset(dataset_id, changeset_id);
  if (!c)
    throw ApiError(
        "ResourceNotFoundException",
        "The changeset " + changeset_id + " of dataset " + dataset_id + " does not exist.",
        {{"reason", reason::kChangesetNotFound}});
  return *c;
}

// GetChangesetResponse and ChangesetSummary have the same members. Active from the end of its
// ingestion; until (and updated by) the changeset that replaced it, once that one has ended its
// own ingestion.
json changeset_json(const Context& ctx, const repo::Changeset& c) {
  std::string status = settling_status(ctx, c.running_at, c.settles_at);
  json out = {{"changesetId", c.changeset_id},
              {"changesetArn", dataset_arn(ctx, c.dataset_id) + "/changeset/" + c.changeset_id},
              {"datasetId", c.dataset_id},
              {"changeType", c.change_type},
              {"sourceParams", parse_stored(c.source_params)},
              {"formatParams", parse_stored(c.format_params)},
              {"createTime", c.create_time},
              {"status", status}};
  if (status == "SUCCESS") out["activeFromTimestamp"] = c.active_from;
  if (c.active_until && ctx.now_ms >= *c.active_until) {
    out["activeUntilTimestamp"] = *c.active_until;
    if (c.updated_by_changeset_id) out["updatedByChangesetId"] = *c.updated_by_changeset_id;
  }
  if (c.updates_changeset_id) out["updatesChangesetId"] = *c.updates_changeset_id;
  return out;
}

}  // namespace

json create_changeset(const Context& ctx, const json& input, storage::Tx& tx) {
  return once_per_client_token(ctx, "CreateChangeset", input, tx, [&] {
    repo::Repository r(tx, ctx.account, ctx.region);
    repo::Dataset d = require_dataset(r, str(input, "datasetId"));
    repo::Changeset c;
    c.changeset_id = random_alnum(kIdLength);
    c.dataset_id = d.dataset_id;
    c.change_type = str(input, "changeType");
    c.source_params = source_params_of(input["sourceParams"]).dump();
    c.format_params = format_params_of(input["formatParams"]).dump();
    c.create_time = ctx.now_ms;
    Settling s = settling(ctx, ctx.settings->finspace_delay_ms);
    c.running_at = s.running_at;
    c.settles_at = s.settles_at;
    c.active_from = s.settles_at;
    if (c.change_type == "REPLACE") {
      // Every changeset loaded before is replaced once this one is in.
      r.end_active_changesets(d.dataset_id, c.active_from);
    } else if (c.change_type == "MODIFY") {
      // A MODIFY changeset replaces one prior changeset: the newest that is still active.
      auto prior = r.latest_active_changeset(d.dataset_id);
      if (!prior)
        invalid("The dataset " + d.dataset_id +
                " has no active changeset for a MODIFY changeset to replace.");
      prior->active_until = c.active_from;
      prior->updated_by_changeset_id = c.changeset_id;
      r.update_changeset(*prior);
      c.updates_changeset_id = prior->changeset_id;
    }
    r.insert_changeset(c);
    return json{{"datasetId", d.dataset_id}, {"changesetId", c.changeset_id}};
  });
}

json get_changeset(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::Repository r(tx, ctx.account, ctx.region);
  repo::Dataset d = require_dataset(r, str(input, "datasetId"));
  return changeset_json(ctx, require_changeset(r, d.dataset_id, str(input, "changesetId")));
}

json list_changesets(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::Repository r(tx, ctx.account, ctx.region);
  repo::Dataset d = require_dataset(r, str(input, "datasetId"));
  Page page = page_from(input, "nextToken", "maxResults", kDefaultPageSize);
  auto rows = r.changesets(d.dataset_id, page.offset, page.limit + 1);
  return page_json({"changesets", "nextToken"}, rows, page,
                   [&](const auto& row) { return changeset_json(ctx, row); });
}

json update_changeset(const Context& ctx, const json& input, storage::Tx& tx) {
  return once_per_client_token(ctx, "UpdateChangeset", input, tx, [&] {
    repo::Repository r(tx, ctx.account, ctx.region);
    repo::Dataset d = require_dataset(r, str(input, "datasetId"));
    repo::Changeset c = require_changeset(r, d.dataset_id, str(input, "changesetId"));
    std::string status = settling_status(ctx, c.running_at, c.settles_at);
    if (status != "SUCCESS")
      throw ApiError("ConflictException",
                     "The changeset " + c.changeset_id + " is still being ingested (" + status +
                         "); update it once it is SUCCESS.",
                     {{"reason", reason::kChangesetInProgress}});
    // Its source and format change and it is ingested again; its place among the dataset's
    // changesets (when it became active, what it replaced) stays.
    c.source_params = source_params_of(input["sourceParams"]).dump();
    c.format_params = format_params_of(input["formatParams"]).dump();
    Settling s = settling(ctx, ctx.settings->finspace_delay_ms);
    c.running_at = s.running_at;
    c.settles_at = s.settles_at;
    r.update_changeset(c);
    return json{{"changesetId", c.changeset_id}, {"datasetId", d.dataset_id}};
  });
}

}  // namespace junction::handlers::finspace_data
