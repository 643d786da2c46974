#include "sim/diagnostics.hpp"

#include <algorithm>
#include <ostream>

namespace sim {
namespace {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j)
    row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + cost});
      diagonal = above;
    }
  }
  return row[b.size()];
}

} // namespace

void print(const diagnostic& d, std::ostream& out) {
  out << d.file << ':' << d.line << ':' << d.column << ": error: " << d.message << '\n';
  if (!d.path.empty())
    out << "  at " << d.path << '\n';
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
  // A word that starts a longer candidate is a shortened name (`cooldown`).
  if (word.size() >= 4)
    for (const auto& c : candidates)
      if (c.size() > word.size() && c.compare(0, word.size(), word) == 0)
        return c;
  // Allow about one typo per four characters, at least one.
  const std::size_t limit = std::max<std::size_t>(1, word.size() / 4 + 1);
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
