#include "server/http_server.hpp"

#include <array>
#include <boost/asio.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <unordered_map>

#include "server/logging.hpp"
#include "server/memory/block_pool.hpp"
#include "server/util/ids.hpp"

namespace junction {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

protocol::HttpResponse plain_error(int status, const char* type, const std::string& message) {
  protocol::HttpResponse r;
  r.status = status;
  r.set_header("Content-Type", "application/json");
  r.set_header("x-amzn-ErrorType", type);
  r.set_header("x-amzn-RequestId", uuid4());
  r.body = std::string("{\"__type\":\"") + type + "\",\"message\":\"" + message + "\"}";
  return r;
}

std::string describe(std::exception_ptr error) {
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& e) {
    return e.what();
  } catch (...) {
    return "an exception that is not a std::exception";
  }
}

// After the answer that ends a connection, the client may still be sending: a body over the
// limit, requests after a `Connection: close` one. Closing with its bytes unread resets the
// connection: the client's send fails (EPIPE), and some clients lose the answer itself. So the
// server sends FIN after the answer, reads and discards what still comes for a while, and then
// closes.
constexpr auto kLingerTime = std::chrono::seconds(3);
constexpr std::size_t kLingerBytes = 64 << 20;

// Answers at least this large give their memory back to the system once written.
constexpr std::size_t kLargeAnswer = 4 << 20;

// How long to wait before accepting again after accept() failed.
constexpr auto kAcceptRetry = std::chrono::milliseconds(50);

}  // namespace

// A connection over --max-connections: answered 503, then it lingers (kLingerTime).
class Refused : public std::enable_shared_from_this<Refused> {
 public:
  explicit Refused(tcp::socket socket) : stream_(std::move(socket)) {}

  void start() {
    static const std::string body =
        "{\"__type\":\"ServiceUnavailable\",\"message\":\"Too many open connections.\"}";
    response_ =
        "HTTP/1.1 503 Service Unavailable\r\nServer: Junction\r\n"
        "Content-Type: application/json\r\nx-amzn-ErrorType: ServiceUnavailable\r\n"
        "x-amzn-RequestId: " +
        uuid4() + "\r\nConnection: close\r\nContent-Length: " + std::to_string(body.size()) +
        "\r\n\r\n" + body;
    stream_.expires_after(kLingerTime);
    asio::async_write(stream_, asio::buffer(response_),
                      [self = shared_from_this()](beast::error_code ec, std::size_t) {
                        if (ec) return self->close();
                        beast::error_code ignored;
                        self->stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
                        self->drain();
                      });
  }

 private:
  void drain() {
    stream_.async_read_some(asio::buffer(buffer_),
                            [self = shared_from_this()](beast::error_code ec, std::size_t n) {
                              self->drained_ += n;
                              if (ec || self->drained_ >= kLingerBytes) return self->close();
                              self->drain();
                            });
  }
  void close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream_.close();
  }

  beast::tcp_stream stream_;
  std::string response_;
  std::array<char, 16384> buffer_;
  std::size_t drained_ = 0;
};

class Session;

// One event loop per worker thread, each with the connections it was given (in turn, as they
// are accepted): a connection is served by one thread from start to end, so it needs no strand,
// and the threads share no queue, no lock and no wake-ups. A shared io_context cost 70% more CPU
// per request (its threads woke each other for every handler posted).
struct HttpServer::Impl : std::enable_shared_from_this<HttpServer::Impl> {
  using WorkGuard = asio::executor_work_guard<asio::io_context::executor_type>;
  ServerOptions options;
  RequestHandler handler;
  std::vector<std::unique_ptr<asio::io_context>> loops;  // loops[0] also accepts
  std::vector<WorkGuard> keep_running;                   // until stop()
  std::unique_ptr<tcp::acceptor> acceptor;
  std::size_t next_loop = 0;  // touched by the accept handler only
  std::vector<std::thread> threads;
  std::mutex mutex;
  std::unordered_map<Session*, std::weak_ptr<Session>> sessions;
  std::atomic<bool> stopping{false};
  bool stopped = false;
  std::condition_variable stopped_cv;
  int loops_running = 0;             // under mutex: loop threads whose run() has not returned
  bool cut_now = false;              // under mutex: cut() was called
  std::condition_variable loops_cv;  // a loop ended, or cut() was called
  // Answers that are slow to make and would hold an event loop (state exports) are made here,
  // then written by the connection's own loop.
  std::unique_ptr<asio::thread_pool> background;
  std::uint16_t bound_port = 0;
  bool accept_failing = false;  // touched by the accept handler only (one at a time)

