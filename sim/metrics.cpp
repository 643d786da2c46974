#include "sim/metrics.hpp"

#include "actors/events.hpp"

#include <algorithm>
#include <set>
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
  std::map<std::string, engine::duration> inactive_since;
  std::set<std::string> deactivated, repaired, recovered;
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
