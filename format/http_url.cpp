#include "format/http_url.hpp"

#include <charconv>

namespace sim {

std::optional<http_url> parse_http_url(const std::string& url) {
  const std::string scheme = "http://";
  if (url.compare(0, scheme.size(), scheme) != 0)
    return std::nullopt;
  const std::string rest = url.substr(scheme.size());
  const auto end = rest.find_first_of("/?#");
  const std::string authority = rest.substr(0, end);
  if (authority.empty() || authority.find('@') != std::string::npos)
    return std::nullopt;
  http_url out;
  if (end != std::string::npos && rest[end] == '/')
    out.path = rest.substr(end);
  std::string port;
  if (authority.front() == '[') { // [::1]:4242
    const auto close = authority.find(']');
    if (close == std::string::npos)
      return std::nullopt;
    out.host = authority.substr(1, close - 1);
    if (close + 1 < authority.size()) {
      if (authority[close + 1] != ':')
        return std::nullopt;
      port = authority.substr(close + 2);
    }
  } else {
    const auto colon = authority.find(':');
    out.host = authority.substr(0, colon);
    if (colon != std::string::npos)
      port = authority.substr(colon + 1);
  }
  if (out.host.empty())
    return std::nullopt;
  if (!port.empty() || authority.back() == ':') {
    int value = -1;
    const auto [at, error] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (error != std::errc() || at != port.data() + port.size() || value < 0 || value > 65535)
      return std::nullopt;
    out.port = value;
  }
  return out;
}

bool is_loopback(const std::string& host) {
  return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

} // namespace sim