  void accept();
  void add(Session* s, std::weak_ptr<Session> weak) {
    std::lock_guard lock(mutex);
    sessions.emplace(s, std::move(weak));
  }
  void remove(Session* s) {
    std::lock_guard lock(mutex);
    sessions.erase(s);
  }
  std::size_t session_count() {
    std::lock_guard lock(mutex);
    return sessions.size();
  }
};

// One connection: read a request, answer it, repeat while keep-alive.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, std::shared_ptr<HttpServer::Impl> server)
      : stream_(std::move(socket)),
        server_(std::move(server)),
        request_timer_(stream_.get_executor()) {}
  ~Session() { server_->remove(this); }

  void start() {
    server_->add(this, weak_from_this());
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->read(); });
  }

  // At the stop's deadline: a call an injected delay still holds is answered 503 without
  // running (its timer is cancelled, see on_read); anything else still open is closed now,
  // abandoning an answer the client is not reading.
  void cut() {
    asio::post(stream_.get_executor(), [self = shared_from_this()] {
      self->cut_ = true;
      self->closing_ = true;
      if (self->deferred_) {
        self->request_timer_.cancel();
        return;
      }
      beast::error_code ec;
      self->request_timer_.cancel();
      self->stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
      self->stream_.close();
    });
  }

  // Called on stop: idle connections close now, busy ones after their response.
  void shutdown() {
    asio::post(stream_.get_executor(), [self = shared_from_this()] {
      self->closing_ = true;
      if (!self->busy_) {
        beast::error_code ec;
        self->request_timer_.cancel();
        self->stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
        self->stream_.close();
      }
    });
  }

 private:
  // Waits up to the idle timeout for the first byte of the next request (it may be in the
  // buffer already, sent together with the previous request).
  void read() {
    if (closing_ || server_->stopping) return close();
    parser_.emplace();
    parser_->body_limit(server_->options.max_body_bytes);
    parser_->header_limit(static_cast<std::uint32_t>(server_->options.max_header_bytes));
    if (buffer_.size() > 0) return read_request();
    stream_.expires_after(std::chrono::seconds(server_->options.idle_timeout_seconds));
    stream_.async_read_some(buffer_.prepare(4096),
                            [self = shared_from_this()](beast::error_code ec, std::size_t n) {
                              if (ec)
                                return self->close();  // idle timeout, the client left, or stop
                              self->buffer_.commit(n);
                              self->read_request();
                            });
  }

  // From its first byte, the request must arrive whole within the request timeout, however it
  // trickles in.
  void read_request() {
    auto timeout = std::chrono::seconds(server_->options.request_timeout_seconds);
    stream_.expires_after(timeout + std::chrono::seconds(5));  // a backstop only
    timed_out_ = false;
    request_timer_.expires_after(timeout);
    request_timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (ec) return;  // cancelled: the request arrived
      self->timed_out_ = true;
      beast::error_code ignored;
      self->stream_.socket().cancel(ignored);
    });
    http::async_read_header(stream_, buffer_, *parser_,
                            [self = shared_from_this()](beast::error_code ec, std::size_t n) {
                              self->on_header(ec, n);
                            });
  }

  // The header is in (`size` bytes of it): check it, then read the body, if any.
  void on_header(beast::error_code ec, std::size_t size) {
    // Beast's own header limit lets a header through that is up to twice as large, depending on
    // how its bytes arrive; the size read is exact.
    if (!ec && size > server_->options.max_header_bytes) ec = http::error::header_limit;
    // A transfer coding other than chunked last leaves a request body without a length: it
    // would be read until the client closes. HTTP/1.1 (RFC 9112 §6.3) says: answer 400.
    if (!ec && parser_->get().count(http::field::transfer_encoding) && !parser_->chunked())
      ec = http::error::bad_transfer_encoding;
    if (ec || parser_->is_done()) return on_read(ec);
    http::async_read(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
  }

  void on_read(beast::error_code ec) {
    request_timer_.cancel();
    if (timed_out_ && ec)  // the read was cancelled by the request timer
      return reply_and_close(
          plain_error(408, "RequestTimeout",
                      "The request did not arrive whole within " +
                          std::to_string(server_->options.request_timeout_seconds) + " seconds."));
    if (ec == http::error::end_of_stream || ec == asio::error::operation_aborted ||
        ec == beast::error::timeout || ec == asio::error::connection_reset ||
        ec == asio::error::eof)
      return close();
    if (ec == http::error::body_limit)
      return reply_and_close(plain_error(413, "RequestEntityTooLargeException",
                                         "The request body exceeds the limit of " +
                                             std::to_string(server_->options.max_body_bytes) +
                                             " bytes."));
    if (ec == http::error::header_limit)
      return reply_and_close(plain_error(431, "RequestHeaderFieldsTooLarge",
                                         "The request headers exceed the limit of " +
                                             std::to_string(server_->options.max_header_bytes) +
                                             " bytes."));
    if (ec) {
      if (ec.category() == make_error_code(http::error::bad_method).category())  // parse error
        return reply_and_close(plain_error(400, "BadRequest", "Malformed HTTP request."));
      return close();
    }
    busy_ = true;
    auto& req = parser_->get();
    protocol::HttpRequest request;
    request.method = std::string(req.method_string());
    request.target = std::string(req.target());
    request.headers.reserve(16);
    for (const auto& field : req) {
      std::string name(field.name_string());
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      request.headers.emplace_back(std::move(name), std::string(field.value()));
    }
    request.body = std::move(req.body());
    keep_alive_ = req.keep_alive();
    version_ = req.version();
    head_ = req.method() == http::verb::head;
    auto what = [&request] { return request.method + " " + std::string(request.path()); };
    protocol::HttpResponse response = guarded(what, [&] { return server_->handler(request); });
    if (!response.resume) return write(std::move(response));
    if (response.background) {
      // Made on a background thread, written from this connection's loop: the loop serves its
      // other connections meanwhile.
      // The work guard keeps the loop running (a stop waits for the answer) until it is back.
      asio::post(*server_->background, [self = shared_from_this(), what = what(),
                                        work = asio::make_work_guard(stream_.get_executor()),
                                        resume = std::move(response.resume)]() mutable {
        auto answer = self->guarded([&what] { return what; }, resume);
        asio::post(self->stream_.get_executor(), [self, answer = std::move(answer)]() mutable {
          self->write(std::move(answer));
        });
        work.reset();
      });
      return;
    }
    // A deferred answer (injected latency) waits on the timer, not on a worker thread.
    deferred_ = true;
    request_timer_.expires_after(response.delay);
    request_timer_.async_wait([self = shared_from_this(), what = what(),
                               resume = std::move(response.resume)](beast::error_code) {
      self->deferred_ = false;
      if (self->cut_) {
        // The stop's deadline came first: the call was not run, so it changed nothing.
        self->keep_alive_ = false;
        return self->write(plain_error(503, "ServiceUnavailable",
                                       "Junction is shutting down; the call was not run."));
      }
      self->write(self->guarded([&what] { return what; }, resume));
    });
  }

  // The handler answers every failure itself; this is the last line of defence: an exception
  // escaping here would end a worker thread, and with it the process.
  template <class Describe, class Answer>
  protocol::HttpResponse guarded(const Describe& what, const Answer& answer) {
    try {
      return answer();
    } catch (...) {
      log::error("request " + what() +
                 " failed outside the API pipeline: " + describe(std::current_exception()));
      return plain_error(500, "InternalFailure", "Junction hit an internal error.");
    }
  }

  // The status line and headers. `streamed`: the body follows in chunks, of a length not known
  // yet (HTTP/1.0 has no chunks, so there it ends with the connection).
  std::string head(const protocol::HttpResponse& response, bool keep, bool streamed) {
    std::string out;
    out.reserve(256);
    out += version_ == 10 ? "HTTP/1.0 " : "HTTP/1.1 ";
    out += std::to_string(response.status);
    out += ' ';
    out += http::obsolete_reason(static_cast<http::status>(response.status));
    out += "\r\nServer: Junction\r\n";
    for (const auto& [name, value] : response.headers) {
      // Length, framing and connection are this layer's to say.
      if (beast::iequals(name, "Content-Length") || beast::iequals(name, "Connection") ||
          beast::iequals(name, "Transfer-Encoding"))
        continue;
      out += name;
      out += ": ";
      out += value;
      out += "\r\n";
    }
    if (!keep && version_ != 10) out += "Connection: close\r\n";
    if (keep && version_ == 10) out += "Connection: keep-alive\r\n";
    if (streamed && version_ != 10) {
      out += "Transfer-Encoding: chunked\r\n";
    } else if (!bodiless(response) && !streamed) {
      out += "Content-Length: ";
      out += std::to_string(response.body.size());
      out += "\r\n";
    }
    out += "\r\n";
    return out;
  }

  // As HTTP says: no body, and no length, for 1xx, 204 and 304.
  static bool bodiless(const protocol::HttpResponse& response) {
    return response.status < 200 || response.status == 204 || response.status == 304;
  }

  // The head and the body go out in one write; the body is not copied (a state export may be
  // tens of megabytes). A streamed body goes piece by piece (write_piece).
  void write(protocol::HttpResponse&& response) {
    if (cut_ && !deferred_answer_allowed(response)) return close();
    bool keep = keep_alive_ && !closing_ && !server_->stopping;
    if (response.stream) {
      // HTTP/1.0 has no chunks: the body ends with the connection.
      if (version_ == 10) keep = false;
      auto out = std::make_shared<std::string>(head(response, keep, true));
      if (head_) return send(out, keep);  // HEAD: the head only
      return write_piece(out, std::move(response.stream), keep);
    }
    struct Out {
      std::string head;
      std::string body;
    };
    auto out = std::make_shared<Out>();
    out->head = head(response, keep, false);
    // HEAD: the length of the body a GET would get, and no body.
    if (!bodiless(response) && !head_) out->body = std::move(response.body);
    bool large = out->body.size() >= kLargeAnswer;
    std::array<asio::const_buffer, 2> buffers{asio::buffer(out->head), asio::buffer(out->body)};
    stream_.expires_after(cut_ ? std::chrono::seconds(1) : std::chrono::seconds(30));
    asio::async_write(
        stream_, buffers,
        [self = shared_from_this(), out, keep, large](beast::error_code ec, std::size_t) mutable {
          self->busy_ = false;
          out.reset();
          // A large answer's memory goes back to the system, not only to malloc.
          if (large) memory::return_free_memory();
          if (ec) return self->close();
          if (!keep) return self->linger();
          self->read();
        });
  }

  // After the cut, only the 503 of a call an injected delay held is still sent.
  static bool deferred_answer_allowed(const protocol::HttpResponse& response) {
    return response.status == 503;
  }

  void send(const std::shared_ptr<std::string>& out, bool keep) {
    stream_.expires_after(cut_ ? std::chrono::seconds(1) : std::chrono::seconds(30));
    asio::async_write(stream_, asio::buffer(*out),
                      [self = shared_from_this(), out, keep](beast::error_code ec, std::size_t) {
                        self->busy_ = false;
                        if (ec) return self->close();
                        if (!keep) return self->linger();
                        self->read();
                      });
  }

  // A streamed body: `out` (the head, or nothing) and the next piece are written, then the next
  // piece is asked for. Between the writes the thread serves its other connections.
  void write_piece(std::shared_ptr<std::string> out, std::function<bool(std::string&)> next,
                   bool keep) {
    bool chunked = version_ != 10;
    bool more = true;
    std::string piece;
    try {
      while (more && piece.empty()) more = next(piece);
    } catch (...) {
      // The head is out: the answer cannot turn into an error any more. The client sees the
      // connection end before the last chunk, so it knows the body is incomplete.
      log::error("a streamed answer failed: " + describe(std::current_exception()));
      return close();
    }
    if (!piece.empty()) {
      if (chunked) {
        char size[20];
        std::snprintf(size, sizeof size, "%zx\r\n", piece.size());
        *out += size;
      }
      *out += piece;
      if (chunked) *out += "\r\n";
    }
    if (!more) {
      if (chunked) *out += "0\r\n\r\n";
      return send(out, keep);
    }
    stream_.expires_after(std::chrono::seconds(30));
    asio::async_write(stream_, asio::buffer(*out),
                      [self = shared_from_this(), out, next = std::move(next), keep](
                          beast::error_code ec, std::size_t) mutable {
                        if (ec) {
                          self->busy_ = false;
                          return self->close();
                        }
                        out->clear();
                        self->write_piece(std::move(out), std::move(next), keep);
                      });
  }

  void reply_and_close(protocol::HttpResponse&& response) {
    keep_alive_ = false;
    busy_ = true;
    write(std::move(response));
  }

  // The last answer is written: lingers (kLingerTime), then closes.
  void linger() {
    if (closing_) return close();
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    if (ec) return close();
    stream_.expires_after(kLingerTime);
    drain();
  }
  void drain() {
    if (!drain_buffer_) drain_buffer_ = std::make_unique<std::array<char, 16384>>();
    stream_.async_read_some(asio::buffer(*drain_buffer_),
                            [self = shared_from_this()](beast::error_code ec, std::size_t n) {
                              self->drained_ += n;
                              if (ec || self->closing_ || self->drained_ >= kLingerBytes)
                                return self->close();
                              self->drain();
                            });
  }

  void close() {
    beast::error_code ec;
    request_timer_.cancel();
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.close();
  }

  beast::tcp_stream stream_;
  std::shared_ptr<HttpServer::Impl> server_;
  asio::steady_timer request_timer_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  bool keep_alive_ = true;
  bool busy_ = false;
  bool closing_ = false;
  bool timed_out_ = false;
  bool deferred_ = false;  // waiting for an injected delay to pass
  bool cut_ = false;       // the stop's deadline has passed
  unsigned version_ = 11;
  bool head_ = false;  // the request being answered is a HEAD
  std::unique_ptr<std::array<char, 16384>> drain_buffer_;
  std::size_t drained_ = 0;
};

