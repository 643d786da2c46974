#include "live/signature.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <stdexcept>

namespace live {

std::string stripe_signature(std::string_view signing_secret, std::int64_t unix_seconds,
                             std::string_view payload) {
  const std::string t = std::to_string(unix_seconds);
  std::string signed_text = t + "." + std::string(payload);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (HMAC(EVP_sha256(), signing_secret.data(), static_cast<int>(signing_secret.size()),
           reinterpret_cast<const unsigned char*>(signed_text.data()), signed_text.size(),
           digest, &length) == nullptr)
    throw std::runtime_error("HMAC-SHA256 failed");
  static constexpr char hex[] = "0123456789abcdef";
  std::string out = "t=" + t + ",v1=";
  for (unsigned int i = 0; i < length; ++i) {
    out += hex[digest[i] >> 4];
    out += hex[digest[i] & 0xF];
  }
  return out;
}

} // namespace live
