// License Manager User Subscriptions: the repository, and the handlers called as the dispatcher
// calls them (input validated against the model first, one transaction per call), with every
// result checked against the model's output shape.
#include <catch2/catch.hpp>
#include <regex>

#include "handlers/api.hpp"
#include "server/shapes/shape.hpp"
#include "server/shapes/validator.hpp"
#include "storage/license_manager_user_subscriptions_repository.hpp"

using junction::ApiError;
using nlohmann::json;
namespace handlers = junction::handlers;
namespace shapes = junction::shapes;
namespace storage = junction::storage;
namespace repo = junction::storage::lmus;

namespace {

constexpr const char* kService = "license-manager-user-subscriptions";
constexpr const char* kAccount = "111122223333";
constexpr const char* kRegion = "eu-west-1";
constexpr std::int64_t kStart = 1767225600000;  // 2026-01-01T00:00:00Z
const std::string kDirectory = "d-1234567890";

json ad(const std::string& directory_id = kDirectory) {
  return {{"ActiveDirectoryIdentityProvider", {{"DirectoryId", directory_id}}}};
}

class Lmus {
 public:
  Lmus() : db_("") {}

  std::int64_t now_ms = kStart;
  std::string account = kAccount;
  std::string region = kRegion;

  // Runs `operation` as the dispatcher does; throws ApiError as the handler does.
  json call(const std::string& operation, const json& input) {
    const shapes::Service* service = shapes::Model::instance().by_sdk_name(kService);
    const shapes::Operation* op = service->operation(operation);
    REQUIRE(op != nullptr);
    shapes::validate_or_throw(*op->input, input);
    const handlers::Binding* binding = nullptr;
    for (const auto& s : handlers::all_bindings())
      if (std::string(s.service) == kService)
        for (const auto& b : s.bindings)
          if (operation == b.operation) binding = &b;
    REQUIRE(binding != nullptr);
    handlers::Context ctx{account, region, "request-1", now_ms, &settings_};
    auto run = [&](storage::Tx& tx) { return binding->handler(ctx, input, tx); };
    json out = binding->access == handlers::Access::kWrite ? db_.write(run) : db_.read(run);
    if (op->output) {
      auto violations = shapes::validate(*op->output, out);
      INFO(operation << " output " << out.dump());
      for (const auto& v : violations) INFO(v.message);
      CHECK(violations.empty());
      CHECK_NOTHROW(check_undeclared(*op->output, out));
    }
    return out;
  }

  // The error type `operation` fails with ("" when it succeeds).
  std::string error(const std::string& operation, const json& input) {
    try {
      call(operation, input);
    } catch (const ApiError& e) {
      CHECK_FALSE(e.message.empty());
      last_message = e.message;
      return e.type;
    }
    return "";
  }

  template <class F>
  auto with_repo(F&& fn) {
    return db_.write([&](storage::Tx& tx) {
      repo::Repository r(tx, account, region);
      return fn(r, tx);
    });
  }

  void seed_instance(const std::string& id,
                     const std::string& products = R"(["VISUAL_STUDIO_ENTERPRISE"])") {
    with_repo([&](repo::Repository& r, storage::Tx&) {
      repo::Instance i;
      i.instance_id = id;
      i.products = products;
      r.put_instance(i);
    });
  }

  json register_provider(const std::string& directory_id = kDirectory,
                         const std::string& product = "VISUAL_STUDIO_ENTERPRISE") {
    return call("RegisterIdentityProvider", {{"IdentityProvider", ad(directory_id)},
                                             {"Product", product}})["IdentityProviderSummary"];
  }

  json associate(const std::string& username,
                 const std::string& instance_id = "i-0123456789abcdef0",
                 const std::string& directory_id = kDirectory) {
    return call("AssociateUser", {{"Username", username},
                                  {"InstanceId", instance_id},
                                  {"IdentityProvider", ad(directory_id)}})["InstanceUserSummary"];
  }

  std::string last_message;

 private:
  // Every member of the output is declared by its shape (the validator ignores extra ones).
  static void check_undeclared(const shapes::Shape& shape, const json& value) {
    if (shape.kind == shapes::Kind::kStructure || shape.kind == shapes::Kind::kUnion) {
      for (const auto& [k, v] : value.items()) {
        const shapes::Member* m = shape.member(k);
        if (!m) throw std::runtime_error("undeclared member " + k + " in " + shape.name);
        check_undeclared(*m->shape, v);
      }
    } else if (shape.kind == shapes::Kind::kList) {
      for (const auto& v : value) check_undeclared(*shape.element, v);
    }
  }

  storage::Database db_;
  handlers::Settings settings_;
};

const std::regex kIso(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)");
const std::regex kInstanceUserArn(
    R"(arn:aws:license-manager-user-subscriptions:eu-west-1:111122223333:instance-user/[0-9a-f]{32})");
const std::regex kProviderArn(
    R"(arn:aws:license-manager-user-subscriptions:eu-west-1:111122223333:identity-provider/[0-9a-f]{32})");

std::vector<std::string> usernames(const json& summaries) {
  std::vector<std::string> out;
  for (const auto& s : summaries) out.push_back(s["Username"]);
  return out;
}

}  // namespace

// --- repository ---------------------------------------------------------------------------------

TEST_CASE("lmus repository: instances have defaults, upsert, and are partitioned", "[lmus]") {
  Lmus t;
  t.seed_instance("i-1");
  t.with_repo([](repo::Repository& r, storage::Tx&) {
    auto i = r.instance("i-1");
    REQUIRE(i);
    CHECK(i->status == "AVAILABLE");
    CHECK(i->products == R"(["VISUAL_STUDIO_ENTERPRISE"])");
    CHECK_FALSE(i->last_status_check_date);
    repo::Instance updated = *i;
    updated.status = "UNHEALTHY";
    updated.directory_id = "d-0000000001";
    r.put_instance(updated);
    CHECK(r.instance("i-1")->status == "UNHEALTHY");
    CHECK(r.instances({}, 0, 10).size() == 1);
  });
  t.account = "999999999999";
  t.with_repo([](repo::Repository& r, storage::Tx&) {
    CHECK_FALSE(r.instance("i-1"));
    CHECK(r.instances({}, 0, 10).empty());
  });
}

