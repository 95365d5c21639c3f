#include "storage/sso_admin_trusted_token_issuers_repository.hpp"

namespace junction::storage::sso_admin {

namespace {

constexpr const char* kColumns =
    "arn, instance_arn, name, issuer_type, issuer_url, claim_attribute_path,"
    " identity_store_attribute_path, jwks_retrieval_option, created_at, client_token,"
    " request_digest";

TrustedTokenIssuer read_issuer(const Statement& s) {
  return TrustedTokenIssuer{s.text(0), s.text(1),          s.text(2),          s.text(3),
                            s.text(4), s.text(5),          s.text(6),          s.text(7),
                            s.real(8), s.optional_text(9), s.optional_text(10)};
}

}  // namespace

void TrustedTokenIssuerRepository::insert(const TrustedTokenIssuer& t) {
  tx_.exec(
      "INSERT INTO sso_trusted_token_issuers (account, region, arn, instance_arn, name,"
      " issuer_type, issuer_url, claim_attribute_path, identity_store_attribute_path,"
      " jwks_retrieval_option, created_at, client_token, request_digest)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
      account_, region_, t.arn, t.instance_arn, t.name, t.type, t.issuer_url,
      t.claim_attribute_path, t.identity_store_attribute_path, t.jwks_retrieval_option,
      t.created_at, t.client_token, t.request_digest);
}

std::optional<TrustedTokenIssuer> TrustedTokenIssuerRepository::find(const std::string& arn) {
  auto s = tx_.query(std::string("SELECT ") + kColumns +
                         " FROM sso_trusted_token_issuers WHERE account = ?1 AND region = ?2"
                         " AND arn = ?3",
                     account_, region_, arn);
  if (!s.step()) return std::nullopt;
  return read_issuer(s);
}

std::optional<TrustedTokenIssuer> TrustedTokenIssuerRepository::by_client_token(
    const std::string& instance_arn, const std::string& client_token) {
  auto s = tx_.query(std::string("SELECT ") + kColumns +
                         " FROM sso_trusted_token_issuers WHERE account = ?1 AND region = ?2"
                         " AND instance_arn = ?3 AND client_token = ?4",
                     account_, region_, instance_arn, client_token);
  if (!s.step()) return std::nullopt;
  return read_issuer(s);
}

bool TrustedTokenIssuerRepository::name_taken(const std::string& instance_arn,
                                              const std::string& name,
                                              const std::string& except_arn) {
  return tx_
      .query(
          "SELECT 1 FROM sso_trusted_token_issuers WHERE account = ?1 AND region = ?2"
          " AND instance_arn = ?3 AND name = ?4 AND arn != ?5",
          account_, region_, instance_arn, name, except_arn)
      .step();
}

bool TrustedTokenIssuerRepository::issuer_url_taken(const std::string& instance_arn,
                                                    const std::string& issuer_url) {
  return tx_
      .query(
          "SELECT 1 FROM sso_trusted_token_issuers WHERE account = ?1 AND region = ?2"
          " AND instance_arn = ?3 AND issuer_url = ?4",
          account_, region_, instance_arn, issuer_url)
      .step();
}

std::vector<TrustedTokenIssuer> TrustedTokenIssuerRepository::list(const std::string& instance_arn,
                                                                   std::int64_t offset,
                                                                   std::int64_t limit) {
  auto s = tx_.query(std::string("SELECT ") + kColumns +
                         " FROM sso_trusted_token_issuers WHERE account = ?1 AND region = ?2"
                         " AND instance_arn = ?3 ORDER BY created_at, arn LIMIT ?4 OFFSET ?5",
                     account_, region_, instance_arn, limit, offset);
  std::vector<TrustedTokenIssuer> out;
  while (s.step()) out.push_back(read_issuer(s));
  return out;
}

void TrustedTokenIssuerRepository::update(const TrustedTokenIssuer& t) {
  tx_.exec(
      "UPDATE sso_trusted_token_issuers SET name = ?4, claim_attribute_path = ?5,"
      " identity_store_attribute_path = ?6, jwks_retrieval_option = ?7"
      " WHERE account = ?1 AND region = ?2 AND arn = ?3",
      account_, region_, t.arn, t.name, t.claim_attribute_path, t.identity_store_attribute_path,
      t.jwks_retrieval_option);
}

void TrustedTokenIssuerRepository::remove(const std::string& arn) {
  tx_.exec("DELETE FROM sso_trusted_token_issuers WHERE account = ?1 AND region = ?2 AND arn = ?3",
           account_, region_, arn);
}

std::vector<std::string> TrustedTokenIssuerRepository::remove_all_of(
    const std::string& instance_arn) {
  auto s = tx_.query(
      "DELETE FROM sso_trusted_token_issuers WHERE account = ?1 AND region = ?2"
      " AND instance_arn = ?3 RETURNING arn",
      account_, region_, instance_arn);
  std::vector<std::string> arns;
  while (s.step()) arns.push_back(s.text(0));
  return arns;
}

}  // namespace junction::storage::sso_admin
