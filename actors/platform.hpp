#pragma once

// The platform: the business whose customers linked their accounts. It asks for
// relinks (from its Dashboard or the API) on the scenario's timeline.
//
// Interface:
//   relink_atom, relink_order      request hosted relink for a list of accounts

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
  static inline const char* name = "platform";
};

using platform_actor_ptr = caf::stateful_actor<platform_state>*;

caf::behavior platform_actor(platform_actor_ptr self, engine::kernel* kernel,
                             caf::actor coordinator);

} // namespace actors
