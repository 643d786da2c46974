#include "sim/metrics.hpp"

#include "engine/check.hpp"
#include "format/metric_names.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>

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
  // How each figure is read from the run, by the name the format gives it.
  static const std::vector<std::pair<std::string_view, double (*)(const m&)>> values{
    {"accounts", [](const m& x) { return double(x.accounts); }},
    {"deactivated_accounts", [](const m& x) { return double(x.accounts_deactivated); }},
    {"inactive_peak", [](const m& x) { return double(x.inactive_peak); }},
    {"repaired_accounts", [](const m& x) { return double(x.accounts_repaired); }},
    {"recovered_accounts", [](const m& x) { return double(x.accounts_recovered); }},
    {"repaired_share", [](const m& x) { return x.repaired_share(); }},
    {"repair_time_p50_hours", [](const m& x) { return hours(x.repair_time(0.5)); }},
    {"repair_time_p90_hours", [](const m& x) { return hours(x.repair_time(0.9)); }},
    {"needed_relink_accounts", [](const m& x) { return double(x.accounts_at(funnel_stage::needed_relink)); }},
    {"requested_accounts", [](const m& x) { return double(x.accounts_at(funnel_stage::requested)); }},
    {"notified_accounts", [](const m& x) { return double(x.accounts_at(funnel_stage::notified)); }},
    {"opened_accounts", [](const m& x) { return double(x.accounts_at(funnel_stage::opened)); }},
    {"relinked_accounts", [](const m& x) { return double(x.accounts_at(funnel_stage::relinked)); }},
    {"requests", [](const m& x) { return double(x.requests); }},
    {"accepted", [](const m& x) { return double(x.accepted); }},
    {"rejected", [](const m& x) { return double(x.rejected); }},
    {"sessions_created", [](const m& x) { return double(x.sessions_created); }},
    {"sessions_rejected", [](const m& x) { return double(x.sessions_rejected); }},
    {"emails_sent", [](const m& x) { return double(x.emails_sent); }},
    {"emails_delivered", [](const m& x) { return double(x.emails_delivered); }},
    {"emails_bounced", [](const m& x) { return double(x.emails_bounced); }},
    {"emails_opened", [](const m& x) { return double(x.emails_opened); }},
    {"flows_started", [](const m& x) { return double(x.flows_started); }},
    {"relinks_succeeded", [](const m& x) { return double(x.relinks_succeeded); }},
    {"relinks_failed", [](const m& x) { return double(x.relinks_failed); }},
    {"relinks_cancelled", [](const m& x) { return double(x.relinks_cancelled); }},
    {"relinks_expired", [](const m& x) { return double(x.relinks_expired); }},
    {"payments_succeeded", [](const m& x) { return double(x.payments_succeeded); }},
    {"payments_failed", [](const m& x) { return double(x.payments_failed); }},
    {"amount_failed_cents", [](const m& x) { return double(x.amount_failed); }},
  };
  // Built in the format's order, and only when every name the format declares has
  // exactly one value here: a metric the loader accepts can always be computed.
  static const std::vector<metric_definition> all = [] {
    ENGINE_CHECK(values.size() == all_metric_names.size(), "metric values and names differ in number");
    std::vector<metric_definition> out;
    for (std::size_t i = 0; i < all_metric_names.size(); ++i) {
      const auto& name = all_metric_names[i];
      ENGINE_CHECK(values[i].first == name.name, "no value for the metric " + std::string(name.name));
      out.push_back({name.name, name.meaning, values[i].second});
    }
    return out;
  }();
  return all;
}

const metric_definition* find_metric(std::string_view name) {
  for (const auto& d : metric_catalogue())
    if (d.name == name)
      return &d;
  return nullptr;
}

} // namespace sim
