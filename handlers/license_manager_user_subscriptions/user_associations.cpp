// Associating Active Directory users with instances (the core of the service): AssociateUser,
// DisassociateUser, ListUserAssociations. An association is (instance, directory, username).
#include "handlers/license_manager_user_subscriptions/license_manager_user_subscriptions.hpp"
#include "server/util/ids.hpp"

namespace junction::handlers::lmus {

namespace {

void require_instance(repo::Repository& r, const std::string& instance_id) {
  if (!r.instance(instance_id))
    throw ApiError("ResourceNotFoundException",
                   "Instance " + instance_id + " does not provide user-based subscriptions.");
}

void require_username(const json& input) {
  if (str(input, "Username").empty())
    throw ApiError("ValidationException", "Username must not be empty.");
}

json summary_of(const repo::UserAssociation& a) {
  return {{"InstanceUserSummary", instance_user_summary(a)}};
}

// An association that is ASSOCIATED; a DISASSOCIATED row (only an imported state document of an
// older version has one), or one a fault rule's outcome failed, counts as none.
std::optional<repo::UserAssociation> associated(std::optional<repo::UserAssociation> a) {
  if (a && a->status != "ASSOCIATED") a.reset();
  return a;
}

// The association DisassociateUser names: by InstanceUserArn, or by Username + InstanceId +
// IdentityProvider (both forms given must agree).
repo::UserAssociation named_association(const Context& ctx, const json& input,
                                        repo::Repository& r) {
  bool has_username = has(input, "Username");
  bool has_instance = has(input, "InstanceId");
  bool has_provider = has(input, "IdentityProvider");
  bool has_domain = has(input, "Domain");
  std::string domain = str(input, "Domain");
  if (has(input, "InstanceUserArn")) {
    std::string arn = str(input, "InstanceUserArn");
    auto a = associated(r.association(arn));
    if (!a) {
      if (has_username && has_instance && has_provider &&
          associated(r.association(str(input, "InstanceId"),
                                   directory_id_of(ctx, input["IdentityProvider"]),
                                   str(input, "Username"))))
        throw ApiError("ValidationException",
                       "InstanceUserArn " + arn +
                           " does not name the association that Username, InstanceId and "
                           "IdentityProvider name.");
      throw ApiError("ResourceNotFoundException", "No user association " + arn + " exists.");
    }
    if ((has_username && str(input, "Username") != a->username) ||
        (has_instance && str(input, "InstanceId") != a->instance_id) ||
        (has_provider && directory_id_of(ctx, input["IdentityProvider"]) != a->directory_id) ||
        (has_domain && a->domain && domain != *a->domain))
      throw ApiError("ValidationException",
                     "InstanceUserArn " + arn + " is the association of user " + a->username +
                         " of directory " + a->directory_id + " with instance " + a->instance_id +
                         "; the Username, InstanceId, IdentityProvider or Domain given name "
                         "another.");
    return *a;
  }
  if (!has_username || !has_instance || !has_provider)
    throw ApiError("ValidationException",
                   "Specify the user association by InstanceUserArn, or by Username, InstanceId "
                   "and IdentityProvider.");
  std::string username = str(input, "Username");
  std::string instance_id = str(input, "InstanceId");
  std::string directory_id = directory_id_of(ctx, input["IdentityProvider"]);
  auto a = associated(r.association(instance_id, directory_id, username));
  if (!a || (has_domain && a->domain && domain != *a->domain))
    throw ApiError("ResourceNotFoundException",
                   "User " + username + (has_domain ? " of domain " + domain : "") +
                       " of directory " + directory_id + " is not associated with instance " +
                       instance_id + ".");
  return *a;
}

}  // namespace

json associate_user(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::Repository r(tx, ctx.account, ctx.region);
  require_username(input);
  std::string username = str(input, "Username");
  std::string instance_id = str(input, "InstanceId");
  std::string directory_id = directory_id_of(ctx, input["IdentityProvider"]);
  std::optional<std::string> domain;
  if (has(input, "Domain")) domain = str(input, "Domain");
  require_instance(r, instance_id);
  require_registered_directory(r, directory_id);
  auto tags = tags_from(input);

  if (auto existing = r.association(instance_id, directory_id, username)) {
    if (existing->status == "ASSOCIATED") {
      // Idempotent: associating an associated user (a retry) answers with the association.
      if (domain && existing->domain && *domain != *existing->domain)
        throw ApiError("ConflictException", "User " + username + " is already associated with " +
                                                instance_id + " as a user of domain " +
                                                *existing->domain + ", not " + *domain + ".");
      tags::Tags(ctx, tx, kService).add(existing->instance_user_arn, tags, kTagQuota);
      return summary_of(*existing);
    }
    tags::Tags(ctx, tx, kService).forget(existing->instance_user_arn);
    r.delete_association(existing->instance_user_arn);
  }

  repo::UserAssociation a;
  a.instance_user_arn = arn(ctx, "instance-user", random_hex(32));
  a.instance_id = instance_id;
  a.directory_id = directory_id;
  a.username = username;
  a.domain = domain;
  a.identity_provider = canonical_identity_provider(input["IdentityProvider"], directory_id).dump();
  a.association_date = now_iso(ctx);
  // A fault rule's outcome: the association is made, and fails (it is listed in its status; a
  // later AssociateUser replaces it).
  if (const InjectedOutcome* outcome = ctx.injected(OutcomeKind::kStatus)) {
    ctx.outcome_applied();
    a.status = outcome->status;
    a.status_message = outcome->message_or("The user could not be associated with the instance.");
  }
  r.insert_association(a);
  tags::Tags(ctx, tx, kService).add(a.instance_user_arn, tags, kTagQuota);
  return summary_of(a);
}

json disassociate_user(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::Repository r(tx, ctx.account, ctx.region);
  // Disassociated already, or never associated: not found either way.
  repo::UserAssociation a = named_association(ctx, input, r);
  // The answer is the association as it ends; the association itself is gone.
  a.status = "DISASSOCIATED";
  a.disassociation_date = now_iso(ctx);
  r.delete_association(a.instance_user_arn);
  tags::Tags(ctx, tx, kService).forget(a.instance_user_arn);
  return summary_of(a);
}

json list_user_associations(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::Repository r(tx, ctx.account, ctx.region);
  std::string instance_id = str(input, "InstanceId");
  std::string directory_id = directory_id_of(ctx, input["IdentityProvider"]);
  require_instance(r, instance_id);
  require_registered_directory(r, directory_id);
  auto filters = filters_from(input, {{"Status", repo::Field::kStatus},
                                      {"Username", repo::Field::kUsername},
                                      {"Domain", repo::Field::kDomain}});
  Page page = page_of(input);
  return page_json("InstanceUserSummaries",
                   r.associations(instance_id, directory_id, filters, page.offset, page.limit + 1),
                   page, instance_user_summary);
}

}  // namespace junction::handlers::lmus
