// `junction healthcheck`: asks a running Junction for GET /_junction/health, for container health
// checks that have no shell or curl. Exit code 0 when the answer is 200, 1 otherwise.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace junction {

struct HealthResult {
  bool healthy = false;
  int status = 0;      // the HTTP status, 0 when there was no answer
  std::string detail;  // a short reason: "200 OK", "connection refused", "timed out", ...
};

// One GET http://<address>:<port>/_junction/health, all of it within `timeout`. `address` must
// be a numeric IPv4 or IPv6 address: nothing is resolved.
HealthResult check_health(const std::string& address, std::uint16_t port,
                          std::chrono::milliseconds timeout = std::chrono::seconds(2));

// The address to reach a server listening on `host`: the loopback address of the same family for
// a wildcard (0.0.0.0 or ::), else `host` itself.
std::string health_address(const std::string& host);

// The subcommand: `args` are the arguments after "healthcheck" (--port, --host, as for the
// server, each also read from its JUNCTION_* variable). Prints one line; returns the exit code.
int run_healthcheck(const std::vector<std::string>& args);

}  // namespace junction
