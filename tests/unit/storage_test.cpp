#include <sqlite3.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <future>
#include <thread>

#include "storage/async_request_repository.hpp"
#include "storage/database.hpp"
#include "storage/finspace_data_repository.hpp"
#include "storage/sso_admin_repository.hpp"
#include "storage/tag_repository.hpp"

using namespace junction::storage;

TEST_CASE("migrations are applied once, in order, and recorded") {
  auto dir =
      std::filesystem::temp_directory_path() / ("junction-storage-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  int version = 0;
  {
    Database db((dir / "j.db").string());
    version = db.schema_version();
    CHECK(version == kMigrations[kMigrationCount - 1].version);
    db.write([](Tx& tx) {
      sso_admin::Repository r(tx, "111111111111", "us-east-1");
      r.ensure_instance(
          {"arn:aws:sso:::instance/ssoins-0000000000000001", "d-0000000001", {}, 1.0});
    });
  }
  {
    Database again((dir / "j.db").string());  // state and schema survive a reopen
    CHECK(again.schema_version() == version);
    auto found = again.read(
        [](Tx& tx) { return sso_admin::Repository(tx, "111111111111", "us-east-1").instance(); });
    REQUIRE(found);
    CHECK(found->identity_store_id == "d-0000000001");
    auto journal = again.read([](Tx& tx) {
      auto s = tx.query("PRAGMA journal_mode");
      s.step();
      return s.text(0);
    });
    CHECK(journal == "wal");
  }
  std::filesystem::remove_all(dir);
}

TEST_CASE("a file database reads through its own connections, beside an open write") {
  auto dir = std::filesystem::temp_directory_path() /
             ("junction-storage-pool-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  {
    Database db((dir / "j.db").string());
    auto instance = [&] {
      return db.read([](Tx& tx) { return sso_admin::Repository(tx, "a", "r").instance(); });
    };
    CHECK_FALSE(instance());
    db.write([](Tx& tx) {
      sso_admin::Repository(tx, "a", "r").ensure_instance({"arn", "d", {}, 1.0});
    });
    REQUIRE(instance());  // a read sees every write committed before it started

    // A write transaction stays open in another thread while this one reads: the read answers
    // with the last committed state and does not wait for the writer.
    std::promise<void> written, release;
    auto released = release.get_future().share();
    std::thread writer([&] {
      db.write([&](Tx& tx) {
        sso_admin::Repository(tx, "b", "r").ensure_instance({"arn-b", "d", {}, 1.0});
        written.set_value();
        released.wait();
      });
    });
    written.get_future().wait();
    auto during = db.read([](Tx& tx) { return sso_admin::Repository(tx, "b", "r").instance(); });
    release.set_value();
    writer.join();
    CHECK_FALSE(during);
    CHECK(db.read([](Tx& tx) { return sso_admin::Repository(tx, "b", "r").instance(); }));

    // Reads cannot write, and a failed read leaves the pool usable.
    CHECK_THROWS_AS(db.read([](Tx& tx) {
      sso_admin::Repository(tx, "c", "r").ensure_instance({"arn-c", "d", {}, 1.0});
    }),
                    StorageError);
    CHECK(instance());
    CHECK(db.healthy());
  }
  std::filesystem::remove_all(dir);
}

TEST_CASE("a write that throws leaves nothing behind") {
  Database db("");
  CHECK_THROWS(db.write([](Tx& tx) {
    sso_admin::Repository r(tx, "a", "r");
    r.ensure_instance({"arn", "d", {}, 1.0});
    throw std::runtime_error("boom");
  }));
  auto found = db.read([](Tx& tx) { return sso_admin::Repository(tx, "a", "r").instance(); });
  CHECK_FALSE(found);
}

TEST_CASE("SSO Admin repository: permission sets, assignments") {
  Database db("");
  db.write([](Tx& tx) {
    sso_admin::Repository r(tx, "a", "r");
    sso_admin::PermissionSet ps{"ps1", "inst", "Admin", std::nullopt, "PT1H", std::nullopt, 1.0};
    CHECK(r.insert_permission_set(ps));
    ps.arn = "ps2";
    CHECK_FALSE(r.insert_permission_set(ps));  // same name in the instance
    sso_admin::Assignment a{"inst", "123456789012", "AWS_ACCOUNT", "ps1", "USER", "p1", 2.0};
    CHECK(r.insert_assignment(a));
    CHECK_FALSE(r.insert_assignment(a));
    CHECK(r.assignment_count("ps1") == 1);
    std::vector<std::string> seen;
    auto collect = [&](const sso_admin::AssignmentRow& row) {
      seen.push_back(std::string(row.principal_id) + "@" + std::string(row.target_id));
    };
    CHECK(r.assignments("inst", "123456789012", "ps1", 0, 10, collect) == 1);
    CHECK(seen == std::vector<std::string>{"p1@123456789012"});
    CHECK(r.assignments_for_principal("inst", "USER", "p1", std::nullopt, std::nullopt, 0, 10,
                                      collect) == 1);
    CHECK(r.assignments_for_principal("inst", "USER", "p1", std::nullopt,
                                      std::string("999999999999"), 0, 10, collect) == 0);
    CHECK(seen.size() == 2);
    CHECK(r.delete_assignment(a));
    CHECK_FALSE(r.delete_assignment(a));
  });
  // Another account sees none of it.
  auto other =
      db.read([](Tx& tx) { return sso_admin::Repository(tx, "b", "r").permission_set("ps1"); });
  CHECK_FALSE(other);
}

TEST_CASE("SSO Admin migration 0011 keeps stored instances, as organization instances") {
  auto dir = std::filesystem::temp_directory_path() /
             ("junction-storage-0011-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::string path = (dir / "j.db").string();
  {
    // A database as migrations up to 0010 left it, with an instance stored.
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &raw) == SQLITE_OK);
    auto run = [&](const std::string& sql) {
      char* error = nullptr;
      int rc = sqlite3_exec(raw, sql.c_str(), nullptr, nullptr, &error);
      INFO((error ? error : ""));
      sqlite3_free(error);
      REQUIRE(rc == SQLITE_OK);
    };
    run("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
        " applied_at TEXT NOT NULL)");
    for (int i = 0; i < kMigrationCount && kMigrations[i].version <= 10; ++i) {
      run(kMigrations[i].sql);
      run("INSERT INTO schema_migrations VALUES (" + std::to_string(kMigrations[i].version) +
          ", 'm', '0')");
    }
    run("INSERT INTO sso_instances (account, region, instance_arn, identity_store_id, name,"
        " created_at) VALUES ('111111111111', 'us-east-1',"
        " 'arn:aws:sso:::instance/ssoins-00000000000000aa', 'd-00000000aa', 'kept', 5.0)");
    sqlite3_close(raw);
  }
  Database db(path);
  CHECK(db.schema_version() == kMigrations[kMigrationCount - 1].version);
  auto kept = db.read([](Tx& tx) {
    return sso_admin::Repository(tx, "111111111111", "us-east-1")
        .instance("arn:aws:sso:::instance/ssoins-00000000000000aa");
  });
  REQUIRE(kept);
  CHECK(kept->organization);
  CHECK(kept->name == "kept");
  CHECK(kept->identity_store_id == "d-00000000aa");
  CHECK(kept->kms_key_type == "AWS_OWNED_KMS_KEY");
  std::filesystem::remove_all(dir);
}

