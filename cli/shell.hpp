#pragma once

// Words for the commands relinksim prints (reproduce lines), quoted for a POSIX
// shell only when they need it.

#include <string>

namespace cli {

inline std::string shell_quoted(const std::string& word) {
  if (!word.empty() && word.find_first_of(" '\"$`\\(){}[],;*?!&|<>#~\t\n") == std::string::npos)
    return word;
  std::string out = "'";
  for (char c : word)
    out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

} // namespace cli