void HttpServer::Impl::accept() {
  asio::io_context& loop = *loops[next_loop];
  next_loop = (next_loop + 1) % loops.size();
  acceptor->async_accept(
      loop, [self = shared_from_this()](beast::error_code ec, tcp::socket socket) {
        if (self->stopping) return;
        if (ec) {
          // Out of file descriptors, most likely: the error repeats until connections close, so
          // try again shortly instead of spinning on it.
          if (!self->accept_failing) log::warn("cannot accept connections: " + ec.message());
          self->accept_failing = true;
          auto retry = std::make_shared<asio::steady_timer>(*self->loops[0], kAcceptRetry);
          retry->async_wait([self, retry](beast::error_code) {
            if (!self->stopping) self->accept();
          });
          return;
        }
        if (self->accept_failing) log::info("accepting connections again");
        self->accept_failing = false;
        if (static_cast<int>(self->session_count()) >= self->options.max_connections) {
          // Over the cap: answer 503 and close rather than leave the client hanging.
          std::make_shared<Refused>(std::move(socket))->start();
        } else {
          beast::error_code ignored;
          socket.set_option(tcp::no_delay(true), ignored);
          std::make_shared<Session>(std::move(socket), self)->start();
        }
        self->accept();
      });
}

HttpServer::HttpServer(ServerOptions options, RequestHandler handler)
    : impl_(std::make_shared<Impl>()) {
  impl_->options = std::move(options);
  impl_->handler = std::move(handler);
}