TEST_CASE("lmus repository: the products column must be a JSON array", "[lmus]") {
  Lmus t;
  REQUIRE_THROWS_AS(t.seed_instance("i-1", "VISUAL_STUDIO_ENTERPRISE"), storage::StorageError);
  REQUIRE_THROWS_AS(t.seed_instance("i-1", R"({"a":1})"), storage::StorageError);
}

TEST_CASE("lmus repository: seeded rows need only the instance id", "[lmus]") {
  Lmus t;
  t.with_repo([](repo::Repository& r, storage::Tx& tx) {
    tx.exec("INSERT INTO lmus_instances (account, region, instance_id) VALUES (?1, ?2, ?3)",
            std::string(kAccount), std::string(kRegion), std::string("i-seeded"));
    auto i = r.instance("i-seeded");
    REQUIRE(i);
    CHECK(i->status == "AVAILABLE");
    CHECK(i->products == "[]");
  });
}

TEST_CASE("lmus repository: filters and pages of associations", "[lmus]") {
  Lmus t;
  t.seed_instance("i-1");
  t.with_repo([](repo::Repository& r, storage::Tx&) {
    for (std::string name : {"carol", "alice", "bob", "dave"}) {
      repo::UserAssociation a;
      a.instance_user_arn = "arn:x/" + name;
      a.instance_id = "i-1";
      a.directory_id = kDirectory;
      a.username = name;
      if (name != "dave") a.domain = name == "bob" ? "other.example" : "corp.example";
      a.identity_provider = ad().dump();
      a.association_date = "2026-01-01T00:00:00.000Z";
      r.insert_association(a);
    }
    auto names = [](const std::vector<repo::UserAssociation>& rows) {
      std::vector<std::string> out;
      for (const auto& a : rows) out.push_back(a.username);
      return out;
    };
    using V = std::vector<std::string>;
    CHECK(names(r.associations("i-1", kDirectory, {}, 0, 10)) ==
          V{"alice", "bob", "carol", "dave"});
    CHECK(names(r.associations("i-1", kDirectory, {}, 1, 2)) == V{"bob", "carol"});
    CHECK(names(r.associations("i-1", kDirectory,
                               {{repo::Field::kDomain, repo::Op::kEq, "corp.example"}}, 0, 10)) ==
          V{"alice", "carol"});
    CHECK(names(r.associations("i-1", kDirectory,
                               {{repo::Field::kDomain, repo::Op::kNeq, "corp.example"}}, 0, 10)) ==
          V{"bob", "dave"});
    CHECK(names(r.associations("i-1", kDirectory,
                               {{repo::Field::kUsername, repo::Op::kContains, "a"},
                                {repo::Field::kUsername, repo::Op::kGeq, "b"}},
                               0, 10)) == V{"carol", "dave"});
    CHECK(r.associations("i-1", "d-0000000000", {}, 0, 10).empty());
    CHECK_THROWS_AS(
        r.associations("i-1", kDirectory, {{repo::Field::kProduct, repo::Op::kEq, "x"}}, 0, 10),
        std::logic_error);

    r.delete_association("arn:x/alice");
    CHECK(names(r.associations("i-1", kDirectory, {}, 0, 10)) == V{"bob", "carol", "dave"});
    CHECK_FALSE(r.association("arn:x/alice"));
    CHECK(r.active_association_count(kDirectory) == 3);
    CHECK(r.active_association_count(kDirectory, "bob", "VISUAL_STUDIO_ENTERPRISE") == 1);
    CHECK(r.active_association_count(kDirectory, "bob", "OFFICE_PROFESSIONAL_PLUS") == 0);
  });
}

TEST_CASE("lmus repository: removing an instance drops its associations", "[lmus]") {
  Lmus t;
  t.seed_instance("i-1");
  t.with_repo([](repo::Repository& r, storage::Tx& tx) {
    repo::UserAssociation a;
    a.instance_user_arn = "arn:x/alice";
    a.instance_id = "i-1";
    a.directory_id = kDirectory;
    a.username = "alice";
    a.identity_provider = ad().dump();
    a.association_date = "2026-01-01T00:00:00.000Z";
    r.insert_association(a);
    tx.exec("DELETE FROM lmus_instances WHERE account = ?1 AND instance_id = 'i-1'",
            std::string(kAccount));
    CHECK_FALSE(r.association("arn:x/alice"));
  });
}

TEST_CASE("lmus repository: one registration per directory and product", "[lmus]") {
  Lmus t;
  t.with_repo([](repo::Repository& r, storage::Tx&) {
    repo::IdentityProvider p;
    p.arn = "arn:x/1";
    p.directory_id = kDirectory;
    p.product = "VISUAL_STUDIO_ENTERPRISE";
    p.identity_provider = ad().dump();
    p.settings = "{}";
    p.registration_date = "2026-01-01T00:00:00.000Z";
    CHECK(r.insert_identity_provider(p));
    p.arn = "arn:x/2";
    CHECK_FALSE(r.insert_identity_provider(p));
    p.product = "OFFICE_PROFESSIONAL_PLUS";
    CHECK(r.insert_identity_provider(p));
    CHECK(r.registration_count(kDirectory) == 2);
    r.delete_identity_provider("arn:x/2");
    CHECK(r.registration_count(kDirectory) == 1);
    CHECK(r.identity_providers({}, 0, 10).size() == 1);
    CHECK_FALSE(r.identity_provider("arn:x/2"));
  });
}

// --- identity providers -------------------------------------------------------------------------

