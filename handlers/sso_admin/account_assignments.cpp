// Account assignments and the asynchronous requests that create and delete them. A request is
// IN_PROGRESS when made and settles --sso-delay-ms later; its status is derived when read, so no
// background work is needed and a restart loses nothing.
#include <algorithm>

#include "handlers/common/async_requests.hpp"
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

constexpr const char* kCreation = "ACCOUNT_ASSIGNMENT_CREATION";
constexpr const char* kDeletion = "ACCOUNT_ASSIGNMENT_DELETION";

// What an assignment request's status reports of its assignment. Built member by member (an
// initializer list would copy every value twice): it answers every CreateAccountAssignment and
// DeleteAccountAssignment.
json subject_of(const repo::Assignment& a) {
  json out(json::value_t::object);
  auto& members = out.get_ref<json::object_t&>();
  members.emplace("TargetId", a.target_id);
  members.emplace("TargetType", a.target_type);
  members.emplace("PermissionSetArn", a.permission_set_arn);
  members.emplace("PrincipalType", a.principal_type);
  members.emplace("PrincipalId", a.principal_id);
  return out;
}

// A new request about `a`, answered IN_PROGRESS; it settles SUCCEEDED --sso-delay-ms later,
// or as `failure` says.
json start_request(const Context& ctx, storage::Tx& tx, const char* kind, const repo::Assignment& a,
                   const char* output_member,
                   std::optional<async::Failure> failure = std::nullopt) {
  async::Request request =
      failure ? async::Requests(ctx, tx, kService)
                    .start(kind, a.instance_arn, subject_of(a), failure->delay_ms, "IN_PROGRESS",
                           failure->status, std::move(failure->reason))
              : async::Requests(ctx, tx, kService)
                    .start(kind, a.instance_arn, subject_of(a), ctx.settings->sso_delay_ms);
  return {{output_member, async::status_json(request, request.pending_status)}};
}

// Why the request of an assignment call fails, if it does: its principal is missing from the
// identity store, or a fault rule's outcome says so.
std::optional<async::Failure> failure_of(const Context& ctx, storage::Tx& tx,
                                         const repo::Instance& instance,
                                         const repo::Assignment& a) {
  if (auto missing = missing_principal(ctx, tx, instance, a.principal_type, a.principal_id))
    return async::Failure{"FAILED", std::move(*missing), ctx.settings->sso_delay_ms};
  return async::injected_failure(ctx, kInternalFailureReason, ctx.settings->sso_delay_ms);
}

json describe_status(const Context& ctx, const json& input, storage::Tx& tx, const char* kind,
                     const char* id_member, const char* output_member) {
  repo::Repository r(tx, ctx.account, ctx.region);
  std::string instance_arn = str(input, "InstanceArn");
  require_instance(ctx, r, instance_arn);
  std::string id = str(input, id_member);
  auto request = async::Requests(ctx, tx, kService).find(kind, instance_arn, id);
  if (!request)
    throw ApiError("ResourceNotFoundException",
                   std::string(kind == kCreation ? "Creation" : "Deletion") + " request " + id +
                       " does not exist.");
  return {
      {output_member, async::status_json(*request, async::status_at(*request, ctx.now_seconds()))}};
}

json list_status(const Context& ctx, const json& input, storage::Tx& tx, const char* kind,
                 const char* output_member) {
  repo::Repository r(tx, ctx.account, ctx.region);
  std::string instance_arn = str(input, "InstanceArn");
  require_instance(ctx, r, instance_arn);
  return async::Requests(ctx, tx, kService)
      .list(kind, instance_arn, input, output_member, kDefaultPageSize);
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
  repo::Instance instance = require_instance(ctx, r, a.instance_arn);
  r.ensure_instance(instance);
  // A principal missing from the identity store (or an injected outcome): the call is accepted
  // as AWS accepts it, and its request fails; nothing is assigned or provisioned.
  if (auto failure = failure_of(ctx, tx, instance, a)) {
    require_permission_set_exists(ctx, r, a.instance_arn, a.permission_set_arn);
    return start_request(ctx, tx, kCreation, a, "AccountAssignmentCreationStatus",
                         std::move(failure));
  }
  // The permission set is provisioned to the account (at its latest version) by the statement
  // that finds it: nothing written means there is no such permission set.
  if (!r.provision(a.instance_arn, a.permission_set_arn, a.target_id, a.created_at))
    require_permission_set_exists(ctx, r, a.instance_arn, a.permission_set_arn);  // throws
  r.insert_assignment(a);  // an identical assignment is kept as it is, not duplicated
  return start_request(ctx, tx, kCreation, a, "AccountAssignmentCreationStatus");
}

