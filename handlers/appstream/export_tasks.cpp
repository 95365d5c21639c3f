// Exports of the account's images to EC2 AMIs: CreateExportImageTask, GetExportImageTask,
// ListExportImageTasks. A task is an asynchronous request of the shared mechanism
// (handlers/common/async_requests.hpp): EXPORTING until --appstream-delay-ms later, then
// COMPLETED with the AMI's id.
#include <algorithm>

#include "handlers/appstream/appstream.hpp"
#include "handlers/appstream/image_catalogue.hpp"
#include "handlers/common/async_requests.hpp"
#include "handlers/common/transition.hpp"

namespace junction::handlers::appstream {

namespace {

constexpr const char* kExportKind = "EXPORT_IMAGE";
constexpr const char* kExportScope = "images";
constexpr std::int64_t kDefaultPage = 50;
constexpr std::int64_t kMaxPage = 500;
const async::StatusMembers kTaskMembers{"State", "TaskId", "CreatedDate", "FailureReason"};

// The AMI an export makes, named after its task (ami- and 17 hex digits).
std::string ami_id(const std::string& task_id) {
  std::string hex;
  for (char c : task_id)
    if (c != '-') hex += c;
  return "ami-" + hex.substr(0, 17);
}

json task_json(const async::Request& r, double now) {
  std::string state = async::status_at(r, now);
  json out = async::status_json(r, state, kTaskMembers);
  if (state == "COMPLETED") out["AmiId"] = ami_id(r.request_id);
  return project(model_shape("ExportImageTask"), out);
}

// Every export task of the account and region, oldest first.
std::vector<async::Request> all_tasks(const Context& ctx, storage::Tx& tx) {
  storage::AsyncRequestRepository repo(tx, ctx.account, ctx.region, kService);
  std::vector<async::Request> out;
  for (const auto& summary : repo.list(kExportKind, kExportScope, std::nullopt, ctx.now_seconds(),
                                       0, storage::AsyncRequestRepository::kKept))
    if (auto r = repo.find(kExportKind, kExportScope, summary.request_id)) out.push_back(*r);
  return out;
}

// Export image tasks are filtered by State, ImageName, ImageArn or AmiName.
void check_filter(const json& filter) {
  std::string name = str(filter, "Name");
  if (name != "State" && name != "ImageArn" && name != "AmiName" && name != "ImageName")
    throw ApiError("InvalidParameterCombinationException",
                   "The filter " + name +
                       " is not supported: filter export image tasks by State, ImageName, "
                       "ImageArn or AmiName.");
}

bool matches(const json& task, const json& filter) {
  std::string name = str(filter, "Name");
  std::string value;
  if (name == "ImageName") {
    std::string arn = str(task, "ImageArn");
    value = arn.substr(arn.rfind('/') + 1);
  } else {
    value = str(task, name.c_str());
  }
  const auto& values = filter["Values"];
  return std::any_of(values.begin(), values.end(),
                     [&](const json& v) { return v.get<std::string>() == value; });
}

}  // namespace

json create_export_image_task(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::Image image = require_private_image(ctx, tx, str(input, "ImageName"));
  std::string state =
      Transition{image.state_pending, image.state_settled, image.state_settles_at}.at(
          ctx.now_seconds());
  if (state != "AVAILABLE")
    throw ApiError("ResourceNotAvailableException",
                   "The image " + image.name + " is " + state +
                       ". The image must be in an AVAILABLE state to be exported.");
  std::string ami_name = str(input, "AmiName");
  double now = ctx.now_seconds();
  for (const auto& r : all_tasks(ctx, tx))
    if (async::status_at(r, now) != "FAILED" &&
        json::parse(r.subject).value("AmiName", "") == ami_name)
      throw ApiError("ResourceAlreadyExistsException",
                     "An export to an AMI named " + ami_name + " exists already.");

  json subject = {{"ImageArn", image.arn}, {"AmiName", ami_name}};
  if (auto d = optional_str(input, "AmiDescription")) subject["AmiDescription"] = *d;
  if (has(input, "TagSpecifications")) subject["TagSpecifications"] = input["TagSpecifications"];
  async::Request r =
      async::Requests(ctx, tx, kService)
          .start(kExportKind, kExportScope, subject, delay_ms(ctx), "EXPORTING", "COMPLETED");
  return {{"ExportImageTask", task_json(r, now)}};
}

json get_export_image_task(const Context& ctx, const json& input, storage::Tx& tx) {
  std::string id = str(input, "TaskId");
  auto r = async::Requests(ctx, tx, kService).find(kExportKind, kExportScope, id);
  if (!r)
    throw ApiError("ResourceNotFoundException", "The export image task " + id + " does not exist.");
  return {{"ExportImageTask", task_json(*r, ctx.now_seconds())}};
}

json list_export_image_tasks(const Context& ctx, const json& input, storage::Tx& tx) {
  Page page = page_from(input, "NextToken", "MaxResults", kDefaultPage);
  // MaxResults may be 0 to 500; 0 asks for the default page.
  if (page.limit <= 0) page.limit = kDefaultPage;
  page.limit = std::min(page.limit, kMaxPage);
  if (has(input, "Filters"))
    for (const auto& filter : input["Filters"]) check_filter(filter);
  double now = ctx.now_seconds();
  std::vector<json> all;
  for (const auto& r : all_tasks(ctx, tx)) {
    json task = task_json(r, now);
    bool keep = true;
    if (has(input, "Filters"))
      for (const auto& filter : input["Filters"]) keep = keep && matches(task, filter);
    if (keep) all.push_back(std::move(task));
  }
  json out = {{"ExportImageTasks", slice(all, page)}};
  set_next_token(out, "NextToken", page, all);
  return out;
}

}  // namespace junction::handlers::appstream
