#include "actors/mailer.hpp"

#include "actors/events.hpp"
#include "engine/kernel.hpp"

#include <cmath>

namespace actors {
namespace {

void record(mailer_actor_ptr self, std::string_view type, const relink_link& link,
            const std::string& email_id) {
  auto& s = self->state;
  s.kernel->events().record(s.kernel->now(), type, email_id,
                            {{"to", link.email},
                             {"account", link.account_id},
                             {"relink", link.relink_id},
                             {"request", link.request_id}});
}

} // namespace

caf::behavior mailer_actor(mailer_actor_ptr self, engine::kernel* kernel,
                           mailer_config config) {
  self->state.kernel = kernel;
  self->state.random = kernel->stream("mailer");
  self->state.config = std::move(config);
  return {
    [=](send_atom, const relink_link& link, const caf::actor& holder) {
      auto& s = self->state;
      const std::string email_id = "email_" + std::to_string(++s.emails_sent);
      record(self, events::email_sent, link, email_id);
      const double latency_ms = s.config.latency.sample(s.random);
      self->delayed_send(self,
                         engine::duration{static_cast<std::int64_t>(std::llround(latency_ms))},
                         deliver_atom::value, link, holder, email_id);
    },
    [=](deliver_atom, const relink_link& link, const caf::actor& holder,
        const std::string& email_id) {
      record(self, events::email_delivered, link, email_id);
      self->send(holder, deliver_atom::value, link);
    },
  };
}

} // namespace actors
