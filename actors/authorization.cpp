#include "actors/authorization.hpp"

#include "actors/deactivation_notice.hpp"
#include "domain/events.hpp"
#include "engine/check.hpp"
#include "engine/kernel.hpp"

#include <string>

namespace actors {
namespace {

using row_index = std::uint32_t;

// Rows are known by the index the world gave them (to institutions, accounts and
// the timeline): one out of range is a programmer error, never a message to drop.
authorization_row& row_of(authorizations_actor_ptr self, row_index index) {
  auto& rows = self->state.rows;
  ENGINE_CHECK(index < rows.size(), "no authorization row " + std::to_string(index) +
                                        " of " + std::to_string(rows.size()));
  return rows[index];
}

void record(authorizations_actor_ptr self, const authorization_row& row,
            std::string_view type, std::initializer_list<engine::field_view> fields) {
  auto& s = self->state;
  s.kernel->events().record(s.kernel->now(), type, row.id,
                            {fields.begin(), fields.size()}, true);
}

// Sends `atom, index, args…` to each account of the row (the accounts' actor
// checks the indexes, which come from the same table as the rows).
template <class Atom, class... Ts>
void tell_accounts(authorizations_actor_ptr self, const authorization_row& row, Atom atom,
                   const Ts&... args) {
  for (const auto index : row.accounts)
    self->send(self->state.accounts, atom, index, args...);
}

// Whether the row was up and `event` (deactivate, revoke or due) took it down. A
// row already down refuses all but a revocation, which ends the TANs and becomes
// the cause (the bank will not restore revoked credentials), taking nothing down.
bool go_down(authorizations_actor_ptr self, authorization_row& row,
             authorization_event event) {
  const auto next = next_authorization_state(row.state, event);
  if (!next)
    return false;
  const bool revoked = event.kind == authorization_event_kind::revoke;
  const auto cause = revoked ? inactive_cause::access_denied : event.cause;
  const bool was_up = is_up(row.state);
  row.state = *next;
  row.cause = cause;
  record(self, row, events::authorization_deactivated,
         {{"status", "inactive", true}, {"cause", to_string(cause), true}});
  tell_accounts(self, row, auth_down_atom::value, cause, revoked);
  return was_up;
}

// Whether the row was down and `kind` (relink, or the bank's recover) brought it
// back.
bool come_back(authorizations_actor_ptr self, authorization_row& row,
               authorization_event_kind kind) {
  const auto next = next_authorization_state(row.state, {kind});
  if (!next)
    return false;
  row.state = *next;
  const auto by = kind == authorization_event_kind::relink ? reactivated_by::relink
                                                           : reactivated_by::bank;
  record(self, row, events::authorization_reactivated,
         {{"status", "active", true}, {"by", to_string(by), true}});
  tell_accounts(self, row, auth_up_atom::value, by);
  return true;
}

void record_schedule(authorizations_actor_ptr self, const authorization_row& row,
                     std::string_view type,
                     const engine::duration* previous_date = nullptr) {
  const engine::field_view fields[3] = {
      {"expected_deactivation_date", row.scheduled_date},
      {"cause", to_string(row.scheduled_cause), true},
      {"previous_date", previous_date ? *previous_date : engine::duration{0}}};
  auto& s = self->state;
  s.kernel->events().record(s.kernel->now(), type, row.id,
                            {fields, previous_date ? 3u : 2u}, true);
}

void schedule(authorizations_actor_ptr self, row_index index, authorization_row& row,
              engine::duration date, inactive_cause cause) {
  const auto next =
      next_authorization_state(row.state, {authorization_event_kind::schedule});
  if (!next)
    return;
  const auto now = self->state.kernel->now();
  const bool rescheduled = row.state == authorization_state::scheduled;
  const engine::duration previous_date = row.scheduled_date;
  row.state = *next;
  const auto plan = plan_deactivation_notice(
      rescheduled ? std::optional<bool>(row.notice_sent) : std::nullopt, date, now);
  row.scheduled_date = now + plan.due_in;
  row.scheduled_cause = cause;
  row.notice_sent = plan.notice_sent;
  const auto generation = ++row.schedule_generation;
  if (plan.send_date_update)
    record_schedule(self, row, events::authorization_expected_deactivation_date_updated,
                    &previous_date);
  if (plan.send_notice_now)
    record_schedule(self, row, events::authorization_upcoming_deactivation);
  if (plan.notice_in)
    self->state.kernel->send_later(self, self, *plan.notice_in, sched_warn_atom::value,
                                   index, generation);
  self->state.kernel->send_later(self, self, plan.due_in, sched_due_atom::value, index,
                                 generation);
}

} // namespace

authorizations_actor::behavior_type
authorizations_behavior(authorizations_actor_ptr self, engine::kernel* kernel,
                        authorizations_config config) {
  kernel->guard(self, "authorizations");
  auto& s = self->state;
  s.kernel = kernel;
  ENGINE_CHECK(config.accounts.size() == config.ids.size(),
               std::to_string(config.ids.size()) + " authorizations with " +
                   std::to_string(config.accounts.size()) + " account lists");
  s.rows.resize(config.ids.size());
  for (std::size_t i = 0; i < config.ids.size(); ++i) {
    s.rows[i].id = kernel->events().keep(config.ids[i]);
    s.rows[i].accounts = std::move(config.accounts[i]);
  }
  return {
      [=](attach_atom, const accounts_actor& accounts) {
        self->state.accounts = accounts;
      },
      [=](deactivate_atom, row_index index, inactive_cause cause) {
        go_down(self, row_of(self, index), {authorization_event_kind::deactivate, cause});
      },
      [=](revoke_atom, row_index index) {
        go_down(self, row_of(self, index), {authorization_event_kind::revoke});
      },
      [=](schedule_atom, row_index index, engine::duration date, inactive_cause cause) {
        schedule(self, index, row_of(self, index), date, cause);
      },
      // A timer of a schedule since replaced or ended (another generation) is stale.
      [=](sched_warn_atom, row_index index, std::uint64_t generation) {
        auto& row = row_of(self, index);
        if (generation != row.schedule_generation)
          return;
        const auto next =
            next_authorization_state(row.state, {authorization_event_kind::notice});
        if (!next)
          return;
        row.state = *next;
        row.notice_sent = true;
        record_schedule(self, row, events::authorization_upcoming_deactivation);
      },
      [=](sched_due_atom, row_index index, std::uint64_t generation) {
        auto& row = row_of(self, index);
        if (generation == row.schedule_generation)
          go_down(self, row, {authorization_event_kind::due, row.scheduled_cause});
      },
      [=](repair_atom, row_index index) {
        come_back(self, row_of(self, index), authorization_event_kind::relink);
      },
      // An outage: only the rows it finds up go down, and only those are its to
      // count (and later to restore).
      [=](deactivate_atom, const std::vector<row_index>& indexes, inactive_cause cause) {
        std::vector<row_index> taken_down;
        for (const auto index : indexes)
          if (go_down(self, row_of(self, index),
                      {authorization_event_kind::deactivate, cause}))
            taken_down.push_back(index);
        return taken_down;
      },
      // The bank restores what it took down: only rows still `unavailable` come
      // back (a revocation meanwhile stays).
      [=](recover_atom, const std::vector<row_index>& indexes) {
        std::uint64_t recovered = 0;
        for (const auto index : indexes)
          if (come_back(self, row_of(self, index), authorization_event_kind::recover))
            ++recovered;
        return recovered;
      },
  };
}

} // namespace actors
