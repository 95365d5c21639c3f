// Structured logs on stderr: text (key=value) or JSON lines, one line per request. Info and
// debug lines are buffered for at most 50 ms; warnings and errors are written at once.
#pragma once

#include <string>

namespace junction::log {

enum class Level { kDebug, kInfo, kWarn, kError };
enum class Format { kText, kJson };

void configure(Level level, Format format);
// Writes the lines still buffered (called at exit, and when the server stops).
void flush();
bool parse_level(const std::string& text, Level& out);

// Whether lines of that level are written (to skip building one that would not be).
bool enabled(Level level);
void debug(const std::string& message);
void info(const std::string& message);
void warn(const std::string& message);
void error(const std::string& message);

struct RequestLine {
  const std::string& request_id;
  const std::string& method;
  const std::string& path;
  const std::string& service;
  const std::string& operation;
  const std::string& account;
  const std::string& region;
  int status;
  const std::string& error_type;
  double latency_ms;
};
void request(const RequestLine& line);

}  // namespace junction::log