HttpServer::~HttpServer() { stop(); }

void HttpServer::start() {
  auto& impl = *impl_;
  int n = impl.options.threads > 0
              ? impl.options.threads
              : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  for (int i = 0; i < n; ++i) {
    impl.loops.push_back(std::make_unique<asio::io_context>(1));
    impl.keep_running.push_back(asio::make_work_guard(*impl.loops.back()));
    // A loop opens its epoll and eventfd descriptors when its first I/O object is made: make
    // one now, so that a loop's first connection cannot find the process out of descriptors.
    asio::steady_timer opens_the_reactor(*impl.loops.back());
  }
  tcp::endpoint endpoint(asio::ip::make_address(impl.options.host), impl.options.port);
  impl.acceptor = std::make_unique<tcp::acceptor>(*impl.loops[0]);
  impl.acceptor->open(endpoint.protocol());
  impl.acceptor->set_option(asio::socket_base::reuse_address(true));
  impl.acceptor->bind(endpoint);
  impl.acceptor->listen(asio::socket_base::max_listen_connections);
  impl.bound_port = impl.acceptor->local_endpoint().port();
  impl.accept();
  impl.background = std::make_unique<asio::thread_pool>(2);
  impl.loops_running = static_cast<int>(impl.loops.size());
  for (auto& loop : impl.loops)
    impl.threads.emplace_back([&impl, &loop] {
      loop->run();
      {
        std::lock_guard lock(impl.mutex);
        --impl.loops_running;
      }
      impl.loops_cv.notify_all();
    });
}

