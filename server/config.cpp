#include "server/config.hpp"

#include <arpa/inet.h>
#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <iostream>
#include <stdexcept>

#include "server/logging.hpp"

#ifndef JUNCTION_VERSION
#define JUNCTION_VERSION "0.0.0"
#endif

namespace junction {

std::string Config::database_path() const {
  return persistent() ? data_dir + "/junction.db" : std::string();
}

std::string Config::storage_description() const {
  return persistent() ? database_path() : "memory";
}

std::string Config::source(const std::string& flag) const {
  for (const auto& f : from_environment)
    if (f == flag) {
      std::string env = "JUNCTION_" + flag.substr(2);
      for (char& ch : env) ch = ch == '-' ? '_' : static_cast<char>(std::toupper(ch));
      return env;
    }
  return flag;
}

namespace {

struct Option {
  const char* flag;
  const char* env;
  bool is_switch;
  const char* help;
  const char* expects;  // what a valid value is, for the message about an invalid one
  std::function<bool(Config&, const std::string&)> set;
};

constexpr const char* kSwitch = "1, true, yes, 0, false or no";

bool to_int(const std::string& s, long long lo, long long hi, long long& out) {
  if (s.empty()) return false;
  char* end = nullptr;
  errno = 0;
  out = std::strtoll(s.c_str(), &end, 10);
  return *end == '\0' && errno == 0 && out >= lo && out <= hi;
}

// A flag given without a value (`--ephemeral`) is on.
bool to_bool(const std::string& s, bool& out) {
  if (s == "1" || s == "true" || s == "yes" || s.empty()) return out = true, true;
  if (s == "0" || s == "false" || s == "no") return out = false, true;
  return false;
}

template <typename T>
std::function<bool(Config&, const std::string&)> whole(T Config::*member, long long lo,
                                                       long long hi) {
  return [member, lo, hi](Config& c, const std::string& v) {
    long long n;
    return to_int(v, lo, hi, n) && (c.*member = static_cast<T>(n), true);
  };
}

std::function<bool(Config&, const std::string&)> text(std::string Config::*member) {
  return [member](Config& c, const std::string& v) { return c.*member = v, !v.empty(); };
}

std::function<bool(Config&, const std::string&)> on_off(bool Config::*member) {
  return [member](Config& c, const std::string& v) { return to_bool(v, c.*member); };
}

const std::vector<Option>& options() {
  static const std::vector<Option> all = {
      {"--host", "JUNCTION_HOST", false,
       "address to listen on: an IP address, or a name such as localhost (default 127.0.0.1; "
       "0.0.0.0 for every interface)",
       "an IP address or a host name", text(&Config::host)},
      {"--port", "JUNCTION_PORT", false, "TCP port, 0 for any free one (default 4566)",
       "a port number from 0 to 65535", whole(&Config::port, 0, 65535)},
      {"--data-dir", "JUNCTION_DATA_DIR", false,
       "keep state in DIR/junction.db across restarts (default: state in memory, lost at exit)",
       "a directory", text(&Config::data_dir)},
      {"--ephemeral", "JUNCTION_EPHEMERAL", true,
       "keep all state in memory only (the default; contradicts --data-dir)", kSwitch,
       on_off(&Config::ephemeral)},
      {"--seed", "JUNCTION_SEED", false, "state file (JSON) to import at start-up", "a file",
       text(&Config::seed_file)},
      {"--threads", "JUNCTION_THREADS", false, "worker threads, 1 to 256 (default: one per core)",
       "a whole number from 1 to 256 (leave it out for one thread per core)",
       whole(&Config::threads, 1, 256)},
      {"--log-level", "JUNCTION_LOG_LEVEL", false, "debug, info, warn or error (default info)",
       "one of debug, info, warn, error",
       [](Config& c, const std::string& v) {
         log::Level l;
         return log::parse_level(v, l) && (c.log_level = v, true);
       }},
      {"--log-format", "JUNCTION_LOG_FORMAT", false, "text or json (default text)",
       "one of text, json",
       [](Config& c, const std::string& v) {
         return (v == "text" || v == "json") && (c.log_format = v, true);
       }},
      {"--sso-delay-ms", "JUNCTION_SSO_DELAY_MS", false,
       "how long SSO Admin's asynchronous work (assignment and provisioning requests, new "
       "instances, Regions) stays in progress (default 0)",
       "milliseconds, a whole number from 0 to 86400000",
       whole(&Config::sso_delay_ms, 0, 86400000)},
      {"--lenient-principals", "JUNCTION_LENIENT_PRINCIPALS", true,
       "SSO Admin assignments take effect for any principal id, not only for users and groups "
       "of the identity store",
       kSwitch, on_off(&Config::lenient_principals)},
      {"--finspace-delay-ms", "JUNCTION_FINSPACE_DELAY_MS", false,
       "how long FinSpace datasets, changesets and data views take to reach SUCCESS (default 0)",
       "milliseconds, a whole number from 0 to 86400000",
       whole(&Config::finspace_delay_ms, 0, 86400000)},
      {"--lmus-delay-ms", "JUNCTION_LMUS_DELAY_MS", false,
       "how long License Manager license server endpoints stay PROVISIONING (default 0)",
       "milliseconds, a whole number from 0 to 86400000",
       whole(&Config::lmus_delay_ms, 0, 86400000)},
      {"--appstream-delay-ms", "JUNCTION_APPSTREAM_DELAY_MS", false,
       "how long AppStream fleets stay STARTING or STOPPING (default 0)",
       "milliseconds, a whole number from 0 to 86400000",
       whole(&Config::appstream_delay_ms, 0, 86400000)},
      {"--max-body-bytes", "JUNCTION_MAX_BODY_BYTES", false,
       "largest request body accepted; larger gets 413 (default 1048576)",
       "bytes, a whole number from 1 to 4294967296", whole(&Config::max_body_bytes, 1, 1ll << 32)},
      {"--max-header-bytes", "JUNCTION_MAX_HEADER_BYTES", false,
       "largest request header block; larger gets 431 (default 16384)",
       "bytes, a whole number from 512 to 1048576", whole(&Config::max_header_bytes, 512, 1 << 20)},
      {"--idle-timeout", "JUNCTION_IDLE_TIMEOUT", false,
       "seconds a connection may stay silent before it is closed (default 60)",
       "seconds, a whole number from 1 to 86400", whole(&Config::idle_timeout_seconds, 1, 86400)},
      {"--request-timeout", "JUNCTION_REQUEST_TIMEOUT", false,
       "seconds a request may take to arrive whole; slower gets 408 (default 30)",
       "seconds, a whole number from 1 to 86400",
       whole(&Config::request_timeout_seconds, 1, 86400)},
      {"--max-connections", "JUNCTION_MAX_CONNECTIONS", false,
       "open connections at most; more are refused (default 1024)",
       "a whole number from 1 to 1048576", whole(&Config::max_connections, 1, 1 << 20)},
      {"--shutdown-timeout", "JUNCTION_SHUTDOWN_TIMEOUT", false,
       "seconds requests in flight may take to finish after SIGTERM or SIGINT before they are "
       "cut; a second signal cuts them at once (default 5)",
       "seconds, a whole number from 0 to 3600", whole(&Config::shutdown_timeout_seconds, 0, 3600)},
      {"--no-control-plane", "JUNCTION_NO_CONTROL_PLANE", true,
       "switch the control plane off: /_junction/* and /moto-api/* answer 404, except "
       "/_junction/health and /_junction/ping",
       kSwitch, on_off(&Config::no_control_plane)},
      {"--admin-token", "JUNCTION_ADMIN_TOKEN", false,
       "require `Authorization: Bearer TOKEN` on the control plane (health stays open)", "a token",
       text(&Config::admin_token)},
      {"--journal-size", "JUNCTION_JOURNAL_SIZE", false,
       "API calls kept for GET /_junction/requests, 0 for none (default 1000)",
       "a whole number from 0 to 1000000", whole(&Config::journal_size, 0, 1000000)},
      {"--verify-signatures", "JUNCTION_VERIFY_SIGNATURES", true,
       "strict mode: every API request must be SigV4-signed by a key of --credentials", kSwitch,
       on_off(&Config::verify_signatures)},
      {"--credentials", "JUNCTION_CREDENTIALS", false,
       "JSON file of [{accessKeyId, secretAccessKey, accountId}] for --verify-signatures", "a file",
       text(&Config::credentials_file)},
  };
  return all;
}

// Strict mode needs its keys, and an open control plane would let anyone read and change every
// account's state around the signatures: it must be guarded by a token or switched off.
std::string check_strict_mode(const Config& c) {
  if (c.verify_signatures && c.credentials_file.empty())
    return c.source("--verify-signatures") +
           " needs --credentials FILE (the access keys it accepts)";
  if (!c.verify_signatures && !c.credentials_file.empty())
    return c.source("--credentials") + " is only used with --verify-signatures";
  if (c.verify_signatures && !c.no_control_plane && c.admin_token.empty())
    return c.source("--verify-signatures") +
           " needs --admin-token TOKEN or --no-control-plane: the control plane can read and "
           "change the state of every account";
  return {};
}

bool from_environment(const Config& c, const char* flag) {
  return std::find(c.from_environment.begin(), c.from_environment.end(), flag) !=
         c.from_environment.end();
}

}  // namespace

std::string usage() {
  std::string out =
      "junction " JUNCTION_VERSION
      " - a local emulator of AWS identity-association APIs\n\n"
      "usage: junction [options]\n\n"
      "State is in memory unless --data-dir is given: every start is clean.\n\n"
      "options (each also read from its environment variable; a flag wins over its variable,\n"
      "and an empty variable counts as unset):\n";
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
  Config& config = result.config;
  auto env = getenv ? getenv : [](const char* n) -> const char* { return std::getenv(n); };
  for (const auto& o : options()) {
    const char* v = env(o.env);
    if (!v || !*v) continue;  // unset, or set to nothing
    if (!o.set(config, v)) {
      result.error =
          std::string("invalid value '") + v + "' for " + o.env + ": expected " + o.expects;
      return result;
    }
    config.from_environment.push_back(o.flag);
  }
  // Which of --ephemeral and --data-dir the flags gave: a flag overrides the other's variable,
  // but both as flags (or both as variables) contradict each other.
  bool flag_ephemeral = false, flag_data_dir = false;
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
        result.error = arg + " needs a value: " + found->expects;
        return result;
      }
      value = args[++i];
    }
    if (!found->set(config, value)) {
      result.error = "invalid value '" + value + "' for " + arg + ": expected " + found->expects;
      return result;
    }
    auto& sources = config.from_environment;
    sources.erase(std::remove(sources.begin(), sources.end(), arg), sources.end());
    if (arg == "--ephemeral") flag_ephemeral = true;
    if (arg == "--data-dir") flag_data_dir = true;
  }
  if (config.ephemeral && !config.data_dir.empty()) {
    bool env_ephemeral = from_environment(config, "--ephemeral");
    bool env_data_dir = from_environment(config, "--data-dir");
    if (flag_ephemeral && env_data_dir) {
      config.data_dir.clear();  // the flag wins over the variable
    } else if (flag_data_dir && env_ephemeral) {
      config.ephemeral = false;
    } else {
      result.error = config.source("--ephemeral") + " and " + config.source("--data-dir") +
                     " contradict each other: state is either in memory (the default) or in " +
                     config.data_dir + "; give one of them";
      return result;
    }
  }
  result.error = check_strict_mode(config);
  return result;
}