TEST_CASE("RegisterIdentityProvider returns the whole summary and is idempotent", "[lmus]") {
  Lmus t;
  json s = t.register_provider();
  CHECK(s["Status"] == "REGISTERED");
  CHECK(s["Product"] == "VISUAL_STUDIO_ENTERPRISE");
  CHECK(s["OwnerAccountId"] == kAccount);
  CHECK(s["IdentityProvider"] == ad());
  CHECK(std::regex_match(s["IdentityProviderArn"].get<std::string>(), kProviderArn));
  // Settings is required in the summary: a registration without any gets valid defaults.
  REQUIRE(s["Settings"]["Subnets"].size() == 1);
  CHECK(s["Settings"]["SecurityGroupId"].get<std::string>().rfind("sg-", 0) == 0);

  t.now_ms += 1000;
  json again = t.register_provider();
  CHECK(again == s);
  // Another product of the same directory is another registration.
  json office = t.register_provider(kDirectory, "OFFICE_PROFESSIONAL_PLUS");
  CHECK(office["IdentityProviderArn"] != s["IdentityProviderArn"]);
  // Comparison is by directory id, not by JSON text.
  json with_type =
      t.call("RegisterIdentityProvider",
             {{"IdentityProvider",
               {{"ActiveDirectoryIdentityProvider",
                 {{"DirectoryId", kDirectory}, {"ActiveDirectoryType", "AWS_MANAGED"}}}}},
              {"Product", "VISUAL_STUDIO_ENTERPRISE"}});
  CHECK(with_type["IdentityProviderSummary"]["IdentityProviderArn"] == s["IdentityProviderArn"]);
}

TEST_CASE("RegisterIdentityProvider keeps given settings; other settings conflict", "[lmus]") {
  Lmus t;
  json settings = {{"Subnets", {"subnet-0123456789abcdef0", "subnet-0123456789abcdef1"}},
                   {"SecurityGroupId", "sg-0123456789abcdef0"}};
  json in = {
      {"IdentityProvider", ad()}, {"Product", "OFFICE_PROFESSIONAL_PLUS"}, {"Settings", settings}};
  json s = t.call("RegisterIdentityProvider", in)["IdentityProviderSummary"];
  CHECK(s["Settings"] == settings);
  // The same settings, another order: the same registration.
  json reordered = in;
  reordered["Settings"]["Subnets"] = {"subnet-0123456789abcdef1", "subnet-0123456789abcdef0"};
  CHECK(t.call("RegisterIdentityProvider", reordered)["IdentityProviderSummary"] == s);
  json other = in;
  other["Settings"]["SecurityGroupId"] = "sg-0123456789abcdef9";
  CHECK(t.error("RegisterIdentityProvider", other) == "ConflictException");
}

TEST_CASE("RegisterIdentityProvider validates product and identity provider", "[lmus]") {
  Lmus t;
  CHECK(t.error("RegisterIdentityProvider", {{"IdentityProvider", ad()}, {"Product", "WORD"}}) ==
        "ValidationException");
  CHECK(t.last_message.find("enum value set") != std::string::npos);
  CHECK(t.error("RegisterIdentityProvider",
                {{"IdentityProvider", {{"ActiveDirectoryIdentityProvider", json::object()}}},
                 {"Product", "VISUAL_STUDIO_ENTERPRISE"}}) == "ValidationException");
  CHECK(t.error("RegisterIdentityProvider",
                {{"IdentityProvider", json::object()}, {"Product", "VISUAL_STUDIO_ENTERPRISE"}}) ==
        "ValidationException");
  CHECK(t.error("RegisterIdentityProvider",
                {{"IdentityProvider", ad("d-123")}, {"Product", "VISUAL_STUDIO_ENTERPRISE"}}) ==
        "ValidationException");
}

TEST_CASE("A self-managed directory without id is identified by its domain", "[lmus]") {
  Lmus t;
  json provider = {{"ActiveDirectoryIdentityProvider",
                    {{"ActiveDirectoryType", "SELF_MANAGED"},
                     {"ActiveDirectorySettings", {{"DomainName", "Corp.Example.com"}}}}}};
  json s = t.call("RegisterIdentityProvider",
                  {{"IdentityProvider", provider},
                   {"Product", "REMOTE_DESKTOP_SERVICES"}})["IdentityProviderSummary"];
  std::string id = s["IdentityProvider"]["ActiveDirectoryIdentityProvider"]["DirectoryId"];
  CHECK(std::regex_match(id, std::regex("sd-[0-9a-f]{10}")));
  provider["ActiveDirectoryIdentityProvider"]["ActiveDirectorySettings"]["DomainName"] =
      "corp.example.com";
  CHECK(t.call("RegisterIdentityProvider",
               {{"IdentityProvider", provider},
                {"Product",
                 "REMOTE_DESKTOP_SERVICES"}})["IdentityProviderSummary"]["IdentityProviderArn"] ==
        s["IdentityProviderArn"]);
  // ...and by that id afterwards.
  CHECK(t.call("ListIdentityProviders", {{"Filters",
                                          {{{"Attribute", "DirectoryId"},
                                            {"Operation", "eq"},
                                            {"Value", id}}}}})["IdentityProviderSummaries"]
            .size() == 1);
}

