// Helpers shared by the License Manager User Subscriptions handlers: identifying identity
// providers, products, ARNs and dates, filters and pages, and the summaries the API returns.
#include <algorithm>
#include <cctype>

#include "handlers/license_manager_user_subscriptions/license_manager_user_subscriptions.hpp"
#include "server/util/ids.hpp"

namespace junction::handlers::lmus {

namespace {

constexpr const char* kProducts[] = {"VISUAL_STUDIO_ENTERPRISE", "VISUAL_STUDIO_PROFESSIONAL",
                                     "OFFICE_PROFESSIONAL_PLUS", "REMOTE_DESKTOP_SERVICES"};

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

const json& active_directory_of(const json& identity_provider) {
  auto it = identity_provider.find("ActiveDirectoryIdentityProvider");
  if (it == identity_provider.end() || !it->is_object())
    throw ApiError("ValidationException",
                   "IdentityProvider must set ActiveDirectoryIdentityProvider.");
  return *it;
}

repo::Op op_of(const std::string& attribute, const std::string& operation) {
  std::string op = lower(operation);
  if (op == "eq" || op == "equals") return repo::Op::kEq;
  if (op == "neq" || op == "ne" || op == "notequal" || op == "not_equals") return repo::Op::kNeq;
  if (op == "contains") return repo::Op::kContains;
  if (op == "gt") return repo::Op::kGt;
  if (op == "geq" || op == "ge") return repo::Op::kGeq;
  if (op == "lt") return repo::Op::kLt;
  if (op == "leq" || op == "le") return repo::Op::kLeq;
  throw ApiError("ValidationException", "Unsupported filter operation '" + operation + "' on " +
                                            attribute +
                                            ": use one of eq, neq, contains, gt, geq, lt, leq.");
}

}  // namespace

std::string directory_id_of(const Context& ctx, const json& identity_provider) {
  const json& ad = active_directory_of(identity_provider);
  if (has(ad, "DirectoryId")) return ad["DirectoryId"].get<std::string>();
  if (has(ad, "ActiveDirectorySettings") && has(ad["ActiveDirectorySettings"], "DomainName")) {
    std::string domain = lower(ad["ActiveDirectorySettings"]["DomainName"].get<std::string>());
    if (!domain.empty())
      return "sd-" + stable_hex(ctx.account + "/" + ctx.region + "/" + domain, 10);
  }
  throw ApiError("ValidationException",
                 "IdentityProvider.ActiveDirectoryIdentityProvider needs a DirectoryId (or, for a "
                 "self-managed Active Directory, ActiveDirectorySettings.DomainName).");
}

json canonical_identity_provider(const json& identity_provider, const std::string& directory_id) {
  json out = json::object();
  out["ActiveDirectoryIdentityProvider"] = active_directory_of(identity_provider);
  out["ActiveDirectoryIdentityProvider"]["DirectoryId"] = directory_id;
  return out;
}

void require_product(const std::string& product, const char* member) {
  for (const char* p : kProducts)
    if (product == p) return;
  std::string set;
  for (const char* p : kProducts) set += (set.empty() ? "" : ", ") + std::string(p);
  throw ApiError("ValidationException", "1 validation error detected: Value '" + product +
                                            "' at '" + member +
                                            "' failed to satisfy constraint: Member must satisfy "
                                            "enum value set: [" +
                                            set + "]");
}

std::string arn(const Context& ctx, const std::string& resource_type, const std::string& id) {
  return "arn:aws:license-manager-user-subscriptions:" + ctx.region + ":" + ctx.account + ":" +
         resource_type + "/" + id;
}

std::string now_iso(const Context& ctx) { return iso8601(ctx.now_ms); }

std::vector<repo::Condition> filters_from(
    const json& input, std::initializer_list<std::pair<const char*, repo::Field>> allowed) {
  std::vector<repo::Condition> out;
  if (!has(input, "Filters")) return out;
  std::string names;
  for (const auto& [name, field] : allowed)
    names += (names.empty() ? "" : ", ") + std::string(name);
  for (const auto& f : input["Filters"]) {
    std::string attribute = str(f, "Attribute");
    if (attribute.empty())
      throw ApiError("ValidationException",
                     "Every filter needs an Attribute; this operation filters on " + names + ".");
    const repo::Field* field = nullptr;
    for (const auto& entry : allowed)
      if (lower(entry.first) == lower(attribute)) field = &entry.second;
    if (!field)
      throw ApiError("ValidationException", "Unsupported filter attribute '" + attribute +
                                                "'; this operation filters on " + names + ".");
    if (!has(f, "Value"))
      throw ApiError("ValidationException", "The filter on " + attribute + " needs a Value.");
    out.push_back({*field, op_of(attribute, str(f, "Operation", "eq")), str(f, "Value")});
  }
  return out;
}

Page page_of(const json& input) {
  if (has(input, "MaxResults") && input["MaxResults"].get<std::int64_t>() < 1)
    throw ApiError("ValidationException",
                   "1 validation error detected: Value '" + input["MaxResults"].dump() +
                       "' at 'maxResults' failed to satisfy constraint: Member must have value "
                       "greater than or equal to 1");
  return page_from(input, "NextToken", "MaxResults", kDefaultPageSize);
}

std::vector<tags::Tag> tags_from(const json& input) {
  return has(input, "Tags") ? tags::from_map(input["Tags"]) : std::vector<tags::Tag>{};
}

json parse_stored(const std::string& text) {
  json value = json::parse(text, nullptr, false);
  return value.is_discarded() ? json::object() : value;
}

json provider_summary(const Context& ctx, const repo::IdentityProvider& p) {
  json out = {{"IdentityProvider", parse_stored(p.identity_provider)},
              {"Settings", parse_stored(p.settings)},
              {"Product", p.product},
              {"Status", p.status},
              {"IdentityProviderArn", p.arn},
              {"OwnerAccountId", ctx.account}};
  if (p.failure_message) out["FailureMessage"] = *p.failure_message;
  return out;
}

json instance_user_summary(const repo::UserAssociation& a) {
  json out = {{"Username", a.username},
              {"InstanceId", a.instance_id},
              {"IdentityProvider", parse_stored(a.identity_provider)},
              {"Status", a.status},
              {"InstanceUserArn", a.instance_user_arn},
              {"AssociationDate", a.association_date}};
  if (a.domain) out["Domain"] = *a.domain;
  if (a.status_message) out["StatusMessage"] = *a.status_message;
  if (a.disassociation_date) out["DisassociationDate"] = *a.disassociation_date;
  return out;
}

json product_user_summary(const repo::ProductSubscription& s) {
  json out = {{"Username", s.username},
              {"Product", s.product},
              {"IdentityProvider", parse_stored(s.identity_provider)},
              {"Status", s.status},
              {"ProductUserArn", s.product_user_arn},
              {"SubscriptionStartDate", s.subscription_start_date}};
  if (s.domain) out["Domain"] = *s.domain;
  if (s.status_message) out["StatusMessage"] = *s.status_message;
  if (s.subscription_end_date) out["SubscriptionEndDate"] = *s.subscription_end_date;
  return out;
}

void require_registered_directory(repo::Repository& r, const std::string& directory_id) {
  if (r.registration_count(directory_id) == 0)
    throw ApiError("ResourceNotFoundException",
                   "No identity provider with directory " + directory_id + " is registered.");
}

}  // namespace junction::handlers::lmus
