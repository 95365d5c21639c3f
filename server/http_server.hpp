// The HTTP/1.1 front: an async Boost.Beast listener, worker threads with an event loop each (a
// connection stays on the one it was given), keep-alive, pipelining, request size limits (413
// for bodies, 431 for headers), an idle timeout between requests and a deadline for reading each
// request (408), a connection cap (503), graceful stop.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "server/protocol/http_message.hpp"

namespace junction {

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 4566;
  int threads = 0;
  std::size_t max_body_bytes = 1 << 20;
  std::size_t max_header_bytes = 16 << 10;
  // How long a connection may wait, silent, for the start of its next request.
  int idle_timeout_seconds = 60;
  // How long a request may take to arrive whole once its first byte has: a client trickling
  // bytes cannot hold a connection longer. Then 408 and the connection is closed.
  int request_timeout_seconds = 30;
  int max_connections = 1024;
};

using RequestHandler = std::function<protocol::HttpResponse(const protocol::HttpRequest&)>;

class HttpServer {
 public:
  HttpServer(ServerOptions options, RequestHandler handler);
  ~HttpServer();

  // Binds and starts the worker threads; throws when the address cannot be bound.
  void start();
  // Stops accepting, closes idle connections and lets requests in flight finish, for up to
  // `grace`: then every connection still open is cut (a call an injected delay holds is answered
  // 503 without running; an answer a client does not read is abandoned), `on_cut` runs (the
  // database interrupts its SQL), and the threads are joined.
  void stop(std::chrono::milliseconds grace, const std::function<void()>& on_cut = {});
  void stop() { stop(std::chrono::milliseconds::max()); }
  // Brings a stop() in progress to its deadline now (a second signal). Safe from any thread.
  void cut();
  // Blocks until stop() has completed (from a signal handler or another thread).
  void wait();
  // The bound port (useful with port 0).
  std::uint16_t port() const;

  struct Impl;

 private:
  std::shared_ptr<Impl> impl_;
};

}  // namespace junction
