#pragma once
// An http:// URL as platform.endpoint names one: host, port and path. One reader
// for the loader, which checks it (and that the host is this machine), and for the
// run, which connects to it.

#include <optional>
#include <string>

namespace sim {

struct http_url {
  std::string host; // without the brackets of [::1]
  int port = 80;
  std::string path = "/";
};

// Nothing when `url` is not http://HOST[:PORT][/PATH] with a port from 0 to 65535.
std::optional<http_url> parse_http_url(const std::string& url);

// 127.0.0.0/8, localhost or ::1.
bool is_loopback(const std::string& host);

} // namespace sim
