// Settings from flags, each with a JUNCTION_* environment equivalent (SPEC §7). A flag wins over
// its variable; a variable wins over the default; an empty variable counts as unset.
#pragma once

#include <cstdint>
#include <string>
#include <system_error>
#include <vector>

namespace junction {

struct Config {
  std::string host = "127.0.0.1";
  std::uint16_t port = 4566;
  // Empty: state in memory, lost at exit (the default). A directory: state in its junction.db,
  // kept across restarts.
  std::string data_dir;
  bool ephemeral = false;  // --ephemeral: in memory, said explicitly
  std::string seed_file;
  int threads = 0;  // 0: one per core (the default; --threads takes 1 or more)
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

  // The flags whose value came from their environment variable, so that a message about a value
  // names where the person set it.
  std::vector<std::string> from_environment;

  // State in a file (--data-dir without --ephemeral).
  bool persistent() const { return !ephemeral && !data_dir.empty(); }
  // The SQLite file, or empty for state in memory.
  std::string database_path() const;
  // "memory" or the database file, for the start-up line.
  std::string storage_description() const;
  // `flag` ("--seed"), or its variable (JUNCTION_SEED) when the value came from there.
  std::string source(const std::string& flag) const;
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

// What the start-up needs from the machine, checked before anything opens, each problem in a
// sentence that names the flag, path or address at fault: `host` resolved to the numeric address
// to listen on (`localhost` is 127.0.0.1), the data directory made if missing and writable, the
// seed and credentials files readable. Returns the numeric address, or throws
// std::runtime_error.
std::string check_startup(const Config& config);

// The sentence for a listening socket that could not be opened on `address` (from check_startup).
std::string listen_error(const Config& config, const std::string& address, std::error_code code);

}  // namespace junction
