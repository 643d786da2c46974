#include "sim/webhook_delivery.hpp"

#include "engine/random.hpp"

#include <algorithm>
#include <cmath>

namespace sim {
namespace {

// From when each `webhook_faults` entry is in force, in timeline order.
using fault_windows = std::vector<std::pair<engine::duration, webhook_faults_action>>;

engine::duration draw_between(engine::random_stream& random, engine::duration low,
                              engine::duration high) {
  return engine::duration{random.integer(low.count(), high.count())};
}

bool is_down(const fault_windows& windows, engine::duration t) {
  for (const auto& [from, faults] : windows)
    if (t >= from && t < from + faults.down_for)
      return true;
  return false;
}

} // namespace

engine::duration retry_wait(std::uint32_t failed_attempts) {
  switch (failed_attempts) {
    case 1: return engine::minutes(5);
    case 2: return engine::minutes(30);
    case 3: return engine::hours(2);
    case 4: return engine::hours(5);
    default: return engine::hours(10);
  }
}

// Every Stripe event type, account.created included: Stripe sends it for each
// account linked, and a platform that records accounts from it would never see
// the accounts of a run without it.
bool is_webhook(const engine::trace_event& e) {
  return e.type.rfind("financial_connections.", 0) == 0;
}

namespace {
// The heap's order: the front is the earliest delivery, the first scheduled of
// equal ones (as a stable sort by delivery time would have them).
template <class W>
bool later(const W& a, const W& b) {
  return a.delivered_at != b.delivered_at ? a.delivered_at > b.delivered_at
                                          : a.order > b.order;
}
} // namespace

webhook_deliverer::webhook_deliverer(const scenario& spec, std::uint64_t seed)
  : random_(seed, "webhooks") {
  for (const auto& entry : spec.timeline)
    if (const auto* f = std::get_if<webhook_faults_action>(&entry.action))
      windows_.push_back({entry.at, *f});
}

std::uint32_t webhook_deliverer::schedule(const engine::trace_event& e) {
  if (!is_webhook(e))
    return 0;
  ++report_.events;
  // The faults in force when the event happened: the latest entry before it.
  webhook_faults_action faults;
  for (const auto& [from, f] : windows_)
    if (from <= e.time)
      faults = f;
  std::vector<std::pair<engine::duration, bool>> copies{{e.time, false}};
  if (random_.chance(faults.reorder)) {
    copies[0].first += draw_between(random_, engine::minutes(1), engine::minutes(30));
    ++report_.held_back;
  }
  if (random_.chance(faults.duplicates)) {
    copies.push_back(
        {copies[0].first + draw_between(random_, engine::minutes(1), engine::minutes(10)),
         true});
    ++report_.duplicates;
  }
  std::uint32_t arriving = 0;
  for (const auto& [first_try, duplicate] : copies) {
    auto at = first_try;
    std::uint32_t attempts = 1;
    while (is_down(windows_, at) && at - e.time <= webhook_retry_window)
      at += retry_wait(attempts++);
    if (at - e.time > webhook_retry_window || is_down(windows_, at)) {
      ++report_.dropped;
      continue;
    }
    if (attempts > 1)
      ++report_.retried;
    waiting_.push_back({at, scheduled_++, {e.sequence, at, attempts, duplicate}});
    std::push_heap(waiting_.begin(), waiting_.end(), later<waiting>);
    ++arriving;
  }
  return arriving;
}

webhook_delivery webhook_deliverer::pop() {
  std::pop_heap(waiting_.begin(), waiting_.end(), later<waiting>);
  const webhook_delivery d = waiting_.back().delivery;
  waiting_.pop_back();
  if (!d.duplicate && d.sequence < latest_sequence_)
    ++report_.out_of_order;
  latest_sequence_ = std::max(latest_sequence_, d.sequence);
  report_.delivered.push_back(d);
  return d;
}

} // namespace sim
