#include "actors/institution.hpp"

#include "actors/events.hpp"
#include "engine/kernel.hpp"

#include <cmath>

namespace actors {

caf::behavior institution_actor(institution_actor_ptr self, engine::kernel* kernel,
                                institution_config config) {
  self->state.kernel = kernel;
  self->state.random = kernel->stream(config.id);
  self->state.config = std::move(config);
  return {
    [=](auth_atom, const std::string& relink_id, const std::string& account_id,
        const caf::actor& customer) {
      auto& s = self->state;
      const double latency_ms = s.config.auth_latency.sample(s.random);
      const bool succeeded = s.random.chance(s.config.auth_success);
      const engine::duration latency{static_cast<std::int64_t>(std::llround(latency_ms))};
      s.kernel->events().record(
        s.kernel->now(), events::institution_auth_attempted, s.config.id,
        {{"account", account_id},
         {"relink", relink_id},
         {"result", succeeded ? "success" : "failure"},
         {"latency", engine::format_duration(latency)}});
      self->delayed_send(customer, latency, auth_done_atom::value, relink_id, succeeded);
    },
  };
}

} // namespace actors
