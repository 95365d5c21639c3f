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
    CHECK(r.assignments_for_principal("inst", "USER", "p1", std::nullopt, 0, 10, collect) == 1);
    CHECK(r.assignments_for_principal("inst", "USER", "p1", std::string("999999999999"), 0, 10,
                                      collect) == 0);
    CHECK(seen.size() == 2);
    CHECK(r.delete_assignment(a));
    CHECK_FALSE(r.delete_assignment(a));
  });
  // Another account sees none of it.
  auto other =
      db.read([](Tx& tx) { return sso_admin::Repository(tx, "b", "r").permission_set("ps1"); });
  CHECK_FALSE(other);
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
