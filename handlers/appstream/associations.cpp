// User-stack associations: BatchAssociateUserStack, BatchDisassociateUserStack,
// DescribeUserStackAssociations.
#include <algorithm>
#include <map>

#include "handlers/appstream/appstream.hpp"
#include "handlers/appstream/outcomes.hpp"
#include "handlers/common/pagination.hpp"

namespace junction::handlers::appstream {

namespace {

// The model's UserStackAssociationList holds 1 to 25 associations, in requests and in
// DescribeUserStackAssociations pages alike.
constexpr std::int64_t kMaxAssociationPage = 25;

json entry_error(const json& entry, const char* code, const std::string& message) {
  return {{"UserStackAssociation", project(model_shape("UserStackAssociation"), entry)},
          {"ErrorCode", code},
          {"ErrorMessage", message}};
}

// What an entry a fault rule's outcome fails reports, unless the rule words it otherwise.
constexpr const char* kEntryFailureCode = "INTERNAL_ERROR";
constexpr const char* kEntryFailureMessage = "An internal error occurred.";

// Judges every entry on its own against the stored stacks and users: an entry naming a stack that
// does not exist, or a user-pool user that does not exist, is reported in `errors`; `apply` runs
// for the others. Users of other authentication types are in external directories: not checked.
// All of it runs in the call's one transaction, so the valid entries are applied together. An
// entry that a fault rule's outcome fails is reported with the rule's error, and not applied.
template <class Apply>
json judge_entries(const Context& ctx, const json& input, storage::Tx& tx, Apply apply) {
  repo::Repository r(tx, ctx.account, ctx.region);
  json errors = json::array();
  // A batch names the same stack or few: each is looked up once (the call's transaction
  // creates and deletes no stack, so the answer holds for the whole batch).
  std::map<std::string, bool, std::less<>> stacks;
  auto stack_exists = [&](const std::string& name) {
    auto it = stacks.find(name);
    if (it == stacks.end()) it = stacks.emplace(name, r.stack_exists(name)).first;
    return it->second;
  };
  for (const auto& entry : input["UserStackAssociations"]) {
    std::string stack_name = str(entry, "StackName");
    std::string user_name = str(entry, "UserName");
    std::string type = str(entry, "AuthenticationType");
    if (!stack_exists(stack_name)) {
      errors.push_back(
          entry_error(entry, "STACK_NOT_FOUND", "The stack " + stack_name + " does not exist."));
      continue;
    }
    if (type == repo::kUserPool && !r.user_exists(user_name)) {
      errors.push_back(entry_error(entry, "USER_NAME_NOT_FOUND",
                                   "The specified user does not exist in the user pool."));
      continue;
    }
    if (const InjectedOutcome* outcome = failing_entry(ctx, entry)) {
      errors.push_back(entry_error(entry, outcome->error_code_or(kEntryFailureCode).c_str(),
                                   outcome->message_or(kEntryFailureMessage)));
      continue;
    }
    apply(r, entry, stack_name, user_name, type);
  }
  return {{"errors", errors}};
}

}  // namespace

json batch_associate_user_stack(const Context& ctx, const json& input, storage::Tx& tx) {
  return judge_entries(
      ctx, input, tx,
      [&](repo::Repository& r, const json& entry, const std::string& stack_name,
          const std::string& user_name, const std::string& type) {
        repo::Association a{stack_name, user_name, type, std::nullopt, ctx.now_seconds()};
        if (has(entry, "SendEmailNotification"))
          a.send_email_notification = entry["SendEmailNotification"].get<bool>();
        // An associated pair stays as it is.
        r.associate(a);
      });
}

json batch_disassociate_user_stack(const Context& ctx, const json& input, storage::Tx& tx) {
  return judge_entries(ctx, input, tx,
                       [](repo::Repository& r, const json&, const std::string& stack_name,
                          const std::string& user_name, const std::string& type) {
                         // A pair that is not associated is not an error.
                         r.disassociate(stack_name, user_name, type);
                       });
}

json describe_user_stack_associations(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::AssociationFilter filter;
  if (has(input, "StackName")) filter.stack_name = str(input, "StackName");
  if (has(input, "UserName")) filter.user_name = str(input, "UserName");
  if (has(input, "AuthenticationType"))
    filter.authentication_type = str(input, "AuthenticationType");
  // A user is named by its name and authentication type together.
  bool user_named = filter.user_name && filter.authentication_type;
  if ((filter.user_name && !filter.authentication_type) || (!filter.stack_name && !user_named))
    throw ApiError("InvalidParameterCombinationException",
                   "You must specify a stack name, or a user name and an authentication type, or "
                   "both.");

  repo::Repository r(tx, ctx.account, ctx.region);
  Page page = page_from(input, "NextToken", "MaxResults", kMaxAssociationPage);
  // MaxResults may be 0 to 500 in the model; 0 asks for the default page.
  if (page.limit <= 0 || page.limit > kMaxAssociationPage) page.limit = kMaxAssociationPage;
  auto rows = r.associations(filter, page.offset, page.limit + 1);

  // The list holds at least one association: with none, the member is left out.
  return page_json({"UserStackAssociations", "NextToken", true}, rows, page, [](const auto& a) {
    json item = {{"StackName", a.stack_name},
                 {"UserName", a.user_name},
                 {"AuthenticationType", a.authentication_type}};
    if (a.send_email_notification) item["SendEmailNotification"] = *a.send_email_notification;
    return item;
  });
}

}  // namespace junction::handlers::appstream
