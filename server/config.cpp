#include "server/config.hpp"

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <map>

#include "server/logging.hpp"

#ifndef JUNCTION_VERSION
#define JUNCTION_VERSION "0.0.0"
#endif

namespace junction {

std::string Config::database_path() const {
  return ephemeral ? std::string() : data_dir + "/junction.db";
}

namespace {

struct Option {
  const char* flag;
  const char* env;
  bool is_switch;
  const char* help;
  std::function<bool(Config&, const std::string&)> set;
};

bool to_int(const std::string& s, long long lo, long long hi, long long& out) {
  if (s.empty()) return false;
  char* end = nullptr;
  errno = 0;
  out = std::strtoll(s.c_str(), &end, 10);
  return *end == '\0' && errno == 0 && out >= lo && out <= hi;
}

bool to_bool(const std::string& s, bool& out) {
  if (s == "1" || s == "true" || s == "yes" || s.empty()) return out = true, true;
  if (s == "0" || s == "false" || s == "no") return out = false, true;
  return false;
}

const std::vector<Option>& options() {
  static const std::vector<Option> all = {
      {"--host", "JUNCTION_HOST", false, "address to listen on (default 127.0.0.1)",
       [](Config& c, const std::string& v) { return c.host = v, !v.empty(); }},
      {"--port", "JUNCTION_PORT", false, "TCP port, 0 for any free one (default 4566)",
       [](Config& c, const std::string& v) {
         long long n;
         return to_int(v, 0, 65535, n) && (c.port = static_cast<std::uint16_t>(n), true);
       }},
      {"--data-dir", "JUNCTION_DATA_DIR", false,
       "directory of the SQLite database, kept across restarts (default ./data)",
       [](Config& c, const std::string& v) { return c.data_dir = v, !v.empty(); }},
      {"--ephemeral", "JUNCTION_EPHEMERAL", true, "keep all state in memory only",
       [](Config& c, const std::string& v) { return to_bool(v, c.ephemeral); }},
      {"--seed", "JUNCTION_SEED", false, "state file (JSON) to import at start-up",
       [](Config& c, const std::string& v) { return c.seed_file = v, true; }},
      {"--threads", "JUNCTION_THREADS", false, "worker threads (default: one per core)",
       [](Config& c, const std::string& v) {
         long long n;
         return to_int(v, 0, 256, n) && (c.threads = static_cast<int>(n), true);
       }},
      {"--log-level", "JUNCTION_LOG_LEVEL", false, "debug, info, warn or error (default info)",
       [](Config& c, const std::string& v) {
         log::Level l;
         return log::parse_level(v, l) && (c.log_level = v, true);
       }},
      {"--log-format", "JUNCTION_LOG_FORMAT", false, "text or json (default text)",
       [](Config& c, const std::string& v) {
         return (v == "text" || v == "json") && (c.log_format = v, true);
       }},
      {"--sso-delay-ms", "JUNCTION_SSO_DELAY_MS", false,
       "how long SSO Admin's asynchronous work (assignment and provisioning requests, new "
       "instances, Regions) stays in progress (default 0)",
       [](Config& c, const std::string& v) {
         long long n;
         return to_int(v, 0, 86400000, n) && (c.sso_delay_ms = n, true);
       }},
      {"--lenient-principals", "JUNCTION_LENIENT_PRINCIPALS", true,
       "SSO Admin assignments take effect for any principal id, not only for users and groups "
       "of the identity store",
       [](Config& c, const std::string& v) { return to_bool(v, c.lenient_principals); }},
      {"--finspace-delay-ms", "JUNCTION_FINSPACE_DELAY_MS", false,
       "how long FinSpace datasets, changesets and data views take to reach SUCCESS (default 0)",
       [](Config& c, const std::string& v) {
         long long n;
         return to_int(v, 0, 86400000, n) && (c.finspace_delay_ms = n, true);
       }},
      {"--lmus-delay-ms", "JUNCTION_LMUS_DELAY_MS", false,
       "how long License Manager license server endpoints stay PROVISIONING (default 0)",
       [](Config& c, const std::string& v) {
         long long n;
         return to_int(v, 0, 86400000, n) && (c.lmus_delay_ms = n, true);
       }},
      {"--appstream-delay-ms", "JUNCTION_APPSTREAM_DELAY_MS", false,
       "how long AppStream fleets stay STARTING or STOPPING (default 0)",
       [](Config& c, const std::string& v) {
         long long n;
         return to_int(v, 0, 86400000, n) && (c.appstream_delay_ms = n, true);
       }},
      {"--max-body-bytes", "JUNCTION_MAX_BODY_BYTES", false,
       "largest request body accepted; larger gets 413 (default 1048576)",
       [](Config& c, const std::string& v) {
         long long n;
         return to_int(v, 1, 1ll << 32, n) &&
                (c.max_body_bytes = static_cast<std::size_t>(n), true);
       }},
      {"--max-header-bytes", "JUNCTION_MAX_HEADER_BYTES", false,
       "largest request header block; larger gets 431 (default 16384)",
       [](Config& c, const std::string& v) {
         long long n;
         return to_int(v, 512, 1 << 20, n) &&
                (c.max_header_bytes = static_cast<std::size_t>(n), true);
       }},
      {"--idle-timeout", "JUNCTION_IDLE_TIMEOUT", false,
       "seconds a connection may stay silent before it is closed (default 60)",
       [](Config& c, const std::string& v) {
         long long n;
         return to_int(v, 1, 86400, n) && (c.idle_timeout_seconds = static_cast<int>(n), true);
       }},
      {"--request-timeout", "JUNCTION_REQUEST_TIMEOUT", false,
       "seconds a request may take to arrive whole; slower gets 408 (default 30)",
       [](Config& c, const std::string& v) {
         long long n;
         return to_int(v, 1, 86400, n) && (c.request_timeout_seconds = static_cast<int>(n), true);
       }},
      {"--max-connections", "JUNCTION_MAX_CONNECTIONS", false,
       "open connections at most; more are refused (default 1024)",
       [](Config& c, const std::string& v) {
         long long n;
         return to_int(v, 1, 1 << 20, n) && (c.max_connections = static_cast<int>(n), true);
       }},
      {"--shutdown-timeout", "JUNCTION_SHUTDOWN_TIMEOUT", false,
       "seconds requests in flight may take to finish after SIGTERM or SIGINT before they are "
       "cut; a second signal cuts them at once (default 5)",
       [](Config& c, const std::string& v) {
         long long n;
         return to_int(v, 0, 3600, n) && (c.shutdown_timeout_seconds = static_cast<int>(n), true);
       }},
      {"--no-control-plane", "JUNCTION_NO_CONTROL_PLANE", true,
       "switch the control plane off: /_junction/* answers 404, except health",
       [](Config& c, const std::string& v) { return to_bool(v, c.no_control_plane); }},
      {"--admin-token", "JUNCTION_ADMIN_TOKEN", false,
       "require `Authorization: Bearer TOKEN` on the control plane (health stays open)",
       [](Config& c, const std::string& v) { return c.admin_token = v, !v.empty(); }},
      {"--journal-size", "JUNCTION_JOURNAL_SIZE", false,
       "API calls kept for GET /_junction/requests, 0 for none (default 1000)",
       [](Config& c, const std::string& v) {
         long long n;
         return to_int(v, 0, 1000000, n) && (c.journal_size = static_cast<std::size_t>(n), true);
       }},
      {"--verify-signatures", "JUNCTION_VERIFY_SIGNATURES", true,
       "strict mode: every API request must be SigV4-signed by a key of --credentials",
       [](Config& c, const std::string& v) { return to_bool(v, c.verify_signatures); }},
      {"--credentials", "JUNCTION_CREDENTIALS", false,
       "JSON file of [{accessKeyId, secretAccessKey, accountId}] for --verify-signatures",
       [](Config& c, const std::string& v) { return c.credentials_file = v, !v.empty(); }},
  };
  return all;
}

// Strict mode needs its keys, and an open control plane would let anyone read and change every
// account's state around the signatures: it must be guarded by a token or switched off.
std::string check_strict_mode(const Config& c) {
  if (c.verify_signatures && c.credentials_file.empty())
    return "--verify-signatures needs --credentials FILE (the access keys it accepts)";
  if (!c.verify_signatures && !c.credentials_file.empty())
    return "--credentials is only used with --verify-signatures";
  if (c.verify_signatures && !c.no_control_plane && c.admin_token.empty())
    return "--verify-signatures needs --admin-token TOKEN or --no-control-plane: the control "
           "plane can read and change the state of every account";
  return {};
}

}  // namespace

std::string usage() {
  std::string out =
      "junction " JUNCTION_VERSION
      " - a local emulator of AWS identity-association APIs\n\n"
      "usage: junction [options]\n\noptions (each also read from its environment variable):\n";
  for (const auto& o : options()) {
    std::string left = std::string("  ") + o.flag + (o.is_switch ? "" : " VALUE");
    left.resize(std::max<std::size_t>(left.size() + 2, 28), ' ');
    out += left + o.help + "  [" + o.env + "]\n";
  }
  out += "  --help                    this text\n  --version                 the version\n";
  out +=
      "\ncommands:\n"
      "  junction healthcheck [--port N] [--host H]\n"
      "                            GET /_junction/health of the server on that port (127.0.0.1\n"
      "                            when the host is 0.0.0.0), 2 s timeout; exit 0 on 200, else 1\n"
      "  junction model            the operation registry as JSON\n";
  return out;
}

ConfigResult parse_config(const std::vector<std::string>& args,
                          const char* (*getenv)(const char*)) {
  ConfigResult result;
  auto env = getenv ? getenv : [](const char* n) -> const char* { return std::getenv(n); };
  for (const auto& o : options()) {
    if (const char* v = env(o.env)) {
      if (!o.set(result.config, v)) {
        result.error = std::string("invalid value '") + v + "' for " + o.env;
        return result;
      }
    }
  }
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string arg = args[i];
    if (arg == "--help" || arg == "-h") {
      std::cout << usage();
      result.exit = true;
      return result;
    }
    if (arg == "--version") {
      std::cout << "junction " JUNCTION_VERSION "\n";
      result.exit = true;
      return result;
    }
    std::string value;
    bool inline_value = false;
    if (auto eq = arg.find('='); eq != std::string::npos) {
      value = arg.substr(eq + 1);
      arg = arg.substr(0, eq);
      inline_value = true;
    }
    const Option* found = nullptr;
    for (const auto& o : options())
      if (arg == o.flag) found = &o;
    if (!found) {
      result.error = "unknown option " + arg + " (see --help)";
      return result;
    }
    if (!found->is_switch && !inline_value) {
      if (i + 1 >= args.size()) {
        result.error = arg + " needs a value";
        return result;
      }
      value = args[++i];
    }
    if (!found->set(result.config, value)) {
      result.error = "invalid value '" + value + "' for " + arg;
      return result;
    }
  }
  result.error = check_strict_mode(result.config);
  return result;
}

}  // namespace junction
