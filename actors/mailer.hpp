#pragma once

// Sends relink emails. An email is queued, sent (during a mailer outage it is
// deferred and retried with exponential back-off: 1m, 2m, 4m … at most 1h apart),
// and after the mailer's latency either delivered to the holder or bounced (at
// the bounce rate, or always for an address that hard-bounces).
//
// Interface (mailer_actor in protocol.hpp):
//   send_atom, relink_link, holder              queue one email
//   mailer_outage_atom, length                  the mailer is down from now for `length`
//   bounce_atom, address                        that address bounces from now on
//   retry_atom, link, holder, email id, attempt (to itself) try to send again
//   deliver_atom, link, holder, email id        (to itself) the email arrives

#include "actors/protocol.hpp"
#include "engine/random.hpp"

#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>
#include <set>

namespace engine {
class kernel;
}

namespace actors {

inline constexpr engine::duration mailer_first_retry = engine::minutes(1);
inline constexpr engine::duration mailer_retry_max = engine::hours(1);

struct mailer_config {
  engine::distribution latency = engine::distribution::constant(
      static_cast<double>(engine::seconds(30).count()), engine::value_kind::time);
  double bounce_rate = 0.0;
};

struct mailer_state {
  mailer_config config;
  engine::kernel* kernel = nullptr;
  engine::random_stream random{0};
  std::uint64_t emails_queued = 0;
  engine::duration down_until{0};
  std::set<std::string> bouncing; // addresses that hard-bounce
  static inline const char* name = "mailer";
};

using mailer_actor_ptr = mailer_actor::stateful_pointer<mailer_state>;

mailer_actor::behavior_type mailer_behavior(mailer_actor_ptr self, engine::kernel* kernel,
                                            mailer_config config);

} // namespace actors