TEST_CASE("SSO Admin repository: instances by ARN, the account instance in any Region") {
  Database db("");
  db.write([](Tx& tx) {
    sso_admin::Repository east(tx, "a", "us-east-1");
    east.ensure_instance({"arn:org", "d-org", {}, 1.0});
    sso_admin::Instance mine{"arn:mine", "d-mine", std::string("apps"), 2.0};
    mine.organization = false;
    east.insert_instance(mine);
    auto all = east.instances();
    REQUIRE(all.size() == 2);
    CHECK(all[0].arn == "arn:org");  // the organization instance first
    CHECK_FALSE(all[1].organization);
    CHECK(east.instance()->arn == "arn:org");
    CHECK(east.instance_by_identity_store("d-mine")->arn == "arn:mine");
    sso_admin::Repository west(tx, "a", "us-west-2");
    CHECK_FALSE(west.instance("arn:mine"));
    REQUIRE(west.account_instance_anywhere());
    CHECK(west.account_instance_anywhere()->region == "us-east-1");
    CHECK_FALSE(sso_admin::Repository(tx, "b", "us-east-1").account_instance_anywhere());
    east.delete_instance("arn:mine");
    CHECK_FALSE(west.account_instance_anywhere());
  });
}

TEST_CASE("SSO Admin repository: provisioning follows the permission set's version") {
  Database db("");
  db.write([](Tx& tx) {
    sso_admin::Repository r(tx, "a", "r");
    REQUIRE(r.insert_permission_set({"ps1", "inst", "Admin", {}, "PT1H", {}, 1.0}));
    CHECK_FALSE(r.provision("other-inst", "ps1", "111111111111", 2.0));  // not its instance
    CHECK_FALSE(r.provision("inst", "ps-none", "111111111111", 2.0));
    CHECK(r.provision("inst", "ps1", "111111111111", 2.0));
    CHECK(r.provision("inst", "ps1", "111111111111", 3.0));  // again: still one account
    CHECK(r.accounts_provisioned_with("ps1", std::nullopt, 0, 10) ==
          std::vector<std::string>{"111111111111"});
    r.bump_version("ps1");
    CHECK(r.accounts_provisioned_with("ps1", true, 0, 10).empty());
    CHECK(r.permission_sets_provisioned_to("inst", "111111111111", false, 0, 10) ==
          std::vector<std::string>{"ps1"});
    r.reprovision_all("ps1", 4.0);
    CHECK(r.accounts_provisioned_with("ps1", true, 0, 10).size() == 1);
    // The set stays while an assignment of it is left in the account.
    sso_admin::Assignment a{"inst", "111111111111", "AWS_ACCOUNT", "ps1", "USER", "p1", 5.0};
    REQUIRE(r.insert_assignment(a));
    r.deprovision_if_unassigned("inst", "ps1", "111111111111");
    CHECK(r.accounts_provisioned_with("ps1", std::nullopt, 0, 10).size() == 1);
    REQUIRE(r.delete_assignment(a));
    r.deprovision_if_unassigned("inst", "ps1", "111111111111");
    CHECK(r.accounts_provisioned_with("ps1", std::nullopt, 0, 10).empty());
    // Policies and provisioning go with their permission set.
    CHECK(r.attach_policy("ps1", sso_admin::kAwsManaged, {"arn:p", "p", {}}, 6.0));
    CHECK_FALSE(r.attach_policy("ps1", sso_admin::kAwsManaged, {"arn:p", "p", {}}, 7.0));
    CHECK(r.provision("inst", "ps1", "222222222222", 8.0));
    r.delete_permission_set("ps1");
    CHECK(r.attached_policy_count("ps1") == 0);
    CHECK(r.accounts_provisioned_with("ps1", std::nullopt, 0, 10).empty());
  });
}

