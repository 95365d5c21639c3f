// junction_loadgen: the benchmark's load generator. It drives Junction (or moto_server) over
// keep-alive HTTP/1.1 connections with the requests an AWS SDK sends, checks the status of every
// response, and prints its measurements as one JSON object per command.
//
//   junction_loadgen run --port P --workload W [--connections N] [--duration S] [--warmup S]
//                        [--repeat N]
//   junction_loadgen list-scaling --port P --count 100000 [--connections 1,16] [--duration S]
//   junction_loadgen startup --binary PATH [--runs 10] [-- junction flags...]
//
// Workloads: ping, sso-list, sso-cycle, finspace-cycle, appstream-batch, lmus-cycle (see
// bench/README.md). A cycle is a pair of requests (associate then disassociate, create then
// delete) so that state returns to where it started; a run stops at a cycle boundary.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {

constexpr const char* kAccount = "123456789012";
constexpr const char* kRegion = "us-east-1";

[[noreturn]] void die(const std::string& message) {
  std::cerr << "junction_loadgen: " << message << "\n";
  std::exit(2);
}

std::mt19937_64& rng() {
  static thread_local std::mt19937_64 gen{std::random_device{}()};
  return gen;
}

std::string hex(int digits) {
  static const char* kDigits = "0123456789abcdef";
  std::string out(digits, '0');
  for (auto& c : out) c = kDigits[rng()() & 15];
  return out;
}

std::string uuid() { return hex(8) + "-" + hex(4) + "-4" + hex(3) + "-8" + hex(3) + "-" + hex(12); }

// --- requests ---------------------------------------------------------------------------------

// One request as the bytes an SDK would send, and the status it must get.
struct Step {
  std::string raw;
  int expect = 200;
  const char* forbid = nullptr;  // a substring the body must not contain (batch entry errors)
};

struct Target {
  std::string host = "127.0.0.1";
  unsigned short port = 4566;
};

// The SigV4 header of a real SDK call (not verified by default; its credential scope routes the
// request and its access key names the account).
std::string authorization(const std::string& signing_name) {
  return std::string("AWS4-HMAC-SHA256 Credential=") + kAccount + "/20250101/" + kRegion + "/" +
         signing_name +
         "/aws4_request, SignedHeaders=content-type;host;x-amz-date, "
         "Signature=0000000000000000000000000000000000000000000000000000000000000000";
}

std::string raw_request(const Target& t, const std::string& method, const std::string& path,
                        const std::string& signing_name, const std::string& content_type,
                        const std::string& amz_target, const std::string& body) {
  std::string r;
  r.reserve(400 + body.size());
  r += method + " " + path + " HTTP/1.1\r\nHost: " + t.host + ":" + std::to_string(t.port) +
       "\r\nUser-Agent: junction-loadgen/1\r\n";
  if (!signing_name.empty()) {
    r += "X-Amz-Date: 20250101T000000Z\r\nAuthorization: " + authorization(signing_name) + "\r\n";
  }
  if (!amz_target.empty()) r += "X-Amz-Target: " + amz_target + "\r\n";
  if (!content_type.empty()) r += "Content-Type: " + content_type + "\r\n";
  if (!body.empty() || method == "POST" || method == "PUT")
    r += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  r += "\r\n";
  r += body;
  return r;
}

Step aws_json(const Target& t, const std::string& signing, const std::string& target,
              const json& body, int expect = 200) {
  return {raw_request(t, "POST", "/", signing, "application/x-amz-json-1.1", target, body.dump()),
          expect};
}

Step rest_json(const Target& t, const std::string& signing, const std::string& method,
               const std::string& path, const json* body, int expect = 200) {
  return {raw_request(t, method, path, signing, body ? "application/json" : "", "",
                      body ? body->dump() : ""),
          expect};
}

Step sso(const Target& t, const std::string& op, const json& body) {
  return aws_json(t, "sso", "SWBExternalService." + op, body);
}
Step identitystore(const Target& t, const std::string& op, const json& body) {
  return aws_json(t, "identitystore", "AWSIdentityStore." + op, body);
}

// --- a blocking client for setup ----------------------------------------------------------------

