#pragma once

// Judges a scenario's expectations against what its run recorded.

#include "engine/trace.hpp"
#include "sim/history.hpp"
#include "sim/outcome.hpp"

#include <memory>
#include <string>
#include <vector>

namespace sim {

// Account expectations read the history; the others count events of the trace.
// Where a run ended: at its horizon, or stopped early (event budget, interrupt) at
// `at`, an instant it then handled only in part.
struct run_end {
  engine::duration at{0};
  bool complete = true;
  bool reached(engine::duration t) const { return complete ? t <= at : t < at; }
};

// What the expectations need from the trace (counts, decisions, the moments of the
// accounts they name), gathered event by event as the run records it: judging
// then reads no kept trace.
class expectation_tally {
public:
  // `spec` must outlive the tally.
  explicit expectation_tally(const scenario& spec);
  ~expectation_tally();
  expectation_tally(expectation_tally&&) noexcept;
  expectation_tally& operator=(expectation_tally&&) noexcept;

  // Each event of the run, in order.
  void visit(const engine::trace_event& e);

  struct impl;

private:
  friend std::vector<expectation_result> judge(const scenario&, const expectation_tally&,
                                               const account_history&, const webhook_report&,
                                               run_end);
  std::unique_ptr<impl> impl_;
};

// An expectation about an instant the run did not reach is reported as not reached.
std::vector<expectation_result> judge(const scenario& spec, const expectation_tally& tally,
                                      const account_history& history,
                                      const webhook_report& webhooks, run_end end);
// The same, tallying a kept trace first.
std::vector<expectation_result> judge(const scenario& spec, const engine::trace& events,
                                      const account_history& history,
                                      const webhook_report& webhooks, run_end end);

// A stable, readable name for an expectation, built from its content.
std::string describe(const expectation& e);

// The account an expectation is about, if any (for `--follow` hints).
std::string subject_account(const expectation& e);

// The accounts whose changes the history must keep for `judge`.
std::vector<std::string> followed_accounts(const scenario& spec);

} // namespace sim
