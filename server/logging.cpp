#include "server/logging.hpp"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "handlers/common/ids.hpp"

namespace junction::log {
namespace {

std::atomic<Level> g_level{Level::kInfo};
std::atomic<Format> g_format{Format::kText};

const char* name(Level level) {
  switch (level) {
    case Level::kDebug:
      return "debug";
    case Level::kInfo:
      return "info";
    case Level::kWarn:
      return "warn";
    default:
      return "error";
  }
}

std::string now() {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                std::chrono::system_clock::now().time_since_epoch())
                .count();
  return handlers::iso8601(ms);
}

void emit(std::string line) {
  line.push_back('\n');
  std::fwrite(line.data(), 1, line.size(), stderr);  // one write per line: no interleaving
}

void message(Level level, const std::string& text) {
  if (level < g_level.load()) return;
  if (g_format.load() == Format::kJson) {
    emit(nlohmann::json{{"time", now()}, {"level", name(level)}, {"msg", text}}.dump(
        -1, ' ', false, nlohmann::json::error_handler_t::replace));
  } else {
    emit(now() + " " + name(level) + " " + text);
  }
}

}  // namespace

void configure(Level level, Format format) {
  g_level = level;
  g_format = format;
}

bool parse_level(const std::string& text, Level& out) {
  for (Level l : {Level::kDebug, Level::kInfo, Level::kWarn, Level::kError}) {
    if (text == name(l)) {
      out = l;
      return true;
    }
  }
  return false;
}

void debug(const std::string& text) { message(Level::kDebug, text); }
void info(const std::string& text) { message(Level::kInfo, text); }
void warn(const std::string& text) { message(Level::kWarn, text); }
void error(const std::string& text) { message(Level::kError, text); }

void request(const RequestLine& r) {
  // Server errors are worth a warning; everything else is routine.
  Level level = r.status >= 500 ? Level::kWarn : Level::kInfo;
  if (level < g_level.load()) return;
  char latency[32];
  std::snprintf(latency, sizeof latency, "%.3f", r.latency_ms);
  if (g_format.load() == Format::kJson) {
    nlohmann::json line = {{"time", now()},        {"level", name(level)},
                           {"msg", "request"},     {"request_id", r.request_id},
                           {"method", r.method},   {"path", r.path},
                           {"service", r.service}, {"operation", r.operation},
                           {"account", r.account}, {"region", r.region},
                           {"status", r.status},   {"latency_ms", std::stod(latency)}};
    if (!r.error_type.empty()) line["error"] = r.error_type;
    emit(line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  } else {
    std::string line = now() + " " + name(level) + " request id=" + r.request_id +
                       " method=" + r.method + " path=" + r.path;
    if (!r.service.empty()) line += " service=" + r.service + " operation=" + r.operation;
    if (!r.account.empty()) line += " account=" + r.account + " region=" + r.region;
    line += " status=" + std::to_string(r.status);
    if (!r.error_type.empty()) line += " error=" + r.error_type;
    line += " latency_ms=" + std::string(latency);
    emit(line);
  }
}

}  // namespace junction::log
