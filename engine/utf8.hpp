#pragma once

// UTF-8, as the scenario loader accepts it and as XML and JSON reports must write
// it: well-formed sequences only (no overlong forms, no surrogates, nothing past
// U+10FFFF).

#include <cstddef>
#include <string_view>

namespace engine {

// The length (1 to 4) of the well-formed UTF-8 sequence at `text[at]`, or 0 when
// the bytes there are not one.
std::size_t utf8_sequence(std::string_view text, std::size_t at);

// The code point of a well-formed sequence of `length` bytes at `text[at]`.
char32_t utf8_code_point(std::string_view text, std::size_t at, std::size_t length);

} // namespace engine
