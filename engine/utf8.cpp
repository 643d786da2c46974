#include "engine/utf8.hpp"

namespace engine {

char32_t utf8_code_point(std::string_view text, std::size_t at, std::size_t length) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[at + k]); };
  switch (length) {
    case 1: return byte(0);
    case 2: return (char32_t(byte(0) & 0x1Fu) << 6) | (byte(1) & 0x3Fu);
    case 3:
      return (char32_t(byte(0) & 0x0Fu) << 12) | (char32_t(byte(1) & 0x3Fu) << 6) |
             (byte(2) & 0x3Fu);
    default:
      return (char32_t(byte(0) & 0x07u) << 18) | (char32_t(byte(1) & 0x3Fu) << 12) |
             (char32_t(byte(2) & 0x3Fu) << 6) | (byte(3) & 0x3Fu);
  }
}

std::size_t utf8_sequence(std::string_view text, std::size_t at) {
  const auto c = static_cast<unsigned char>(text[at]);
  const std::size_t length = c < 0x80                 ? 1
                             : c >= 0xC2 && c < 0xE0  ? 2
                             : c >= 0xE0 && c < 0xF0  ? 3
                             : c >= 0xF0 && c <= 0xF4 ? 4
                                                      : 0;
  if (length == 0 || at + length > text.size())
    return 0;
  for (std::size_t k = 1; k < length; ++k)
    if ((static_cast<unsigned char>(text[at + k]) & 0xC0) != 0x80)
      return 0;
  const char32_t code = utf8_code_point(text, at, length);
  if ((length == 3 && (code < 0x800 || (code >= 0xD800 && code <= 0xDFFF))) ||
      (length == 4 && (code < 0x10000 || code > 0x10FFFF)))
    return 0;
  return length;
}

} // namespace engine
