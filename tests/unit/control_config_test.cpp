#include <catch2/catch.hpp>
#include <cstring>

#include "server/config.hpp"

using junction::parse_config;

namespace {
const char* control_env(const char* name) {
  if (!std::strcmp(name, "JUNCTION_JOURNAL_SIZE")) return "42";
  if (!std::strcmp(name, "JUNCTION_ADMIN_TOKEN")) return "from-env";
  if (!std::strcmp(name, "JUNCTION_NO_CONTROL_PLANE")) return "1";
  if (!std::strcmp(name, "JUNCTION_SEED")) return "seed.json";
  return nullptr;
}
const char* no_env(const char*) { return nullptr; }
}  // namespace

TEST_CASE("control-plane settings from flags and environment") {
  auto defaults = parse_config({}, no_env);
  REQUIRE(defaults.error.empty());
  REQUIRE(defaults.config.journal_size == 1000);
  REQUIRE_FALSE(defaults.config.no_control_plane);
  REQUIRE(defaults.config.admin_token.empty());

  auto env = parse_config({}, control_env);
  REQUIRE(env.error.empty());
  REQUIRE(env.config.journal_size == 42);
  REQUIRE(env.config.admin_token == "from-env");
  REQUIRE(env.config.no_control_plane);
  REQUIRE(env.config.seed_file == "seed.json");

  auto flags =
      parse_config({"--journal-size", "0", "--admin-token=t", "--seed", "s.json"}, control_env);
  REQUIRE(flags.error.empty());
  REQUIRE(flags.config.journal_size == 0);
  REQUIRE(flags.config.admin_token == "t");
  REQUIRE(flags.config.seed_file == "s.json");

  REQUIRE_FALSE(parse_config({"--journal-size", "-1"}, no_env).error.empty());
  REQUIRE_FALSE(parse_config({"--journal-size", "lots"}, no_env).error.empty());
  REQUIRE_FALSE(parse_config({"--admin-token="}, no_env).error.empty());
  REQUIRE(parse_config({"--no-control-plane"}, no_env).config.no_control_plane);
}
