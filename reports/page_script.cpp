#include "reports/page_script.hpp"

#include <openssl/evp.h>
#include <openssl/sha.h>

#include <stdexcept>

namespace reports {

std::string script_source(std::string_view script) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(script.data()), script.size(), digest);
  unsigned char encoded[4 * ((SHA256_DIGEST_LENGTH + 2) / 3) + 1];
  const int n = EVP_EncodeBlock(encoded, digest, SHA256_DIGEST_LENGTH);
  if (n <= 0)
    throw std::logic_error("cannot encode a SHA-256 digest");
  return "'sha256-" + std::string(reinterpret_cast<const char*>(encoded),
                                  static_cast<std::size_t>(n)) + "'";
}

std::string content_security_policy(std::string_view script, bool images) {
  std::string policy = "default-src 'none'; style-src 'unsafe-inline'";
  if (images)
    policy += "; img-src data:";
  if (!script.empty())
    policy += "; script-src " + script_source(script);
  return policy;
}

const std::string_view copy_buttons_script = R"(
document.querySelectorAll('button.copy').forEach(b => b.addEventListener('click', () => {
  navigator.clipboard.writeText(b.previousElementSibling.textContent)
    .then(() => { b.textContent = 'copied'; }, () => { b.textContent = 'select and copy'; });
}));
)";

} // namespace reports
