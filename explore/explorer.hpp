#pragma once

// `relinksim explore`: one variation per seed (explore/variation.hpp), run and
// judged, until one fails, the seeds run out, or the caller stops it. Runs go in
// batches of `jobs` side by side; the first failure in seed order is the one
// kept, so the result does not depend on `jobs`.

#include "explore/judge.hpp"
#include "explore/variation.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace explore {

struct fault_tally {
  std::string id;
  std::uint64_t on = 0; // runs it was on in
};

struct value_tally {
  std::string path;
  double lowest = 0.0, highest = 0.0;       // of the values drawn
  std::vector<std::uint64_t> choice_counts; // one_of: how often each was drawn
};

struct explore_tally {
  std::uint64_t runs = 0, passed = 0, failed = 0;
  std::vector<fault_tally> faults; // as the vary block lists them
  std::vector<value_tally> values; // likewise
};

struct explore_plan {
  std::uint64_t first_seed = 1, last_seed = 100; // both run
  unsigned jobs = 1;
  std::function<bool()> keep_going;                   // false: stop before the next batch
  std::function<void(const explore_tally&)> progress; // after each batch
};

struct explore_result {
  explore_tally tally;
  // The first variation that failed, or that relinksim could not run (refused,
  // internal error): its verdict says which.
  std::optional<variation> found;
  verdict found_verdict;
  std::string found_text; // the scenario it ran
  bool stopped = false;   // keep_going said stop before the seeds ran out
};

explore_result explore_variations(const YAML::Node& base, const sim::vary_spec& vary,
                                  const explore_plan& plan, const judge& run);

} // namespace explore
