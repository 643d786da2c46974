#include "actors/mailer.hpp"

#include "domain/events.hpp"
#include "engine/check.hpp"
#include "engine/kernel.hpp"

#include <algorithm>
#include <cmath>

namespace actors {
namespace {

//  One email:
//
//   queued --(mailer up)--> sent --(latency)--> delivered --> the holder's inbox
//     |                       |
//     +-(down)-> deferred     +--(bounce)-----> bounced
//        retried 1m, 2m, 4m … (at most 1h apart) until sent

void record(mailer_actor_ptr self, std::string_view type, const relink_link& link,
            const std::string& email_id, std::vector<engine::trace_field> extra = {}) {
  auto& s = self->state;
  std::vector<engine::trace_field> fields{{"to", link.email},
                                          {"account", link.account_id},
                                          {"relink", link.relink_id},
                                          {"request", link.request_id}};
  for (auto& f : extra)
    fields.push_back(std::move(f));
  s.kernel->events().record(s.kernel->now(), type, email_id, std::move(fields));
}

engine::duration backoff(std::uint32_t attempt) {
  auto wait = mailer_first_retry;
  for (std::uint32_t i = 1; i < attempt && wait < mailer_retry_max; ++i)
    wait *= 2;
  return std::min(wait, mailer_retry_max);
}

void try_send(mailer_actor_ptr self, const relink_link& link, const holder_ref& holder,
              const std::string& email_id, std::uint32_t attempt) {
  auto& s = self->state;
  if (s.kernel->now() < s.down_until) {
    const auto wait = backoff(attempt);
    record(self, events::email_deferred, link, email_id,
           {{"attempt", std::to_string(attempt)},
            {"retry_in", wait}});
    self->state.kernel->send_later(self, self, wait, retry_atom::value, link, holder,
                                   email_id, attempt + 1);
    return;
  }
  record(self, events::email_sent, link, email_id);
  self->state.kernel->send_later(self, self,
                                 engine::sample_delay(s.config.latency, s.random),
                                 deliver_atom::value, link, holder, email_id);
}

} // namespace

mailer_actor::behavior_type mailer_behavior(mailer_actor_ptr self, engine::kernel* kernel,
                                            mailer_config config) {
  kernel->guard(self, "mailer");
  self->state.kernel = kernel;
  self->state.random = kernel->stream("mailer");
  self->state.config = std::move(config);
  return {
      [=](send_atom, const relink_link& link, const holder_ref& holder) {
        const std::string email_id =
            "email_" + std::to_string(++self->state.emails_queued);
        record(self, events::email_queued, link, email_id);
        try_send(self, link, holder, email_id, 1);
      },
      [=](retry_atom, const relink_link& link, const holder_ref& holder,
          const std::string& email_id,
          std::uint32_t attempt) { try_send(self, link, holder, email_id, attempt); },
      [=](deliver_atom, const relink_link& link, const holder_ref& holder,
          const std::string& email_id) {
        auto& s = self->state;
        // Draw for every email so that a hard-bouncing address does not shift others.
        const bool soft_bounce = s.random.chance(s.config.bounce_rate);
        if (soft_bounce || s.bouncing.count(link.email) > 0) {
          record(self, events::email_bounced, link, email_id);
          return;
        }
        record(self, events::email_delivered, link, email_id);
        // Links go only to accounts with a holder: the rules reject the others.
        ENGINE_CHECK(holder.actor != nullptr, "relink " + link.relink_id + " of " +
                                                  link.account_id +
                                                  " has no holder to reach");
        self->send(holder.actor, deliver_atom::value, holder.row, link);
      },
      [=](mailer_outage_atom, engine::duration length) {
        auto& s = self->state;
        s.down_until = std::max(s.down_until, s.kernel->now() + length);
        s.kernel->events().record(s.kernel->now(), events::mailer_outage_started,
                                  "mailer",
                                  {{"until", s.down_until}});
      },
      [=](bounce_atom, const std::string& address) {
        self->state.bouncing.insert(address);
      },
  };
}

} // namespace actors
