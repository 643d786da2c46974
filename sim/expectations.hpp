#pragma once

// Judges a scenario's expectations against the trace of its run.

#include "engine/trace.hpp"
#include "sim/history.hpp"
#include "sim/outcome.hpp"

#include <vector>

namespace sim {

// Account expectations read the history; the others count events of the trace.
std::vector<expectation_result> judge(const scenario& spec, const engine::trace& events,
                                      const account_history& history,
                                      const webhook_report& webhooks);

// The accounts whose changes the history must keep for `judge`.
std::vector<std::string> followed_accounts(const scenario& spec);

} // namespace sim
