#pragma once

// The platform: the business whose customers linked their accounts. It asks for
// relinks (from its Dashboard or the API) on the scenario's timeline.
//
// Interface (platform_actor in protocol.hpp):
//   attach_atom, coordinator       (before the run) the relink coordinator
//   relink_atom, relink_order      request hosted relink (Dashboard)
//   session_atom, session_order    create an API relink session
//   notify_atom, link, holder, channel, after
//                                  url delivery: tell the customer through the
//                                  platform's own channel, `after` from now
//   deliver_atom, link, holder, channel  (to itself) the notification goes out
//   webhook_atom, account_id              an event its auto_relink policy reacts to
//   auto_relink_atom, account_id          (to itself) `after` later: open a session

#include "actors/protocol.hpp"

#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

namespace engine {
class kernel;
}

namespace actors {

struct platform_state {
  engine::kernel* kernel = nullptr;
  coordinator_actor coordinator;
  auto_relink_policy auto_relink;
  std::uint64_t sessions_opened = 0;
  static inline const char* name = "platform";
};

using platform_actor_ptr = platform_actor::stateful_pointer<platform_state>;

// The coordinator and the platform know each other: the platform is spawned
// first and told its coordinator with attach_atom before the run starts.
platform_actor::behavior_type platform_behavior(platform_actor_ptr self,
                                                engine::kernel* kernel,
                                                auto_relink_policy auto_relink);

} // namespace actors
