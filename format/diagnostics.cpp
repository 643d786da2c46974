#include "format/diagnostics.hpp"

#include "engine/printable.hpp"

#include <algorithm>
#include <ostream>
#include <tuple>
#include <utility>

namespace sim {
namespace {

// Optimal string alignment distance: insertions, deletions, substitutions and
// transpositions of neighbours (`frist` -> `first`) each cost one. Only whether it
// is at most `limit` matters: a row whose every cell is past it ends the count.
std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t limit) {
  const std::size_t width = b.size() + 1;
  std::vector<std::size_t> rows(3 * width); // the row before last, last, this one
  std::size_t* before = rows.data();
  std::size_t* last = before + width;
  std::size_t* row = last + width;
  for (std::size_t j = 0; j < width; ++j)
    last[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    row[0] = i;
    std::size_t lowest = row[0];
    for (std::size_t j = 1; j < width; ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      row[j] = std::min({last[j] + 1, row[j - 1] + 1, last[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        row[j] = std::min(row[j], before[j - 2] + 1);
      lowest = std::min(lowest, row[j]);
    }
    if (lowest > limit)
      return limit + 1;
    std::swap(before, last);
    std::swap(last, row);
  }
  return last[width - 1];
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

void print_all(std::vector<diagnostic> diagnostics, std::ostream& out) {
  std::stable_sort(diagnostics.begin(), diagnostics.end(),
                   [](const diagnostic& a, const diagnostic& b) {
                     return std::tie(a.file, a.line, a.column) <
                            std::tie(b.file, b.line, b.column);
                   });
  for (const auto& d : diagnostics)
    print(d, out);
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
    // The distance is at least the difference in length.
    if ((c.size() > word.size() ? c.size() - word.size() : word.size() - c.size()) > limit)
      continue;
    const std::size_t d = edit_distance(word, c, limit);
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
