// SHA-256 (FIPS 180-4) and HMAC-SHA256 (RFC 2104), enough for verifying AWS Signature Version 4
// without a cryptography library. Not for secrets at rest: nothing here is hardened against
// side channels beyond the constant-time comparison.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace junction::auth {

using Digest = std::array<unsigned char, 32>;

// Incremental SHA-256.
class Sha256 {
 public:
  Sha256();
  void update(std::string_view data);
  Digest finish();  // the object may not be updated afterwards

 private:
  void block(const unsigned char* p);

  std::array<std::uint32_t, 8> state_;
  std::array<unsigned char, 64> buffer_{};
  std::size_t buffered_ = 0;
  std::uint64_t length_ = 0;  // bytes hashed so far
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
