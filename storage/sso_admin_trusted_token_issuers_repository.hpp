// SSO Admin's trusted token issuers. One repository per call, bound to an account and region.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "storage/database.hpp"

namespace junction::storage::sso_admin {

struct TrustedTokenIssuer {
  std::string arn;
  std::string instance_arn;
  std::string name;
  std::string type;
  // OidcJwtConfiguration
  std::string issuer_url;
  std::string claim_attribute_path;
  std::string identity_store_attribute_path;
  std::string jwks_retrieval_option;
  double created_at = 0;
  std::optional<std::string> client_token;
  std::optional<std::string> request_digest;
};

class TrustedTokenIssuerRepository {
 public:
  TrustedTokenIssuerRepository(Tx& tx, std::string account, std::string region)
      : tx_(tx), account_(std::move(account)), region_(std::move(region)) {}

  void insert(const TrustedTokenIssuer& t);
  std::optional<TrustedTokenIssuer> find(const std::string& arn);
  std::optional<TrustedTokenIssuer> by_client_token(const std::string& instance_arn,
                                                    const std::string& client_token);
  // Another issuer of the instance that already has this name, or this issuer URL.
  bool name_taken(const std::string& instance_arn, const std::string& name,
                  const std::string& except_arn = {});
  bool issuer_url_taken(const std::string& instance_arn, const std::string& issuer_url);
  // A page of the instance's issuers in creation order.
  std::vector<TrustedTokenIssuer> list(const std::string& instance_arn, std::int64_t offset,
                                       std::int64_t limit);
  void update(const TrustedTokenIssuer& t);
  void remove(const std::string& arn);
  // Removes every issuer of the instance (it is being deleted); returns their ARNs.
  std::vector<std::string> remove_all_of(const std::string& instance_arn);

 private:
  Tx& tx_;
  std::string account_;
  std::string region_;
};

}  // namespace junction::storage::sso_admin
