#pragma once

// Text from a scenario, made safe to print on a terminal. A title, an id or an
// email address may hold control characters: ESC starts the sequences that set
// the window title (ESC ]0;…), clear the screen (ESC [2J) or recolour the rest
// of the output, and a carriage return overwrites a verdict already printed.
// Each control character is written as a visible escape instead (`\x1b`, `\r`,
// `\u009b`), as are bytes that are not UTF-8; everything else is left alone.

#include <string>
#include <string_view>

namespace engine {

// `keep_newlines`: for text of several lines (a log); a one-line field shows a
// newline as `\n`, so that it cannot pass for a line of its own.
std::string printable(std::string_view text, bool keep_newlines = false);

} // namespace engine
