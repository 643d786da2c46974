#pragma once

// The platform: the business whose customers linked their accounts. It asks for
// relinks (from its Dashboard or the API) on the scenario's timeline.
//
// Interface:
//   attach_atom, coordinator       (before the run) the relink coordinator
//   relink_atom, relink_order      request hosted relink (Dashboard)
//   session_atom, session_order    create an API relink session
//   notify_atom, link, holder, channel, after
//                                  url delivery: tell the customer through the
//                                  platform's own channel, `after` from now
//   deliver_atom, link, holder, channel  (to itself) the notification goes out
//   account_event_atom, account_id        an event its auto_relink policy reacts to
//   auto_relink_atom, account_id          (to itself) `after` later: open a session

#include "actors/authorization.hpp"
#include "actors/protocol.hpp"

#include <caf/event_based_actor.hpp>
#include <caf/stateful_actor.hpp>

namespace engine {
class kernel;
}

namespace actors {

struct platform_state {
  engine::kernel* kernel = nullptr;
  caf::actor coordinator;
  auto_relink_policy auto_relink;
  std::uint64_t sessions_opened = 0;
  static inline const char* name = "platform";
};

using platform_actor_ptr = caf::stateful_actor<platform_state>*;

// The coordinator and the platform know each other: the platform is spawned
// first and told its coordinator with attach_atom before the run starts.
caf::behavior platform_actor(platform_actor_ptr self, engine::kernel* kernel,
                             auto_relink_policy auto_relink);

} // namespace actors
