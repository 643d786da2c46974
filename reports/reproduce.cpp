#include "reports/reproduce.hpp"

#include "sim/outcome.hpp"

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

std::string reproduce_following(const std::string& command, const std::string& account) {
  return account.empty() ? command : command + " --follow " + shell_quoted(account);
}

std::string reproduce_run(const sim::outcome& run, const std::string& command) {
  for (const auto& r : run.results)
    if (!r.passed && r.reached && !r.account.empty())
      return reproduce_following(command, r.account);
  return command;
}

} // namespace reports
