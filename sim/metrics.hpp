#pragma once

// Figures of a run, every one computed by the account history (sim/history.hpp) as
// the run records its events; docs/figures.md defines each one.

#include "engine/duration.hpp"

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sim {

// The funnel of accounts, in order; an account counts once per stage it reached.
enum class funnel_stage : std::uint8_t { needed_relink, requested, notified, opened, relinked };
inline constexpr std::array<funnel_stage, 5> all_funnel_stages{
  funnel_stage::needed_relink, funnel_stage::requested, funnel_stage::notified,
  funnel_stage::opened, funnel_stage::relinked};
std::string_view to_string(funnel_stage s);     // needed_relink, …
std::string_view label_of(funnel_stage s);      // "needed relink", …

struct run_metrics {
  std::uint64_t accounts = 0;
  std::uint64_t deactivations = 0;
  std::uint64_t inactive_peak = 0;     // most accounts inactive at one instant
  std::uint64_t accounts_deactivated = 0; // distinct accounts that went inactive
  std::uint64_t accounts_repaired = 0;    // distinct accounts reactivated by a relink
  std::uint64_t accounts_recovered = 0;   // distinct accounts the bank brought back
  std::uint64_t requests = 0;          // platform requests (one may name many accounts)
  std::uint64_t accepted = 0;
  std::uint64_t rejected = 0;
  std::map<std::string, std::uint64_t> rejected_by_reason; // sorted by reason code
  std::uint64_t sessions_created = 0;
  std::uint64_t sessions_rejected = 0;
  std::uint64_t notified = 0; // url delivery: told by the platform itself
  std::uint64_t emails_sent = 0;
  std::uint64_t emails_delivered = 0;
  std::uint64_t emails_opened = 0;
  std::uint64_t flows_started = 0;
  std::uint64_t relinks_succeeded = 0;
  std::uint64_t relinks_failed = 0;
  std::uint64_t relinks_expired = 0;
  std::uint64_t relinks_cancelled = 0;
  std::uint64_t emails_bounced = 0;
  std::uint64_t payments_succeeded = 0;
  std::uint64_t payments_failed = 0;
  std::map<std::string, std::uint64_t> payments_failed_by_code; // R04, R02
  std::int64_t amount_failed = 0;                               // cents
  std::array<std::uint64_t, all_funnel_stages.size()> funnel{};
  // Deactivation to reactivation by a relink, one per repair, sorted.
  std::vector<engine::duration> repair_times;

  // Repaired accounts as a share of accounts that went inactive (0 when none did).
  double repaired_share() const;
  std::uint64_t accounts_at(funnel_stage s) const { return funnel[static_cast<std::size_t>(s)]; }
  // The q-quantile of repair_times by nearest rank: the ceil(q·n)-th smallest;
  // nullopt when nothing was repaired.
  std::optional<engine::duration> repair_time(double q) const;
};

// The metrics a `metric` expectation can name, with what each means.
struct metric_definition {
  std::string_view name;
  std::string_view meaning;
  double (*value)(const run_metrics&);
};

const std::vector<metric_definition>& metric_catalogue();
const metric_definition* find_metric(std::string_view name);

} // namespace sim
