// Users' product subscriptions: StartProductSubscription, StopProductSubscription,
// ListProductSubscriptions. A subscription is (directory, product, username) and needs the
// directory registered for the product.
#include "handlers/license_manager_user_subscriptions/license_manager_user_subscriptions.hpp"
#include "server/util/ids.hpp"

namespace junction::handlers::lmus {

namespace {

json summary_of(const repo::ProductSubscription& s) {
  return {{"ProductUserSummary", product_user_summary(s)}};
}

void require_registration(repo::Repository& r, const std::string& directory_id,
                          const std::string& product) {
  auto p = r.identity_provider(directory_id, product);
  if (!p || p->status == "DEREGISTERED")
    throw ApiError("ResourceNotFoundException",
                   "Directory " + directory_id + " is not registered for " + product + ".");
}

// A subscription that is ACTIVE; an INACTIVE row (only an imported state document of an older
// version has one), or one a fault rule's outcome failed, counts as none.
std::optional<repo::ProductSubscription> active(std::optional<repo::ProductSubscription> s) {
  if (s && s->status != "ACTIVE") s.reset();
  return s;
}

// The subscription StopProductSubscription names: by ProductUserArn, or by Username +
// IdentityProvider + Product (both forms given must agree).
repo::ProductSubscription named_subscription(const Context& ctx, const json& input,
                                             repo::Repository& r) {
  bool has_username = has(input, "Username");
  bool has_provider = has(input, "IdentityProvider");
  bool has_product = has(input, "Product");
  bool has_domain = has(input, "Domain");
  std::string domain = str(input, "Domain");
  std::string product = str(input, "Product");
  if (has_product) require_product(product);
  if (has(input, "ProductUserArn")) {
    std::string arn = str(input, "ProductUserArn");
    auto s = active(r.subscription(arn));
    if (!s) {
      if (has_username && has_provider && has_product &&
          active(r.subscription(directory_id_of(ctx, input["IdentityProvider"]), product,
                                str(input, "Username"))))
        throw ApiError("ValidationException",
                       "ProductUserArn " + arn +
                           " does not name the subscription that Username, IdentityProvider and "
                           "Product name.");
      throw ApiError("ResourceNotFoundException", "No product subscription " + arn + " exists.");
    }
    if ((has_username && str(input, "Username") != s->username) ||
        (has_product && product != s->product) ||
        (has_provider && directory_id_of(ctx, input["IdentityProvider"]) != s->directory_id) ||
        (has_domain && s->domain && domain != *s->domain))
      throw ApiError("ValidationException",
                     "ProductUserArn " + arn + " is the " + s->product + " subscription of user " +
                         s->username + " of directory " + s->directory_id +
                         "; the Username, IdentityProvider, Product or Domain given name "
                         "another.");
    return *s;
  }
  if (!has_username || !has_provider || !has_product)
    throw ApiError("ValidationException",
                   "Specify the product subscription by ProductUserArn, or by Username, "
                   "IdentityProvider and Product.");
  std::string username = str(input, "Username");
  std::string directory_id = directory_id_of(ctx, input["IdentityProvider"]);
  auto s = active(r.subscription(directory_id, product, username));
  if (!s || (has_domain && s->domain && domain != *s->domain))
    throw ApiError("ResourceNotFoundException",
                   "User " + username + (has_domain ? " of domain " + domain : "") +
                       " of directory " + directory_id + " has no " + product + " subscription.");
  return *s;
}

}  // namespace

json start_product_subscription(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::Repository r(tx, ctx.account, ctx.region);
  std::string username = str(input, "Username");
  if (username.empty()) throw ApiError("ValidationException", "Username must not be empty.");
  std::string product = str(input, "Product");
  require_product(product);
  std::string directory_id = directory_id_of(ctx, input["IdentityProvider"]);
  std::optional<std::string> domain;
  if (has(input, "Domain")) domain = str(input, "Domain");
  require_registration(r, directory_id, product);
  auto tags = tags_from(input);

  if (auto existing = r.subscription(directory_id, product, username)) {
    if (existing->status == "ACTIVE") {
      // Starting an active subscription again (a retry) answers with the subscription.
      if (domain && existing->domain && *domain != *existing->domain)
        throw ApiError("ConflictException", "User " + username + " already has a " + product +
                                                " subscription as a user of domain " +
                                                *existing->domain + ", not " + *domain + ".");
      tags::Tags(ctx, tx, kService).add(existing->product_user_arn, tags, kTagQuota);
      return summary_of(*existing);
    }
    tags::Tags(ctx, tx, kService).forget(existing->product_user_arn);
    r.delete_subscription(existing->product_user_arn);
  }

  repo::ProductSubscription s;
  s.product_user_arn = arn(ctx, "product-user", random_hex(32));
  s.directory_id = directory_id;
  s.product = product;
  s.username = username;
  s.domain = domain;
  s.identity_provider = canonical_identity_provider(input["IdentityProvider"], directory_id).dump();
  s.subscription_start_date = now_iso(ctx);
  // A fault rule's outcome: the subscription is made, and fails (it is listed in its status; a
  // later StartProductSubscription replaces it).
  if (const InjectedOutcome* outcome = ctx.injected(OutcomeKind::kStatus)) {
    ctx.outcome_applied();
    s.status = outcome->status;
    s.status_message = outcome->message_or("The product subscription could not be started.");
  }
  r.insert_subscription(s);
  tags::Tags(ctx, tx, kService).add(s.product_user_arn, tags, kTagQuota);
  return summary_of(s);
}

json stop_product_subscription(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::Repository r(tx, ctx.account, ctx.region);
  // Stopped already, or never started: not found either way.
  repo::ProductSubscription s = named_subscription(ctx, input, r);
  // AWS: Office and Visual Studio users must first be disassociated from every instance that
  // provides the product.
  if (s.product != "REMOTE_DESKTOP_SERVICES")
    if (auto n = r.active_association_count(s.directory_id, s.username, s.product))
      throw ApiError("ConflictException", "User " + s.username + " is still associated with " +
                                              std::to_string(n) + " instance(s) that provide " +
                                              s.product +
                                              "; disassociate the user (DisassociateUser) first.");
  // The answer is the subscription as it ends; the subscription itself is gone.
  s.status = "INACTIVE";
  s.subscription_end_date = now_iso(ctx);
  r.delete_subscription(s.product_user_arn);
  tags::Tags(ctx, tx, kService).forget(s.product_user_arn);
  return summary_of(s);
}

json list_product_subscriptions(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::Repository r(tx, ctx.account, ctx.region);
  std::string directory_id = directory_id_of(ctx, input["IdentityProvider"]);
  std::string product = str(input, "Product");
  if (has(input, "Product")) {
    require_product(product);
    require_registration(r, directory_id, product);
  } else {
    require_registered_directory(r, directory_id);
  }
  auto filters = filters_from(input, {{"Status", repo::Field::kStatus},
                                      {"Username", repo::Field::kUsername},
                                      {"Domain", repo::Field::kDomain}});
  Page page = page_of(input);
  return page_json("ProductUserSummaries",
                   r.subscriptions(directory_id, product, filters, page.offset, page.limit + 1),
                   page, product_user_summary);
}

}  // namespace junction::handlers::lmus
