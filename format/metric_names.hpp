#pragma once

// The figures of a run a `metric` expectation can name, with what each means:
// the format's vocabulary, read by the loader and the schema. The run computes
// each one (sim/metrics.hpp) and checks that it computes exactly these.

#include <array>
#include <string_view>

namespace sim {

struct metric_name {
  std::string_view name;
  std::string_view meaning;
};

inline constexpr std::array<metric_name, 30> all_metric_names{{
    {"accounts", "accounts in the world"},
    {"deactivated_accounts", "distinct accounts that went inactive"},
    {"inactive_peak", "most accounts inactive at one instant"},
    {"repaired_accounts", "distinct accounts reactivated by a relink"},
    {"recovered_accounts", "distinct accounts the bank restored after an outage"},
    {"repaired_share",
     "repaired_accounts / deactivated_accounts (0 when none went inactive)"},
    {"repair_time_p50_hours", "median hours from deactivation to reactivation by a "
                              "relink (nearest rank; 0 when none)"},
    {"repair_time_p90_hours", "90th percentile of the same (nearest rank; 0 when none)"},
    {"needed_relink_accounts",
     "distinct accounts that needed a relink: deactivated with action relink_required, "
     "told their TAN expires, or accepted for a relink"},
    {"requested_accounts",
     "distinct accounts a relink was opened for (request or session)"},
    {"notified_accounts",
     "distinct accounts whose holder was sent a relink email or told by the platform"},
    {"opened_accounts", "distinct accounts whose holder opened a relink email or the "
                        "platform's notification"},
    {"relinked_accounts",
     "distinct accounts a relink succeeded for (active ones included)"},
    {"requests", "platform relink requests"},
    {"accepted", "accounts accepted by requests"},
    {"rejected", "accounts rejected by requests"},
    {"sessions_created", "API relink sessions opened"},
    {"sessions_rejected", "API relink sessions refused"},
    {"emails_sent", "relink emails sent"},
    {"emails_delivered", "relink emails delivered"},
    {"emails_bounced", "relink emails bounced"},
    {"emails_opened", "relink emails opened"},
    {"flows_started", "hosted flows started"},
    {"relinks_succeeded", "relinks that succeeded"},
    {"relinks_failed", "relinks that failed"},
    {"relinks_cancelled", "relinks cancelled (manual entry)"},
    {"relinks_expired", "relinks whose link expired first"},
    {"payments_succeeded", "debit attempts that succeeded"},
    {"payments_failed", "debit attempts that failed"},
    {"amount_failed_cents", "amount of failed debit attempts, in cents"},
}};

// The entry of that name, or nullptr.
constexpr const metric_name* find_metric_name(std::string_view name) {
  for (const auto& m : all_metric_names)
    if (m.name == name)
      return &m;
  return nullptr;
}

} // namespace sim