TEST_CASE("ListIdentityProviders filters and pages", "[lmus]") {
  Lmus t;
  for (std::string d : {"d-0000000001", "d-0000000002", "d-0000000003"}) {
    t.register_provider(d, "VISUAL_STUDIO_ENTERPRISE");
    t.register_provider(d, "OFFICE_PROFESSIONAL_PLUS");
  }
  CHECK(t.call("ListIdentityProviders", json::object())["IdentityProviderSummaries"].size() == 6);
  json office = t.call(
      "ListIdentityProviders",
      {{"Filters",
        {{{"Attribute", "Product"}, {"Operation", "eq"}, {"Value", "OFFICE_PROFESSIONAL_PLUS"}}}}});
  CHECK(office["IdentityProviderSummaries"].size() == 3);
  json one =
      t.call("ListIdentityProviders", {{"Filters",
                                        {{{"Attribute", "directoryid"}, {"Value", "d-0000000002"}},
                                         {{"Attribute", "Product"},
                                          {"Operation", "neq"},
                                          {"Value", "OFFICE_PROFESSIONAL_PLUS"}}}}});
  REQUIRE(one["IdentityProviderSummaries"].size() == 1);
  CHECK(one["IdentityProviderSummaries"][0]["Product"] == "VISUAL_STUDIO_ENTERPRISE");

  std::vector<std::string> arns;
  json page = t.call("ListIdentityProviders", {{"MaxResults", 4}});
  CHECK(page["IdentityProviderSummaries"].size() == 4);
  REQUIRE(page.contains("NextToken"));
  for (const auto& s : page["IdentityProviderSummaries"]) arns.push_back(s["IdentityProviderArn"]);
  page = t.call("ListIdentityProviders", {{"MaxResults", 4}, {"NextToken", page["NextToken"]}});
  CHECK(page["IdentityProviderSummaries"].size() == 2);
  CHECK_FALSE(page.contains("NextToken"));
  for (const auto& s : page["IdentityProviderSummaries"]) arns.push_back(s["IdentityProviderArn"]);
  std::sort(arns.begin(), arns.end());
  CHECK(std::unique(arns.begin(), arns.end()) == arns.end());

  CHECK(t.error("ListIdentityProviders", {{"MaxResults", 0}}) == "ValidationException");
  CHECK(t.error("ListIdentityProviders", {{"NextToken", "garbage"}}) == "ValidationException");
  CHECK(t.error("ListIdentityProviders",
                {{"Filters", {{{"Attribute", "Username"}, {"Value", "x"}}}}}) ==
        "ValidationException");
  CHECK(
      t.error("ListIdentityProviders",
              {{"Filters", {{{"Attribute", "Product"}, {"Operation", "like"}, {"Value", "x"}}}}}) ==
      "ValidationException");
  CHECK(t.error("ListIdentityProviders", {{"Filters", {{{"Attribute", "Product"}}}}}) ==
        "ValidationException");
}

TEST_CASE("DeregisterIdentityProvider by ARN or by provider and product", "[lmus]") {
  Lmus t;
  json vs = t.register_provider();
  json office = t.register_provider(kDirectory, "OFFICE_PROFESSIONAL_PLUS");

  CHECK(t.error("DeregisterIdentityProvider", json::object()) == "ValidationException");
  CHECK(t.error("DeregisterIdentityProvider", {{"IdentityProvider", ad()}}) ==
        "ValidationException");
  CHECK(t.error("DeregisterIdentityProvider", {{"IdentityProviderArn", vs["IdentityProviderArn"]},
                                               {"Product", "OFFICE_PROFESSIONAL_PLUS"}}) ==
        "ValidationException");
  CHECK(t.error("DeregisterIdentityProvider", {{"IdentityProvider", ad("d-9999999999")},
                                               {"Product", "VISUAL_STUDIO_ENTERPRISE"}}) ==
        "ResourceNotFoundException");
  CHECK(t.error("DeregisterIdentityProvider",
                {{"IdentityProviderArn",
                  "arn:aws:license-manager-user-subscriptions:eu-west-1:111122223333:"
                  "identity-provider/0000"}}) == "ResourceNotFoundException");
  CHECK(t.error("DeregisterIdentityProvider",
                {{"IdentityProviderArn",
                  "arn:aws:license-manager-user-subscriptions:eu-west-1:111122223333:"
                  "identity-provider/0000"},
                 {"IdentityProvider", ad()},
                 {"Product", "VISUAL_STUDIO_ENTERPRISE"}}) == "ValidationException");

  json gone =
      t.call("DeregisterIdentityProvider",
             {{"IdentityProviderArn", vs["IdentityProviderArn"]}})["IdentityProviderSummary"];
  CHECK(gone["Status"] == "DEREGISTERED");
  CHECK(gone["IdentityProviderArn"] == vs["IdentityProviderArn"]);
  // The registration is listed no more, and deregistering it again finds nothing, at once.
  json left = t.call("ListIdentityProviders", json::object())["IdentityProviderSummaries"];
  REQUIRE(left.size() == 1);
  CHECK(left[0]["IdentityProviderArn"] == office["IdentityProviderArn"]);
  CHECK(
      t.error("DeregisterIdentityProvider", {{"IdentityProviderArn", vs["IdentityProviderArn"]}}) ==
      "ResourceNotFoundException");
  CHECK(t.error("DeregisterIdentityProvider",
                {{"IdentityProvider", ad()}, {"Product", "VISUAL_STUDIO_ENTERPRISE"}}) ==
        "ResourceNotFoundException");
  CHECK(t.error("TagResource", {{"ResourceArn", vs["IdentityProviderArn"]},
                                {"Tags", {{"k", "v"}}}}) == "ResourceNotFoundException");

  CHECK(t.call("DeregisterIdentityProvider",
               {{"IdentityProvider", ad()},
                {"Product", "OFFICE_PROFESSIONAL_PLUS"}})["IdentityProviderSummary"]["Status"] ==
        "DEREGISTERED");
  // Registering again makes a new registration.
  CHECK(t.register_provider()["IdentityProviderArn"] != vs["IdentityProviderArn"]);
}

TEST_CASE("DeregisterIdentityProvider refuses while users depend on it", "[lmus]") {
  Lmus t;
  t.seed_instance("i-0123456789abcdef0");
  t.register_provider();
  t.register_provider(kDirectory, "OFFICE_PROFESSIONAL_PLUS");
  t.associate("alice");
  json vs = {{"IdentityProvider", ad()}, {"Product", "VISUAL_STUDIO_ENTERPRISE"}};
  json office = {{"IdentityProvider", ad()}, {"Product", "OFFICE_PROFESSIONAL_PLUS"}};
  t.call(
      "StartProductSubscription",
      {{"Username", "bob"}, {"IdentityProvider", ad()}, {"Product", "VISUAL_STUDIO_ENTERPRISE"}});
  CHECK(t.error("DeregisterIdentityProvider", vs) == "ConflictException");
  t.call(
      "StopProductSubscription",
      {{"Username", "bob"}, {"IdentityProvider", ad()}, {"Product", "VISUAL_STUDIO_ENTERPRISE"}});
  // Office still registers the directory: alice's association does not block.
  t.call("DeregisterIdentityProvider", vs);
  // The directory's last registration: alice's association blocks.
  CHECK(t.error("DeregisterIdentityProvider", office) == "ConflictException");
  t.call(
      "DisassociateUser",
      {{"Username", "alice"}, {"InstanceId", "i-0123456789abcdef0"}, {"IdentityProvider", ad()}});
  t.call("DeregisterIdentityProvider", office);
}