struct Reply {
  int status = 0;
  std::string body;
  json parsed() const {
    try {
      return json::parse(body);
    } catch (const std::exception&) {
      return json();
    }
  }
};

// A server that answers `Connection: close` (moto_server does, every time) is reconnected to
// before the next request, as an SDK would.
class Client {
 public:
  explicit Client(const Target& t)
      : endpoint_(asio::ip::make_address(t.host), t.port), socket_(ioc_) {
    connect();
  }
  Reply send(const std::string& raw) {
    if (!socket_.is_open()) connect();
    asio::write(socket_, asio::buffer(raw));
    http::response_parser<http::string_body> parser;
    parser.body_limit(256u << 20);
    http::read(socket_, buffer_, parser);
    if (!parser.get().keep_alive()) {
      beast::error_code ec;
      socket_.close(ec);
      buffer_.clear();
    }
    return {static_cast<int>(parser.get().result_int()), parser.get().body()};
  }
  // Sends `step` and dies unless it gets the status expected.
  json must(const Step& step, const std::string& what) {
    Reply r = send(step.raw);
    if (r.status != step.expect)
      die(what + ": HTTP " + std::to_string(r.status) + " (expected " +
          std::to_string(step.expect) + "): " + r.body.substr(0, 500));
    return r.parsed();
  }

 private:
  void connect() {
    socket_.connect(endpoint_);
    socket_.set_option(tcp::no_delay(true));
  }
  asio::io_context ioc_;
  tcp::endpoint endpoint_;
  tcp::socket socket_;
  beast::flat_buffer buffer_;
};

// --- workloads ----------------------------------------------------------------------------------

// Builds the fixtures a workload needs, then the requests of cycle `i` of connection `c`.
struct Workload {
  virtual ~Workload() = default;
  virtual void setup(Client& client, int connections) = 0;
  virtual std::vector<Step> cycle(int c, std::uint64_t i) = 0;
};

struct Ping : Workload {
  explicit Ping(const Target& t) : t_(t) {}
  void setup(Client&, int) override {
    step_ = {raw_request(t_, "GET", "/_junction/ping", "", "", "", ""), 200};
  }
  std::vector<Step> cycle(int, std::uint64_t) override { return {step_}; }
  Target t_;
  Step step_;
};

// The SSO Admin instance and a permission set of this run, and users of its identity store (the
// principals of assignments, which must exist).
struct SsoFixture {
  std::string instance;
  std::string identity_store;
  std::string permission_set;
  void create(const Target& t, Client& client, const std::string& name) {
    json instances = client.must(sso(t, "ListInstances", json::object()), "ListInstances");
    instance = instances["Instances"].at(0)["InstanceArn"];
    identity_store = instances["Instances"].at(0)["IdentityStoreId"];
    json ps =
        client.must(sso(t, "CreatePermissionSet", {{"InstanceArn", instance}, {"Name", name}}),
                    "CreatePermissionSet");
    permission_set = ps["PermissionSet"]["PermissionSetArn"];
  }
  // A new user of the identity store: its id.
  std::string user(const Target& t, Client& client) const {
    std::string name = "bench-" + hex(12);
    json body = {{"IdentityStoreId", identity_store},
                 {"UserName", name},
                 {"DisplayName", name},
                 {"Name", {{"GivenName", "Bench"}, {"FamilyName", name}}}};
    return client.must(identitystore(t, "CreateUser", body), "CreateUser")["UserId"];
  }
  json assignment(const std::string& account, const std::string& principal) const {
    return {{"InstanceArn", instance},     {"TargetId", account},
            {"TargetType", "AWS_ACCOUNT"}, {"PermissionSetArn", permission_set},
            {"PrincipalType", "USER"},     {"PrincipalId", principal}};
  }
};

constexpr const char* kListedAccount = "111111111111";

