// junction: parse settings, open the database, serve until SIGTERM or SIGINT, then stop cleanly.
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <set>
#include <thread>

#include "handlers/api.hpp"
#include "server/app.hpp"
#include "server/healthcheck.hpp"
#include "server/logging.hpp"
#include "server/memory/block_pool.hpp"
#include "server/shapes/model_json.hpp"

namespace {

// `junction model`: the operation registry as JSON, for the conformance test and the curious.
int print_model() {
  std::set<std::pair<std::string, std::string>> bound;
  for (const auto& service : junction::handlers::all_bindings())
    for (const auto& b : service.bindings) bound.emplace(service.service, b.operation);
  auto implemented = [&](const junction::shapes::Operation& op) {
    return bound.count({op.service->sdk_name, op.name}) != 0;
  };
  std::cout
      << junction::shapes::describe_model(junction::shapes::Model::instance(), implemented).dump(1)
      << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace junction;
  memory::map_large_blocks();
  if (argc > 1 && std::string(argv[1]) == "model") return print_model();
  if (argc > 1 && std::string(argv[1]) == "healthcheck")
    return run_healthcheck(std::vector<std::string>(argv + 2, argv + argc));
  auto parsed = parse_config(std::vector<std::string>(argv + 1, argv + argc));
  if (parsed.exit) return parsed.exit_code;
  if (!parsed.error.empty()) {
    std::cerr << "junction: " << parsed.error << "\n";
    return 2;
  }
  const Config& config = parsed.config;
  log::Level level = log::Level::kInfo;
  log::parse_level(config.log_level, level);
  log::configure(level, config.log_format == "json" ? log::Format::kJson : log::Format::kText);

  // Block the stop signals in every thread; one thread waits for them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  try {
    App app(config);
    app.start();
    log::info("junction listening on http://" + config.host + ":" + std::to_string(app.port()) +
              " storage=" + config.storage_description() + " control-plane=" +
              (config.no_control_plane      ? "off"
               : config.admin_token.empty() ? "on"
                                            : "token") +
              " signatures=" + (config.verify_signatures ? "verified" : "not-checked"));
    log::flush();  // the start-up line is awaited by people and scripts: do not batch it
    int received = 0;
    sigwait(&signals, &received);
    log::info(std::string("received ") + (received == SIGTERM ? "SIGTERM" : "SIGINT") +
              ", finishing requests in flight (at most " +
              std::to_string(config.shutdown_timeout_seconds) +
              " s; a second signal cuts them now)");
    // A second signal cuts the stop short; should even that not end it (a thread stuck in a
    // system call), the process exits 2 seconds later. Acknowledged writes are in the database
    // file either way: a commit is in its write-ahead log before it is answered.
    static std::mutex stopping_mutex;
    static App* stopping = &app;  // null once stopped: the App is about to go
    std::thread([signals] {
      int again = 0;
      sigwait(&signals, &again);
      {
        std::lock_guard lock(stopping_mutex);
        if (!stopping) return;
        log::warn("received a second signal: cutting requests in flight now");
        stopping->stop_now();
      }
      std::this_thread::sleep_for(std::chrono::seconds(2));
      log::error("not stopped 2 s after the second signal: exiting without closing the database");
      log::flush();
      std::_Exit(1);
    }).detach();
    app.stop();
    {
      std::lock_guard lock(stopping_mutex);
      stopping = nullptr;
    }
    log::info("stopped");
  } catch (const std::exception& e) {
    log::error(std::string("cannot start: ") + e.what());
    return 1;
  }
  return 0;
}