TEST_CASE("Async requests: pending until they settle, filtered by status as of a time") {
  Database db("");
  db.write([](Tx& tx) {
    AsyncRequestRepository r(tx, "a", "r", "sso-admin");
    r.insert({"req1", "DELETION", "inst", R"({"TargetId":"1"})", "IN_PROGRESS", "SUCCEEDED",
              std::nullopt, 10.0, 15.0});
    CHECK(r.list("DELETION", "inst", std::nullopt, 12.0, 0, 10)[0].status == "IN_PROGRESS");
    CHECK(r.list("DELETION", "inst", std::string("SUCCEEDED"), 16.0, 0, 10).size() == 1);
    CHECK(r.list("DELETION", "inst", std::string("SUCCEEDED"), 12.0, 0, 10).empty());
    CHECK(r.list("CREATION", "inst", std::nullopt, 16.0, 0, 10).empty());
    CHECK(r.find("DELETION", "inst", "req1")->subject == R"({"TargetId":"1"})");
    CHECK_FALSE(r.find("DELETION", "other-instance", "req1"));
    CHECK_FALSE(AsyncRequestRepository(tx, "a", "r", "appstream").find("DELETION", "inst", "req1"));
    CHECK_FALSE(AsyncRequestRepository(tx, "b", "r", "sso-admin").find("DELETION", "inst", "req1"));
  });
}

