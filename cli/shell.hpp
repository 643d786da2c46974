#pragma once

// What the command line shares: whether the console may use colour. (The
// commands relinksim prints are built by reports/reproduce.hpp.)

#include <cstdlib>
#include <unistd.h>

namespace cli {

// Colour only on a terminal, and never with NO_COLOR set (no-color.org).
inline bool use_color() {
  return std::getenv("NO_COLOR") == nullptr && ::isatty(STDOUT_FILENO) == 1;
}

} // namespace cli
