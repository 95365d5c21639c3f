#include "server/config.hpp"

#include <catch2/catch.hpp>
#include <cstring>

using junction::parse_config;

namespace {
const char* fake_env(const char* name) {
  if (std::strcmp(name, "JUNCTION_PORT") == 0) return "5000";
  if (std::strcmp(name, "JUNCTION_EPHEMERAL") == 0) return "1";
  return nullptr;
}
const char* no_env(const char*) { return nullptr; }
}  // namespace

TEST_CASE("defaults") {
  auto r = parse_config({}, no_env);
  CHECK(r.error.empty());
  CHECK(r.config.host == "127.0.0.1");
  CHECK(r.config.port == 4566);
  CHECK(r.config.database_path().empty());  // state in memory (SPEC §7)
  CHECK_FALSE(r.config.persistent());
}

TEST_CASE("environment, then flags") {
  auto r = parse_config({}, fake_env);
  CHECK(r.config.port == 5000);
  CHECK(r.config.ephemeral);
  CHECK(r.config.database_path().empty());
  auto f = parse_config({"--port", "6000", "--sso-delay-ms=250", "--log-format", "json",
                         "--finspace-delay-ms", "300", "--lmus-delay-ms=400"},
                        fake_env);
  CHECK(f.error.empty());
  CHECK(f.config.port == 6000);
  CHECK(f.config.sso_delay_ms == 250);
  CHECK(f.config.finspace_delay_ms == 300);
  CHECK(f.config.lmus_delay_ms == 400);
  CHECK(f.config.log_format == "json");
}

TEST_CASE("the AppStream fleet delay") {
  CHECK(parse_config({}, no_env).config.appstream_delay_ms == 0);
  CHECK(parse_config({"--appstream-delay-ms", "750"}, no_env).config.appstream_delay_ms == 750);
  auto env = parse_config({}, [](const char* name) -> const char* {
    return std::strcmp(name, "JUNCTION_APPSTREAM_DELAY_MS") == 0 ? "40" : nullptr;
  });
  CHECK(env.config.appstream_delay_ms == 40);
  CHECK_FALSE(parse_config({"--appstream-delay-ms", "-1"}, no_env).error.empty());
}

TEST_CASE("connection limits and timeouts") {
  auto d = parse_config({}, no_env);
  CHECK(d.config.idle_timeout_seconds == 60);
  CHECK(d.config.request_timeout_seconds == 30);
  auto r = parse_config({"--idle-timeout", "120", "--request-timeout=5", "--max-connections", "8"},
                        no_env);
  CHECK(r.error.empty());
  CHECK(r.config.idle_timeout_seconds == 120);
  CHECK(r.config.request_timeout_seconds == 5);
  CHECK(r.config.max_connections == 8);
  auto env = parse_config({}, [](const char* name) -> const char* {
    return std::strcmp(name, "JUNCTION_REQUEST_TIMEOUT") == 0 ? "7" : nullptr;
  });
  CHECK(env.config.request_timeout_seconds == 7);
  CHECK_FALSE(parse_config({"--request-timeout", "0"}, no_env).error.empty());
  CHECK_FALSE(parse_config({"--request-timeout", "soon"}, no_env).error.empty());
}

TEST_CASE("bad flags are errors") {
  CHECK_FALSE(parse_config({"--port", "70000"}, no_env).error.empty());
  CHECK_FALSE(parse_config({"--nope"}, no_env).error.empty());
  CHECK_FALSE(parse_config({"--port"}, no_env).error.empty());
  CHECK_FALSE(parse_config({"--log-level", "loud"}, no_env).error.empty());
}

TEST_CASE("strict mode needs credentials and a guarded or absent control plane") {
  auto ok = parse_config(
      {"--verify-signatures", "--credentials", "creds.json", "--admin-token", "t"}, no_env);
  CHECK(ok.error.empty());
  CHECK(ok.config.verify_signatures);
  CHECK(ok.config.credentials_file == "creds.json");
  CHECK(parse_config({"--verify-signatures", "--credentials=c.json", "--no-control-plane"}, no_env)
            .error.empty());
  CHECK_FALSE(parse_config({}, no_env).config.verify_signatures);

  auto no_file = parse_config({"--verify-signatures", "--admin-token", "t"}, no_env);
  CHECK(no_file.error.find("--credentials") != std::string::npos);
  auto no_verify = parse_config({"--credentials", "c.json"}, no_env);
  CHECK(no_verify.error.find("--verify-signatures") != std::string::npos);
  auto open_control = parse_config({"--verify-signatures", "--credentials", "c.json"}, no_env);
  CHECK(open_control.error.find("--admin-token") != std::string::npos);
  CHECK(open_control.error.find("--no-control-plane") != std::string::npos);
}

TEST_CASE("strict mode from the environment") {
  auto env = [](const char* name) -> const char* {
    if (std::strcmp(name, "JUNCTION_VERIFY_SIGNATURES") == 0) return "1";
    if (std::strcmp(name, "JUNCTION_CREDENTIALS") == 0) return "/etc/junction/creds.json";
    if (std::strcmp(name, "JUNCTION_ADMIN_TOKEN") == 0) return "t";
    return nullptr;
  };
  auto r = parse_config({}, env);
  CHECK(r.error.empty());
  CHECK(r.config.verify_signatures);
  CHECK(r.config.credentials_file == "/etc/junction/creds.json");
}