TEST_CASE("Async requests: only the newest are kept, and every pending one") {
  Database db("");
  const std::int64_t total = AsyncRequestRepository::kKept + 50;
  db.write([&](Tx& tx) {
    for (std::int64_t i = 0; i < total; ++i) {
      double at = 100.0 + static_cast<double>(i);
      // The first request is still IN_PROGRESS at the end: it is not forgotten.
      double settles = i == 0 ? 1e12 : at;
      const char* kind = i % 2 ? "DELETION" : "CREATION";
      // Requests of every account count, each account seeing only its own.
      AsyncRequestRepository(tx, i % 3 ? "a" : "b", "r", "sso-admin")
          .insert({"req" + std::to_string(i), kind, "inst", "{}", "IN_PROGRESS", "SUCCEEDED",
                   std::nullopt, at, settles});
    }
  });
  db.read([&](Tx& tx) {
    std::int64_t kept = 0;
    for (const char* account : {"a", "b"})
      for (const char* kind : {"CREATION", "DELETION"})
        kept += static_cast<std::int64_t>(AsyncRequestRepository(tx, account, "r", "sso-admin")
                                              .list(kind, "inst", std::nullopt, 1e9, 0, total)
                                              .size());
    CHECK(kept == AsyncRequestRepository::kKept + 1);
    AsyncRequestRepository b(tx, "b", "r", "sso-admin");
    CHECK(b.find("CREATION", "inst", "req0"));        // in progress
    CHECK_FALSE(b.find("DELETION", "inst", "req3"));  // among the oldest
    AsyncRequestRepository a(tx, "a", "r", "sso-admin");
    CHECK_FALSE(a.find("DELETION", "inst", "req49"));
    CHECK(a.find("CREATION", "inst", "req50"));
    CHECK(b.find("DELETION", "inst", "req" + std::to_string(total - 1)));
  });
}

TEST_CASE("Tags by ARN: put overwrites, remove ignores unknown keys, accounts are apart") {
  Database db("");
  db.write([](Tx& tx) {
    TagRepository t(tx, "a", "r", "appstream");
    t.put("arn:1", {{"b", "2"}, {"a", "1"}});
    t.put("arn:1", {{"a", "one"}});
    CHECK(t.list("arn:1") == std::vector<Tag>{{"a", "one"}, {"b", "2"}});
    CHECK(t.count("arn:1") == 2);
    t.remove("arn:1", {"b", "nope"});
    CHECK(t.list("arn:1") == std::vector<Tag>{{"a", "one"}});
    CHECK(TagRepository(tx, "b", "r", "appstream").list("arn:1").empty());
    t.remove_all("arn:1");
    CHECK(t.count("arn:1") == 0);
  });
}

TEST_CASE("FinSpace repository: only the newest clientToken records are kept") {
  using finspace_data::Repository;
  Database db("");
  const std::int64_t total = Repository::kTokensKept + 20;
  db.write([&](Tx& tx) {
    for (std::int64_t i = 0; i < total; ++i)  // every account's records count
      Repository(tx, i % 2 ? "a" : "b", "r")
          .insert_token({"CreateUser", "t" + std::to_string(i), "{}", false, "{}", 1000 + i});
  });
  db.read([&](Tx& tx) {
    Repository a(tx, "a", "r"), b(tx, "b", "r");
    CHECK_FALSE(b.token("CreateUser", "t0"));
    CHECK_FALSE(a.token("CreateUser", "t19"));
    CHECK(b.token("CreateUser", "t20"));
    CHECK(a.token("CreateUser", "t" + std::to_string(total - 1)));
  });
}
