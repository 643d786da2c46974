#pragma once

// The always-on invariants of hosted relink (DESIGN.md §6), checked on every run as
// it goes. A violation fails the run and names the first bad event.
//
// The checker is an oracle of its own: it re-derives each rule from the account
// history in the plainest form it can, and never calls the code it checks (the
// coordinator's eligibility rules, the mailer's address rules).

#include "engine/trace.hpp"
#include "sim/history.hpp"
#include "format/scenario.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace sim {

struct invariant_result {
  std::string name;          // stable id, e.g. "eligible_at_request"
  std::string description;   // what must hold
  bool passed = true;
  std::uint64_t first_bad_sequence = 0; // `seq` of the first violating event
  std::string message;                  // why that event violates it
  std::uint64_t violations = 0;
};

class invariant_checker {
public:
  // `spec` outlives the checker.
  explicit invariant_checker(const scenario& spec);
  ~invariant_checker();
  invariant_checker(const invariant_checker&) = delete;
  invariant_checker& operator=(const invariant_checker&) = delete;

  // Each event in trace order, before `history` folds it: the history is the world
  // just before the event.
  void visit(const engine::trace_event& e, const account_history& history);
  // The run ended at `end` (the horizon, or where it was stopped); `history` holds
  // every event. A link is judged expired only if it expired before `end`.
  std::vector<invariant_result> finish(const account_history& history, engine::duration end);

private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

} // namespace sim
