// Identity Store: UpdateUser's attribute paths, Identity Center's rules for users, the
// repository's uniqueness and look-ups, and the store check of the handlers.
#include "handlers/identitystore/identitystore.hpp"

#include <catch2/catch.hpp>

#include "handlers/sso_admin/sso_admin.hpp"
#include "storage/identitystore_repository.hpp"

namespace {

using junction::ApiError;
using junction::handlers::Context;
using junction::handlers::Settings;
using junction::storage::Database;
using junction::storage::Tx;
using nlohmann::json;
namespace is = junction::handlers::identitystore;
namespace repo = junction::storage::identitystore;

json base_profile() {
  return {{"UserName", "ana"},
          {"DisplayName", "Ana Silva"},
          {"Name", {{"GivenName", "Ana"}, {"FamilyName", "Silva"}}},
          {"NickName", "Ana"},
          {"Emails", json::array({{{"Value", "ana@example.com"}, {"Primary", true}}})},
          {"UserStatus", "ENABLED"}};
}

json op(const std::string& path, json value) {
  return {{"AttributePath", path}, {"AttributeValue", std::move(value)}};
}
json removal(const std::string& path) { return {{"AttributePath", path}}; }

// The ValidationException message of `fn`, or "" when it succeeds.
template <class F>
std::string validation_error(F fn) {
  try {
    fn();
  } catch (const ApiError& e) {
    REQUIRE(e.type == "ValidationException");
    return e.message;
  }
  return "";
}

repo::Audit at(double t) { return repo::Audit{t, std::nullopt, std::nullopt, std::nullopt}; }

json apply(json operations) { return is::apply_user_operations(base_profile(), operations); }

}  // namespace

TEST_CASE("UpdateUser sets and removes simple and structured attributes by path") {
  json p = apply(
      json::array({op("name.givenName", "Anna"), op("DISPLAYNAME", "Anna S"), removal("nickName"),
                   op("title", "Engineer"), op("name.middleName", "M")}));
  CHECK(p["Name"] == json{{"GivenName", "Anna"}, {"FamilyName", "Silva"}, {"MiddleName", "M"}});
  CHECK(p["DisplayName"] == "Anna S");
  CHECK_FALSE(p.contains("NickName"));
  CHECK(p["Title"] == "Engineer");
  // A null value removes as a missing one does; a structure left empty goes.
  p = is::apply_user_operations(
      p, json::array({op("name.givenName", nullptr), removal("name.familyName"),
                      removal("name.middleName")}));
  CHECK_FALSE(p.contains("Name"));
}

TEST_CASE("UpdateUser replaces multi-valued attributes whole, in the model's member names") {
  json p = apply(
      json::array({op("emails", json::array({{{"value", "new@example.com"}, {"TYPE", "work"}}})),
                   op("phoneNumbers", json::array({{{"value", "+1 555"}, {"primary", true}}}))}));
  CHECK(p["Emails"] == json::array({{{"Value", "new@example.com"}, {"Type", "work"}}}));
  CHECK(p["PhoneNumbers"] == json::array({{{"Value", "+1 555"}, {"Primary", true}}}));
  CHECK(validation_error([] {
          apply(json::array({op("emails.value", "x@example.com")}));
        }).find("Unsupported update operation on multi-value attribute emails") == 0);
  CHECK(validation_error([] {
          apply(json::array({op("emails", json::array({{{"value", "a"}, {"colour", "red"}}}))}));
        }).find("colour") != std::string::npos);
  CHECK(validation_error([] {
          apply(json::array({op("emails", json::array({{{"value", nullptr}}}))}));
        }) != "");
}

TEST_CASE("UpdateUser refuses paths that are not updatable attributes") {
  for (const char* path :
       {"userId", "identityStoreId", "externalIds", "userStatus", "createdAt", "extensions",
        "colour", "name.colour", "name.givenName.more", "title.more"}) {
    INFO(path);
    CHECK(validation_error([&] { apply(json::array({op(path, "x")})); }).find(path) !=
          std::string::npos);
  }
}

