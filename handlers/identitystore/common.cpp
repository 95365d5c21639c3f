// What every Identity Store operation shares: the store check, errors, ids and audit members.
#include <algorithm>
#include <cctype>

#include "handlers/identitystore/identitystore.hpp"
#include "handlers/sso_admin/sso_admin.hpp"
#include "server/util/ids.hpp"

namespace junction::handlers::identitystore {

repo::Repository store_of(const Context& ctx, storage::Tx& tx, const json& input) {
  std::string id = str(input, "IdentityStoreId");
  auto ids = sso_admin::identity_store_ids(ctx, tx);
  if (std::find(ids.begin(), ids.end(), id) == ids.end())
    // AWS's words, and its ResourceId even though the store id does not fit that member's
    // pattern.
    throw ApiError("ResourceNotFoundException",
                   "IdentityStore not present for IdentityStoreId: " + id,
                   {{"ResourceType", resource_type::kIdentityStore}, {"ResourceId", id}});
  return repo::Repository(tx, ctx.account, ctx.region, id);
}

void not_found(const char* type, const std::string& id) {
  json fields = {{"ResourceType", type}};
  if (!id.empty()) fields["ResourceId"] = id;
  throw ApiError("ResourceNotFoundException", std::string(type) + " not found.", fields);
}

void duplicate(const std::string& message) {
  throw ApiError("ConflictException", message, {{"Reason", "UNIQUENESS_CONSTRAINT_VIOLATION"}});
}

void invalid(const std::string& message) { throw ApiError("ValidationException", message); }

std::string new_resource_id() {
  // Ids of current stores look like f384e872-8021-70c4-796b-a1180c595771: 8 hex digits, then
  // x0x1, then 70xx, then 4 and 12 hex digits.
  std::string second = random_hex(4);
  second[1] = '0';
  second[3] = '1';
  return random_hex(8) + "-" + second + "-70" + random_hex(2) + "-" + random_hex(4) + "-" +
         random_hex(12);
}

repo::Audit created_now(const Context& ctx) {
  std::string by = "arn:aws:iam::" + ctx.account + ":root";
  return repo::Audit{ctx.now_seconds(), by, ctx.now_seconds(), by};
}

void touch(repo::Audit& audit, const Context& ctx) {
  audit.updated_at = ctx.now_seconds();
  audit.updated_by = "arn:aws:iam::" + ctx.account + ":root";
}

void put_audit(json& out, const repo::Audit& audit) {
  out["CreatedAt"] = audit.created_at;
  out["UpdatedAt"] = audit.updated_at.value_or(audit.created_at);
  if (audit.created_by) out["CreatedBy"] = *audit.created_by;
  if (audit.updated_by || audit.created_by)
    out["UpdatedBy"] = audit.updated_by ? *audit.updated_by : *audit.created_by;
}

json external_ids_json(const std::vector<repo::ExternalId>& ids) {
  json out = json::array();
  for (const auto& id : ids) out.push_back({{"Issuer", id.issuer}, {"Id", id.id}});
  return out;
}

std::string string_value(const json& value, const std::string& path) {
  if (!value.is_string() || value.get_ref<const std::string&>().empty())
    invalid("attribute value cannot be empty or null for attribute path " + path);
  return value.get<std::string>();
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

void reject_reserved_name(const std::string& name) {
  if (iequals(name, "Administrator") || iequals(name, "AWSAdministrators"))
    invalid(
        "Administrator and AWSAdministrators are reserved names and can't be used for users or "
        "groups.");
}

}  // namespace junction::handlers::identitystore
