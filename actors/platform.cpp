#include "actors/platform.hpp"

#include "actors/events.hpp"
#include "engine/kernel.hpp"

namespace actors {

caf::behavior platform_actor(platform_actor_ptr self, engine::kernel* kernel,
                             caf::actor coordinator) {
  kernel->guard(self, "platform");
  self->state.kernel = kernel;
  self->state.coordinator = std::move(coordinator);
  return {
    [=](relink_atom, const relink_order& order) {
      auto& s = self->state;
      std::vector<engine::trace_field> fields{{"request", order.request_id}, {"via", order.via}};
      if (order.selector)
        fields.push_back({"select", order.selector->select});
      else
        fields.push_back({"accounts", std::to_string(order.account_ids.size())});
      s.kernel->events().record(s.kernel->now(), events::relink_requested, order.request_id,
                                std::move(fields));
      self->send(s.coordinator, relink_atom::value, order);
    },
  };
}

} // namespace actors