TEST_CASE("UpdateUser edits the enterprise extension by path") {
  json p = apply(json::array({op("aws:identitystore:enterprise.costCenter", "42"),
                              op("aws:identitystore:enterprise.manager.value", "m-1")}));
  CHECK(p["Extensions"] ==
        json{{is::kEnterpriseExtension, {{"costCenter", "42"}, {"manager", {{"value", "m-1"}}}}}});
  p = is::apply_user_operations(p, json::array({removal("aws:identitystore:enterprise.costCenter"),
                                                removal("aws:identitystore:enterprise.manager")}));
  CHECK_FALSE(p.contains("Extensions"));
  CHECK(validation_error([] {
          apply(json::array({op("aws:identitystore:other.x", "y")}));
        }).find("not supported") != std::string::npos);
  CHECK(validation_error([] {
          apply(json::array({op("aws:identitystore:enterprise", "flat")}));
        }).find("object") != std::string::npos);
}

TEST_CASE("Identity Center requires a user name, a display name and a full name") {
  CHECK(validation_error([] { is::check_profile(base_profile()); }) == "");
  json p = base_profile();
  p.erase("UserName");
  CHECK(validation_error([&] { is::check_profile(p); }) == "userName is a required attribute");
  p = base_profile();
  p.erase("DisplayName");
  p["Name"].erase("FamilyName");
  CHECK(validation_error([&] { is::check_profile(p); }) ==
        "displayname: The attribute displayname is required, familyname: The attribute "
        "familyname is required");
  p = base_profile();
  p["UserName"] = "ADMINISTRATOR";
  CHECK(validation_error([&] { is::check_profile(p); }).find("reserved") != std::string::npos);
}

TEST_CASE("A profile is checked against the model's User shape") {
  CHECK(validation_error([] { is::validate_profile(base_profile()); }) == "");
  json p = base_profile();
  p["Title"] = "";
  CHECK(validation_error([&] {
          is::validate_profile(p);
        }).find("at 'title' failed to satisfy constraint") != std::string::npos);
  p = base_profile();
  p["Emails"].push_back({{"Value", "second@example.com"}});
  CHECK(validation_error([&] { is::validate_profile(p); })
            .find("at 'emails' failed to satisfy constraint: Member must have length less than "
                  "or equal to 1") != std::string::npos);
  p = base_profile();
  p["Title"] = 7;  // a document value of the wrong type
  CHECK(validation_error([&] { is::validate_profile(p); }) != "");
}

TEST_CASE("A profile survives its stored form") {
  json p = base_profile();
  p["Extensions"] = {{is::kEnterpriseExtension, {{"division", "R&D"}}}};
  repo::User row = is::user_row("u-1", p, repo::Audit{1.0, "me", 2.0, "you"});
  CHECK(row.user_name == "ana");
  CHECK(row.display_name == "Ana Silva");
  CHECK(json::parse(row.attributes).count("UserName") == 0);
  CHECK(is::profile_of(row) == p);
  json out = is::user_json("d-0123456789", row, {{"issuer", "e-1"}}, {});
  CHECK(out["UserId"] == "u-1");
  CHECK_FALSE(out.contains("Extensions"));
  CHECK(out["ExternalIds"] == json::array({{{"Issuer", "issuer"}, {"Id", "e-1"}}}));
  CHECK(out["UpdatedAt"] == 2.0);
  CHECK(is::user_json("d-0123456789", row, {}, {is::kEnterpriseExtension})["Extensions"] ==
        p["Extensions"]);
}

TEST_CASE("New resource ids look like Identity Store's") {
  std::string id = is::new_resource_id();
  REQUIRE(id.size() == 36);
  CHECK(id[8] == '-');
  CHECK(id[10] == '0');
  CHECK(id[12] == '1');
  CHECK(id.substr(14, 2) == "70");
  CHECK(id != is::new_resource_id());
}