json delete_account_assignment(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::Repository r(tx, ctx.account, ctx.region);
  repo::Assignment a = assignment_from(input, ctx.now_seconds());
  repo::Instance instance = require_instance(ctx, r, a.instance_arn);
  r.ensure_instance(instance);
  auto no_such_assignment = [&] {
    require_permission_set_exists(ctx, r, a.instance_arn, a.permission_set_arn);
    throw ApiError("ResourceNotFoundException",
                   "No account assignment of " + a.permission_set_arn + " to " + a.principal_type +
                       " " + a.principal_id + " in account " + a.target_id + " exists.");
  };
  // The assignment of a user or group deleted from the identity store stays, and so does its
  // deletion request fail, as in IAM Identity Center; so it does when an injected outcome fails
  // the request.
  if (auto failure = failure_of(ctx, tx, instance, a)) {
    if (!r.has_assignment(a)) no_such_assignment();
    return start_request(ctx, tx, kDeletion, a, "AccountAssignmentDeletionStatus",
                         std::move(failure));
  }
  // A stored assignment proves its permission set (a foreign key), so that is looked up only to
  // word the error when there is none.
  if (!r.delete_assignment(a)) no_such_assignment();
  // The last assignment of the permission set in the account takes it from the account (its
  // IAM role is removed there).
  r.deprovision_if_unassigned(a.instance_arn, a.permission_set_arn, a.target_id);
  return start_request(ctx, tx, kDeletion, a, "AccountAssignmentDeletionStatus");
}

json describe_account_assignment_creation_status(const Context& ctx, const json& input,
                                                 storage::Tx& tx) {
  return describe_status(ctx, input, tx, kCreation, "AccountAssignmentCreationRequestId",
                         "AccountAssignmentCreationStatus");
}

json describe_account_assignment_deletion_status(const Context& ctx, const json& input,
                                                 storage::Tx& tx) {
  return describe_status(ctx, input, tx, kDeletion, "AccountAssignmentDeletionRequestId",
                         "AccountAssignmentDeletionStatus");
}

json list_account_assignment_creation_status(const Context& ctx, const json& input,
                                             storage::Tx& tx) {
  return list_status(ctx, input, tx, kCreation, "AccountAssignmentsCreationStatus");
}

json list_account_assignment_deletion_status(const Context& ctx, const json& input,
                                             storage::Tx& tx) {
  return list_status(ctx, input, tx, kDeletion, "AccountAssignmentsDeletionStatus");
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
  repo::Instance instance = require_instance(ctx, r, instance_arn);
  std::optional<std::string> account;
  if (has(input, "Filter") && has(input["Filter"], "AccountId"))
    account = str(input["Filter"], "AccountId");
  Page page = page_from(input, "NextToken", "MaxResults", kDefaultPageSize);
  std::string type = str(input, "PrincipalType");
  // A user has the access of its groups too: each row names the principal it was assigned to.
  std::optional<std::string> groups_of_store;
  if (type == "USER") groups_of_store = instance.identity_store_id;
  return assignments_json(page, [&](const repo::AssignmentVisitor& visit) {
    return r.assignments_for_principal(instance_arn, type, str(input, "PrincipalId"),
                                       groups_of_store, account, page.offset, page.limit + 1,
                                       visit);
  });
}

}  // namespace junction::handlers::sso_admin
