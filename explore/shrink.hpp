#pragma once

// `relinksim shrink`: a smaller scenario that fails the same way (the same
// invariant or expectation, explore/verdict.hpp). Delta debugging (ddmin) over
// the lists of the file (timeline entries, expectations, customers and their
// accounts, populations, institutions, behaviours) and over the keys of each
// entry, then simpler values (a population halved, a probability made 0 or 1, a
// distribution made its first value, an instant rounded, the horizon cut), round
// after round until a round changes nothing. Candidates are tried in a fixed order, `jobs` at a time, and
// the first that still fails is kept: the result does not depend on `jobs`.

#include "explore/judge.hpp"

#include <cstdint>
#include <functional>
#include <string>
#include <yaml-cpp/yaml.h>

namespace explore {

struct shrink_plan {
  unsigned jobs = 1;
  std::uint64_t max_runs = 5000;               // a limit, as every loop has one
  std::function<void(const std::string&)> step; // each step, for --verbose
  std::function<bool()> keep_going;             // false: stop, keep what was found
};

struct shrink_result {
  YAML::Node root;       // the smallest scenario found that fails as the target
  std::uint64_t runs = 0;
  bool stopped = false;  // by keep_going, or at max_runs
};

shrink_result shrink_scenario(const YAML::Node& start, const failure& target,
                              const shrink_plan& plan, const judge& run);

// What a scenario is made of, for the header of a shrunk file: timeline entries,
// expectations, customers, accounts, populations, institutions and behaviours.
std::size_t entries_of(const YAML::Node& root);

} // namespace explore