// ListAccountAssignments of one account and permission set holding 10 assignments.
struct SsoList : Workload {
  explicit SsoList(const Target& t) : t_(t) {}
  void setup(Client& client, int) override {
    if (fixture_.instance.empty()) {
      fixture_.create(t_, client, "bench-list-" + hex(8));
      for (int k = 0; k < 10; ++k)
        client.must(sso(t_, "CreateAccountAssignment",
                        fixture_.assignment(kListedAccount, fixture_.user(t_, client))),
                    "CreateAccountAssignment");
    }
    step_ = sso(t_, "ListAccountAssignments",
                {{"InstanceArn", fixture_.instance},
                 {"AccountId", kListedAccount},
                 {"PermissionSetArn", fixture_.permission_set}});
  }
  std::vector<Step> cycle(int, std::uint64_t) override { return {step_}; }
  Target t_;
  SsoFixture fixture_;
  Step step_;
};

// CreateAccountAssignment then DeleteAccountAssignment, one principal per connection.
struct SsoCycle : Workload {
  explicit SsoCycle(const Target& t) : t_(t) {}
  void setup(Client& client, int connections) override {
    fixture_.create(t_, client, "bench-cycle-" + hex(8));
    for (int c = 0; c < connections; ++c) {
      json a = fixture_.assignment("222222222222", fixture_.user(t_, client));
      steps_.push_back(
          {sso(t_, "CreateAccountAssignment", a), sso(t_, "DeleteAccountAssignment", a)});
    }
  }
  std::vector<Step> cycle(int c, std::uint64_t) override { return steps_[c]; }
  Target t_;
  SsoFixture fixture_;
  std::vector<std::vector<Step>> steps_;
};

// FinSpace Data: AssociateUserToPermissionGroup then DisassociateUserFromPermissionGroup, one
// user per connection, a fresh clientToken on every call as the SDK sends.
struct FinspaceCycle : Workload {
  explicit FinspaceCycle(const Target& t) : t_(t) {}
  void setup(Client& client, int connections) override {
    std::string tag = hex(8);
    json group_body = {{"name", "bench-" + tag},
                       {"applicationPermissions", {"ViewAuditData"}},
                       {"clientToken", uuid()}};
    json group =
        client.must(rest_json(t_, "finspace-api", "POST", "/permission-group", &group_body),
                    "CreatePermissionGroup");
    group_ = group["permissionGroupId"];
    for (int c = 0; c < connections; ++c) {
      json user_body = {{"emailAddress", "bench-" + tag + "-" + std::to_string(c) + "@example.com"},
                        {"type", "APP_USER"},
                        {"clientToken", uuid()}};
      json user =
          client.must(rest_json(t_, "finspace-api", "POST", "/user", &user_body), "CreateUser");
      paths_.push_back("/permission-group/" + group_.get<std::string>() + "/users/" +
                       user["userId"].get<std::string>());
    }
  }
  std::vector<Step> cycle(int c, std::uint64_t) override {
    json body = {{"clientToken", uuid()}};
    return {rest_json(t_, "finspace-api", "POST", paths_[c], &body),
            rest_json(t_, "finspace-api", "DELETE", paths_[c] + "?clientToken=" + uuid(), nullptr)};
  }
  Target t_;
  json group_;
  std::vector<std::string> paths_;
};

// AppStream: BatchAssociateUserStack then BatchDisassociateUserStack of 25 user-pool users (one
// set per connection); an entry reported in `errors` fails the request.
struct AppstreamBatch : Workload {
  explicit AppstreamBatch(const Target& t) : t_(t) {}
  void setup(Client& client, int connections) override {
    std::string tag = hex(8);
    std::string stack = "bench-" + tag;
    client.must(aws_json(t_, "appstream", "PhotonAdminProxyService.CreateStack", {{"Name", stack}}),
                "CreateStack");
    for (int c = 0; c < connections; ++c) {
      json entries = json::array();
      for (int k = 0; k < 25; ++k) {
        std::string user =
            "bench-" + tag + "-" + std::to_string(c) + "-" + std::to_string(k) + "@example.com";
        client.must(aws_json(t_, "appstream", "PhotonAdminProxyService.CreateUser",
                             {{"UserName", user}, {"AuthenticationType", "USERPOOL"}}),
                    "CreateUser");
        entries.push_back({{"StackName", stack},
                           {"UserName", user},
                           {"AuthenticationType", "USERPOOL"},
                           {"SendEmailNotification", false}});
      }
      json body = {{"UserStackAssociations", entries}};
      Step add = aws_json(t_, "appstream", "PhotonAdminProxyService.BatchAssociateUserStack", body);
      Step remove =
          aws_json(t_, "appstream", "PhotonAdminProxyService.BatchDisassociateUserStack", body);
      add.forbid = remove.forbid = "ErrorCode";
      steps_.push_back({add, remove});
    }
  }
  std::vector<Step> cycle(int c, std::uint64_t) override { return steps_[c]; }
  Target t_;
  std::vector<std::vector<Step>> steps_;
};

