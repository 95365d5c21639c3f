// A raw TCP connection for tests that must send what no HTTP client would: broken requests,
// several requests in one write, a byte at a time, or nothing at all. Responses are parsed with
// Beast from whatever bytes came back.
//
//   junction::test::RawSocket s(server.port());
//   s.send("GET /_junction/health HTTP/1.1\r\nHost: x\r\n\r\n");
//   auto responses = s.read_responses(1);
//   REQUIRE(responses.at(0).status == 200);
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

#include "http_client.hpp"

namespace junction::test {

class RawSocket {
 public:
  explicit RawSocket(std::uint16_t port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd_ < 0) throw std::runtime_error("socket failed");
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      ::close(fd_);
      throw std::runtime_error(std::string("connect failed: ") + std::strerror(errno));
    }
    int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  }
  ~RawSocket() {
    if (fd_ >= 0) ::close(fd_);
  }
  RawSocket(const RawSocket&) = delete;
  RawSocket& operator=(const RawSocket&) = delete;

  // Sends everything; false when the peer has closed (EPIPE, ECONNRESET).
  bool send(const std::string& data) {
    std::size_t off = 0;
    while (off < data.size()) {
      ssize_t n = ::send(fd_, data.data() + off, data.size() - off, MSG_NOSIGNAL);
      if (n <= 0) return false;
      off += static_cast<std::size_t>(n);
    }
    return true;
  }

  void shutdown_write() { ::shutdown(fd_, SHUT_WR); }

  // Reads what arrives within `timeout`; stops early at EOF. Returns the bytes; `closed` tells
  // whether the peer closed (EOF or reset).
  std::string read_for(std::chrono::milliseconds timeout, bool* closed = nullptr) {
    std::string out;
    bool eof = false;
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!eof) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) break;
      pollfd p{fd_, POLLIN, 0};
      int ready = ::poll(&p, 1, static_cast<int>(left.count()));
      if (ready <= 0) break;
      char buf[65536];
      ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) {
        eof = true;
        break;
      }
      out.append(buf, static_cast<std::size_t>(n));
    }
    if (closed) *closed = eof;
    return out;
  }

  // True when the peer has closed the connection within `timeout` (any data before is dropped).
  bool closed_within(std::chrono::milliseconds timeout) {
    bool closed = false;
    read_for(timeout, &closed);
    return closed;
  }

  // Reads until `count` complete responses have arrived (or the peer closes, or `timeout`).
  std::vector<HttpResult> read_responses(
      std::size_t count, std::chrono::milliseconds timeout = std::chrono::seconds(15)) {
    std::vector<HttpResult> out;
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (out.size() < count) {
      auto parsed = parse(pending_, out, count);
      pending_.erase(0, parsed);
      if (out.size() >= count) break;
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) break;
      bool closed = false;
      std::string more = read_some(left, &closed);
      if (more.empty() && closed) {
        parse(pending_, out, count);
        break;
      }
      pending_ += more;
    }
    return out;
  }

  int fd() const { return fd_; }

 private:
  // One recv (waiting up to `timeout`).
  std::string read_some(std::chrono::milliseconds timeout, bool* closed) {
    pollfd p{fd_, POLLIN, 0};
    *closed = false;
    if (::poll(&p, 1, static_cast<int>(timeout.count())) <= 0) return {};
    char buf[65536];
    ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    if (n <= 0) {
      *closed = true;
      return {};
    }
    return std::string(buf, static_cast<std::size_t>(n));
  }

  // Parses complete responses from the front of `data`; returns the bytes they used.
  static std::size_t parse(const std::string& data, std::vector<HttpResult>& out,
                           std::size_t count) {
    namespace http = boost::beast::http;
    std::size_t used = 0;
    while (out.size() < count && used < data.size()) {
      http::response_parser<http::string_body> parser;
      parser.eager(true);
      parser.body_limit(64u << 20);
      boost::beast::error_code ec;
      std::size_t n = 0;
      std::size_t total = 0;
      const char* p = data.data() + used;
      std::size_t left = data.size() - used;
      while (!parser.is_done()) {
        n = parser.put(boost::asio::buffer(p + total, left - total), ec);
        total += n;
        if (ec == http::error::need_more || (!ec && n == 0)) break;
        if (ec) return used;  // not HTTP: leave it
      }
      if (!parser.is_done()) break;
      auto& res = parser.get();
      HttpResult r;
      r.status = static_cast<int>(res.result_int());
      for (const auto& field : res) {
        std::string name(field.name_string());
        for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        r.headers.emplace_back(std::move(name), std::string(field.value()));
      }
      r.body = res.body();
      out.push_back(std::move(r));
      used += total;
    }
    return used;
  }

  int fd_ = -1;
  std::string pending_;
};

// "POST / HTTP/1.1" with the given headers and body, Content-Length set.
inline std::string raw_request(const std::string& method, const std::string& target,
                               const std::vector<std::pair<std::string, std::string>>& headers,
                               const std::string& body = {}, bool content_length = true) {
  std::string out = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  for (const auto& [k, v] : headers) out += k + ": " + v + "\r\n";
  if (content_length) out += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  return out + "\r\n" + body;
}

}  // namespace junction::test
