#include "sim/diagnostics.hpp"

#include "engine/printable.hpp"

#include <algorithm>
#include <ostream>

namespace sim {
namespace {

// Optimal string alignment distance: insertions, deletions, substitutions and
// transpositions of neighbours (`frist` -> `first`) each cost one.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i)
    d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j)
    d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i)
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.size()][b.size()];
}

} // namespace

// A message quotes what the scenario says, and a path its keys: either may hold
// control characters that a terminal would obey.
void print(const diagnostic& d, std::ostream& out) {
  out << engine::printable(d.file) << ':' << d.line << ':' << d.column
      << ": error: " << engine::printable(d.message) << '\n';
  if (!d.path.empty())
    out << "  at " << engine::printable(d.path) << '\n';
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
  // A word that starts a longer candidate is a shortened name (`cooldown`).
  if (word.size() >= 4)
    for (const auto& c : candidates)
      if (c.size() > word.size() && c.compare(0, word.size(), word) == 0)
        return c;
  // About one typo per five characters, at least one: close enough to be the
  // same word, far enough apart that access_denied never suggests access_expired.
  const std::size_t limit = std::max<std::size_t>(1, (word.size() + 1) / 5);
  std::string best;
  std::size_t best_distance = limit + 1;
  for (const auto& c : candidates) {
    const std::size_t d = edit_distance(word, c);
    if (d < best_distance) {
      best = c;
      best_distance = d;
    }
  }
  return best_distance <= limit ? best : std::string{};
}

std::string suggestion_suffix(std::string_view word, const std::vector<std::string>& candidates) {
  const std::string best = did_you_mean(word, candidates);
  return best.empty() ? std::string{} : " (did you mean '" + best + "'?)";
}

} // namespace sim
