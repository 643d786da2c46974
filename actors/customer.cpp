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
//                                            cancels: manual entry instead --> cancelled

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

// A chance with a drawn probability. A constant draws once, as a plain chance does,
// so that a fixed profile spends the customer's stream exactly as before.
bool draw_chance(customer_actor_ptr self, const engine::distribution& p) {
  auto& random = self->state.random;
  if (p.form == engine::distribution::shape::constant)
    return random.chance(p.a);
  return random.chance(p.sample(random));
}

engine::duration draw_delay(customer_actor_ptr self, const engine::distribution& d) {
  return engine::sample_delay(d, self->state.random);
}

// Tells the hosted page how the flow ended; some customers then click the
// link once more (the "clicked twice" fault).
void end_flow(customer_actor_ptr self, const relink_link& link, flow_outcome outcome) {
  self->send(link.coordinator, flow_done_atom::value, link.relink_id, outcome);
  if (draw_chance(self, self->state.config.behavior.clicks_twice))
    self->state.kernel->send_later(self, self, second_click_delay, click_again_atom::value, link);
}

void follow_link(customer_actor_ptr self, const relink_link& link) {
  record(self, events::email_opened, link);
  record(self, events::email_link_clicked, link);
  self->request(link.coordinator, caf::infinite, open_link_atom::value, link.relink_id)
    .then([=](link_state state) {
      if (state != link_state::valid)
        return;
      const auto& behavior = self->state.config.behavior;
      if (draw_chance(self, behavior.cancels)) {
        end_flow(self, link, flow_outcome::cancelled);
        return;
      }
      if (!draw_chance(self, behavior.completes)) {
        end_flow(self, link, flow_outcome::abandoned);
        return;
      }
      self->state.flows.emplace(link.relink_id, link);
      self->state.kernel->send_later(self, link.institution, draw_delay(self, behavior.flow_time), auth_atom::value,
                         link.relink_id, link.account_id, caf::actor{self});
    });
}

} // namespace

caf::behavior customer_actor(customer_actor_ptr self, engine::kernel* kernel,
                             customer_config config) {
  kernel->guard(self, "customer " + config.id);
  self->state.kernel = kernel;
  self->state.random = kernel->stream(config.id);
  self->state.config = std::move(config);
  return {
    [=](deliver_atom, const relink_link& link) {
      const auto& behavior = self->state.config.behavior;
      if (!draw_chance(self, behavior.opens))
        return;
      self->state.kernel->send_later(self, self, draw_delay(self, behavior.open_after), open_atom::value, link);
    },
    [=](open_atom, const relink_link& link) { follow_link(self, link); },
    [=](set_email_atom, const std::string& address) {
      auto& s = self->state;
      s.config.email = address;
      s.kernel->events().record(s.kernel->now(), events::holder_email_updated, s.config.id,
                                {{"email", address}});
      if (s.config.coordinator)
        self->send(s.config.coordinator, contact_atom::value, s.config.index,
                   holder_contact{s.config.id, s.config.kind, s.config.email});
    },
    [=](set_behavior_atom, const customer_behavior& behavior) {
      self->state.config.behavior = behavior;
    },
    [=](click_again_atom, const relink_link& link) {
      record(self, events::email_link_clicked, link, {{"click", "2"}});
      // The page answers (the coordinator records a refusal); nothing more to do.
      self->request(link.coordinator, caf::infinite, open_link_atom::value, link.relink_id)
        .then([](link_state) {});
    },
    [=](auth_done_atom, const std::string& relink_id, bool succeeded) {
      auto i = self->state.flows.find(relink_id);
      if (i == self->state.flows.end())
        return;
      auto outcome = flow_outcome::failed;
      if (succeeded)
        outcome = draw_chance(self, self->state.config.behavior.picks_other_account)
                    ? flow_outcome::no_account
                    : flow_outcome::succeeded;
      const relink_link link = i->second;
      self->state.flows.erase(i);
      end_flow(self, link, outcome);
    },
  };
}

} // namespace actors
