#include "live/form.hpp"

#include <algorithm>
#include <string_view>

namespace live {
namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

// %XX and + decoded; false for a broken escape.
bool decoded(std::string_view text, std::string& out) {
  out.clear();
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      out += ' ';
    } else if (text[i] == '%') {
      if (i + 2 >= text.size())
        return false;
      const int high = hex_digit(text[i + 1]), low = hex_digit(text[i + 2]);
      if (high < 0 || low < 0)
        return false;
      out += static_cast<char>(high * 16 + low);
      i += 2;
    } else {
      out += text[i];
    }
  }
  return true;
}

} // namespace

bool read_form(const std::string& text, std::multimap<std::string, std::string>& params) {
  std::size_t from = 0;
  std::string key, value;
  while (from <= text.size() && !text.empty()) {
    const auto end = std::min(text.find('&', from), text.size());
    const std::string_view pair(text.data() + from, end - from);
    if (!pair.empty()) {
      const auto equals = pair.find('=');
      if (!decoded(pair.substr(0, equals), key) ||
          !decoded(equals == std::string_view::npos ? std::string_view{} : pair.substr(equals + 1),
                   value))
        return false;
      params.emplace(key, value);
    }
    from = end + 1;
  }
  return true;
}

} // namespace live
