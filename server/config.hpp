// Settings from flags, each with a JUNCTION_* environment equivalent (SPEC §7). A flag wins over
// its variable; a variable wins over the default.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace junction {

struct Config {
  std::string host = "127.0.0.1";
  std::uint16_t port = 4566;
  std::string data_dir = "data";
  bool ephemeral = false;
  std::string seed_file;
  int threads = 0;  // 0: one per core
  std::string log_level = "info";
  std::string log_format = "text";
  std::int64_t sso_delay_ms = 0;
  bool lenient_principals = false;
  std::int64_t finspace_delay_ms = 0;
  std::int64_t lmus_delay_ms = 0;
  std::int64_t appstream_delay_ms = 0;
  std::size_t max_body_bytes = 1 << 20;
  std::size_t max_header_bytes = 16 << 10;
  int idle_timeout_seconds = 60;
  int request_timeout_seconds = 30;
  int max_connections = 1024;
  // SIGTERM/SIGINT: how long requests in flight may take to finish before they are cut.
  int shutdown_timeout_seconds = 5;
  // The control plane (/_junction/*): off answers 404 everywhere but health; a token guards it.
  bool no_control_plane = false;
  std::string admin_token;
  std::size_t journal_size = 1000;  // API calls GET /_junction/requests remembers
  // Strict mode: every API request must carry a valid SigV4 signature of a key listed in
  // `credentials_file`, and acts in that key's account.
  bool verify_signatures = false;
  std::string credentials_file;

  // The SQLite file, or empty for --ephemeral.
  std::string database_path() const;
};

struct ConfigResult {
  Config config;
  bool exit = false;  // --help or --version was printed
  int exit_code = 0;
  std::string error;  // a bad flag or value; non-empty means exit 2
};

// `args` excludes the program name. `getenv` is injectable for tests.
ConfigResult parse_config(const std::vector<std::string>& args,
                          const char* (*getenv)(const char*) = nullptr);

std::string usage();

}  // namespace junction