TEST_CASE("UpdateIdentityProviderSettings adds and removes subnets", "[lmus]") {
  Lmus t;
  json in = {
      {"IdentityProvider", ad()},
      {"Product", "OFFICE_PROFESSIONAL_PLUS"},
      {"Settings",
       {{"Subnets", {"subnet-aaaaaaaa", "subnet-bbbbbbbb"}}, {"SecurityGroupId", "sg-11111111"}}}};
  json s = t.call("RegisterIdentityProvider", in)["IdentityProviderSummary"];
  json out = t.call("UpdateIdentityProviderSettings",
                    {{"IdentityProviderArn", s["IdentityProviderArn"]},
                     {"UpdateSettings",
                      {{"AddSubnets", {"subnet-cccccccc", "subnet-aaaaaaaa"}},
                       {"RemoveSubnets", {"subnet-bbbbbbbb"}},
                       {"SecurityGroupId", "sg-22222222"}}}})["IdentityProviderSummary"];
  CHECK(out["Settings"] == json{{"Subnets", {"subnet-aaaaaaaa", "subnet-cccccccc"}},
                                {"SecurityGroupId", "sg-22222222"}});
  CHECK(t.call("ListIdentityProviders",
               json::object())["IdentityProviderSummaries"][0]["Settings"] == out["Settings"]);
  CHECK(t.error("UpdateIdentityProviderSettings",
                {{"IdentityProvider", ad()},
                 {"Product", "OFFICE_PROFESSIONAL_PLUS"},
                 {"UpdateSettings",
                  {{"AddSubnets", json::array()},
                   {"RemoveSubnets", {"subnet-aaaaaaaa", "subnet-cccccccc"}}}}}) ==
        "ValidationException");
  CHECK(t.error("UpdateIdentityProviderSettings",
                {{"IdentityProvider", ad("d-0000000009")},
                 {"Product", "OFFICE_PROFESSIONAL_PLUS"},
                 {"UpdateSettings",
                  {{"AddSubnets", json::array()}, {"RemoveSubnets", json::array()}}}}) ==
        "ValidationException");
}

// --- instances ----------------------------------------------------------------------------------

TEST_CASE("ListInstances shows seeded instances, filtered and paged", "[lmus]") {
  Lmus t;
  CHECK(t.call("ListInstances", json::object())["InstanceSummaries"].empty());
  t.with_repo([](repo::Repository& r, storage::Tx&) {
    for (int n = 1; n <= 5; ++n) {
      repo::Instance i;
      i.instance_id = "i-" + std::to_string(n);
      i.status = n == 3 ? "UNHEALTHY" : "AVAILABLE";
      i.products = R"(["VISUAL_STUDIO_ENTERPRISE", "OFFICE_PROFESSIONAL_PLUS"])";
      if (n == 1) {
        i.last_status_check_date = "2026-01-01T00:00:00.000Z";
        i.status_message = "ok";
        i.directory_id = kDirectory;
      }
      r.put_instance(i);
    }
  });
  json all = t.call("ListInstances", json::object())["InstanceSummaries"];
  REQUIRE(all.size() == 5);
  CHECK(all[0] == json{{"InstanceId", "i-1"},
                       {"Status", "AVAILABLE"},
                       {"Products", {"VISUAL_STUDIO_ENTERPRISE", "OFFICE_PROFESSIONAL_PLUS"}},
                       {"LastStatusCheckDate", "2026-01-01T00:00:00.000Z"},
                       {"StatusMessage", "ok"},
                       {"OwnerAccountId", kAccount},
                       {"IdentityProvider", ad()}});
  CHECK_FALSE(all[1].contains("LastStatusCheckDate"));
  json unhealthy = t.call("ListInstances", {{"Filters",
                                             {{{"Attribute", "Status"},
                                               {"Operation", "eq"},
                                               {"Value", "UNHEALTHY"}}}}})["InstanceSummaries"];
  REQUIRE(unhealthy.size() == 1);
  CHECK(unhealthy[0]["InstanceId"] == "i-3");
  json p1 = t.call("ListInstances", {{"MaxResults", 2}});
  json p2 = t.call("ListInstances", {{"MaxResults", 2}, {"NextToken", p1["NextToken"]}});
  json p3 = t.call("ListInstances", {{"MaxResults", 2}, {"NextToken", p2["NextToken"]}});
  CHECK(p1["InstanceSummaries"][0]["InstanceId"] == "i-1");
  CHECK(p2["InstanceSummaries"][0]["InstanceId"] == "i-3");
  CHECK(p3["InstanceSummaries"].size() == 1);
  CHECK_FALSE(p3.contains("NextToken"));
  CHECK(t.error("ListInstances", {{"Filters", {{{"Attribute", "Product"}, {"Value", "x"}}}}}) ==
        "ValidationException");
}

// --- user associations --------------------------------------------------------------------------

