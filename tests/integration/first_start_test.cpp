// What a person meets first: state in memory unless a data directory is given, start-up errors
// that name the flag, path or address at fault, and the control plane as documented (a journal
// of size 0 still counts, a full reset is a fresh start, the switched-off message).
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>

#include "server/app.hpp"
#include "server/logging.hpp"
#include "tests/integration/http_client.hpp"

using junction::App;
using junction::Config;
using junction::test::HttpClient;
using nlohmann::json;

namespace {

Config base_config() {
  junction::log::configure(junction::log::Level::kError, junction::log::Format::kText);
  Config config;
  config.host = "127.0.0.1";
  config.port = 0;
  config.threads = 1;
  return config;
}

std::filesystem::path scratch(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() /
             ("junction-first-" + std::to_string(std::random_device{}()));
  std::filesystem::create_directories(dir);
  return dir / name;
}

// The message App's constructor or start() fails with, or "" when it starts.
std::string start_error(const Config& config) {
  try {
    App app(config);
    app.start();
    return {};
  } catch (const std::exception& e) {
    return e.what();
  }
}

json list_instances(HttpClient& http) {
  return http.aws_json("sso", "SWBExternalService.ListInstances", "{}", "111111111111", "us-east-1")
      .json();
}

}  // namespace

TEST_CASE("state is in memory unless a data directory is given", "[first][storage]") {
  App memory(base_config());
  memory.start();
  HttpClient http(memory.port());
  auto storage = http.get("/_junction/health").json()["storage"];
  CHECK(storage["mode"] == "memory");
  CHECK(storage["ephemeral"] == true);
  CHECK(storage["path"] == ":memory:");

  Config config = base_config();
  auto dir = scratch("data");
  config.data_dir = dir.string();
  App file(config);
  file.start();
  HttpClient file_http(file.port());
  storage = file_http.get("/_junction/health").json()["storage"];
  CHECK(storage["mode"] == "file");
  CHECK(storage["ephemeral"] == false);
  CHECK(storage["path"] == (dir / "junction.db").string());
  CHECK(std::filesystem::is_directory(dir));  // made when missing
  std::filesystem::remove_all(dir.parent_path());
}

TEST_CASE("start-up errors name the flag, path or address at fault", "[first][errors]") {
  SECTION("a port in use") {
    App first(base_config());
    first.start();
    Config config = base_config();
    config.port = first.port();
    auto error = start_error(config);
    CHECK(error.find("port " + std::to_string(first.port()) + " is in use (another emulator?); " +
                     "choose another with --port") != std::string::npos);
  }
  SECTION("--host localhost resolves; a name that does not is named") {
    Config config = base_config();
    config.host = "localhost";
    App app(config);
    app.start();
    HttpClient http(app.port());  // connects to 127.0.0.1
    CHECK(http.get("/_junction/health").status == 200);
    config.host = "no-such-host.invalid";
    auto error = start_error(config);
    CHECK(error.find("--host no-such-host.invalid: not an IP address") != std::string::npos);
    config.host = "192.0.2.1";  // TEST-NET-1: an address of no machine here
    error = start_error(config);
    CHECK(error.find("--host 192.0.2.1 is not an address of this machine") != std::string::npos);
  }
  SECTION("a --data-dir that is a file") {
    auto file = scratch("not-a-dir");
    std::ofstream(file) << "x";
    Config config = base_config();
    config.data_dir = file.string();
    auto error = start_error(config);
    CHECK(error.find("--data-dir " + file.string() + " is a file, not a directory") !=
          std::string::npos);
    config.from_environment.push_back("--data-dir");
    CHECK(start_error(config).find("JUNCTION_DATA_DIR " + file.string()) != std::string::npos);
    std::filesystem::remove_all(file.parent_path());
  }
  SECTION("a missing, a directory or an unreadable --seed file") {
    auto dir = scratch("seeds");
    std::filesystem::create_directories(dir);
    Config config = base_config();
    config.seed_file = (dir / "missing.json").string();
    CHECK(start_error(config).find("--seed " + config.seed_file + ": no such file") !=
          std::string::npos);
    config.seed_file = dir.string();
    CHECK(start_error(config).find("--seed " + config.seed_file + " is a directory") !=
          std::string::npos);
    if (::geteuid() != 0) {  // root reads any file
      auto locked = dir / "locked.json";
      std::ofstream(locked) << "{}";
      ::chmod(locked.c_str(), 0);
      config.seed_file = locked.string();
      CHECK(start_error(config).find("cannot be read") != std::string::npos);
    }
    std::filesystem::remove_all(dir.parent_path());
  }
}

TEST_CASE("--journal-size 0 keeps no entry but counts every call", "[first][journal]") {
  Config config = base_config();
  config.journal_size = 0;
  App app(config);
  app.start();
  HttpClient http(app.port());
  list_instances(http);
  list_instances(http);
  auto journal = http.get("/_junction/requests").json();
  CHECK(journal["capacity"] == 0);
  CHECK(journal["count"] == 0);
  CHECK(journal["total"] == 2);
}

TEST_CASE("a full reset is a fresh start, fault rule ids included", "[first][reset]") {
  App app(base_config());
  app.start();
  HttpClient http(app.port());
  json rule = {{"service", "appstream"}, {"latencyMs", 1}};
  CHECK(http.post_json("/_junction/faults", rule).json()["id"] == "fault-1");
  CHECK(http.post_json("/_junction/faults", rule).json()["id"] == "fault-2");
  http.post("/_junction/reset?service=appstream");  // a filtered reset keeps the rules
  CHECK(http.post_json("/_junction/faults", rule).json()["id"] == "fault-3");
  auto reset = http.post("/_junction/reset").json();
  CHECK(reset["faultRulesCleared"] == 3);
  CHECK(http.post_json("/_junction/faults", rule).json()["id"] == "fault-1");
}

TEST_CASE("--no-control-plane names the routes that still answer", "[first][options]") {
  Config config = base_config();
  config.no_control_plane = true;
  App app(config);
  app.start();
  HttpClient http(app.port());
  auto r = http.post("/_junction/reset");
  CHECK(r.status == 404);
  std::string message = r.json()["message"];
  CHECK(message.find("/_junction/health") != std::string::npos);
  CHECK(message.find("/_junction/ping") != std::string::npos);
  CHECK(http.get("/_junction/ping").status == 200);
}
