#include "actors/platform.hpp"

#include "actors/events.hpp"
#include "engine/kernel.hpp"

namespace actors {

caf::behavior platform_actor(platform_actor_ptr self, engine::kernel* kernel,
                             caf::actor coordinator) {
  self->state.kernel = kernel;
  self->state.coordinator = std::move(coordinator);
  return {
    [=](relink_atom, const relink_order& order) {
      auto& s = self->state;
      s.kernel->events().record(s.kernel->now(), events::relink_requested, order.request_id,
                                {{"request", order.request_id},
                                 {"via", order.via},
                                 {"accounts", std::to_string(order.account_ids.size())}});
      self->send(s.coordinator, relink_atom::value, order);
    },
  };
}

} // namespace actors