TEST_CASE("AssociateUser needs the instance and the identity provider", "[lmus]") {
  Lmus t;
  json in = {
      {"Username", "alice"}, {"InstanceId", "i-0123456789abcdef0"}, {"IdentityProvider", ad()}};
  CHECK(t.error("AssociateUser", in) == "ResourceNotFoundException");
  t.seed_instance("i-0123456789abcdef0");
  CHECK(t.error("AssociateUser", in) == "ResourceNotFoundException");
  t.register_provider();
  json s = t.call("AssociateUser", in)["InstanceUserSummary"];
  CHECK(s["Username"] == "alice");
  CHECK(s["InstanceId"] == "i-0123456789abcdef0");
  CHECK(s["IdentityProvider"] == ad());
  CHECK(s["Status"] == "ASSOCIATED");
  CHECK(std::regex_match(s["AssociationDate"].get<std::string>(), kIso));
  CHECK(s["AssociationDate"] == "2026-01-01T00:00:00.000Z");
  CHECK(std::regex_match(s["InstanceUserArn"].get<std::string>(), kInstanceUserArn));
  CHECK_FALSE(s.contains("DisassociationDate"));
  CHECK(t.error("AssociateUser", {{"Username", ""},
                                  {"InstanceId", "i-0123456789abcdef0"},
                                  {"IdentityProvider", ad()}}) == "ValidationException");
  // Another region is another partition.
  t.region = "us-east-1";
  CHECK(t.error("AssociateUser", in) == "ResourceNotFoundException");
}

TEST_CASE("AssociateUser again returns the association; another domain conflicts", "[lmus]") {
  Lmus t;
  t.seed_instance("i-0123456789abcdef0");
  t.register_provider();
  json in = {{"Username", "alice"},
             {"InstanceId", "i-0123456789abcdef0"},
             {"IdentityProvider", ad()},
             {"Domain", "corp.example.com"}};
  json first = t.call("AssociateUser", in);
  t.now_ms += 5000;
  CHECK(t.call("AssociateUser", in) == first);
  in["Domain"] = "other.example.com";
  CHECK(t.error("AssociateUser", in) == "ConflictException");
  CHECK(t.call("ListUserAssociations", {{"InstanceId", "i-0123456789abcdef0"},
                                        {"IdentityProvider", ad()}})["InstanceUserSummaries"]
            .size() == 1);
}

TEST_CASE("DisassociateUser by InstanceUserArn", "[lmus]") {
  Lmus t;
  t.seed_instance("i-0123456789abcdef0");
  t.register_provider();
  json a = t.associate("alice");
  t.associate("bob");
  t.now_ms += 60000;
  json d = t.call("DisassociateUser",
                  {{"InstanceUserArn", a["InstanceUserArn"]}})["InstanceUserSummary"];
  CHECK(d["Status"] == "DISASSOCIATED");
  CHECK(d["DisassociationDate"] == "2026-01-01T00:01:00.000Z");
  CHECK(d["AssociationDate"] == a["AssociationDate"]);
  CHECK(d["InstanceUserArn"] == a["InstanceUserArn"]);
  CHECK(d["Username"] == "alice");
  CHECK(d["InstanceId"] == "i-0123456789abcdef0");
  CHECK(d["IdentityProvider"] == ad());
  json list = t.call("ListUserAssociations",
                     {{"InstanceId", "i-0123456789abcdef0"}, {"IdentityProvider", ad()}});
  CHECK(usernames(list["InstanceUserSummaries"]) == std::vector<std::string>{"bob"});

  // Disassociating again finds nothing, at once, by either form.
  CHECK(t.error("DisassociateUser", {{"InstanceUserArn", a["InstanceUserArn"]}}) ==
        "ResourceNotFoundException");
  CHECK(t.error("DisassociateUser", {{"Username", "alice"},
                                     {"InstanceId", "i-0123456789abcdef0"},
                                     {"IdentityProvider", ad()}}) == "ResourceNotFoundException");
  // Associating again makes a new association.
  CHECK(t.associate("alice")["InstanceUserArn"] != a["InstanceUserArn"]);
}

TEST_CASE("Ended rows of an older state document count as absent", "[lmus]") {
  Lmus t;
  t.seed_instance("i-0123456789abcdef0");
  t.register_provider();
  t.with_repo([](repo::Repository& r, storage::Tx&) {
    repo::UserAssociation a;
    a.instance_user_arn =
        "arn:aws:license-manager-user-subscriptions:eu-west-1:111122223333:"
        "instance-user/0123";
    a.instance_id = "i-0123456789abcdef0";
    a.directory_id = kDirectory;
    a.username = "alice";
    a.identity_provider = ad().dump();
    a.status = "DISASSOCIATED";
    a.association_date = "2025-12-31T00:00:00.000Z";
    a.disassociation_date = "2025-12-31T00:01:00.000Z";
    r.insert_association(a);
  });
  CHECK(t.error("DisassociateUser",
                {{"InstanceUserArn",
                  "arn:aws:license-manager-user-subscriptions:eu-west-1:111122223333:"
                  "instance-user/0123"}}) == "ResourceNotFoundException");
  CHECK(t.error("DisassociateUser", {{"Username", "alice"},
                                     {"InstanceId", "i-0123456789abcdef0"},
                                     {"IdentityProvider", ad()}}) == "ResourceNotFoundException");
  json fresh = t.associate("alice");
  CHECK(fresh["Status"] == "ASSOCIATED");
  CHECK(fresh["AssociationDate"] == "2026-01-01T00:00:00.000Z");
}

TEST_CASE("DisassociateUser by Username, InstanceId and IdentityProvider", "[lmus]") {
  Lmus t;
  t.seed_instance("i-0123456789abcdef0");
  t.seed_instance("i-0fedcba9876543210");
  t.register_provider();
  t.associate("alice");
  json other = t.associate("alice", "i-0fedcba9876543210");
  json in = {
      {"Username", "alice"}, {"InstanceId", "i-0123456789abcdef0"}, {"IdentityProvider", ad()}};
  json d = t.call("DisassociateUser", in)["InstanceUserSummary"];
  CHECK(d["Status"] == "DISASSOCIATED");
  CHECK(std::regex_match(d["DisassociationDate"].get<std::string>(), kIso));
  // Only that instance's association ended.
  CHECK(t.call("ListUserAssociations",
               {{"InstanceId", "i-0fedcba9876543210"},
                {"IdentityProvider", ad()}})["InstanceUserSummaries"][0]["InstanceUserArn"] ==
        other["InstanceUserArn"]);
  CHECK(t.call("ListUserAssociations", {{"InstanceId", "i-0123456789abcdef0"},
                                        {"IdentityProvider", ad()}})["InstanceUserSummaries"]
            .empty());
  CHECK(t.error("DisassociateUser", {{"Username", "nobody"},
                                     {"InstanceId", "i-0123456789abcdef0"},
                                     {"IdentityProvider", ad()}}) == "ResourceNotFoundException");
  CHECK(t.error("DisassociateUser", {{"Username", "alice"},
                                     {"InstanceId", "i-0000000000000000"},
                                     {"IdentityProvider", ad()}}) == "ResourceNotFoundException");
}