// License Manager User Subscriptions: AssociateUser then DisassociateUser, one user per
// connection, on an instance seeded through the control plane.
struct LmusCycle : Workload {
  explicit LmusCycle(const Target& t) : t_(t) {}
  void setup(Client& client, int connections) override {
    std::string instance = "i-0" + hex(16);
    std::string directory = "d-" + hex(10);
    json state = {{"version", 1},
                  {"tables",
                   {{"lmus_instances",
                     {{{"account", kAccount},
                       {"region", kRegion},
                       {"instance_id", instance},
                       {"products", "[\"VISUAL_STUDIO_ENTERPRISE\"]"},
                       {"directory_id", directory}}}}}}};
    client.must(rest_json(t_, "", "POST", "/_junction/state", &state), "seed lmus_instances");
    json provider = {{"ActiveDirectoryIdentityProvider", {{"DirectoryId", directory}}}};
    json reg = {{"IdentityProvider", provider}, {"Product", "VISUAL_STUDIO_ENTERPRISE"}};
    const std::string svc = "license-manager-user-subscriptions";
    client.must(rest_json(t_, svc, "POST", "/identity-provider/RegisterIdentityProvider", &reg),
                "RegisterIdentityProvider");
    for (int c = 0; c < connections; ++c) {
      json body = {{"Username", "bench-" + hex(6) + "-" + std::to_string(c)},
                   {"InstanceId", instance},
                   {"IdentityProvider", provider}};
      steps_.push_back({rest_json(t_, svc, "POST", "/user/AssociateUser", &body),
                        rest_json(t_, svc, "POST", "/user/DisassociateUser", &body)});
    }
  }
  std::vector<Step> cycle(int c, std::uint64_t) override { return steps_[c]; }
  Target t_;
  std::vector<std::vector<Step>> steps_;
};

std::unique_ptr<Workload> make_workload(const std::string& name, const Target& t) {
  if (name == "ping") return std::make_unique<Ping>(t);
  if (name == "sso-list") return std::make_unique<SsoList>(t);
  if (name == "sso-cycle") return std::make_unique<SsoCycle>(t);
  if (name == "finspace-cycle") return std::make_unique<FinspaceCycle>(t);
  if (name == "appstream-batch") return std::make_unique<AppstreamBatch>(t);
  if (name == "lmus-cycle") return std::make_unique<LmusCycle>(t);
  die("unknown workload " + name +
      " (ping, sso-list, sso-cycle, finspace-cycle, appstream-batch, lmus-cycle)");
}

// --- the load phase
// -------------------------------------------------------------------------------

struct Result {
  std::uint64_t requests = 0;
  std::uint64_t cycles = 0;
  std::uint64_t errors = 0;
  std::string first_error;
  double seconds = 0;
  std::vector<std::uint32_t> latency_us;  // of every request completed in the window

  json to_json() const {
    std::vector<std::uint32_t> sorted = latency_us;
    std::sort(sorted.begin(), sorted.end());
    auto pct = [&](double p) -> double {
      if (sorted.empty()) return 0;
      std::size_t k = static_cast<std::size_t>(p * static_cast<double>(sorted.size() - 1) + 0.5);
      return sorted[k];
    };
    double mean = 0;
    for (auto v : sorted) mean += v;
    if (!sorted.empty()) mean /= static_cast<double>(sorted.size());
    return {{"requests", requests},
            {"cycles", cycles},
            {"errors", errors},
            {"first_error", first_error},
            {"seconds", seconds},
            {"rps", seconds > 0 ? static_cast<double>(requests) / seconds : 0},
            {"cycles_per_s", seconds > 0 ? static_cast<double>(cycles) / seconds : 0},
            {"p50_us", pct(0.50)},
            {"p99_us", pct(0.99)},
            {"p999_us", pct(0.999)},
            {"max_us", sorted.empty() ? 0 : sorted.back()},
            {"mean_us", mean}};
  }
};

