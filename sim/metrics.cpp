#include "sim/metrics.hpp"

#include "actors/events.hpp"

#include <algorithm>
#include <set>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace sim {

namespace ev = actors::events;

double run_metrics::repaired_share() const {
  return accounts_deactivated == 0
           ? 0.0
           : static_cast<double>(accounts_repaired) / static_cast<double>(accounts_deactivated);
}

run_metrics measure(const engine::trace& events) {
  run_metrics m;
  // Keys are views into the trace, which outlives this pass.
  std::unordered_map<std::string_view, engine::duration> inactive_since;
  std::unordered_set<std::string_view> deactivated, repaired, recovered;
  std::vector<engine::duration::rep> repair_times;
  std::uint64_t inactive_now = 0;
  for (const auto& e : events.events()) {
    const auto type = e.type;
    if (type == ev::account_created) {
      ++m.accounts;
    } else if (type == ev::account_deactivated) {
      ++m.deactivations;
      deactivated.insert(e.entity);
      if (inactive_since.emplace(e.entity, e.time).second)
        m.inactive_peak = std::max(m.inactive_peak, ++inactive_now);
    } else if (type == ev::account_reactivated) {
      const bool by_relink = e.field("by") != "bank";
      if (auto i = inactive_since.find(e.entity); i != inactive_since.end()) {
        if (by_relink)
          repair_times.push_back((e.time - i->second).count());
        inactive_since.erase(i);
        --inactive_now;
      }
      (by_relink ? repaired : recovered).insert(e.entity);
    } else if (type == ev::account_disconnected) {
      if (inactive_since.erase(e.entity) > 0)
        --inactive_now;
    } else if (type == ev::relink_requested) {
      ++m.requests;
    } else if (type == ev::relink_accepted) {
      ++m.accepted;
    } else if (type == ev::relink_rejected) {
      ++m.rejected;
      ++m.rejected_by_reason[std::string(e.field("reason"))];
    } else if (type == ev::session_created) {
      ++m.sessions_created;
    } else if (type == ev::session_rejected) {
      ++m.sessions_rejected;
    } else if (type == ev::session_notified) {
      ++m.notified;
    } else if (type == ev::email_sent) {
      ++m.emails_sent;
    } else if (type == ev::email_delivered) {
      ++m.emails_delivered;
    } else if (type == ev::email_opened) {
      ++m.emails_opened;
    } else if (type == ev::relink_flow_started) {
      ++m.flows_started;
    } else if (type == ev::relink_succeeded) {
      ++m.relinks_succeeded;
    } else if (type == ev::relink_failed) {
      ++m.relinks_failed;
    } else if (type == ev::relink_expired) {
      ++m.relinks_expired;
    } else if (type == ev::relink_cancelled) {
      ++m.relinks_cancelled;
    } else if (type == ev::email_bounced) {
      ++m.emails_bounced;
    } else if (type == ev::payment_succeeded) {
      ++m.payments_succeeded;
    } else if (type == ev::payment_failed) {
      ++m.payments_failed;
      ++m.payments_failed_by_code[std::string(e.field("ach_return_code"))];
      m.amount_failed += std::stoll(std::string(e.field("amount")));
    }
  }
  m.accounts_deactivated = deactivated.size();
  m.accounts_repaired = repaired.size();
  m.accounts_recovered = recovered.size();
  if (!repair_times.empty()) {
    auto middle = repair_times.begin() + static_cast<std::ptrdiff_t>(repair_times.size() / 2);
    std::nth_element(repair_times.begin(), middle, repair_times.end());
    m.repair_time_p50 = engine::duration{*middle};
  }
  return m;
}

} // namespace sim

namespace sim {

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
    {"repair_time_p50_hours", "median hours from deactivation to reactivation by a relink",
     [](const m& x) {
       return x.repair_time_p50 ? double(x.repair_time_p50->count()) / 3'600'000.0 : 0.0;
     }},
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