TEST_CASE("DisassociateUser needs one consistent way to name the association", "[lmus]") {
  Lmus t;
  t.seed_instance("i-0123456789abcdef0");
  t.register_provider();
  json a = t.associate("alice");
  t.associate("bob");
  CHECK(t.error("DisassociateUser", json::object()) == "ValidationException");
  CHECK(t.error("DisassociateUser", {{"Username", "alice"}, {"IdentityProvider", ad()}}) ==
        "ValidationException");
  CHECK(
      t.error("DisassociateUser", {{"Username", "alice"}, {"InstanceId", "i-0123456789abcdef0"}}) ==
      "ValidationException");
  CHECK(t.error("DisassociateUser", {{"InstanceUserArn", a["InstanceUserArn"]},
                                     {"Username", "bob"}}) == "ValidationException");
  CHECK(t.error("DisassociateUser", {{"InstanceUserArn", a["InstanceUserArn"]},
                                     {"IdentityProvider", ad("d-0000000009")}}) ==
        "ValidationException");
  CHECK(t.error("DisassociateUser", {{"InstanceUserArn", a["InstanceUserArn"]},
                                     {"InstanceId", "i-0fedcba9876543210"}}) ==
        "ValidationException");
  // Both forms naming the same association are fine.
  CHECK(t.call("DisassociateUser", {{"InstanceUserArn", a["InstanceUserArn"]},
                                    {"Username", "alice"},
                                    {"InstanceId", "i-0123456789abcdef0"},
                                    {"IdentityProvider", ad()}})["InstanceUserSummary"]["Status"] ==
        "DISASSOCIATED");
  CHECK(t.error("DisassociateUser",
                {{"InstanceUserArn",
                  "arn:aws:license-manager-user-subscriptions:eu-west-1:111122223333:instance-user/"
                  "ffff"}}) == "ResourceNotFoundException");
  CHECK(t.error("DisassociateUser", {{"InstanceUserArn", "not-an-arn"}}) == "ValidationException");
  // An unknown ARN with a Username, InstanceId and IdentityProvider naming an association.
  CHECK(t.error("DisassociateUser",
                {{"InstanceUserArn",
                  "arn:aws:license-manager-user-subscriptions:eu-west-1:111122223333:instance-user/"
                  "ffff"},
                 {"Username", "bob"},
                 {"InstanceId", "i-0123456789abcdef0"},
                 {"IdentityProvider", ad()}}) == "ValidationException");
}

TEST_CASE("DisassociateUser with a Domain matches the association's domain", "[lmus]") {
  Lmus t;
  t.seed_instance("i-0123456789abcdef0");
  t.register_provider();
  t.call("AssociateUser", {{"Username", "alice"},
                           {"InstanceId", "i-0123456789abcdef0"},
                           {"IdentityProvider", ad()},
                           {"Domain", "corp.example.com"}});
  json in = {{"Username", "alice"},
             {"InstanceId", "i-0123456789abcdef0"},
             {"IdentityProvider", ad()},
             {"Domain", "other.example.com"}};
  CHECK(t.error("DisassociateUser", in) == "ResourceNotFoundException");
  in["Domain"] = "corp.example.com";
  json d = t.call("DisassociateUser", in)["InstanceUserSummary"];
  CHECK(d["Domain"] == "corp.example.com");
}

TEST_CASE("ListUserAssociations filters and pages", "[lmus]") {
  Lmus t;
  t.seed_instance("i-0123456789abcdef0");
  t.register_provider();
  t.register_provider("d-0000000002");
  for (std::string name : {"erin", "alice", "dave", "bob", "carol"}) t.associate(name);
  t.associate("zed", "i-0123456789abcdef0", "d-0000000002");
  json base = {{"InstanceId", "i-0123456789abcdef0"}, {"IdentityProvider", ad()}};
  CHECK(usernames(t.call("ListUserAssociations", base)["InstanceUserSummaries"]) ==
        std::vector<std::string>{"alice", "bob", "carol", "dave", "erin"});
  json in = base;
  in["Filters"] = {{{"Attribute", "Username"}, {"Operation", "eq"}, {"Value", "carol"}}};
  CHECK(usernames(t.call("ListUserAssociations", in)["InstanceUserSummaries"]) ==
        std::vector<std::string>{"carol"});
  in["Filters"] = {{{"Attribute", "Status"}, {"Operation", "eq"}, {"Value", "ASSOCIATED"}}};
  CHECK(t.call("ListUserAssociations", in)["InstanceUserSummaries"].size() == 5);
  in["Filters"] = {{{"Attribute", "Domain"}, {"Operation", "eq"}, {"Value", "x"}}};
  CHECK(t.call("ListUserAssociations", in)["InstanceUserSummaries"].empty());

  std::vector<std::string> seen;
  json page = base;
  page["MaxResults"] = 2;
  int pages = 0;
  while (true) {
    json out = t.call("ListUserAssociations", page);
    ++pages;
    CHECK(out["InstanceUserSummaries"].size() <= 2);
    for (const auto& n : usernames(out["InstanceUserSummaries"])) seen.push_back(n);
    if (!out.contains("NextToken")) break;
    page["NextToken"] = out["NextToken"];
  }
  CHECK(pages == 3);
  CHECK(seen == std::vector<std::string>{"alice", "bob", "carol", "dave", "erin"});

  CHECK(t.error("ListUserAssociations",
                {{"InstanceId", "i-0000000000000000"}, {"IdentityProvider", ad()}}) ==
        "ResourceNotFoundException");
  CHECK(t.error("ListUserAssociations", {{"InstanceId", "i-0123456789abcdef0"},
                                         {"IdentityProvider", ad("d-0000000009")}}) ==
        "ResourceNotFoundException");
  in["Filters"] = {{{"Attribute", "Product"}, {"Value", "x"}}};
  CHECK(t.error("ListUserAssociations", in) == "ValidationException");
  CHECK(t.error("ListUserAssociations", {{"InstanceId", "i-0123456789abcdef0"}}) ==
        "ValidationException");
}