void HttpServer::stop(std::chrono::milliseconds grace, const std::function<void()>& on_cut) {
  auto& impl = *impl_;
  if (impl.stopping.exchange(true)) {
    wait();
    return;
  }
  if (impl.loops.empty()) {  // never started
    std::lock_guard lock(impl.mutex);
    impl.stopped = true;
    impl.stopped_cv.notify_all();
    return;
  }
  // Collect under the lock, act outside it: dropping the last reference to a session runs its
  // destructor, which takes the lock again.
  auto open_sessions = [&impl] {
    std::vector<std::shared_ptr<Session>> open;
    std::lock_guard lock(impl.mutex);
    for (auto& [raw, weak] : impl.sessions)
      if (auto session = weak.lock()) open.push_back(std::move(session));
    return open;
  };
  asio::post(*impl.loops[0], [&impl, open_sessions] {
    beast::error_code ec;
    impl.acceptor->close(ec);
    for (auto& session : open_sessions()) session->shutdown();
  });
  // Requests in flight finish; each loop then runs out of work and its thread returns.
  for (auto& guard : impl.keep_running) guard.reset();
  bool in_time;
  {
    std::unique_lock lock(impl.mutex);
    auto done = [&impl] { return impl.loops_running == 0 || impl.cut_now; };
    if (grace == std::chrono::milliseconds::max()) {
      impl.loops_cv.wait(lock, done);
    } else {
      impl.loops_cv.wait_until(lock, std::chrono::steady_clock::now() + grace, done);
    }
    in_time = impl.loops_running == 0;
  }
  if (!in_time) {
    auto open = open_sessions();
    log::warn("shutdown deadline reached: cutting " + std::to_string(open.size()) +
              " connection(s) still open");
    for (auto& session : open) session->cut();
    open.clear();
    if (on_cut) on_cut();
  }
  for (std::size_t i = 0; i < impl.threads.size(); ++i) {
    auto& t = impl.threads[i];
    if (!t.joinable() || t.get_id() == std::this_thread::get_id()) continue;
    t.join();
    // A connection accepted just as its loop ran out of work is still queued there: run what is
    // left, so that it closes and lets go of the server.
    impl.loops[i]->restart();
    impl.loops[i]->run();
  }
  // Answers still being made in the background finish; they find their connections closed.
  if (impl.background) impl.background->join();
  for (auto& loop : impl.loops) {
    loop->restart();
    loop->run();
  }
  {
    std::lock_guard lock(impl.mutex);
    impl.stopped = true;
  }
  impl.stopped_cv.notify_all();
}

void HttpServer::cut() {
  {
    std::lock_guard lock(impl_->mutex);
    impl_->cut_now = true;
  }
  impl_->loops_cv.notify_all();
}

void HttpServer::wait() {
  std::unique_lock lock(impl_->mutex);
  impl_->stopped_cv.wait(lock, [this] { return impl_->stopped; });
}

std::uint16_t HttpServer::port() const { return impl_->bound_port; }

}  // namespace junction
