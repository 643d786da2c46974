#pragma once

// The always-on invariants of hosted relink (DESIGN.md §6), checked on every run
// from the trace alone. A violation fails the run and names the first bad event.

#include "engine/trace.hpp"
#include "sim/scenario.hpp"

#include <cstdint>
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

std::vector<invariant_result> check_invariants(const scenario& spec, const engine::trace& events);

} // namespace sim
