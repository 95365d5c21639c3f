// Storage faults and import checks at the storage layer: a data directory serves one database
// at a time, a garbage file is refused naming it, imported values are checked against their
// columns, and two rows on one stored row are refused; each refusal changes nothing.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "storage/database.hpp"
#include "storage/state_store.hpp"

using namespace junction::storage;

namespace {

std::filesystem::path temp_dir(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() /
             ("junction-storage-faults-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

std::string refusal(const std::string& path) {
  try {
    Database db(path);
  } catch (const StorageError& e) {
    return e.what();
  }
  return "";
}

Row stack(const std::string& name, Value created_at) {
  return {{"account", std::string("111111111111")},
          {"region", std::string("us-east-1")},
          {"name", name},
          {"arn", "arn:aws:appstream:us-east-1:111111111111:stack/" + name},
          {"created_at", std::move(created_at)}};
}

std::string import_error(StateStore& store, const std::vector<TableRows>& rows) {
  try {
    store.import_rows(rows);
  } catch (const StateError& e) {
    return e.type + ": " + e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("a data directory serves one database at a time", "[storage]") {
  auto dir = temp_dir("lock");
  std::string path = (dir / "junction.db").string();
  {
    Database first(path);
    std::string message = refusal(path);
    CHECK(message.find("in use by another Junction") != std::string::npos);
    CHECK(message.find(dir.string()) != std::string::npos);
  }
  CHECK(refusal(path).empty());  // the lock went with the first
  std::filesystem::remove_all(dir);
}

TEST_CASE("a file that is not a database is refused, naming it", "[storage]") {
  auto dir = temp_dir("garbage");
  std::string path = (dir / "junction.db").string();
  std::ofstream(path) << std::string(8192, 'x');
  std::string message = refusal(path);
  CHECK(message.find(path) != std::string::npos);
  CHECK(message.find("not a database") != std::string::npos);
  CHECK(classify(26) == StorageFault::kCorrupt);  // SQLITE_NOTADB
  std::filesystem::remove_all(dir);
}

TEST_CASE("imported values are checked against their columns", "[state]") {
  Database db("");
  StateStore store(db);
  CHECK(import_error(store, {{"appstream_stacks", {stack("a", std::string("abc"))}}})
            .find("InvalidRow: Row 0 of table 'appstream_stacks', column 'created_at'") == 0);
  CHECK(import_error(store, {{"appstream_stacks", {stack("a", -1e300)}}}).find("epoch seconds") !=
        std::string::npos);
  CHECK(import_error(store,
                     {{"appstream_stacks", {stack("a", 1.0), stack("b", 2.0), stack("a", 3.0)}}})
            .find("Rows 0 and 2 of table 'appstream_stacks' have the same key") !=
        std::string::npos);
  for (const auto& table : store.export_rows({})) CHECK(table.rows.empty());
  CHECK(import_error(store, {{"appstream_stacks", {stack("a", 1.0), stack("b", 2.0)}}}).empty());
}
