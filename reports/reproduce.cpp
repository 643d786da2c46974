#include "reports/reproduce.hpp"

#include <algorithm>

namespace reports {

std::string shell_quoted(const std::string& word) {
  const bool plain = !word.empty() && std::all_of(word.begin(), word.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view("_./:=@%+,-").find(c) != std::string_view::npos;
  });
  if (plain)
    return word;
  std::string out = "'";
  for (char c : word)
    out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string reproduce_command(const std::string& file, std::uint64_t seed,
                              const std::string& extra) {
  return "relinksim run " + shell_quoted(file) + " --seed " + std::to_string(seed) +
         (extra.empty() ? "" : " " + extra);
}

} // namespace reports