namespace {

std::string errno_text(int code) { return std::generic_category().message(code); }

// The address to listen on: a numeric one as given, a name resolved (its first IPv4 address,
// else its first IPv6 one: `localhost` is 127.0.0.1 even where ::1 comes first).
std::string resolve_host(const Config& c) {
  const std::string flag = c.source("--host");
  if (c.host.empty()) throw std::runtime_error(flag + " is empty: give an address to listen on");
  in6_addr v6;
  in_addr v4;
  std::string host = c.host;
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  if (inet_pton(AF_INET, host.c_str(), &v4) == 1 || inet_pton(AF_INET6, host.c_str(), &v6) == 1)
    return host;
  // localhost is the loopback address by definition (RFC 6761), and a static binary in an
  // empty container image has no resolver to ask.
  if (host == "localhost") return "127.0.0.1";
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  int rc = ::getaddrinfo(host.c_str(), nullptr, &hints, &found);
  if (rc != 0 || !found)
    throw std::runtime_error(flag + " " + c.host +
                             ": not an IP address, and the name does not resolve (" +
                             gai_strerror(rc) +
                             "); give an address such as 127.0.0.1, or 0.0.0.0 for every "
                             "interface");
  std::string first_v4, first_v6;
  char text[INET6_ADDRSTRLEN] = {};
  for (addrinfo* a = found; a; a = a->ai_next) {
    if (a->ai_family == AF_INET && first_v4.empty()) {
      inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in*>(a->ai_addr)->sin_addr, text, sizeof text);
      first_v4 = text;
    } else if (a->ai_family == AF_INET6 && first_v6.empty()) {
      inet_ntop(AF_INET6, &reinterpret_cast<sockaddr_in6*>(a->ai_addr)->sin6_addr, text,
                sizeof text);
      first_v6 = text;
    }
  }
  ::freeaddrinfo(found);
  if (!first_v4.empty()) return first_v4;
  if (!first_v6.empty()) return first_v6;
  throw std::runtime_error(flag + " " + c.host + ": the name has no IPv4 or IPv6 address");
}