// --- product subscriptions ----------------------------------------------------------------------

TEST_CASE("Product subscriptions start, list and stop", "[lmus]") {
  Lmus t;
  json in = {
      {"Username", "alice"}, {"IdentityProvider", ad()}, {"Product", "VISUAL_STUDIO_ENTERPRISE"}};
  CHECK(t.error("StartProductSubscription", in) == "ResourceNotFoundException");
  t.register_provider();
  json s = t.call("StartProductSubscription", in)["ProductUserSummary"];
  CHECK(s["Status"] == "ACTIVE");
  CHECK(std::regex_match(s["SubscriptionStartDate"].get<std::string>(), kIso));
  CHECK(s["ProductUserArn"].get<std::string>().find(":product-user/") != std::string::npos);
  CHECK(t.call("StartProductSubscription", in)["ProductUserSummary"] == s);
  json bob = t.call("StartProductSubscription",
                    {{"Username", "bob"},
                     {"IdentityProvider", ad()},
                     {"Product", "VISUAL_STUDIO_ENTERPRISE"}})["ProductUserSummary"];
  json list = t.call("ListProductSubscriptions", {{"IdentityProvider", ad()}, {"MaxResults", 1}});
  CHECK(list["ProductUserSummaries"].size() == 1);
  CHECK(list.contains("NextToken"));

  // Associated with an instance that provides the product: stopping conflicts.
  t.seed_instance("i-0123456789abcdef0");
  t.associate("alice");
  CHECK(t.error("StopProductSubscription", in) == "ConflictException");
  t.call(
      "DisassociateUser",
      {{"Username", "alice"}, {"InstanceId", "i-0123456789abcdef0"}, {"IdentityProvider", ad()}});
  json stopped = t.call("StopProductSubscription",
                        {{"ProductUserArn", s["ProductUserArn"]}})["ProductUserSummary"];
  CHECK(stopped["Status"] == "INACTIVE");
  CHECK(stopped.contains("SubscriptionEndDate"));
  // Stopping again finds nothing, by either form.
  CHECK(t.error("StopProductSubscription", in) == "ResourceNotFoundException");
  CHECK(t.error("StopProductSubscription", {{"ProductUserArn", s["ProductUserArn"]}}) ==
        "ResourceNotFoundException");
  CHECK(usernames(t.call("ListProductSubscriptions",
                         {{"IdentityProvider", ad()}})["ProductUserSummaries"]) ==
        std::vector<std::string>{"bob"});
  CHECK(t.error("StopProductSubscription", {{"Username", "alice"}}) == "ValidationException");
  CHECK(t.error("StopProductSubscription", {{"ProductUserArn", bob["ProductUserArn"]},
                                            {"Username", "alice"}}) == "ValidationException");
  CHECK(t.error("StopProductSubscription", {{"Username", "carol"},
                                            {"IdentityProvider", ad()},
                                            {"Product", "VISUAL_STUDIO_ENTERPRISE"}}) ==
        "ResourceNotFoundException");
  CHECK(t.error("ListProductSubscriptions", {{"IdentityProvider", ad("d-0000000009")}}) ==
        "ResourceNotFoundException");
  CHECK(t.error("ListProductSubscriptions",
                {{"IdentityProvider", ad()}, {"Product", "OFFICE_PROFESSIONAL_PLUS"}}) ==
        "ResourceNotFoundException");
}

// --- tags ---------------------------------------------------------------------------------------

TEST_CASE("Tags of identity providers and instance users", "[lmus]") {
  Lmus t;
  t.seed_instance("i-0123456789abcdef0");
  json p =
      t.call("RegisterIdentityProvider", {{"IdentityProvider", ad()},
                                          {"Product", "VISUAL_STUDIO_ENTERPRISE"},
                                          {"Tags", {{"team", "a"}}}})["IdentityProviderSummary"];
  std::string arn = p["IdentityProviderArn"];
  CHECK(t.call("ListTagsForResource", {{"ResourceArn", arn}})["Tags"] == json{{"team", "a"}});
  t.call("TagResource", {{"ResourceArn", arn}, {"Tags", {{"env", "dev"}, {"team", "b"}}}});
  CHECK(t.call("ListTagsForResource", {{"ResourceArn", arn}})["Tags"] ==
        json{{"env", "dev"}, {"team", "b"}});
  t.call("UntagResource", {{"ResourceArn", arn}, {"TagKeys", {"team"}}});
  CHECK(t.call("ListTagsForResource", {{"ResourceArn", arn}})["Tags"] == json{{"env", "dev"}});

  json a = t.call("AssociateUser", {{"Username", "alice"},
                                    {"InstanceId", "i-0123456789abcdef0"},
                                    {"IdentityProvider", ad()},
                                    {"Tags", {{"k", "v"}}}})["InstanceUserSummary"];
  CHECK(t.call("ListTagsForResource", {{"ResourceArn", a["InstanceUserArn"]}})["Tags"] ==
        json{{"k", "v"}});
  t.call("DisassociateUser", {{"InstanceUserArn", a["InstanceUserArn"]}});
  CHECK(t.error("ListTagsForResource", {{"ResourceArn", a["InstanceUserArn"]}}) ==
        "ResourceNotFoundException");
  CHECK(
      t.error("TagResource", {{"ResourceArn",
                               "arn:aws:license-manager-user-subscriptions:eu-west-1:111122223333:"
                               "identity-provider/abc"},
                              {"Tags", {{"a", "b"}}}}) == "ResourceNotFoundException");
}