struct Shared {
  tcp::endpoint endpoint;
  Workload* workload;
  std::atomic<bool> stop{false};
  Clock::time_point window_start, window_end;
  std::mutex mutex;
  Result result;
};

struct Conn {
  int id;
  std::vector<std::uint32_t> latency_us;
  std::uint64_t requests = 0, cycles = 0, errors = 0;
  std::string first_error;
};

bool in_window(const Shared& sh, Clock::time_point t) {
  return t >= sh.window_start && t <= sh.window_end;
}

asio::awaitable<void> drive(Shared& sh, Conn& conn) {
  tcp::socket socket(co_await asio::this_coro::executor);
  beast::flat_buffer buffer;
  for (std::uint64_t i = 0; !sh.stop.load(std::memory_order_relaxed); ++i) {
    auto steps = sh.workload->cycle(conn.id, i);
    Clock::time_point done;
    for (const Step& step : steps) {
      auto t0 = Clock::now();
      if (!socket.is_open()) {  // first request, or the server closed after the last one
        co_await socket.async_connect(sh.endpoint, asio::use_awaitable);
        socket.set_option(tcp::no_delay(true));
        buffer.clear();
      }
      co_await asio::async_write(socket, asio::buffer(step.raw), asio::use_awaitable);
      http::response_parser<http::string_body> parser;
      parser.body_limit(64u << 20);
      co_await http::async_read(socket, buffer, parser, asio::use_awaitable);
      done = Clock::now();
      if (!parser.get().keep_alive()) {
        beast::error_code ec;
        socket.close(ec);
      }
      int status = static_cast<int>(parser.get().result_int());
      bool ok = status == step.expect &&
                (!step.forbid || parser.get().body().find(step.forbid) == std::string::npos);
      if (!ok) {
        ++conn.errors;
        if (conn.first_error.empty())
          conn.first_error = "HTTP " + std::to_string(status) + " (expected " +
                             std::to_string(step.expect) +
                             "): " + parser.get().body().substr(0, 300);
      }
      if (in_window(sh, done)) {
        ++conn.requests;
        conn.latency_us.push_back(static_cast<std::uint32_t>(
            std::chrono::duration_cast<std::chrono::microseconds>(done - t0).count()));
      }
    }
    if (in_window(sh, done)) ++conn.cycles;
  }
  beast::error_code ec;
  socket.shutdown(tcp::socket::shutdown_both, ec);
}

Result load(const Target& target, Workload& workload, int connections, double warmup,
            double duration, int threads) {
  asio::io_context ioc(threads);
  Shared sh;
  sh.endpoint = tcp::endpoint(asio::ip::make_address(target.host), target.port);
  sh.workload = &workload;
  auto start = Clock::now();
  sh.window_start = start + std::chrono::microseconds(static_cast<std::int64_t>(warmup * 1e6));
  sh.window_end =
      sh.window_start + std::chrono::microseconds(static_cast<std::int64_t>(duration * 1e6));
  std::vector<Conn> conns(connections);
  std::atomic<int> running{connections};
  std::string failure;
  std::mutex failure_mutex;
  for (int c = 0; c < connections; ++c) {
    conns[c].id = c;
    conns[c].latency_us.reserve(1 << 16);
    asio::co_spawn(ioc, drive(sh, conns[c]), [&](std::exception_ptr e) {
      if (e) {
        try {
          std::rethrow_exception(e);
        } catch (const std::exception& ex) {
          std::lock_guard lock(failure_mutex);
          if (failure.empty()) failure = ex.what();
        }
        sh.stop = true;
      }
      --running;
    });
  }
  asio::steady_timer timer(ioc, sh.window_end);
  timer.async_wait([&](beast::error_code) { sh.stop = true; });
  std::vector<std::thread> pool;
  for (int k = 1; k < threads; ++k) pool.emplace_back([&] { ioc.run(); });
  ioc.run();
  for (auto& t : pool) t.join();
  Result r;
  r.seconds = std::chrono::duration<double>(sh.window_end - sh.window_start).count();
  for (auto& c : conns) {
    r.requests += c.requests;
    r.cycles += c.cycles;
    r.errors += c.errors;
    if (r.first_error.empty()) r.first_error = c.first_error;
    r.latency_us.insert(r.latency_us.end(), c.latency_us.begin(), c.latency_us.end());
  }
  if (!failure.empty()) {
    ++r.errors;
    if (r.first_error.empty()) r.first_error = "connection failed: " + failure;
  }
  return r;
}

