#pragma once

// What a finished run produced: the scenario, the trace, the run statistics and
// every expectation's verdict. Reports read this and nothing else.

#include "engine/run_stats.hpp"
#include "engine/duration.hpp"
#include "sim/history.hpp"
#include "sim/invariants.hpp"
#include "sim/metrics.hpp"
#include "sim/stories.hpp"
#include "sim/webhook_delivery.hpp"
#include "engine/trace.hpp"
#include "format/scenario.hpp"

#include <optional>
#include <string>
#include <vector>

namespace sim {

struct expectation_result {
  std::string name;     // stable, from the expectation's content
  source_location where;
  bool passed = false;
  std::string subject;  // what it is about: "account fca_x", "request bulk"
  std::string expected; // what the scenario asked for
  std::string actual;   // what happened
  // One sentence for a failure: "expected status active by 4d, was inactive ..."
  std::string detail;
  std::string account;  // the account to follow when it failed, if any
  // The instant an account expectation was judged at (`at`, `by`, or where
  // `throughout` broke or ended), which the account's story marks.
  std::optional<engine::duration> checked_at;
  // False when the run stopped before the last instant the expectation is about:
  // it is then neither held nor broken, and counts as not passed.
  bool reached = true;
};

struct outcome {
  scenario spec;
  std::uint64_t seed = 0;
  engine::trace events; // whole only with run_options::keep_trace
  engine::run_stats stats;
  std::vector<expectation_result> results;
  std::vector<invariant_result> invariants;
  webhook_report webhooks;
  // Every account's state over the run and every figure: the one reading of the
  // trace that the verdicts and reports share.
  account_history history;
  // The stories its reports may tell (failing accounts, `--follow`), kept as the
  // run went.
  story_keeper stories;
  std::string run_error; // set when the run was stopped (event budget, interrupt)
  // False when the run stopped before its horizon (event budget, interrupt): the
  // reports show what it reached, and judge nothing beyond it.
  bool complete = true;
  bool interrupted = false; // stopped by a signal, not by the event budget
  // Wall seconds of each phase, in order (`run --timings`); never in a report that
  // must be reproducible.
  std::vector<std::pair<std::string, double>> phases;

  const run_metrics& metrics() const { return history.metrics(); }
  bool passed() const;
  std::size_t failed_count() const;       // expectations
  std::size_t violated_invariants() const;
};

} // namespace sim
