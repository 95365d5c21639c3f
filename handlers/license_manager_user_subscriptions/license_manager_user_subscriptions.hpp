// License Manager User Subscriptions handlers, SPEC §5.
//
// An identity provider (the IdentityProvider union) is identified by its Active Directory's
// DirectoryId, never by its JSON text; one given without a DirectoryId is identified by its
// ActiveDirectorySettings.DomainName (a stable "sd-" id derived from it).
//
// Creating calls are idempotent: registering a registered (directory, product), associating an
// associated user or starting an active subscription returns what exists (botocore retries HTTP
// 500, this service's ConflictException included). Ending calls are not: a deregistered
// registration, a disassociated user and a stopped subscription are deleted by the call that ends
// them, whose answer carries the ended status and date; a repeat finds nothing
// (ResourceNotFoundException), as for something that never existed, so that code which revokes
// twice sees it.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "handlers/api.hpp"
#include "handlers/common/pagination.hpp"
#include "handlers/common/tags.hpp"
#include "storage/license_manager_user_subscriptions_repository.hpp"

namespace junction::handlers::lmus {

namespace repo = storage::lmus;

inline constexpr const char* kService = "license-manager-user-subscriptions";
inline constexpr tags::Quota kTagQuota{50, "ValidationException"};

constexpr std::int64_t kDefaultPageSize = 100;

// --- shared helpers (common.cpp) --------------------------------------------------------------

// The directory id that identifies `identity_provider` (an IdentityProvider union).
// Throws ValidationException when it has neither a DirectoryId nor a domain name.
std::string directory_id_of(const Context& ctx, const json& identity_provider);
// The union with its DirectoryId filled in (as stored and returned).
json canonical_identity_provider(const json& identity_provider, const std::string& directory_id);
// Throws ValidationException unless `product` is one of the products AWS documents.
void require_product(const std::string& product, const char* member = "product");

std::string arn(const Context& ctx, const std::string& resource_type, const std::string& id);
// ISO-8601 of now.
std::string now_iso(const Context& ctx);

// Filters (Attribute / Operation / Value) against the attributes a listing allows.
std::vector<repo::Condition> filters_from(
    const json& input, std::initializer_list<std::pair<const char*, repo::Field>> allowed);
// NextToken / MaxResults (MaxResults must be at least 1).
Page page_of(const json& input);
std::vector<tags::Tag> tags_from(const json& input);
// JSON text (as stored) to JSON; an empty object when the text does not parse.
json parse_stored(const std::string& text);

json provider_summary(const Context& ctx, const repo::IdentityProvider& p);
json instance_user_summary(const repo::UserAssociation& a);
json product_user_summary(const repo::ProductSubscription& s);

// Throws ResourceNotFoundException unless the directory is registered for some product.
void require_registered_directory(repo::Repository& r, const std::string& directory_id);

// --- operations ---------------------------------------------------------------------------------

json register_identity_provider(const Context&, const json&, storage::Tx&);
json list_identity_providers(const Context&, const json&, storage::Tx&);
json deregister_identity_provider(const Context&, const json&, storage::Tx&);
json update_identity_provider_settings(const Context&, const json&, storage::Tx&);

json list_instances(const Context&, const json&, storage::Tx&);

json associate_user(const Context&, const json&, storage::Tx&);
json disassociate_user(const Context&, const json&, storage::Tx&);
json list_user_associations(const Context&, const json&, storage::Tx&);

json start_product_subscription(const Context&, const json&, storage::Tx&);
json stop_product_subscription(const Context&, const json&, storage::Tx&);
json list_product_subscriptions(const Context&, const json&, storage::Tx&);

json create_license_server_endpoint(const Context&, const json&, storage::Tx&);
json list_license_server_endpoints(const Context&, const json&, storage::Tx&);
json delete_license_server_endpoint(const Context&, const json&, storage::Tx&);

json list_tags_for_resource(const Context&, const json&, storage::Tx&);
json tag_resource(const Context&, const json&, storage::Tx&);
json untag_resource(const Context&, const json&, storage::Tx&);

}  // namespace junction::handlers::lmus
