#pragma once

// Webhook delivery to the platform's endpoint, faults included. Stripe delivers
// at least once, in no guaranteed order, and retries a failed delivery for up to
// 3 days. From each `webhook_faults` entry on, every webhook is duplicated with
// probability `duplicates` (the copy arrives 1–10 minutes later), held back
// 1–30 minutes with probability `reorder` (so later ones overtake it), and while
// the endpoint is down (`down_for` from the entry's time) deliveries fail and
// are retried after 5m, 30m, 2h, 5h, then every 10h, until 3 days have passed
// since the event, when it is dropped.
//
// A pure function of the trace, the scenario and the seed (its own stream):
// the same run delivers alike.

#include "engine/trace.hpp"
#include "engine/random.hpp"
#include "format/scenario.hpp"

#include <cstdint>
#include <optional>
#include <vector>

namespace sim {

inline constexpr engine::duration webhook_retry_window = engine::days(3);
// Stripe's back-off after `failed_attempts` failed attempts: 5m, 30m, 2h, 5h, then
// every 10h (within webhook_retry_window of the event).
engine::duration retry_wait(std::uint32_t failed_attempts);

struct webhook_delivery {
  std::uint64_t sequence = 0;        // the trace event it carries
  engine::duration delivered_at{0};
  std::uint32_t attempts = 1;        // including failed ones
  bool duplicate = false;            // the second copy
};

struct webhook_report {
  std::vector<webhook_delivery> delivered; // in the order the endpoint got them
  std::uint64_t events = 0;                // webhooks sent
  std::uint64_t duplicates = 0;
  std::uint64_t held_back = 0;             // reordered on purpose
  std::uint64_t out_of_order = 0;          // arrived after a later event
  std::uint64_t retried = 0;               // needed more than one attempt
  std::uint64_t dropped = 0;               // not delivered within 3 days
};

// True for the trace events a platform receives as webhooks: every
// `financial_connections.*` event.
bool is_webhook(const engine::trace_event& e);

// Delivery as the run goes: fed each event of the trace in order, it hands over
// each delivery as soon as no later event can arrive before it, in the order the
// endpoint got them. What waits is only what is held back, retried or duplicated.
class webhook_deliverer {
public:
  webhook_deliverer(const scenario& spec, std::uint64_t seed);

  // Event `e`: the copies of it that will reach the endpoint (0 for an event that
  // is no webhook, or one dropped).
  std::uint32_t schedule(const engine::trace_event& e);
  // Once event `e` is scheduled: every delivery due by its instant, in order, as
  // long as `ready` says its webhook is built (later events arrive at or after
  // that instant and are scheduled after it, so none can come before these).
  template <class Ready, class Emit>
  void deliver_due(const engine::trace_event& e, Ready&& ready, Emit&& emit) {
    deliver_due_by(e.time, ready, emit);
  }
  // The same at the end of instant `t`, when no event comes (a platform in the loop).
  template <class Ready, class Emit>
  void deliver_due_by(engine::duration t, Ready&& ready, Emit&& emit) {
    while (!waiting_.empty() && waiting_.front().delivered_at <= t &&
           ready(waiting_.front().delivery))
      emit(pop());
  }
  // When the next delivery is due, if one waits (a copy, one held back, a retry):
  // a platform in the loop stops the clock there.
  std::optional<engine::duration> next_due() const {
    if (waiting_.empty())
      return std::nullopt;
    return waiting_.front().delivered_at;
  }
  // After the last event: every delivery left, then the figures.
  template <class Emit>
  webhook_report finish(Emit&& emit) {
    while (!waiting_.empty())
      emit(pop());
    return std::move(report_);
  }

private:
  struct waiting {
    engine::duration delivered_at{0};
    std::uint64_t order = 0; // scheduling order: equal instants keep it
    webhook_delivery delivery;
  };
  webhook_delivery pop();

  std::vector<std::pair<engine::duration, webhook_faults_action>> windows_;
  engine::random_stream random_;
  std::vector<waiting> waiting_; // a heap: the earliest (then the first scheduled) in front
  std::uint64_t scheduled_ = 0;
  std::uint64_t latest_sequence_ = 0; // the latest event handed over
  webhook_report report_;
};


} // namespace sim
