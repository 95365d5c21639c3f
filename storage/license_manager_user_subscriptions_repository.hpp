// License Manager User Subscriptions' tables: registered identity providers, the seeded EC2
// instances, user associations and product subscriptions. One repository per call, bound
// to an account and region. JSON-valued members are JSON text, as stored.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "storage/database.hpp"

namespace junction::storage::lmus {

struct IdentityProvider {
  std::string arn;
  std::string directory_id;
  std::string product;
  std::string identity_provider;      // JSON text of the IdentityProvider union
  std::string settings;               // JSON text of the Settings structure
  std::string status = "REGISTERED";  // a deregistration deletes the row
  std::optional<std::string> failure_message;
  std::string registration_date;
  std::optional<std::string> deregistration_date;
};

struct Instance {
  std::string instance_id;
  std::string status = "AVAILABLE";
  std::string products = "[]";  // JSON text: an array of product names
  std::optional<std::string> last_status_check_date;
  std::optional<std::string> status_message;
  std::optional<std::string> directory_id;
};

struct UserAssociation {
  std::string instance_user_arn;
  std::string instance_id;
  std::string directory_id;
  std::string username;
  std::optional<std::string> domain;
  std::string identity_provider;  // JSON text of the IdentityProvider union
  std::string status = "ASSOCIATED";
  std::optional<std::string> status_message;
  std::string association_date;
  std::optional<std::string> disassociation_date;
};

struct ProductSubscription {
  std::string product_user_arn;
  std::string directory_id;
  std::string product;
  std::string username;
  std::optional<std::string> domain;
  std::string identity_provider;  // JSON text of the IdentityProvider union
  std::string status = "ACTIVE";
  std::optional<std::string> status_message;
  std::string subscription_start_date;
  std::optional<std::string> subscription_end_date;
};

// A network endpoint of a Remote Desktop Services license server, for one registration.
struct LicenseServerEndpoint {
  std::string arn;
  std::string id;
  std::string identity_provider_arn;
  std::string server_type;               // RDS_SAL
  std::string server_settings;           // JSON text of the ServerSettings union
  std::string license_server_addresses;  // JSON text: the IPv4 address of each license server
  std::string endpoint_address;          // ServerEndpoint.Endpoint
  double creation_time = 0;              // epoch seconds
  double provisioned_at = 0;             // epoch seconds: PROVISIONING until then
};

// A list filter: `field op value`, string comparison. A field a listing does not have is a
// programming error (std::logic_error).
enum class Field {
  kStatus,
  kUsername,
  kDomain,
  kInstanceId,
  kProduct,
  kDirectoryId,
  kIdentityProviderArn
};
enum class Op { kEq, kNeq, kContains, kGt, kGeq, kLt, kLeq };
struct Condition {
  Field field;
  Op op;
  std::string value;
};

class Repository {
 public:
  Repository(Tx& tx, std::string account, std::string region)
      : tx_(tx), account_(std::move(account)), region_(std::move(region)) {}

  // Identity providers, in any status. insert_* returns false when the (directory, product) pair
  // exists.
  bool insert_identity_provider(const IdentityProvider& p);
  std::optional<IdentityProvider> identity_provider(const std::string& arn);
  std::optional<IdentityProvider> identity_provider(const std::string& directory_id,
                                                    const std::string& product);
  // How many products the directory is registered for (DEREGISTERED rows do not count).
  std::int64_t registration_count(const std::string& directory_id);
  // All but DEREGISTERED rows.
  std::vector<IdentityProvider> identity_providers(const std::vector<Condition>& filters,
                                                   std::int64_t offset, std::int64_t limit);
  void update_settings(const std::string& arn, const std::string& settings);
  void delete_identity_provider(const std::string& arn);

  // Instances (seeded; put_instance inserts or replaces one).
  void put_instance(const Instance& i);
  std::optional<Instance> instance(const std::string& instance_id);
  std::vector<Instance> instances(const std::vector<Condition>& filters, std::int64_t offset,
                                  std::int64_t limit);

  // User associations; the unique key is (instance, directory, username).
  void insert_association(const UserAssociation& a);
  std::optional<UserAssociation> association(const std::string& instance_user_arn);
  std::optional<UserAssociation> association(const std::string& instance_id,
                                             const std::string& directory_id,
                                             const std::string& username);
  // ASSOCIATED rows, and those an injected outcome failed (not DISASSOCIATED ones).
  std::vector<UserAssociation> associations(const std::string& instance_id,
                                            const std::string& directory_id,
                                            const std::vector<Condition>& filters,
                                            std::int64_t offset, std::int64_t limit);
  // ASSOCIATED rows of the directory, on any instance.
  std::int64_t active_association_count(const std::string& directory_id);
  // ASSOCIATED rows of the user on instances that provide `product`.
  std::int64_t active_association_count(const std::string& directory_id,
                                        const std::string& username, const std::string& product);
  void delete_association(const std::string& instance_user_arn);

  // Product subscriptions; the unique key is (directory, product, username).
  void insert_subscription(const ProductSubscription& s);
  std::optional<ProductSubscription> subscription(const std::string& product_user_arn);
  std::optional<ProductSubscription> subscription(const std::string& directory_id,
                                                  const std::string& product,
                                                  const std::string& username);
  // ACTIVE rows, and those an injected outcome failed (not INACTIVE ones); `product` empty means
  // every product.
  std::vector<ProductSubscription> subscriptions(const std::string& directory_id,
                                                 const std::string& product,
                                                 const std::vector<Condition>& filters,
                                                 std::int64_t offset, std::int64_t limit);
  std::int64_t active_subscription_count(const std::string& directory_id,
                                         const std::string& product);
  void delete_subscription(const std::string& product_user_arn);

  // License server endpoints; one per (registration, server type).
  void insert_endpoint(const LicenseServerEndpoint& e);
  std::optional<LicenseServerEndpoint> endpoint(const std::string& arn);
  std::optional<LicenseServerEndpoint> endpoint(const std::string& identity_provider_arn,
                                                const std::string& server_type);
  // In the order they were created.
  std::vector<LicenseServerEndpoint> endpoints(const std::vector<Condition>& filters,
                                               std::int64_t offset, std::int64_t limit);
  std::int64_t endpoint_count(const std::string& identity_provider_arn);
  void delete_endpoint(const std::string& arn);

 private:
  Tx& tx_;
  std::string account_;
  std::string region_;
};

}  // namespace junction::storage::lmus