// --- the commands -------------------------------------------------------------------------------

struct Args {
  std::map<std::string, std::string> options;
  std::vector<std::string> rest;  // after `--`
  std::string get(const std::string& key, const std::string& fallback) const {
    auto it = options.find(key);
    return it == options.end() ? fallback : it->second;
  }
};

Args parse(int argc, char** argv, int from) {
  Args a;
  for (int i = from; i < argc; ++i) {
    std::string s = argv[i];
    if (s == "--") {
      a.rest.assign(argv + i + 1, argv + argc);
      break;
    }
    if (s.rfind("--", 0) != 0 || i + 1 >= argc) die("bad argument " + s);
    a.options[s.substr(2)] = argv[++i];
  }
  return a;
}

Target target_of(const Args& a) {
  Target t;
  t.host = a.get("host", "127.0.0.1");
  t.port = static_cast<unsigned short>(std::stoi(a.get("port", "4566")));
  return t;
}

int cmd_run(const Args& a) {
  Target t = target_of(a);
  std::string name = a.get("workload", "ping");
  int connections = std::stoi(a.get("connections", "16"));
  double duration = std::stod(a.get("duration", "5"));
  double warmup = std::stod(a.get("warmup", "1"));
  int threads = std::stoi(a.get("threads", "1"));
  auto workload = make_workload(name, t);
  {
    Client client(t);
    workload->setup(client, connections);
  }
  // On a shared machine one window can fall on someone else's burst: with --repeat N the
  // workload runs N windows (fixtures made once) and the one of median throughput is reported.
  int repeat = std::max(1, std::stoi(a.get("repeat", "1")));
  std::vector<Result> results;
  std::uint64_t errors = 0;
  std::string first_error;
  for (int k = 0; k < repeat; ++k) {
    results.push_back(load(t, *workload, connections, warmup, duration, threads));
    errors += results.back().errors;
    if (first_error.empty()) first_error = results.back().first_error;
  }
  std::vector<double> rps;
  for (const auto& r : results) rps.push_back(r.seconds > 0 ? r.requests / r.seconds : 0);
  std::vector<std::size_t> order(results.size());
  for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
  std::sort(order.begin(), order.end(), [&](auto x, auto y) { return rps[x] < rps[y]; });
  Result& median = results[order[order.size() / 2]];
  median.errors = errors;
  median.first_error = first_error;
  json out = median.to_json();
  out["workload"] = name;
  out["connections"] = connections;
  out["rps_runs"] = rps;
  std::cout << out.dump() << std::endl;
  return errors ? 3 : 0;
}

