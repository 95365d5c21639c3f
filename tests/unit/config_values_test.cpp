// Settings a person gets wrong first: where state lives, empty variables, contradictions, and
// messages that say what a valid value is.
#include <catch2/catch.hpp>
#include <cstring>
#include <map>
#include <string>

#include "server/config.hpp"

using junction::parse_config;

namespace {

// parse_config takes a plain function pointer: the variables of one check live here.
std::map<std::string, std::string>& variables() {
  static std::map<std::string, std::string> vars;
  return vars;
}
const char* from_variables(const char* name) {
  auto it = variables().find(name);
  return it == variables().end() ? nullptr : it->second.c_str();
}
junction::ConfigResult parse(const std::vector<std::string>& args,
                             std::map<std::string, std::string> vars = {}) {
  variables() = std::move(vars);
  return parse_config(args, from_variables);
}

}  // namespace

TEST_CASE("--data-dir turns persistence on; --ephemeral stays accepted", "[config]") {
  auto r = parse({"--data-dir", "/tmp/j"});
  CHECK(r.error.empty());
  CHECK(r.config.persistent());
  CHECK(r.config.database_path() == "/tmp/j/junction.db");
  CHECK(r.config.storage_description() == "/tmp/j/junction.db");
  auto env = parse({}, {{"JUNCTION_DATA_DIR", "/var/lib/junction"}});
  CHECK(env.config.database_path() == "/var/lib/junction/junction.db");
  auto e = parse({"--ephemeral"});
  CHECK(e.error.empty());
  CHECK_FALSE(e.config.persistent());
  CHECK(e.config.storage_description() == "memory");
}

TEST_CASE("an empty JUNCTION_* variable is unset", "[config]") {
  auto r = parse({}, {{"JUNCTION_EPHEMERAL", ""}, {"JUNCTION_PORT", ""}, {"JUNCTION_HOST", ""}});
  CHECK(r.error.empty());
  CHECK_FALSE(r.config.ephemeral);
  CHECK(r.config.port == 4566);
  CHECK(r.config.host == "127.0.0.1");
  CHECK(parse({}, {{"JUNCTION_EPHEMERAL", "0"}}).config.ephemeral == false);
  CHECK(parse({}, {{"JUNCTION_EPHEMERAL", "1"}}).config.ephemeral == true);
}

TEST_CASE("--ephemeral and --data-dir contradict each other", "[config]") {
  auto flags = parse({"--ephemeral", "--data-dir", "d"});
  CHECK(flags.error.find("--ephemeral and --data-dir contradict each other") != std::string::npos);
  auto vars = parse({}, {{"JUNCTION_EPHEMERAL", "1"}, {"JUNCTION_DATA_DIR", "d"}});
  CHECK(vars.error.find("JUNCTION_EPHEMERAL and JUNCTION_DATA_DIR") != std::string::npos);
  // A flag wins over the other setting's variable, as over its own.
  auto flag_wins = parse({"--ephemeral"}, {{"JUNCTION_DATA_DIR", "/data"}});
  CHECK(flag_wins.error.empty());
  CHECK_FALSE(flag_wins.config.persistent());
  auto dir_wins = parse({"--data-dir", "d"}, {{"JUNCTION_EPHEMERAL", "1"}});
  CHECK(dir_wins.error.empty());
  CHECK(dir_wins.config.persistent());
  CHECK(parse({"--ephemeral=false", "--data-dir", "d"}).error.empty());
}

TEST_CASE("invalid values say what a valid one is", "[config]") {
  CHECK(parse({"--log-level", "loud"}).error ==
        "invalid value 'loud' for --log-level: expected one of debug, info, warn, error");
  CHECK(parse({"--log-format=yaml"}).error ==
        "invalid value 'yaml' for --log-format: expected one of text, json");
  CHECK(parse({}, {{"JUNCTION_LOG_FORMAT", "xml"}}).error ==
        "invalid value 'xml' for JUNCTION_LOG_FORMAT: expected one of text, json");
  CHECK(parse({"--port", "70000"}).error.find("a port number from 0 to 65535") !=
        std::string::npos);
  CHECK(parse({"--ephemeral=maybe"}).error.find("1, true, yes, 0, false or no") !=
        std::string::npos);
  CHECK(parse({"--port"}).error == "--port needs a value: a port number from 0 to 65535");
}

TEST_CASE("--threads 0 is refused, with what to do instead", "[config]") {
  auto r = parse({"--threads", "0"});
  CHECK(r.error.find("invalid value '0' for --threads") != std::string::npos);
  CHECK(r.error.find("leave it out for one thread per core") != std::string::npos);
  CHECK(parse({"--threads", "4"}).config.threads == 4);
  CHECK(parse({}).config.threads == 0);  // one per core
}

TEST_CASE("messages name the variable when the value came from one", "[config]") {
  auto r = parse({}, {{"JUNCTION_SEED", "seed.json"}});
  CHECK(r.config.source("--seed") == "JUNCTION_SEED");
  CHECK(r.config.source("--port") == "--port");
  auto flag = parse({"--seed", "other.json"}, {{"JUNCTION_SEED", "seed.json"}});
  CHECK(flag.config.seed_file == "other.json");
  CHECK(flag.config.source("--seed") == "--seed");
  CHECK(parse({}, {{"JUNCTION_CREDENTIALS", "c.json"}}).error ==
        "JUNCTION_CREDENTIALS is only used with --verify-signatures");
}

TEST_CASE("--help names every flag and says how variables are read", "[config]") {
  std::string help = junction::usage();
  for (const char* flag : {"--host", "--port", "--data-dir", "--ephemeral", "--seed", "--threads",
                           "--journal-size", "--no-control-plane", "--credentials"})
    CHECK(help.find(flag) != std::string::npos);
  CHECK(help.find("an empty variable counts as unset") != std::string::npos);
  CHECK(help.find("State is in memory unless --data-dir is given") != std::string::npos);
}
