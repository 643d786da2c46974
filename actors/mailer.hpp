#pragma once

// Sends relink emails: records the send, and delivers to the holder after the
// mailer's latency.
//
// Interface:
//   send_atom, relink_link, holder      queue and send one email
//   deliver_atom, relink_link, holder   (to itself) the email reaches the inbox

#include "actors/protocol.hpp"
#include "engine/random.hpp"

#include <caf/event_based_actor.hpp>
#include <caf/stateful_actor.hpp>

namespace engine {
class kernel;
}

namespace actors {

struct mailer_config {
  engine::distribution latency = engine::distribution::constant(
    static_cast<double>(engine::seconds(30).count()), engine::value_kind::time);
};

struct mailer_state {
  mailer_config config;
  engine::kernel* kernel = nullptr;
  engine::random_stream random{0};
  std::uint64_t emails_sent = 0;
  static inline const char* name = "mailer";
};

using mailer_actor_ptr = caf::stateful_actor<mailer_state>*;

caf::behavior mailer_actor(mailer_actor_ptr self, engine::kernel* kernel,
                           mailer_config config);

} // namespace actors
