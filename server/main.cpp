// junction: parse settings, open the database, serve until SIGTERM or SIGINT, then stop cleanly.
#include <csignal>
#include <iostream>
#include <thread>

#include "server/app.hpp"
#include "server/logging.hpp"

int main(int argc, char** argv) {
  using namespace junction;
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
              " storage=" + (config.ephemeral ? std::string(":memory:") : config.database_path()) +
              " control-plane=" +
              (config.no_control_plane      ? "off"
               : config.admin_token.empty() ? "on"
                                            : "token"));
    int received = 0;
    sigwait(&signals, &received);
    log::info(std::string("received ") + (received == SIGTERM ? "SIGTERM" : "SIGINT") +
              ", finishing requests in flight");
    app.stop();
    log::info("stopped");
  } catch (const std::exception& e) {
    log::error(std::string("cannot start: ") + e.what());
    return 1;
  }
  return 0;
}
