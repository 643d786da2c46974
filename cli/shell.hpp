#pragma once

// What the command line shares: shell words for the commands relinksim prints
// (reproduce lines), and whether the console may use colour.

#include <cstdlib>
#include <string>
#include <unistd.h>

namespace cli {

// Colour only on a terminal, and never with NO_COLOR set (no-color.org).
inline bool use_color() {
  return std::getenv("NO_COLOR") == nullptr && ::isatty(STDOUT_FILENO) == 1;
}

// A word quoted for a POSIX shell only when it needs it.
inline std::string shell_quoted(const std::string& word) {
  if (!word.empty() && word.find_first_of(" '\"$`\\(){}[],;*?!&|<>#~\t\n") == std::string::npos)
    return word;
  std::string out = "'";
  for (char c : word)
    out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

} // namespace cli
