#include "storage/license_manager_user_subscriptions_repository.hpp"

#include <stdexcept>

namespace junction::storage::lmus {

namespace {

// The column a filter field reads in one table; nullptr when the table has no such field.
using ColumnOf = const char* (*)(Field);

const char* provider_column(Field f) {
  switch (f) {
    case Field::kProduct:
      return "product";
    case Field::kDirectoryId:
      return "directory_id";
    case Field::kStatus:
      return "status";
    default:
      return nullptr;
  }
}

const char* instance_column(Field f) {
  switch (f) {
    case Field::kStatus:
      return "status";
    case Field::kInstanceId:
      return "instance_id";
    case Field::kDirectoryId:
      return "directory_id";
    default:
      return nullptr;
  }
}

const char* association_column(Field f) {
  switch (f) {
    case Field::kStatus:
      return "status";
    case Field::kUsername:
      return "username";
    case Field::kDomain:
      return "domain";
    case Field::kInstanceId:
      return "instance_id";
    default:
      return nullptr;
  }
}

const char* subscription_column(Field f) {
  switch (f) {
    case Field::kStatus:
      return "status";
    case Field::kUsername:
      return "username";
    case Field::kDomain:
      return "domain";
    case Field::kProduct:
      return "product";
    default:
      return nullptr;
  }
}

const char* endpoint_column(Field f) {
  return f == Field::kIdentityProviderArn ? "identity_provider_arn" : nullptr;
}

// " AND <condition>" per filter, their values bound from ?first on.
std::string conditions_sql(const std::vector<Condition>& filters, ColumnOf column_of, int first) {
  std::string sql;
  int index = first;
  for (const auto& c : filters) {
    const char* column = column_of(c.field);
    if (!column) throw std::logic_error("filter field not available in this listing");
    std::string p = "?";
    p += std::to_string(index++);
    const char* op = nullptr;
    switch (c.op) {
      case Op::kEq:
        op = " = ";
        break;
      case Op::kNeq:
        sql.append(" AND (").append(column).append(" IS NULL OR ").append(column);
        sql.append(" <> ").append(p).append(")");
        continue;
      case Op::kContains:
        sql.append(" AND instr(").append(column).append(", ").append(p).append(") > 0");
        continue;
      case Op::kGt:
        op = " > ";
        break;
      case Op::kGeq:
        op = " >= ";
        break;
      case Op::kLt:
        op = " < ";
        break;
      case Op::kLeq:
        op = " <= ";
        break;
    }
    sql.append(" AND ").append(column).append(op).append(p);
  }
  return sql;
}

void bind_conditions(Statement& s, const std::vector<Condition>& filters, int first) {
  int index = first;
  for (const auto& c : filters) s.bind(index++, c.value);
}

constexpr const char* kProviderColumns =
    "identity_provider_arn, directory_id, product, identity_provider, settings, status,"
    " failure_message, registration_date, deregistration_date";

IdentityProvider read_provider(const Statement& s) {
  return IdentityProvider{s.text(0), s.text(1),          s.text(2), s.text(3),         s.text(4),
                          s.text(5), s.optional_text(6), s.text(7), s.optional_text(8)};
}

constexpr const char* kInstanceColumns =
    "instance_id, status, products, last_status_check_date, status_message, directory_id";

Instance read_instance(const Statement& s) {
  return Instance{s.text(0),          s.text(1),          s.text(2),
                  s.optional_text(3), s.optional_text(4), s.optional_text(5)};
}

constexpr const char* kAssociationColumns =
    "instance_user_arn, instance_id, directory_id, username, domain, identity_provider, status,"
    " status_message, association_date, disassociation_date";

UserAssociation read_association(const Statement& s) {
  return UserAssociation{s.text(0), s.text(1), s.text(2),          s.text(3), s.optional_text(4),
                         s.text(5), s.text(6), s.optional_text(7), s.text(8), s.optional_text(9)};
}

constexpr const char* kSubscriptionColumns =
    "product_user_arn, directory_id, product, username, domain, identity_provider, status,"
    " status_message, subscription_start_date, subscription_end_date";

ProductSubscription read_subscription(const Statement& s) {
  return ProductSubscription{s.text(0),          s.text(1),         s.text(2), s.text(3),
                             s.optional_text(4), s.text(5),         s.text(6), s.optional_text(7),
                             s.text(8),          s.optional_text(9)};
}

constexpr const char* kEndpointColumns =
    "license_server_endpoint_arn, license_server_endpoint_id, identity_provider_arn, server_type,"
    " server_settings, license_server_addresses, endpoint_address, creation_time, provisioned_at";

LicenseServerEndpoint read_endpoint(const Statement& s) {
  return LicenseServerEndpoint{s.text(0), s.text(1), s.text(2), s.text(3), s.text(4),
                               s.text(5), s.text(6), s.real(7), s.real(8)};
}

std::int64_t count(Statement s) {
  s.step();
  return s.integer(0);
}

}  // namespace

// --- identity providers ---------------------------------------------------------------------

bool Repository::insert_identity_provider(const IdentityProvider& p) {
  return tx_.exec(
             "INSERT OR IGNORE INTO lmus_identity_providers (account, region,"
             " identity_provider_arn, directory_id, product, identity_provider, settings, status,"
             " failure_message, registration_date, deregistration_date)"
             " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
             account_, region_, p.arn, p.directory_id, p.product, p.identity_provider, p.settings,
             p.status, p.failure_message, p.registration_date, p.deregistration_date) == 1;
}

std::optional<IdentityProvider> Repository::identity_provider(const std::string& arn) {
  auto s = tx_.query(std::string("SELECT ") + kProviderColumns +
                         " FROM lmus_identity_providers WHERE account = ?1 AND region = ?2"
                         " AND identity_provider_arn = ?3",
                     account_, region_, arn);
  if (!s.step()) return std::nullopt;
  return read_provider(s);
}

std::optional<IdentityProvider> Repository::identity_provider(const std::string& directory_id,
                                                              const std::string& product) {
  auto s = tx_.query(std::string("SELECT ") + kProviderColumns +
                         " FROM lmus_identity_providers WHERE account = ?1 AND region = ?2"
                         " AND directory_id = ?3 AND product = ?4",
                     account_, region_, directory_id, product);
  if (!s.step()) return std::nullopt;
  return read_provider(s);
}

std::int64_t Repository::registration_count(const std::string& directory_id) {
  return count(
      tx_.query("SELECT COUNT(*) FROM lmus_identity_providers WHERE account = ?1 AND region = ?2"
                " AND directory_id = ?3 AND status <> 'DEREGISTERED'",
                account_, region_, directory_id));
}

std::vector<IdentityProvider> Repository::identity_providers(const std::vector<Condition>& filters,
                                                             std::int64_t offset,
                                                             std::int64_t limit) {
  auto s = tx_.query(std::string("SELECT ") + kProviderColumns +
                         " FROM lmus_identity_providers WHERE account = ?1 AND region = ?2"
                         " AND status <> 'DEREGISTERED'" +
                         conditions_sql(filters, provider_column, 5) +
                         " ORDER BY directory_id, product LIMIT ?3 OFFSET ?4",
                     account_, region_, limit, offset);
  bind_conditions(s, filters, 5);
  std::vector<IdentityProvider> out;
  while (s.step()) out.push_back(read_provider(s));
  return out;
}

void Repository::update_settings(const std::string& arn, const std::string& settings) {
  tx_.exec(
      "UPDATE lmus_identity_providers SET settings = ?4 WHERE account = ?1 AND region = ?2"
      " AND identity_provider_arn = ?3",
      account_, region_, arn, settings);
}

void Repository::delete_identity_provider(const std::string& arn) {
  tx_.exec(
      "DELETE FROM lmus_identity_providers WHERE account = ?1 AND region = ?2"
      " AND identity_provider_arn = ?3",
      account_, region_, arn);
}

// --- instances ------------------------------------------------------------------------------

void Repository::put_instance(const Instance& i) {
  tx_.exec(
      "INSERT INTO lmus_instances (account, region, instance_id, status, products,"
      " last_status_check_date, status_message, directory_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7,"
      " ?8) ON CONFLICT (account, region, instance_id) DO UPDATE SET status = excluded.status,"
      " products = excluded.products, last_status_check_date = excluded.last_status_check_date,"
      " status_message = excluded.status_message, directory_id = excluded.directory_id",
      account_, region_, i.instance_id, i.status, i.products, i.last_status_check_date,
      i.status_message, i.directory_id);
}

std::optional<Instance> Repository::instance(const std::string& instance_id) {
  auto s = tx_.query(std::string("SELECT ") + kInstanceColumns +
                         " FROM lmus_instances WHERE account = ?1 AND region = ?2"
                         " AND instance_id = ?3",
                     account_, region_, instance_id);
  if (!s.step()) return std::nullopt;
  return read_instance(s);
}

std::vector<Instance> Repository::instances(const std::vector<Condition>& filters,
                                            std::int64_t offset, std::int64_t limit) {
  auto s = tx_.query(std::string("SELECT ") + kInstanceColumns +
                         " FROM lmus_instances WHERE account = ?1 AND region = ?2" +
                         conditions_sql(filters, instance_column, 5) +
                         " ORDER BY instance_id LIMIT ?3 OFFSET ?4",
                     account_, region_, limit, offset);
  bind_conditions(s, filters, 5);
  std::vector<Instance> out;
  while (s.step()) out.push_back(read_instance(s));
  return out;
}

// --- user associations ----------------------------------------------------------------------

void Repository::insert_association(const UserAssociation& a) {
  tx_.exec(
      "INSERT INTO lmus_user_associations (account, region, instance_user_arn, instance_id,"
      " directory_id, username, domain, identity_provider, status, status_message,"
      " association_date, disassociation_date)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
      account_, region_, a.instance_user_arn, a.instance_id, a.directory_id, a.username, a.domain,
      a.identity_provider, a.status, a.status_message, a.association_date, a.disassociation_date);
}

std::optional<UserAssociation> Repository::association(const std::string& instance_user_arn) {
  auto s = tx_.query(std::string("SELECT ") + kAssociationColumns +
                         " FROM lmus_user_associations WHERE account = ?1 AND region = ?2"
                         " AND instance_user_arn = ?3",
                     account_, region_, instance_user_arn);
  if (!s.step()) return std::nullopt;
  return read_association(s);
}

std::optional<UserAssociation> Repository::association(const std::string& instance_id,
                                                       const std::string& directory_id,
                                                       const std::string& username) {
  auto s = tx_.query(std::string("SELECT ") + kAssociationColumns +
                         " FROM lmus_user_associations WHERE account = ?1 AND region = ?2"
                         " AND instance_id = ?3 AND directory_id = ?4 AND username = ?5",
                     account_, region_, instance_id, directory_id, username);
  if (!s.step()) return std::nullopt;
  return read_association(s);
}

std::vector<UserAssociation> Repository::associations(const std::string& instance_id,
                                                      const std::string& directory_id,
                                                      const std::vector<Condition>& filters,
                                                      std::int64_t offset, std::int64_t limit) {
  auto s = tx_.query(std::string("SELECT ") + kAssociationColumns +
                         " FROM lmus_user_associations WHERE account = ?1 AND region = ?2"
                         " AND instance_id = ?3 AND directory_id = ?4"
                         " AND status <> 'DISASSOCIATED'" +
                         conditions_sql(filters, association_column, 7) +
                         " ORDER BY username, instance_user_arn LIMIT ?5 OFFSET ?6",
                     account_, region_, instance_id, directory_id, limit, offset);
  bind_conditions(s, filters, 7);
  std::vector<UserAssociation> out;
  while (s.step()) out.push_back(read_association(s));
  return out;
}

std::int64_t Repository::active_association_count(const std::string& directory_id) {
  return count(
      tx_.query("SELECT COUNT(*) FROM lmus_user_associations WHERE account = ?1 AND region = ?2"
                " AND directory_id = ?3 AND status = 'ASSOCIATED'",
                account_, region_, directory_id));
}

std::int64_t Repository::active_association_count(const std::string& directory_id,
                                                  const std::string& username,
                                                  const std::string& product) {
  return count(tx_.query(
      "SELECT COUNT(*) FROM lmus_user_associations a JOIN lmus_instances i"
      " ON i.account = a.account AND i.region = a.region AND i.instance_id = a.instance_id"
      " WHERE a.account = ?1 AND a.region = ?2 AND a.directory_id = ?3 AND a.username = ?4"
      " AND a.status = 'ASSOCIATED'"
      " AND EXISTS (SELECT 1 FROM json_each(i.products) WHERE json_each.value = ?5)",
      account_, region_, directory_id, username, product));
}

void Repository::delete_association(const std::string& instance_user_arn) {
  tx_.exec(
      "DELETE FROM lmus_user_associations WHERE account = ?1 AND region = ?2"
      " AND instance_user_arn = ?3",
      account_, region_, instance_user_arn);
}

// --- product subscriptions ------------------------------------------------------------------

void Repository::insert_subscription(const ProductSubscription& p) {
  tx_.exec(
      "INSERT INTO lmus_product_subscriptions (account, region, product_user_arn, directory_id,"
      " product, username, domain, identity_provider, status, status_message,"
      " subscription_start_date, subscription_end_date)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
      account_, region_, p.product_user_arn, p.directory_id, p.product, p.username, p.domain,
      p.identity_provider, p.status, p.status_message, p.subscription_start_date,
      p.subscription_end_date);
}

std::optional<ProductSubscription> Repository::subscription(const std::string& product_user_arn) {
  auto s = tx_.query(std::string("SELECT ") + kSubscriptionColumns +
                         " FROM lmus_product_subscriptions WHERE account = ?1 AND region = ?2"
                         " AND product_user_arn = ?3",
                     account_, region_, product_user_arn);
  if (!s.step()) return std::nullopt;
  return read_subscription(s);
}

std::optional<ProductSubscription> Repository::subscription(const std::string& directory_id,
                                                            const std::string& product,
                                                            const std::string& username) {
  auto s = tx_.query(std::string("SELECT ") + kSubscriptionColumns +
                         " FROM lmus_product_subscriptions WHERE account = ?1 AND region = ?2"
                         " AND directory_id = ?3 AND product = ?4 AND username = ?5",
                     account_, region_, directory_id, product, username);
  if (!s.step()) return std::nullopt;
  return read_subscription(s);
}

std::vector<ProductSubscription> Repository::subscriptions(const std::string& directory_id,
                                                           const std::string& product,
                                                           const std::vector<Condition>& filters,
                                                           std::int64_t offset,
                                                           std::int64_t limit) {
  auto s = tx_.query(std::string("SELECT ") + kSubscriptionColumns +
                         " FROM lmus_product_subscriptions WHERE account = ?1 AND region = ?2"
                         " AND directory_id = ?3 AND (?4 = '' OR product = ?4)"
                         " AND status <> 'INACTIVE'" +
                         conditions_sql(filters, subscription_column, 7) +
                         " ORDER BY product, username, product_user_arn LIMIT ?5 OFFSET ?6",
                     account_, region_, directory_id, product, limit, offset);
  bind_conditions(s, filters, 7);
  std::vector<ProductSubscription> out;
  while (s.step()) out.push_back(read_subscription(s));
  return out;
}

std::int64_t Repository::active_subscription_count(const std::string& directory_id,
                                                   const std::string& product) {
  return count(
      tx_.query("SELECT COUNT(*) FROM lmus_product_subscriptions WHERE account = ?1 AND region = ?2"
                " AND directory_id = ?3 AND product = ?4 AND status = 'ACTIVE'",
                account_, region_, directory_id, product));
}

void Repository::delete_subscription(const std::string& product_user_arn) {
  tx_.exec(
      "DELETE FROM lmus_product_subscriptions WHERE account = ?1 AND region = ?2"
      " AND product_user_arn = ?3",
      account_, region_, product_user_arn);
}

// --- license server endpoints ---------------------------------------------------------------

void Repository::insert_endpoint(const LicenseServerEndpoint& e) {
  tx_.exec(
      "INSERT INTO lmus_license_server_endpoints (account, region, license_server_endpoint_arn,"
      " license_server_endpoint_id, identity_provider_arn, server_type, server_settings,"
      " license_server_addresses, endpoint_address, creation_time, provisioned_at)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
      account_, region_, e.arn, e.id, e.identity_provider_arn, e.server_type, e.server_settings,
      e.license_server_addresses, e.endpoint_address, e.creation_time, e.provisioned_at);
}

std::optional<LicenseServerEndpoint> Repository::endpoint(const std::string& arn) {
  auto s = tx_.query(std::string("SELECT ") + kEndpointColumns +
                         " FROM lmus_license_server_endpoints WHERE account = ?1 AND region = ?2"
                         " AND license_server_endpoint_arn = ?3",
                     account_, region_, arn);
  if (!s.step()) return std::nullopt;
  return read_endpoint(s);
}

std::optional<LicenseServerEndpoint> Repository::endpoint(const std::string& identity_provider_arn,
                                                          const std::string& server_type) {
  auto s = tx_.query(std::string("SELECT ") + kEndpointColumns +
                         " FROM lmus_license_server_endpoints WHERE account = ?1 AND region = ?2"
                         " AND identity_provider_arn = ?3 AND server_type = ?4",
                     account_, region_, identity_provider_arn, server_type);
  if (!s.step()) return std::nullopt;
  return read_endpoint(s);
}

std::vector<LicenseServerEndpoint> Repository::endpoints(const std::vector<Condition>& filters,
                                                         std::int64_t offset, std::int64_t limit) {
  auto s = tx_.query(std::string("SELECT ") + kEndpointColumns +
                         " FROM lmus_license_server_endpoints WHERE account = ?1 AND region = ?2" +
                         conditions_sql(filters, endpoint_column, 5) +
                         " ORDER BY creation_time, license_server_endpoint_arn LIMIT ?3 OFFSET ?4",
                     account_, region_, limit, offset);
  bind_conditions(s, filters, 5);
  std::vector<LicenseServerEndpoint> out;
  while (s.step()) out.push_back(read_endpoint(s));
  return out;
}

std::int64_t Repository::endpoint_count(const std::string& identity_provider_arn) {
  return count(tx_.query(
      "SELECT COUNT(*) FROM lmus_license_server_endpoints WHERE account = ?1 AND region = ?2"
      " AND identity_provider_arn = ?3",
      account_, region_, identity_provider_arn));
}

void Repository::delete_endpoint(const std::string& arn) {
  tx_.exec(
      "DELETE FROM lmus_license_server_endpoints WHERE account = ?1 AND region = ?2"
      " AND license_server_endpoint_arn = ?3",
      account_, region_, arn);
}

}  // namespace junction::storage::lmus
