#include "sim/metrics.hpp"

#include <algorithm>
#include <cmath>

namespace sim {

double run_metrics::repaired_share() const {
  return accounts_deactivated == 0
           ? 0.0
           : static_cast<double>(accounts_repaired) / static_cast<double>(accounts_deactivated);
}

std::optional<engine::duration> run_metrics::repair_time(double q) const {
  if (repair_times.empty())
    return std::nullopt;
  const auto n = static_cast<double>(repair_times.size());
  const auto rank = static_cast<std::size_t>(std::ceil(q * n));
  return repair_times[std::min(std::max<std::size_t>(rank, 1), repair_times.size()) - 1];
}

std::string_view to_string(funnel_stage s) {
  switch (s) {
    case funnel_stage::needed_relink: return "needed_relink";
    case funnel_stage::requested: return "requested";
    case funnel_stage::notified: return "notified";
    case funnel_stage::opened: return "opened";
    case funnel_stage::relinked: return "relinked";
  }
  return "needed_relink";
}

std::string_view label_of(funnel_stage s) {
  return s == funnel_stage::needed_relink ? "needed relink" : to_string(s);
}

} // namespace sim

namespace sim {

namespace {
double hours(std::optional<engine::duration> d) {
  return d ? static_cast<double>(d->count()) / 3'600'000.0 : 0.0;
}
} // namespace

const std::vector<metric_definition>& metric_catalogue() {
  using m = run_metrics;
  static const std::vector<metric_definition> all{
    {"accounts", "accounts in the world", [](const m& x) { return double(x.accounts); }},
    {"deactivated_accounts", "distinct accounts that went inactive",
     [](const m& x) { return double(x.accounts_deactivated); }},
    {"inactive_peak", "most accounts inactive at one instant",
     [](const m& x) { return double(x.inactive_peak); }},
    {"repaired_accounts", "distinct accounts reactivated by a relink",
     [](const m& x) { return double(x.accounts_repaired); }},
    {"recovered_accounts", "distinct accounts the bank restored after an outage",
     [](const m& x) { return double(x.accounts_recovered); }},
    {"repaired_share", "repaired_accounts / deactivated_accounts (0 when none went inactive)",
     [](const m& x) { return x.repaired_share(); }},
    {"repair_time_p50_hours",
     "median hours from deactivation to reactivation by a relink (nearest rank; 0 when none)",
     [](const m& x) { return hours(x.repair_time(0.5)); }},
    {"repair_time_p90_hours", "90th percentile of the same (nearest rank; 0 when none)",
     [](const m& x) { return hours(x.repair_time(0.9)); }},
    {"needed_relink_accounts",
     "distinct accounts that needed a relink: deactivated with action relink_required, "
     "told their TAN expires, or accepted for a relink",
     [](const m& x) { return double(x.accounts_at(funnel_stage::needed_relink)); }},
    {"requested_accounts", "distinct accounts a relink was opened for (request or session)",
     [](const m& x) { return double(x.accounts_at(funnel_stage::requested)); }},
    {"notified_accounts",
     "distinct accounts whose holder was sent a relink email or told by the platform",
     [](const m& x) { return double(x.accounts_at(funnel_stage::notified)); }},
    {"opened_accounts",
     "distinct accounts whose holder opened a relink email or the platform's notification",
     [](const m& x) { return double(x.accounts_at(funnel_stage::opened)); }},
    {"relinked_accounts", "distinct accounts a relink succeeded for (active ones included)",
     [](const m& x) { return double(x.accounts_at(funnel_stage::relinked)); }},
    {"requests", "platform relink requests", [](const m& x) { return double(x.requests); }},
    {"accepted", "accounts accepted by requests", [](const m& x) { return double(x.accepted); }},
    {"rejected", "accounts rejected by requests", [](const m& x) { return double(x.rejected); }},
    {"sessions_created", "API relink sessions opened",
     [](const m& x) { return double(x.sessions_created); }},
    {"sessions_rejected", "API relink sessions refused",
     [](const m& x) { return double(x.sessions_rejected); }},
    {"emails_sent", "relink emails sent", [](const m& x) { return double(x.emails_sent); }},
    {"emails_delivered", "relink emails delivered",
     [](const m& x) { return double(x.emails_delivered); }},
    {"emails_bounced", "relink emails bounced", [](const m& x) { return double(x.emails_bounced); }},
    {"emails_opened", "relink emails opened", [](const m& x) { return double(x.emails_opened); }},
    {"flows_started", "hosted flows started", [](const m& x) { return double(x.flows_started); }},
    {"relinks_succeeded", "relinks that succeeded",
     [](const m& x) { return double(x.relinks_succeeded); }},
    {"relinks_failed", "relinks that failed", [](const m& x) { return double(x.relinks_failed); }},
    {"relinks_cancelled", "relinks cancelled (manual entry)",
     [](const m& x) { return double(x.relinks_cancelled); }},
    {"relinks_expired", "relinks whose link expired first",
     [](const m& x) { return double(x.relinks_expired); }},
    {"payments_succeeded", "debit attempts that succeeded",
     [](const m& x) { return double(x.payments_succeeded); }},
    {"payments_failed", "debit attempts that failed",
     [](const m& x) { return double(x.payments_failed); }},
    {"amount_failed_cents", "amount of failed debit attempts, in cents",
     [](const m& x) { return double(x.amount_failed); }},
  };
  return all;
}

const metric_definition* find_metric(std::string_view name) {
  for (const auto& d : metric_catalogue())
    if (d.name == name)
      return &d;
  return nullptr;
}

} // namespace sim
