// SHA-256 and HMAC-SHA256 for AWS Signature Version 4, and a constant-time comparison, from
// OpenSSL's libcrypto: a well-kept implementation rather than one of our own.
#pragma once

#include <array>
#include <memory>
#include <string>
#include <string_view>

namespace junction::auth {

using Digest = std::array<unsigned char, 32>;

// Incremental SHA-256.
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void update(std::string_view data);
  Digest finish();  // the object may not be updated afterwards

 private:
  struct Context;
  std::unique_ptr<Context> context_;
};

Digest sha256(std::string_view data);
Digest hmac_sha256(std::string_view key, std::string_view message);

// The digest as a string of raw bytes (HMAC keys chain as bytes in SigV4).
std::string to_bytes(const Digest& digest);
// Lower-case hexadecimal.
std::string to_hex(std::string_view bytes);
std::string to_hex(const Digest& digest);

// Equal contents, in time that depends only on the lengths.
bool equal_constant_time(std::string_view a, std::string_view b);

}  // namespace junction::auth
