// The protocol layer's view of HTTP: plain values, independent of Boost.Beast, so that decoding
// and encoding can be tested and fuzzed without a socket.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace junction::protocol {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
  std::string method;
  std::string target;  // raw request target: path and query, still percent-encoded
  Headers headers;     // names in lower case
  std::string body;

  // The header's value, or empty when absent.
  std::string_view header(std::string_view lower_name) const;
  std::string_view path() const;   // target before '?'
  std::string_view query() const;  // target after '?', or empty
};

struct HttpResponse {
  int status = 200;
  Headers headers;
  std::string body;
  // A deferred answer: after `delay`, the HTTP layer sends what resume() returns instead. The
  // wait holds no thread (injected latency).
  std::chrono::milliseconds delay{0};
  std::function<HttpResponse()> resume;
  // With `background`, resume() is called at once on a background thread instead: an answer
  // slow to make (a large state export) does not hold the connection's event loop, which serves
  // other connections meanwhile.
  bool background = false;
  // A body written as it is produced, instead of `body` (a large journal listing): each call
  // appends the next piece to `out` and returns false once there is no more. The HTTP layer
  // sends the pieces chunked, asking for the next once the last is written, so the body never
  // sits in memory whole and the thread serves its other connections in between.
  std::function<bool(std::string& out)> stream;

  void set_header(std::string name, std::string value);
  std::string_view header(std::string_view name) const;  // case-insensitive
};

// Percent-decodes `in`; false when an escape is malformed. `plus_is_space` for form encoding.
bool percent_decode(std::string_view in, std::string& out, bool plus_is_space = false);

// key=value pairs of a query string, decoded, in order.
bool parse_query(std::string_view query, std::vector<std::pair<std::string, std::string>>& out);

}  // namespace junction::protocol
