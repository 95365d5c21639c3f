#include "server/auth/sha256.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <stdexcept>

namespace junction::auth {

namespace {

// libcrypto fails only when out of memory or misconfigured: neither is a request's fault.
void require(int ok, const char* what) {
  if (ok != 1) throw std::runtime_error(std::string("libcrypto: ") + what + " failed");
}

}  // namespace

struct Sha256::Context {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  ~Context() { EVP_MD_CTX_free(ctx); }
};

Sha256::Sha256() : context_(std::make_unique<Context>()) {
  if (!context_->ctx) throw std::bad_alloc();
  require(EVP_DigestInit_ex(context_->ctx, EVP_sha256(), nullptr), "SHA-256 init");
}

Sha256::~Sha256() = default;

void Sha256::update(std::string_view data) {
  require(EVP_DigestUpdate(context_->ctx, data.data(), data.size()), "SHA-256 update");
}

Digest Sha256::finish() {
  Digest out{};
  unsigned int size = 0;
  require(EVP_DigestFinal_ex(context_->ctx, out.data(), &size), "SHA-256 final");
  return out;
}

Digest sha256(std::string_view data) {
  Digest out{};
  unsigned int size = 0;
  require(EVP_Digest(data.data(), data.size(), out.data(), &size, EVP_sha256(), nullptr),
          "SHA-256");
  return out;
}

Digest hmac_sha256(std::string_view key, std::string_view message) {
  Digest out{};
  unsigned int size = 0;
  // An empty key is valid HMAC; libcrypto wants a non-null pointer for it.
  static const unsigned char kEmpty = 0;
  const void* key_data = key.empty() ? &kEmpty : static_cast<const void*>(key.data());
  if (!HMAC(EVP_sha256(), key_data, static_cast<int>(key.size()),
            reinterpret_cast<const unsigned char*>(message.data()), message.size(), out.data(),
            &size))
    require(0, "HMAC-SHA256");
  return out;
}

std::string to_bytes(const Digest& digest) {
  return std::string(reinterpret_cast<const char*>(digest.data()), digest.size());
}

std::string to_hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out += kDigits[c >> 4];
    out += kDigits[c & 0xf];
  }
  return out;
}

std::string to_hex(const Digest& digest) { return to_hex(to_bytes(digest)); }

bool equal_constant_time(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return a.empty() || CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace junction::auth
