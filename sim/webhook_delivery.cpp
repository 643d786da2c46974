#include "sim/webhook_delivery.hpp"

#include "engine/random.hpp"

#include <algorithm>
#include <cmath>

namespace sim {
namespace {

struct fault_window {
  engine::duration from{0};
  webhook_faults_action faults;
};

engine::duration draw_between(engine::random_stream& random, engine::duration low,
                              engine::duration high) {
  return engine::duration{random.integer(low.count(), high.count())};
}

bool is_down(const std::vector<fault_window>& windows, engine::duration t) {
  for (const auto& w : windows)
    if (t >= w.from && t < w.from + w.faults.down_for)
      return true;
  return false;
}

// Stripe's back-off after failed attempts: 5m, 30m, 2h, 5h, then every 10h.
engine::duration retry_wait(std::uint32_t failed_attempts) {
  switch (failed_attempts) {
    case 1: return engine::minutes(5);
    case 2: return engine::minutes(30);
    case 3: return engine::hours(2);
    case 4: return engine::hours(5);
    default: return engine::hours(10);
  }
}

} // namespace

// Every Stripe event type, account.created included: Stripe sends it for each
// account linked, and a platform that records accounts from it would never see
// the accounts of a run without it.
bool is_webhook(const engine::trace_event& e) {
  return e.type.rfind("financial_connections.", 0) == 0;
}

webhook_report deliver_webhooks(const scenario& spec, const engine::trace& events,
                                std::uint64_t seed) {
  std::vector<fault_window> windows;
  for (const auto& entry : spec.timeline)
    if (const auto* f = std::get_if<webhook_faults_action>(&entry.action))
      windows.push_back({entry.at, *f});
  engine::random_stream random(seed, "webhooks");
  webhook_report report;
  for (const auto& e : events.events()) {
    if (!is_webhook(e))
      continue;
    ++report.events;
    // The faults in force when the event happened: the latest entry before it.
    webhook_faults_action faults;
    for (const auto& w : windows)
      if (w.from <= e.time)
        faults = w.faults;
    std::vector<std::pair<engine::duration, bool>> copies{{e.time, false}};
    if (random.chance(faults.reorder)) {
      copies[0].first += draw_between(random, engine::minutes(1), engine::minutes(30));
      ++report.held_back;
    }
    if (random.chance(faults.duplicates)) {
      copies.push_back({copies[0].first + draw_between(random, engine::minutes(1), engine::minutes(10)), true});
      ++report.duplicates;
    }
    for (const auto& [first_try, duplicate] : copies) {
      auto at = first_try;
      std::uint32_t attempts = 1;
      while (is_down(windows, at) && at - e.time <= webhook_retry_window)
        at += retry_wait(attempts++);
      if (at - e.time > webhook_retry_window || is_down(windows, at)) {
        ++report.dropped;
        continue;
      }
      if (attempts > 1)
        ++report.retried;
      report.delivered.push_back({e.sequence, at, attempts, duplicate});
    }
  }
  std::stable_sort(report.delivered.begin(), report.delivered.end(),
                   [](const webhook_delivery& a, const webhook_delivery& b) {
                     return a.delivered_at < b.delivered_at;
                   });
  std::uint64_t latest_sequence = 0;
  for (const auto& d : report.delivered) {
    if (!d.duplicate && d.sequence < latest_sequence)
      ++report.out_of_order;
    latest_sequence = std::max(latest_sequence, d.sequence);
  }
  return report;
}

} // namespace sim
