#pragma once

// What the JSON, HTML and JUnit reports show beyond the run's metrics: the relink
// funnel, accounts by status over virtual time, the time-to-repair distribution,
// every account's final state — all read from the run's account history — and
// the events of every account a failed expectation names.

#include "sim/expectations.hpp"
#include "sim/outcome.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace reports {

// Distinct accounts at each stage of the funnel (sim::funnel_stage; docs/figures.md).
struct funnel_stage {
  std::string key;  // needed_relink, as report.json names it
  std::string name; // "needed relink", as people read it
  std::uint64_t accounts = 0;
};

using sim::status_series;

struct repair_bucket {
  std::string label; // "< 1h", "1h–6h", …
  std::uint64_t accounts = 0;
};

// Deactivation to reactivation by a relink, one entry per repair; the quantiles
// are the run metrics' (nearest rank), absent when nothing was repaired.
struct repair_times {
  std::uint64_t count = 0;
  std::optional<engine::duration> p50, p90, max;
  std::vector<repair_bucket> buckets;
};

struct account_events {
  std::string account;
  std::vector<const engine::trace_event*> events; // at most `max_story_events`
  std::uint64_t omitted = 0;                       // beyond that
};

struct report_model {
  std::vector<funnel_stage> funnel;
  status_series statuses;
  repair_times repairs;
  std::vector<account_events> failing_accounts; // in the order their expectations fail
};

inline constexpr std::size_t max_story_events = 200;

report_model build_model(const sim::outcome& run);

// Every event of one account: its own, those naming it (emails, requests, flows,
// payments) and its holder's.
std::vector<const engine::trace_event*> account_story(const sim::outcome& run,
                                                      const std::string& account);

} // namespace reports
