#pragma once

// webhooks.jsonl: the Stripe-shaped events a platform's endpoint would have
// received, one per line:
//
//   {"id", "object": "event", "type", "created" (unix seconds), "livemode",
//    "pending_webhooks", "request", "data": {"object": {financial_connections.account}}}
//
// Every financial_connections.* event of the trace becomes one webhook; its
// data.object is the account, authorization or session as it stood right after the
// change, complete as Stripe's OpenAPI description requires (docs/events.md says
// which spec each follows).
// Lines come in the order the endpoint received them (sim/webhook_delivery):
// with webhook faults, duplicated, out of order, or missing when dropped.

#include "sim/outcome.hpp"

#include <iosfwd>

namespace reports {

void write_webhooks(const sim::outcome& run, std::ostream& out);

} // namespace reports
