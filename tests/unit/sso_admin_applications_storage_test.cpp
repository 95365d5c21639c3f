// SSO Admin's application and trusted token issuer repositories against an in-memory database.
#include <catch2/catch.hpp>

#include "storage/database.hpp"
#include "storage/sso_admin_applications_repository.hpp"
#include "storage/sso_admin_trusted_token_issuers_repository.hpp"

using namespace junction::storage;

namespace {

sso_admin::Application application(const std::string& arn, double created_at) {
  sso_admin::Application a;
  a.arn = arn;
  a.instance_arn = "inst";
  a.provider_arn = "provider";
  a.name = "app";
  a.status = "ENABLED";
  a.portal_visibility = "ENABLED";
  a.created_at = created_at;
  return a;
}

std::int64_t rows(Tx& tx, const char* table) {
  auto s = tx.query(std::string("SELECT COUNT(*) FROM ") + table);
  s.step();
  return s.integer(0);
}

}  // namespace

TEST_CASE("SSO Admin applications: what belongs to an application goes with it") {
  Database db("");
  db.write([](Tx& tx) {
    sso_admin::ApplicationRepository r(tx, "a", "r");
    r.insert_application(application("app1", 1.0));
    r.insert_application(application("app2", 2.0));
    CHECK(r.insert_assignment({"app1", "USER", "u1", "inst", 3.0}));
    CHECK_FALSE(r.insert_assignment({"app1", "USER", "u1", "inst", 4.0}));  // kept as it is
    CHECK(r.insert_assignment({"app2", "USER", "u1", "inst", 3.0}));
    r.put_access_scope("app1", {"sso:account:access", std::string("[\"app2\"]")});
    r.put_access_scope("app1", {"sso:account:access", std::nullopt});  // replaced
    CHECK_FALSE(r.access_scope("app1", "sso:account:access")->authorized_targets);
    r.put_authentication_method("app1", {"IAM", "{\"Iam\":{}}"});
    r.put_grant("app1", {"refresh_token", "{\"RefreshToken\":{}}"});
    r.put_grant("app1", {"refresh_token", "{\"RefreshToken\":{ }}"});
    CHECK(r.grants("app1").size() == 1);

    auto for_user =
        r.assignments_for_principal("inst", "USER", "u1", std::nullopt, std::nullopt, 0, 10);
    CHECK(for_user.size() == 2);
    CHECK(
        r.assignments_for_principal("inst", "USER", "u1", std::nullopt, std::string("app2"), 0, 10)
            .size() == 1);
    CHECK(r.applications("inst", std::nullopt, 1, 10).front().arn == "app2");  // creation order

    r.delete_application("app1");
    CHECK_FALSE(r.application("app1"));
    CHECK(rows(tx, "sso_application_assignments") == 1);
    CHECK(rows(tx, "sso_application_access_scopes") == 0);
    CHECK(rows(tx, "sso_application_authentication_methods") == 0);
    CHECK(rows(tx, "sso_application_grants") == 0);
  });
  CHECK_FALSE(db.read(
      [](Tx& tx) { return sso_admin::ApplicationRepository(tx, "b", "r").application("app2"); }));
}

TEST_CASE("SSO Admin applications: a client token finds the application it created") {
  Database db("");
  db.write([](Tx& tx) {
    sso_admin::ApplicationRepository r(tx, "a", "r");
    auto a = application("app1", 1.0);
    a.client_token = "t1";
    a.request_digest = "d1";
    r.insert_application(a);
    r.insert_application(application("app2", 2.0));  // no token: never found by one
    auto found = r.application_by_client_token("inst", "t1");
    REQUIRE(found);
    CHECK(found->arn == "app1");
    CHECK(found->request_digest == std::optional<std::string>("d1"));
    CHECK_FALSE(r.application_by_client_token("other-instance", "t1"));
  });
}

TEST_CASE("SSO Admin trusted token issuers: names and issuer URLs per instance") {
  Database db("");
  db.write([](Tx& tx) {
    sso_admin::TrustedTokenIssuerRepository r(tx, "a", "r");
    sso_admin::TrustedTokenIssuer t{"tti1",
                                    "inst",
                                    "okta",
                                    "OIDC_JWT",
                                    "https://okta",
                                    "email",
                                    "emails.value",
                                    "OPEN_ID_DISCOVERY",
                                    1.0,
                                    std::nullopt,
                                    std::nullopt};
    r.insert(t);
    CHECK(r.name_taken("inst", "okta"));
    CHECK_FALSE(r.name_taken("inst", "okta", "tti1"));  // its own name
    CHECK_FALSE(r.name_taken("other-instance", "okta"));
    CHECK(r.issuer_url_taken("inst", "https://okta"));
    t.name = "renamed";
    t.claim_attribute_path = "sub";
    t.issuer_url = "https://moved";  // not a column an update changes
    r.update(t);
    auto found = r.find("tti1");
    REQUIRE(found);
    CHECK(found->name == "renamed");
    CHECK(found->claim_attribute_path == "sub");
    CHECK(found->issuer_url == "https://okta");
    r.remove("tti1");
    CHECK(r.list("inst", 0, 10).empty());
  });
}