std::vector<int> int_list(const std::string& text) {
  std::vector<int> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto comma = text.find(',', start);
    out.push_back(std::stoi(text.substr(start, comma - start)));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

// ListAccountAssignments on the sso-list fixture, before and after importing `count`
// assignments of the same instance and permission set (in other accounts) through
// POST /_junction/state.
int cmd_list_scaling(const Args& a) {
  Target t = target_of(a);
  int count = std::stoi(a.get("count", "100000"));
  double duration = std::stod(a.get("duration", "3"));
  double warmup = std::stod(a.get("warmup", "1"));
  auto connection_counts = int_list(a.get("connections", "1,16"));
  SsoList list(t);
  Client client(t);
  list.setup(client, 1);
  json out = {{"count", count}};
  bool errors = false;
  auto measure = [&](const char* label) {
    json runs = json::array();
    for (int n : connection_counts) {
      Result r = load(t, list, n, warmup, duration, 1);
      errors = errors || r.errors;
      json j = r.to_json();
      j["connections"] = n;
      runs.push_back(j);
    }
    out[label] = runs;
  };
  measure("empty");
  // The state document: `count` assignments spread over 1000 accounts, 100 principals each
  // for a count of 100,000.
  std::string doc;
  doc.reserve(static_cast<std::size_t>(count) * 330);
  doc += "{\"version\":1,\"tables\":{\"sso_account_assignments\":[";
  for (int k = 0; k < count; ++k) {
    char account[16];
    std::snprintf(account, sizeof account, "3%011d", k % 1000);
    if (k) doc += ',';
    doc += "{\"account\":\"";
    doc += kAccount;
    doc += "\",\"region\":\"";
    doc += kRegion;
    doc += "\",\"instance_arn\":\"" + list.fixture_.instance + "\",\"target_id\":\"" + account +
           "\",\"target_type\":\"AWS_ACCOUNT\",\"permission_set_arn\":\"" +
           list.fixture_.permission_set + "\",\"principal_type\":\"USER\",\"principal_id\":\"" +
           uuid() + "\",\"created_at\":1767225600.0}";
  }
  doc += "]}}";
  auto started = Clock::now();
  Reply r =
      client.send(raw_request(t, "POST", "/_junction/state", "", "application/json", "", doc));
  double seconds = std::chrono::duration<double>(Clock::now() - started).count();
  if (r.status != 200)
    die("import: HTTP " + std::to_string(r.status) + ": " + r.body.substr(0, 300));
  out["import"] = {{"seconds", seconds}, {"bytes", doc.size()}};
  measure("loaded");
  std::cout << out.dump() << std::endl;
  return errors ? 3 : 0;
}

unsigned short free_port() {
  asio::io_context ioc;
  tcp::acceptor acceptor(ioc, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  return acceptor.local_endpoint().port();
}

// Process start to the first 200 of GET /_junction/health, median of `runs`.
int cmd_startup(const Args& a) {
  std::string binary = a.get("binary", "");
  if (binary.empty()) die("startup needs --binary");
  int runs = std::stoi(a.get("runs", "10"));
  std::vector<double> ms;
  for (int run = 0; run < runs; ++run) {
    unsigned short port = free_port();
    std::vector<std::string> args = {binary, "--port", std::to_string(port)};
    args.insert(args.end(), a.rest.begin(), a.rest.end());
    std::vector<char*> argv;
    for (auto& s : args) argv.push_back(s.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    pid_t pid = 0;
    auto started = Clock::now();
    if (posix_spawn(&pid, binary.c_str(), &actions, nullptr, argv.data(), environ) != 0)
      die("cannot start " + binary);
    posix_spawn_file_actions_destroy(&actions);
    bool healthy = false;
    while (!healthy && Clock::now() - started < std::chrono::seconds(10)) {
      try {
        Target t;
        t.port = port;
        Client client(t);
        Reply r = client.send(raw_request(t, "GET", "/_junction/health", "", "", "", ""));
        healthy = r.status == 200;
      } catch (const std::exception&) {
        std::this_thread::sleep_for(std::chrono::microseconds(200));
      }
    }
    double elapsed = std::chrono::duration<double, std::milli>(Clock::now() - started).count();
    kill(pid, SIGTERM);
    int status = 0;
    waitpid(pid, &status, 0);
    if (!healthy) die("junction did not become healthy within 10 s");
    ms.push_back(elapsed);
  }
  std::vector<double> sorted = ms;
  std::sort(sorted.begin(), sorted.end());
  double median = sorted.size() % 2
                      ? sorted[sorted.size() / 2]
                      : (sorted[sorted.size() / 2 - 1] + sorted[sorted.size() / 2]) / 2;
  std::cout << json{{"runs", runs}, {"median_ms", median}, {"samples_ms", ms}}.dump() << std::endl;
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::signal(SIGPIPE, SIG_IGN);
  if (argc < 2) die("usage: junction_loadgen run|list-scaling|startup [--option value ...]");
  std::string command = argv[1];
  Args args = parse(argc, argv, 2);
  try {
    if (command == "run") return cmd_run(args);
    if (command == "list-scaling") return cmd_list_scaling(args);
    if (command == "startup") return cmd_startup(args);
  } catch (const std::exception& e) {
    die(command + ": " + e.what());
  }
  die("unknown command " + command);
}
