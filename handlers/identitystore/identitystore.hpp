// Identity Store handlers, SPEC §2a: users, groups, group memberships and the look-ups of ids by
// unique attribute or external id, in the identity stores of the caller's SSO instances.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "handlers/api.hpp"
#include "storage/identitystore_repository.hpp"

namespace junction::handlers::identitystore {

namespace repo = storage::identitystore;

inline constexpr std::int64_t kDefaultPageSize = 100;

// The only extension AWS supports (CreateUser, DescribeUser, ListUsers, UpdateUser).
inline constexpr const char* kEnterpriseExtension = "aws:identitystore:enterprise";

// ResourceNotFoundException's ResourceType.
namespace resource_type {
inline constexpr const char* kUser = "USER";
inline constexpr const char* kGroup = "GROUP";
inline constexpr const char* kMembership = "GROUP_MEMBERSHIP";
inline constexpr const char* kIdentityStore = "IDENTITY_STORE";
}  // namespace resource_type

// The repository of the input's IdentityStoreId. Throws ResourceNotFoundException (ResourceType
// IDENTITY_STORE) unless it names one of the caller's identity stores (one per SSO instance).
repo::Repository store_of(const Context& ctx, storage::Tx& tx, const json& input);

// ResourceNotFoundException with ResourceType (and ResourceId when `id` is not empty).
[[noreturn]] void not_found(const char* type, const std::string& id);
// ConflictException, Reason UNIQUENESS_CONSTRAINT_VIOLATION.
[[noreturn]] void duplicate(const std::string& message);
[[noreturn]] void invalid(const std::string& message);

// A new user, group or membership id, in the form Identity Store gives them today.
std::string new_resource_id();
// The audit members of a resource created or changed by the caller now.
repo::Audit created_now(const Context& ctx);
void touch(repo::Audit& audit, const Context& ctx);
// CreatedAt, CreatedBy, UpdatedAt, UpdatedBy.
void put_audit(json& out, const repo::Audit& audit);
json external_ids_json(const std::vector<repo::ExternalId>& ids);
// A document AttributeValue that must be a non-empty string.
std::string string_value(const json& value, const std::string& path);

// Attribute names and paths compare without regard to case (ASCII), as in SCIM.
bool iequals(std::string_view a, std::string_view b);

// Throws ValidationException for a user name or group display name AWS reserves.
void reject_reserved_name(const std::string& name);

// --- user attributes (user_attributes.cpp) ---------------------------------------------------
// A user's profile: a JSON object of the model's User members other than the ids, ExternalIds
// and the audit members (UserName, Name, DisplayName, Emails, ..., UserStatus, Extensions).

// The profile of a CreateUser input.
json profile_from_create(const json& input);
// Applies UpdateUser's Operations to a profile, as Identity Store applies them: attribute paths
// (`displayName`, `name.givenName`, `emails`, `aws:identitystore:enterprise.costCenter`, ...),
// compared without regard to case; a missing or null AttributeValue removes the attribute;
// multi-valued attributes (emails, addresses, ...) are replaced whole. Throws
// ValidationException for a path that is not an updatable attribute or a value the model's
// constraints refuse.
json apply_user_operations(json profile, const json& operations);
// Identity Center's rules for every user: a user name, a display name and a name with given
// and family names; no reserved user name; only the enterprise extension, as an object.
// Throws ValidationException.
void check_profile(const json& profile);
// The profile's members checked against the model's User shape (what the input validation
// cannot see inside document values). Throws ValidationException.
void validate_profile(const json& profile);

// The stored form of a profile, and back.
repo::User user_row(const std::string& user_id, const json& profile, const repo::Audit& audit);
json profile_of(const repo::User& u);
// The model's User: ids, profile, ExternalIds, audit; Extensions only those `requested` names.
json user_json(const std::string& store_id, const repo::User& u,
               const std::vector<repo::ExternalId>& external_ids,
               const std::vector<std::string>& requested_extensions);
// The Extensions member of DescribeUser/ListUsers input. Throws ValidationException for an
// extension AWS does not support.
std::vector<std::string> requested_extensions(const json& input);

json create_user(const Context&, const json&, storage::Tx&);
json describe_user(const Context&, const json&, storage::Tx&);
json update_user(const Context&, const json&, storage::Tx&);
json delete_user(const Context&, const json&, storage::Tx&);
json list_users(const Context&, const json&, storage::Tx&);

json create_group(const Context&, const json&, storage::Tx&);
json describe_group(const Context&, const json&, storage::Tx&);
json update_group(const Context&, const json&, storage::Tx&);
json delete_group(const Context&, const json&, storage::Tx&);
json list_groups(const Context&, const json&, storage::Tx&);

json create_group_membership(const Context&, const json&, storage::Tx&);
json describe_group_membership(const Context&, const json&, storage::Tx&);
json delete_group_membership(const Context&, const json&, storage::Tx&);
json list_group_memberships(const Context&, const json&, storage::Tx&);
json list_group_memberships_for_member(const Context&, const json&, storage::Tx&);
json get_group_membership_id(const Context&, const json&, storage::Tx&);
json is_member_in_groups(const Context&, const json&, storage::Tx&);

json get_user_id(const Context&, const json&, storage::Tx&);
json get_group_id(const Context&, const json&, storage::Tx&);

}  // namespace junction::handlers::identitystore
