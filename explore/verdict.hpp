#pragma once

// How one run of a scenario ended, as explore and shrink judge it: what failed,
// named so that the same failure is recognised in a changed scenario.

#include <string>
#include <vector>

namespace explore {

struct failure {
  // What failed, stable while the scenario around it changes: "invariant
  // cooldown_respected", "expectation metric emails_sent <= 3", "run error".
  std::string what;
  std::string detail; // why, in this run
  // How it failed, as far as "the same way" goes (expectation_reason); empty for
  // an invariant or the run, which fail one way each.
  std::string reason;
};

// How an expectation failed, from its report's name, `expected` and `actual`: for an
// account, the state it was in (not when, nor its last event: "was inactive
// (access_denied, action relink_required)"); for a metric, the side of its bound
// the value fell on ("above its bound"); for the others, what was seen ("1 succeeded, 1
// failed"), so that a payments expectation that failed on a dead TAN is not kept
// by a scenario with no payments at all.
std::string expectation_reason(const std::string& name, const std::string& expected,
                               const std::string& actual);

// The failures of a run, named as its report names them: the one definition of
// what "the same failure" means, whether the run is read from report.json or from
// an outcome in process.
failure invariant_failure(const std::string& name, const std::string& message);
failure expectation_failure(const std::string& name, const std::string& expected,
                            const std::string& actual, const std::string& detail,
                            bool reached);
failure run_failure(const std::string& error);

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
      if (f.what == target.what && f.reason == target.reason)
        return true;
    return false;
  }
};

} // namespace explore
