#pragma once

// Builds the world of a scenario as actors on a fresh kernel, plays its timeline,
// runs to the horizon and judges the expectations from the trace.

#include "actors/rules.hpp"
#include "engine/kernel.hpp"
#include "sim/outcome.hpp"

#include <atomic>
#include <cstdint>

namespace sim {

struct run_options {
  std::uint64_t seed = 0;
  bool seed_given = false; // --seed overrides the scenario's seed
  std::uint64_t event_budget = engine::kernel::default_event_budget;
  // The rules the actors decide by (actors/rules.hpp): the standard ones, unless a
  // test builds a world with one broken on purpose.
  actors::rulebook rules;
  const std::atomic<bool>* stop = nullptr; // raised by SIGINT: stop, keep what ran
  engine::kernel::progress_callback progress; // for a progress line on a terminal
  // Called with each event of the run, in order, on the thread that follows the
  // trace while the run goes on (after the history and the invariants read it):
  // where events.jsonl is written as the run goes.
  std::function<void(const engine::trace_event&)> each_event;
};

outcome run_scenario(const scenario& spec, const run_options& options);

} // namespace sim
