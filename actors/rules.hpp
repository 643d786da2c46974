#pragma once

// The rules the actors decide by, gathered so that a world is built with them.
// Each is a pure function of values (its own header says why it decides as it
// does). A simulation runs the standard ones; the invariant tests build worlds
// with one rule broken on purpose, to prove that the invariant guarding it
// catches a broken implementation (tests/sim/invariants_test.cpp).

#include "actors/debit_check.hpp"
#include "actors/eligibility.hpp"
#include "actors/relink_state.hpp"
#include "actors/repair.hpp"

#include <optional>

namespace actors {

struct rulebook {
  // Whether a Dashboard request's account is rejected, and why.
  std::optional<rejection_reason> (*request_eligibility)(const eligibility_facts&) =
      check_eligibility;
  // Where a relink goes on each step of its flow.
  std::optional<relink_state> (*relink_step)(relink_state,
                                             relink_event) = next_relink_state;
  // What an account's number can do for a debit.
  debit_answer (*debit)(const number_facts&) = check_debit;
  // What a successful relink does to an account.
  repair_effect (*repair)(const repair_facts&) = repair_of;
};

// The rules as DOMAIN.md states them.
inline const rulebook standard_rules{};

} // namespace actors
