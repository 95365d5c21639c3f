// Account assignments and the asynchronous requests that create and delete them. A request is
// IN_PROGRESS when made and settles --sso-delay-ms later; its status is derived when read, so no
// background work is needed and a restart loses nothing.
#include <algorithm>

#include "server/util/ids.hpp"
#include "handlers/common/json_list.hpp"
#include "handlers/common/pagination.hpp"
#include "handlers/sso_admin/sso_admin.hpp"

namespace junction::handlers::sso_admin {

namespace {

constexpr std::int64_t kDefaultPageSize = 100;

repo::Assignment assignment_from(const json& input, double now) {
  return repo::Assignment{str(input, "InstanceArn"),
                          str(input, "TargetId"),
                          str(input, "TargetType"),
                          str(input, "PermissionSetArn"),
                          str(input, "PrincipalType"),
                          str(input, "PrincipalId"),
                          now};
}

std::string status_at(const repo::AssignmentRequest& r, double now) {
  return now >= r.settles_at ? r.final_status : "IN_PROGRESS";
}

// Built member by member (an initializer list would copy every value twice): it answers every
// CreateAccountAssignment and DeleteAccountAssignment.
json status_json(const repo::AssignmentRequest& r, const std::string& status) {
  const repo::Assignment& a = r.assignment;
  json out(json::value_t::object);
  auto& members = out.get_ref<json::object_t&>();
  members.emplace("Status", status);
  members.emplace("RequestId", r.request_id);
  members.emplace("TargetId", a.target_id);
  members.emplace("TargetType", a.target_type);
  members.emplace("PermissionSetArn", a.permission_set_arn);
  members.emplace("PrincipalType", a.principal_type);
  members.emplace("PrincipalId", a.principal_id);
  members.emplace("CreatedDate", r.created_at);
  if (status == "FAILED" && r.failure_reason) members.emplace("FailureReason", *r.failure_reason);
  return out;
}

repo::AssignmentRequest new_request(const Context& ctx, repo::RequestKind kind,
                                    const repo::Assignment& a) {
  repo::AssignmentRequest r;
  r.request_id = uuid4();
  r.kind = kind;
  r.assignment = a;
  r.final_status = "SUCCEEDED";
  r.created_at = ctx.now_seconds();
  r.settles_at = static_cast<double>(ctx.now_ms + ctx.settings->sso_delay_ms) / 1000.0;
  return r;
}

json describe_status(const Context& ctx, const json& input, storage::Tx& tx, repo::RequestKind kind,
                     const char* id_member, const char* output_member) {
  repo::Repository r(tx, ctx.account, ctx.region);
  std::string instance_arn = str(input, "InstanceArn");
  require_instance(ctx, r, instance_arn);
  std::string id = str(input, id_member);
  auto request = r.request(kind, instance_arn, id);
  if (!request)
    throw ApiError("ResourceNotFoundException",
                   std::string(kind == repo::RequestKind::kCreate ? "Creation" : "Deletion") +
                       " request " + id + " does not exist.");
  return {{output_member, status_json(*request, status_at(*request, ctx.now_seconds()))}};
}

json list_status(const Context& ctx, const json& input, storage::Tx& tx, repo::RequestKind kind,
                 const char* output_member) {
  repo::Repository r(tx, ctx.account, ctx.region);
  std::string instance_arn = str(input, "InstanceArn");
  require_instance(ctx, r, instance_arn);
  Page page = page_from(input, "NextToken", "MaxResults", kDefaultPageSize);
  std::optional<std::string> status;
  if (has(input, "Filter") && has(input["Filter"], "Status"))
    status = str(input["Filter"], "Status");
  auto rows =
      r.requests(kind, instance_arn, status, ctx.now_seconds(), page.offset, page.limit + 1);
  json out = {{output_member, json::array()}};
  for (std::size_t i = 0; i < rows.size() && static_cast<std::int64_t>(i) < page.limit; ++i)
    out[output_member].push_back({{"Status", rows[i].status},
                                  {"RequestId", rows[i].request_id},
                                  {"CreatedDate", rows[i].created_at}});
  set_next_token(out, "NextToken", page, static_cast<std::int64_t>(rows.size()));
  return out;
}

// A page of assignments written as JSON text while `read` hands its rows over (it asks for one
// row more than the page, to see whether more follow): these lists are the hot path of the
// service.
template <class Read>
json assignments_json(const Page& page, const Read& read) {
  JsonObjectList items;
  const std::int64_t fetched = read([&](const repo::AssignmentRow& row) {
    if (static_cast<std::int64_t>(items.size()) >= page.limit) return;
    items.begin_object();
    items.member("AccountId", row.target_id);
    items.member("PermissionSetArn", row.permission_set_arn);
    items.member("PrincipalId", row.principal_id);
    items.member("PrincipalType", row.principal_type);
    items.end_object();
  });
  json out(json::value_t::object);
  out.get_ref<json::object_t&>().emplace("AccountAssignments", items.take());
  set_next_token(out, "NextToken", page, fetched);
  return out;
}

}  // namespace

json create_account_assignment(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::Repository r(tx, ctx.account, ctx.region);
  repo::Assignment a = assignment_from(input, ctx.now_seconds());
  r.ensure_instance(require_instance(ctx, r, a.instance_arn));
  require_permission_set_exists(ctx, r, a.instance_arn, a.permission_set_arn);
  r.insert_assignment(a);  // an identical assignment is kept as it is, not duplicated
  auto request = new_request(ctx, repo::RequestKind::kCreate, a);
  r.insert_request(request);
  return {{"AccountAssignmentCreationStatus", status_json(request, "IN_PROGRESS")}};
}

json delete_account_assignment(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::Repository r(tx, ctx.account, ctx.region);
  repo::Assignment a = assignment_from(input, ctx.now_seconds());
  r.ensure_instance(require_instance(ctx, r, a.instance_arn));
  // A stored assignment proves its permission set (a foreign key), so that is looked up only to
  // word the error when there is none.
  if (!r.delete_assignment(a)) {
    require_permission_set_exists(ctx, r, a.instance_arn, a.permission_set_arn);
    throw ApiError("ResourceNotFoundException",
                   "No account assignment of " + a.permission_set_arn + " to " + a.principal_type +
                       " " + a.principal_id + " in account " + a.target_id + " exists.");
  }
  auto request = new_request(ctx, repo::RequestKind::kDelete, a);
  r.insert_request(request);
  return {{"AccountAssignmentDeletionStatus", status_json(request, "IN_PROGRESS")}};
}

json describe_account_assignment_creation_status(const Context& ctx, const json& input,
                                                 storage::Tx& tx) {
  return describe_status(ctx, input, tx, repo::RequestKind::kCreate,
                         "AccountAssignmentCreationRequestId", "AccountAssignmentCreationStatus");
}

json describe_account_assignment_deletion_status(const Context& ctx, const json& input,
                                                 storage::Tx& tx) {
  return describe_status(ctx, input, tx, repo::RequestKind::kDelete,
                         "AccountAssignmentDeletionRequestId", "AccountAssignmentDeletionStatus");
}

json list_account_assignment_creation_status(const Context& ctx, const json& input,
                                             storage::Tx& tx) {
  return list_status(ctx, input, tx, repo::RequestKind::kCreate,
                     "AccountAssignmentsCreationStatus");
}

json list_account_assignment_deletion_status(const Context& ctx, const json& input,
                                             storage::Tx& tx) {
  return list_status(ctx, input, tx, repo::RequestKind::kDelete,
                     "AccountAssignmentsDeletionStatus");
}

json list_account_assignments(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::Repository r(tx, ctx.account, ctx.region);
  std::string instance_arn = str(input, "InstanceArn");
  std::string ps_arn = str(input, "PermissionSetArn");
  Page page = page_from(input, "NextToken", "MaxResults", kDefaultPageSize);
  const std::string& account = str(input, "AccountId");
  // Rows found prove the permission set and its instance (see delete_account_assignment).
  return assignments_json(page, [&](const repo::AssignmentVisitor& visit) {
    std::int64_t n =
        r.assignments(instance_arn, account, ps_arn, page.offset, page.limit + 1, visit);
    if (n == 0) require_permission_set_exists(ctx, r, instance_arn, ps_arn);
    return n;
  });
}

json list_account_assignments_for_principal(const Context& ctx, const json& input,
                                            storage::Tx& tx) {
  repo::Repository r(tx, ctx.account, ctx.region);
  std::string instance_arn = str(input, "InstanceArn");
  require_instance(ctx, r, instance_arn);
  std::optional<std::string> account;
  if (has(input, "Filter") && has(input["Filter"], "AccountId"))
    account = str(input["Filter"], "AccountId");
  Page page = page_from(input, "NextToken", "MaxResults", kDefaultPageSize);
  return assignments_json(page, [&](const repo::AssignmentVisitor& visit) {
    return r.assignments_for_principal(instance_arn, str(input, "PrincipalType"),
                                       str(input, "PrincipalId"), account, page.offset,
                                       page.limit + 1, visit);
  });
}

}  // namespace junction::handlers::sso_admin
