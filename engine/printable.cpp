#include "engine/printable.hpp"

#include "engine/utf8.hpp"

#include <cstdio>

namespace engine {

std::string printable(std::string_view text, bool keep_newlines) {
  std::string out;
  out.reserve(text.size());
  char escape[8];
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t length = utf8_sequence(text, i);
    const auto byte = static_cast<unsigned char>(text[i]);
    if (length == 0) { // not UTF-8: the byte, visibly
      std::snprintf(escape, sizeof escape, "\\x%02x", byte);
      out += escape;
      ++i;
      continue;
    }
    const char32_t code = utf8_code_point(text, i, length);
    const bool control = code < 0x20 || code == 0x7f || (code >= 0x80 && code <= 0x9f);
    if (!control || code == '\t' || (keep_newlines && code == '\n')) {
      out.append(text, i, length);
    } else if (code == '\n') {
      out += "\\n";
    } else if (code == '\r') {
      out += "\\r";
    } else {
      std::snprintf(escape, sizeof escape, code < 0x80 ? "\\x%02x" : "\\u%04x",
                    static_cast<unsigned>(code));
      out += escape;
    }
    i += length;
  }
  return out;
}

} // namespace engine
