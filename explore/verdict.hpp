#pragma once

// How one run of a scenario ended, as explore and shrink judge it: what failed,
// named so that the same failure is recognised in a changed scenario.

#include <string>
#include <vector>

namespace explore {

struct failure {
  // What failed, stable while the scenario around it changes: "invariant
  // cooldown_respected", "expectation metric emails_sent max 3", "run error".
  std::string what;
  std::string detail; // why, in this run
};

enum class run_result {
  passed,
  failed,  // an invariant, a kept expectation, or the run itself
  invalid, // the scenario is refused (its message says why)
  broken,  // relinksim met an internal error, or was interrupted
};

struct verdict {
  run_result result = run_result::passed;
  std::vector<failure> failures; // invariants first, then expectations, as reported
  std::string message;           // invalid or broken: what was said

  bool fails_as(const failure& target) const {
    if (result != run_result::failed)
      return false;
    for (const auto& f : failures)
      if (f.what == target.what)
        return true;
    return false;
  }
};

} // namespace explore
