#pragma once

// Judges a scenario's expectations against the trace of its run.

#include "engine/trace.hpp"
#include "sim/outcome.hpp"

#include <vector>

namespace sim {

std::vector<expectation_result> judge(const scenario& spec, const engine::trace& events,
                                      const webhook_report& webhooks, const run_metrics& metrics);

// An account's state as the trace tells it at one instant.
struct account_view {
  actors::account_status status = actors::account_status::active;
  std::string cause;  // empty when active
  std::string action; // empty when active
  std::string tan;    // TAN status; empty for an account without a TAN
  engine::duration since{0};
  std::string last_change; // event type of the last change, empty: since creation
  relink_status relink = relink_status::none; // of the latest relink
  std::string relink_id;                      // empty: none yet
};

account_view account_at(const engine::trace& events, const std::string& account,
                        engine::duration at);

// Folds one event of the account itself (created, deactivated, reactivated,
// disconnected, numbers updated) into `view`; false for any other event.
bool apply_account_change(account_view& view, const engine::trace_event& e);

} // namespace sim
