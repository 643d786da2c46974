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
#include "format/scenario.hpp"

#include <cstdint>
#include <vector>

namespace sim {

inline constexpr engine::duration webhook_retry_window = engine::days(3);

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

webhook_report deliver_webhooks(const scenario& spec, const engine::trace& events,
                                std::uint64_t seed);

} // namespace sim
