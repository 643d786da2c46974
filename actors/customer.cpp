#include "actors/customer.hpp"

#include "domain/events.hpp"
#include "engine/check.hpp"
#include "engine/kernel.hpp"

#include <cmath>

namespace actors {
namespace {

//  One relink email (or a url session's notification from the platform), as the
//  holder lives it:
//
//   delivered --(opens? after open_after)--> opened + link clicked
//      |                                        |
//      +-- ignores: nothing                     +-- link expired / used: stops
//                                               +-- flow started: completes?
//                                                        |   no --> abandoned
//                                                        |
//                                                        yes: authenticate at the bank
//                                                        +--> succeeded | failed
//                                            cancels: manual entry instead --> cancelled

using row_index = std::uint32_t;

// Never null: rows are known by the index the world gave them, and one out of
// range is a programmer error.
customer_row* row_of(customers_actor_ptr self, row_index row) {
  auto& rows = self->state.rows;
  ENGINE_CHECK(row < rows.size(), "no customer row " + std::to_string(row) + " of " +
                                      std::to_string(rows.size()));
  return &rows[row];
}

const customer_behavior& behavior_of(customers_actor_ptr self, const customer_row& row) {
  return self->state.behaviors[row.behavior];
}

void record(customers_actor_ptr self, const customer_row& row, std::string_view type,
            const relink_link& link, std::string_view click = {}) {
  auto& s = self->state;
  const engine::field_view fields[4] = {{"account", link.account_id},
                                        {"relink", link.relink_id},
                                        {"request", link.request_id},
                                        {"click", click, true}};
  s.kernel->events().record(s.kernel->now(), type, row.id,
                            {fields, click.empty() ? 3u : 4u}, true);
}

// A chance with a drawn probability. A constant draws once, as a plain chance does,
// so that a fixed profile spends the holder's stream exactly as before.
bool draw_chance(customer_row& row, const engine::distribution& p) {
  if (p.form == engine::distribution::shape::constant)
    return row.random.chance(p.a);
  return row.random.chance(p.sample(row.random));
}

holder_ref ref(customers_actor_ptr self, row_index row) {
  return {caf::actor_cast<customers_actor>(self), row};
}

// The link of the flow of `relink`, or an empty one when no flow waits (the
// step that follows refuses it).
relink_link link_of(customers_actor_ptr self, relink_number relink) {
  const auto& flows = self->state.flows;
  const auto i = flows.find(relink);
  return i == flows.end() ? relink_link{} : i->second.link;
}

// Moves the flow of `relink` by `event`; false when the flow refuses it. A
// flow not in the table has ended; one that ends leaves it.
bool step(customers_actor_ptr self, relink_number relink, holder_flow_event event) {
  auto& flows = self->state.flows;
  const auto i = flows.find(relink);
  const auto state = i == flows.end() ? holder_flow_state::ended : i->second.state;
  const auto next = next_holder_flow_state(state, event);
  if (!next)
    return false;
  if (*next == holder_flow_state::ended)
    flows.erase(i); // found: an ended flow refuses every event
  else
    i->second.state = *next;
  return true;
}

// A step the flow's own course makes: refusing it is a programmer error.
void must_step(customers_actor_ptr self, relink_number relink, holder_flow_event event) {
  const bool moved = step(self, relink, event);
  ENGINE_CHECK(moved, "the flow of " + relink_id_of(relink) + " refused " +
                          std::string(to_string(event)));
}

// Tells the hosted page how the flow ended; some holders then click the link
// once more (the "clicked twice" fault).
void end_flow(customers_actor_ptr self, row_index index, customer_row& row,
              const relink_link& link, flow_outcome outcome) {
  self->send(link.coordinator, flow_done_atom::value, link.relink, outcome);
  if (draw_chance(row, behavior_of(self, row).clicks_twice))
    self->state.kernel->send_later(self, self, second_click_delay,
                                   click_again_atom::value, index, link);
}

// What the holder opens and clicks: Stripe's email, or for a url session the
// platform's own notification (no email exists).
std::string_view opened_event(const relink_link& link) {
  return link.delivery == delivery_method::url ? events::session_notification_opened
                                               : events::email_opened;
}
std::string_view clicked_event(const relink_link& link) {
  return link.delivery == delivery_method::url ? events::session_link_clicked
                                               : events::email_link_clicked;
}

void follow_link(customers_actor_ptr self, row_index index, customer_row& row,
                 const relink_link& link) {
  record(self, row, opened_event(link), link);
  record(self, row, clicked_event(link), link);
  const auto clicked = next_holder_flow_state(holder_flow_state::delivered,
                                              holder_flow_event::link_clicked);
  self->state.flows.emplace(link.relink, holder_flow{link, *clicked});
  self->send(link.coordinator, open_link_atom::value, link.relink, ref(self, index));
}

// The hosted page let the holder in: the holder cancels, abandons, or goes on
// to re-authenticate.
void on_page(customers_actor_ptr self, row_index index, customer_row& row,
             const relink_link& link) {
  const auto& behavior = behavior_of(self, row);
  if (draw_chance(row, behavior.cancels)) {
    must_step(self, link.relink, holder_flow_event::cancelled);
    end_flow(self, index, row, link, flow_outcome::cancelled);
    return;
  }
  if (!draw_chance(row, behavior.completes)) {
    must_step(self, link.relink, holder_flow_event::abandoned);
    end_flow(self, index, row, link, flow_outcome::abandoned);
    return;
  }
  must_step(self, link.relink, holder_flow_event::authenticate);
  self->state.kernel->send_later(
      self, link.institution, engine::sample_delay(behavior.flow_time, row.random),
      auth_atom::value, link, ref(self, index));
}

} // namespace

customers_actor::behavior_type
customers_behavior(customers_actor_ptr self, engine::kernel* kernel,
                   std::vector<customer_config> holders,
                   std::vector<customer_behavior> behaviors,
                   coordinator_actor coordinator) {
  kernel->guard(self, "customers");
  auto& s = self->state;
  s.kernel = kernel;
  s.coordinator = std::move(coordinator);
  s.behaviors = std::move(behaviors);
  if (s.behaviors.empty())
    s.behaviors.emplace_back(); // the documented default
  s.rows.reserve(holders.size());
  for (auto& h : holders) {
    customer_row row;
    row.id = kernel->events().keep(h.id);
    row.kind = h.kind;
    row.email = std::move(h.email);
    ENGINE_CHECK(h.behavior < s.behaviors.size(),
                 "holder " + h.id + " has profile " + std::to_string(h.behavior));
    row.behavior = h.behavior;
    row.random = kernel->stream(h.id);
    s.rows.push_back(std::move(row));
  }
  return {
      [=](deliver_atom, row_index index, const relink_link& link) {
        auto* row = row_of(self, index);
        if (!draw_chance(*row, behavior_of(self, *row).opens))
          return;
        self->state.kernel->send_later(
            self, self,
            engine::sample_delay(behavior_of(self, *row).open_after, row->random),
            open_atom::value, index, link);
      },
      [=](open_atom, row_index index, const relink_link& link) {
        follow_link(self, index, *row_of(self, index), link);
      },
      [=](link_reply_atom, row_index index, relink_number relink, link_state state) {
        auto* row = row_of(self, index);
        const relink_link link = link_of(self, relink); // before a step ends the flow
        const bool valid = state == link_state::valid;
        // A second click's answer finds no flow waiting: the page recorded it.
        if (!step(self, relink,
                  valid ? holder_flow_event::link_valid
                        : holder_flow_event::link_refused))
          return;
        if (valid)
          on_page(self, index, *row, link);
      },
      [=](set_email_atom, row_index index, const std::string& address) {
        auto* row = row_of(self, index);
        auto& st = self->state;
        row->email = address;
        st.kernel->events().record(st.kernel->now(), events::holder_email_updated,
                                   row->id, {{"email", address}}, true);
        if (st.coordinator)
          self->send(st.coordinator, contact_atom::value, index,
                     holder_contact{std::string(row->id), row->kind, row->email});
      },
      [=](set_behavior_atom, row_index index, std::uint32_t profile) {
        auto* row = row_of(self, index);
        ENGINE_CHECK(profile < self->state.behaviors.size(),
                     "no profile " + std::to_string(profile));
        row->behavior = profile;
      },
      [=](click_again_atom, row_index index, const relink_link& link) {
        auto* row = row_of(self, index);
        record(self, *row, clicked_event(link), link, "2");
        // The page answers (the coordinator records a refusal); nothing more to do.
        self->send(link.coordinator, open_link_atom::value, link.relink, ref(self, index));
      },
      [=](auth_done_atom, row_index index, relink_number relink, bool succeeded) {
        auto* row = row_of(self, index);
        const relink_link link = link_of(self, relink); // before the step ends it
        // One answer per authentication, and only a flow that is waiting asks.
        const bool waiting = step(self, relink, holder_flow_event::auth_answered);
        ENGINE_CHECK(waiting, "no flow of " + relink_id_of(relink) + " is authenticating");
        auto outcome = flow_outcome::failed;
        if (succeeded)
          outcome = draw_chance(*row, behavior_of(self, *row).picks_other_account)
                        ? flow_outcome::no_account
                        : flow_outcome::succeeded;
        end_flow(self, index, *row, link, outcome);
      },
  };
}

} // namespace actors