// A file the server reads at start-up (--seed, --credentials): present, a file, readable.
void check_readable_file(const Config& c, const char* flag, const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  auto status = fs::status(path, ec);
  const std::string name = c.source(flag) + " " + path;
  if (status.type() == fs::file_type::not_found)
    throw std::runtime_error(name + ": no such file (relative paths start from " +
                             fs::current_path(ec).string() + ")");
  if (status.type() == fs::file_type::directory)
    throw std::runtime_error(name + " is a directory, not a file");
  if (::access(path.c_str(), R_OK) != 0)
    throw std::runtime_error(name + ": cannot be read (" + errno_text(errno) + ")");
}

// The data directory: made when missing, and writable (SQLite adds its -wal and -shm files).
void check_data_dir(const Config& c) {
  namespace fs = std::filesystem;
  const std::string name = c.source("--data-dir") + " " + c.data_dir;
  std::error_code ec;
  auto status = fs::status(c.data_dir, ec);
  if (status.type() == fs::file_type::not_found) {
    fs::create_directories(c.data_dir, ec);
    if (ec) throw std::runtime_error(name + ": cannot create it (" + ec.message() + ")");
    return;
  }
  if (status.type() != fs::file_type::directory)
    throw std::runtime_error(name + " is a file, not a directory: give a directory (Junction " +
                             "keeps junction.db in it), or leave the flag out for state in " +
                             "memory");
  if (::access(c.data_dir.c_str(), W_OK | X_OK) != 0)
    throw std::runtime_error(name + ": not writable by this user (uid " +
                             std::to_string(::getuid()) + "): " + errno_text(errno));
  auto db = fs::status(c.database_path(), ec);
  if (db.type() == fs::file_type::directory)
    throw std::runtime_error(name + ": " + c.database_path() + " is a directory, not a database");
}

}  // namespace

std::string check_startup(const Config& config) {
  std::string address = resolve_host(config);
  if (config.persistent()) check_data_dir(config);
  if (!config.seed_file.empty()) check_readable_file(config, "--seed", config.seed_file);
  if (config.verify_signatures && !config.credentials_file.empty())
    check_readable_file(config, "--credentials", config.credentials_file);
  return address;
}

std::string listen_error(const Config& config, const std::string& address, std::error_code code) {
  const std::string port = std::to_string(config.port);
  const std::string where =
      address.find(':') != std::string::npos ? "[" + address + "]:" + port : address + ":" + port;
  if (code == std::errc::address_in_use)
    return "port " + port + " is in use (another emulator?); choose another with " +
           config.source("--port") + " (" + where + ")";
  if (code == std::errc::permission_denied)
    return "port " + port + " needs privileges this user lacks (ports below 1024); choose " +
           "another with " + config.source("--port");
  if (code == std::errc::address_not_available)
    return config.source("--host") + " " + config.host +
           (config.host == address ? "" : " (" + address + ")") +
           " is not an address of this machine; use 127.0.0.1, 0.0.0.0 (every interface) or one "
           "of its own addresses";
  return "cannot listen on " + where + ": " + code.message();
}

}  // namespace junction