TEST_CASE("The identity store repository") {
  Database db("");
  db.write([](Tx& tx) {
    repo::Repository r(tx, "111111111111", "us-east-1", "d-0123456789");
    repo::Repository other(tx, "111111111111", "us-east-1", "d-9999999999");
    repo::User ana{"u-1", "Ana", "Ana", R"({"Emails":[{"Value":"Ana@Example.com"}]})", at(1.0)};
    REQUIRE(r.insert_user(ana));
    CHECK_FALSE(r.insert_user(repo::User{"u-2", "ANA", std::nullopt, "{}", at(2.0)}));
    CHECK(
        other.insert_user(repo::User{"u-2", "ana", std::nullopt, "{}", at(2.0)}));  // another store
    REQUIRE(r.insert_user(repo::User{"u-3", "bo", std::nullopt, "{}", at(3.0)}));
    CHECK(r.user_id_by_name("aNa") == "u-1");
    CHECK(r.user_id_by_email("ana@example.COM") == "u-1");
    CHECK_FALSE(r.user_id_by_email("bo@example.com"));
    repo::User renamed = ana;
    renamed.user_name = "BO";
    CHECK_FALSE(r.update_user(renamed));  // taken, without regard to case
    CHECK(r.users(std::nullopt, 0, 10).size() == 2);
    CHECK(r.users(std::string("BO"), 0, 10).at(0).user_id == "u-3");

    REQUIRE(r.insert_group(repo::Group{"g-1", "Ops", std::nullopt, at(1.0)}));
    CHECK_FALSE(r.insert_group(repo::Group{"g-2", "OPS", std::nullopt, at(1.0)}));
    REQUIRE(r.insert_membership(repo::Membership{"m-1", "g-1", "u-1", at(1.0)}));
    CHECK_FALSE(r.insert_membership(repo::Membership{"m-2", "g-1", "u-1", at(1.0)}));
    REQUIRE(r.insert_membership(repo::Membership{"m-3", "g-1", "u-3", at(1.0)}));
    CHECK(r.groups_with_member("u-1", {"g-2", "g-1"}) == std::vector<std::string>{"g-1"});
    CHECK(r.memberships_of_group("g-1", 1, 10).size() == 1);

    tx.exec(
        "INSERT INTO identitystore_external_ids (account, region, identity_store_id,"
        " resource_type, issuer, external_id, resource_id)"
        " VALUES ('111111111111', 'us-east-1', 'd-0123456789', 'USER', 'idp', 'x-1', 'u-1')");
    CHECK(r.resource_by_external_id(repo::ResourceKind::kUser, {"idp", "x-1"}) == "u-1");
    CHECK_FALSE(r.resource_by_external_id(repo::ResourceKind::kGroup, {"idp", "x-1"}));

    // A deleted user takes its memberships and external ids along.
    REQUIRE(r.delete_user("u-1"));
    CHECK_FALSE(r.membership("m-1"));
    CHECK(r.external_ids(repo::ResourceKind::kUser, "u-1").empty());
    REQUIRE(r.delete_group("g-1"));
    CHECK_FALSE(r.membership("m-3"));
    CHECK_FALSE(r.delete_group("g-1"));
  });
}

TEST_CASE("Identity Store operations answer only in the caller's identity stores") {
  Database db("");
  Settings settings;
  Context ctx{"111111111111", "us-east-1", "req", 1'800'000'000'000, &settings};
  std::string store = db.read(
      [&](Tx& tx) { return junction::handlers::sso_admin::identity_store_ids(ctx, tx).at(0); });
  json input = {{"IdentityStoreId", "d-0000000000"}};
  try {
    db.read([&](Tx& tx) { return is::list_users(ctx, input, tx); });
    FAIL("no error");
  } catch (const ApiError& e) {
    CHECK(e.type == "ResourceNotFoundException");
    CHECK(e.message == "IdentityStore not present for IdentityStoreId: d-0000000000");
    CHECK(e.fields["ResourceType"] == "IDENTITY_STORE");
  }
  input["IdentityStoreId"] = store;
  CHECK(db.read([&](Tx& tx) { return is::list_users(ctx, input, tx); })["Users"].empty());
  // Another region has a store of its own.
  Context west = ctx;
  west.region = "eu-west-1";
  CHECK_THROWS_AS(db.read([&](Tx& tx) { return is::list_users(west, input, tx); }), ApiError);
}
