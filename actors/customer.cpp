#include "actors/customer.hpp"

#include "actors/events.hpp"
#include "engine/kernel.hpp"

#include <cmath>

namespace actors {
namespace {

//  One relink email, as the customer lives it:
//
//   delivered --(opens? after open_after)--> opened + link clicked
//      |                                        |
//      +-- ignores: nothing                     +-- link expired / used: stops
//                                               +-- flow started: completes? --no--> abandoned
//                                                        |
//                                                        yes: authenticate at the institution
//                                                        +--> succeeded | failed

void record(customer_actor_ptr self, std::string_view type, const relink_link& link,
            std::vector<engine::trace_field> extra = {}) {
  auto& s = self->state;
  std::vector<engine::trace_field> fields{{"account", link.account_id},
                                          {"relink", link.relink_id},
                                          {"request", link.request_id}};
  for (auto& f : extra)
    fields.push_back(std::move(f));
  s.kernel->events().record(s.kernel->now(), type, s.config.id, std::move(fields));
}

engine::duration draw_delay(customer_actor_ptr self, const engine::distribution& d) {
  const double ms = d.sample(self->state.random);
  return engine::duration{static_cast<std::int64_t>(std::llround(ms))};
}

void follow_link(customer_actor_ptr self, const relink_link& link) {
  record(self, events::email_opened, link);
  record(self, events::email_link_clicked, link);
  self->request(link.coordinator, caf::infinite, open_link_atom::value, link.relink_id)
    .then([=](link_state state) {
      if (state != link_state::valid)
        return;
      if (!self->state.random.chance(self->state.config.behavior.completes)) {
        self->send(link.coordinator, flow_done_atom::value, link.relink_id,
                   flow_outcome::abandoned);
        return;
      }
      self->state.flows.emplace(link.relink_id, link);
      self->send(link.institution, auth_atom::value, link.relink_id, link.account_id,
                 caf::actor{self});
    });
}

} // namespace

caf::behavior customer_actor(customer_actor_ptr self, engine::kernel* kernel,
                             customer_config config) {
  self->state.kernel = kernel;
  self->state.random = kernel->stream(config.id);
  self->state.config = std::move(config);
  return {
    [=](contact_atom) {
      const auto& c = self->state.config;
      return holder_contact{c.id, c.kind, c.email};
    },
    [=](deliver_atom, const relink_link& link) {
      const auto& behavior = self->state.config.behavior;
      if (!self->state.random.chance(behavior.opens))
        return;
      self->delayed_send(self, draw_delay(self, behavior.open_after), open_atom::value, link);
    },
    [=](open_atom, const relink_link& link) { follow_link(self, link); },
    [=](auth_done_atom, const std::string& relink_id, bool succeeded) {
      auto i = self->state.flows.find(relink_id);
      if (i == self->state.flows.end())
        return;
      auto outcome = flow_outcome::failed;
      if (succeeded)
        outcome = self->state.random.chance(self->state.config.behavior.picks_other_account)
                    ? flow_outcome::no_account
                    : flow_outcome::succeeded;
      self->send(i->second.coordinator, flow_done_atom::value, relink_id, outcome);
      self->state.flows.erase(i);
    },
  };
}

} // namespace actors
