#include "actors/account.hpp"

#include "domain/events.hpp"
#include "engine/check.hpp"
#include "engine/kernel.hpp"

#include <string>

namespace actors {
namespace {

//  State diagram of a row (DOMAIN.md §4):
//
//          revoke / deactivate(cause)             repair
//   active ---------------------------> inactive ---------> active
//     |  (a scheduled deactivation                |
//     |   fires as deactivate)                    |
//     +------------- disconnect ------------------+-----> disconnected (terminal)
//
//  The TAN, beside it:  transactable --expiry--> expired
//                       transactable --revoke--> deactivated
//                       a repair issues a new transactable TAN; the old one is gone.
//
//  Each message finds its row by index; what a row does with it depends on its
//  status, as the handlers at the end say.

using row_index = std::uint32_t;
using self_ptr = accounts_actor_ptr;

// Rows are known by the index the world gave them (to the authorizations, the
// coordinator and the timeline): one out of range is a programmer error, never a
// message to drop.
account_row& row_of(self_ptr self, row_index index) {
  auto& rows = self->state.rows;
  ENGINE_CHECK(index < rows.size(), "no account row " + std::to_string(index) + " of " +
                                        std::to_string(rows.size()));
  return rows[index];
}

engine::duration now(self_ptr self) { return self->state.kernel->now(); }

const institution_terms& terms_of(self_ptr self, const account_row& a) {
  return self->state.config.institutions[a.institution];
}

debit_answer debit_check(self_ptr self, const account_row& a);
void tan_warn(self_ptr self, account_row& a, std::uint32_t generation);

account_facts facts(const account_row& a) {
  std::optional<engine::duration> tan_expiry;
  if (a.tan)
    tan_expiry = a.tan->expected_expiry;
  return {a.status, a.action, a.cause, tan_expiry};
}

// Every change of an account is recorded, so this is where the payments processor
// and the coordinator hear of what changed for them.
void tell_changes(self_ptr self, account_row& a) {
  const auto& c = self->state.config;
  if (c.payments) {
    const auto answer = debit_check(self, a);
    if (answer != a.told_payments) {
      a.told_payments = answer;
      self->send(c.payments, can_debit_atom::value, a.index, answer);
    }
  }
  if (c.coordinator) {
    const auto now_facts = facts(a);
    if (now_facts != a.told_coordinator) {
      a.told_coordinator = now_facts;
      self->send(c.coordinator, account_facts_atom::value, a.index, now_facts);
    }
  }
}

// The row's id is the trace's kept text: its events point at it. Fields are
// views, copied by the trace (string literals and domain names are not).
void record(self_ptr self, account_row& a, std::string_view type,
            std::initializer_list<engine::field_view> fields = {}) {
  self->state.kernel->events().record(now(self), type, a.id,
                                      {fields.begin(), fields.size()}, true);
  tell_changes(self, a);
}

// -- the TAN ------------------------------------------------------------------

void record_tan(self_ptr self, account_row& a) {
  const auto& t = *a.tan;
  record(self, a, events::account_numbers_updated,
         {{"tan", "tan_" + std::to_string(t.generation)},
          {"tan_status", to_string(t.status), true},
          {"tan_expected_expiry", t.expected_expiry}});
}

// Arms the expiry and its notice for the current TAN.
void arm_tan_timers(self_ptr self, account_row& a) {
  const auto& t = *a.tan;
  const auto index = a.index;
  auto& k = *self->state.kernel;
  const auto t_now = now(self);
  if (t.expected_expiry > t_now)
    k.send_later(self, self, t.expected_expiry - t_now, tan_due_atom::value, index,
                 t.generation);
  // The notice 30 days ahead; at once when the expiry is already nearer, as for
  // scheduled deactivations. Arming is the last thing its callers record, so the
  // notice follows what is happening now, before anything else happens.
  const auto notice_at = t.expected_expiry - tan_expiry_notice;
  if (notice_at >= t_now)
    k.send_later(self, self, notice_at - t_now, tan_warn_atom::value, index,
                 t.generation);
  else if (t.expected_expiry > t_now)
    tan_warn(self, a, t.generation);
}

void end_tan(self_ptr self, account_row& a, tan_status status) {
  auto& t = a.tan;
  if (!t || (t->status != tan_status::transactable && t->status != tan_status::pending))
    return;
  t->status = status;
  if (status == tan_status::expired)
    t->expected_expiry = std::min(t->expected_expiry, now(self));
  record_tan(self, a);
}

// A successful relink issues a new TAN with a new expiry; the old number is
// replaced and never transacts again.
void renew_tan(self_ptr self, account_row& a) {
  if (!a.tan)
    return;
  const auto& terms = terms_of(self, a);
  const bool pending = terms.tan_activation > engine::duration{0};
  a.tan = tan_record{a.tan->generation + 1,
                     pending ? tan_status::pending : tan_status::transactable,
                     now(self) + terms.tan_lifetime};
  record_tan(self, a);
  arm_tan_timers(self, a);
  if (pending)
    self->state.kernel->send_later(self, self, terms.tan_activation,
                                   tan_active_atom::value, a.index,
                                   a.tan->generation);
}

// -- status -------------------------------------------------------------------

// The platform hears of the events its automation reacts to, as it would from
// a webhook.
void tell_platform(self_ptr self, const account_row& a, std::string_view type) {
  const auto& c = self->state.config;
  const auto& p = c.auto_relink;
  const bool wanted =
      (type == events::account_deactivated && p.on_deactivated) ||
      (type == events::upcoming_account_number_expiry &&
       p.on_upcoming_account_number_expiry) ||
      (type == events::upcoming_deactivation && p.on_upcoming_deactivation);
  if (wanted && c.platform)
    self->send(c.platform, webhook_atom::value, std::string(a.id));
}

// Brings status, cause and action in line with the two causes of inactivity and
// records the change the platform would see.
void settle_status(self_ptr self, account_row& a) {
  const auto cause = a.own_cause ? a.own_cause : a.authorization_cause;
  if (!cause)
    return; // becoming active again is reactivate's job
  const auto action = *cause == inactive_cause::account_closed
                          ? inactive_action::none
                          : inactive_action::relink_required;
  const bool was_active = a.status == account_status::active;
  if (!was_active && a.cause == *cause && a.action == action)
    return; // the platform sees nothing new
  a.status = account_status::inactive;
  a.cause = *cause;
  a.action = action;
  a.schedule.reset(); // whatever was announced has happened
  record(self, a, events::account_deactivated,
         {{"status", "inactive", true},
          {"cause", to_string(*cause), true},
          {"action", to_string(action), true}});
  if (was_active)
    tell_platform(self, a, events::account_deactivated);
}

// Something happened to this account itself. A closure is final and overrides;
// otherwise the first cause of its own stays the one it has.
void deactivate(self_ptr self, account_row& a, inactive_cause cause) {
  auto& own = a.own_cause;
  if (own &&
      (*own == inactive_cause::account_closed || cause != inactive_cause::account_closed))
    return;
  own = cause;
  settle_status(self, a);
}

// `by` a relink issues a new TAN; the bank's restoring keeps the numbers.
void reactivate(self_ptr self, account_row& a, reactivated_by by) {
  a.status = account_status::active;
  a.cause = inactive_cause::unspecified;
  a.action = inactive_action::relink_required;
  a.own_cause.reset();
  a.authorization_cause.reset();
  record(self, a, events::account_reactivated,
         {{"status", "active", true}, {"by", to_string(by), true}});
  if (by == reactivated_by::relink)
    renew_tan(self, a);
}

void authorization_down(self_ptr self, account_row& a, inactive_cause cause,
                        bool revoked) {
  if (revoked)
    end_tan(self, a, tan_status::deactivated);
  a.authorization_cause = cause;
  settle_status(self, a);
}

void authorization_up(self_ptr self, account_row& a, reactivated_by by) {
  a.authorization_cause.reset();
  if (!a.own_cause)
    reactivate(self, a, by);
}

void disconnect(self_ptr self, account_row& a) {
  a.status = account_status::disconnected;
  a.schedule.reset();
  record(self, a, events::account_disconnected, {{"status", "disconnected", true}});
}

// -- scheduled deactivation ---------------------------------------------------

void record_schedule(self_ptr self, account_row& a, std::string_view type,
                     const engine::duration* previous_date = nullptr) {
  const auto& d = *a.schedule;
  const engine::field_view fields[3] = {
      {"expected_deactivation_date", d.date},
      {"cause", to_string(d.cause), true},
      {"previous_date", previous_date ? *previous_date : engine::duration{0}}};
  self->state.kernel->events().record(now(self), type, a.id,
                                      {fields, previous_date ? 3u : 2u}, true);
  tell_changes(self, a);
}

// Announces a deactivation, or moves the date of one already announced (see
// deactivation_notice.hpp).
void schedule(self_ptr self, account_row& a, engine::duration date,
              inactive_cause cause) {
  const auto t_now = now(self);
  const auto previous = a.schedule;
  const auto plan = plan_deactivation_notice(
      previous ? std::optional<bool>(previous->notice_sent) : std::nullopt, date, t_now);
  a.schedule = scheduled_deactivation{++a.schedules_made, t_now + plan.due_in, cause,
                                      plan.notice_sent};
  const auto generation = a.schedule->generation;
  if (plan.send_date_update)
    record_schedule(self, a, events::expected_deactivation_date_updated,
                    &previous->date);
  if (plan.send_notice_now) {
    record_schedule(self, a, events::upcoming_deactivation);
    tell_platform(self, a, events::upcoming_deactivation);
  }
  auto& k = *self->state.kernel;
  if (plan.notice_in)
    k.send_later(self, self, *plan.notice_in, sched_warn_atom::value, a.index,
                 generation);
  k.send_later(self, self, plan.due_in, sched_due_atom::value, a.index,
               generation);
}

bool is_current_schedule(const account_row& a, std::uint32_t generation) {
  return a.schedule && a.schedule->generation == generation;
}

// What its number can do for a debit, as the rules say (debit_check.hpp).
debit_answer debit_check(self_ptr self, const account_row& a) {
  number_facts number{a.status, a.cause, std::nullopt};
  if (a.tan)
    number.tan = number_facts::tan_facts{static_cast<std::uint32_t>(a.tan->generation),
                                         a.tan->status};
  return self->state.config.rules->debit(number);
}

// What a successful relink does, as the rules say (repair.hpp).
void repair(self_ptr self, account_row& a) {
  const auto& c = self->state.config;
  const bool authorization_down =
      a.authorization_cause.has_value() && static_cast<bool>(c.authorizations);
  switch (c.rules->repair({a.status, a.own_cause, authorization_down})) {
  case repair_effect::none:
    return;
  case repair_effect::renew_tan:
    // The access the TAN rests on is renewed too: an announced deactivation is off.
    if (a.schedule) {
      a.schedule.reset();
      record(self, a, events::scheduled_deactivation_cancelled, {{"by", "relink"}});
    }
    renew_tan(self, a);
    return;
  case repair_effect::through_authorization:
    // Its own trouble is repaired; the authorization answers with auth_up for
    // all its accounts.
    a.own_cause.reset();
    self->send(c.authorizations, repair_atom::value, a.authorization_row);
    return;
  case repair_effect::reactivate:
    reactivate(self, a, reactivated_by::relink);
    return;
  }
}

std::string_view refresh_event(refresh_kind kind) {
  switch (kind) {
  case refresh_kind::balance:
    return events::refreshed_balance;
  case refresh_kind::transactions:
    return events::refreshed_transactions;
  case refresh_kind::ownership:
    return events::refreshed_ownership;
  }
  return events::refreshed_balance;
}

void record_refresh(self_ptr self, account_row& a, refresh_kind kind, bool succeeded,
                    const char* reason) {
  const engine::field_view fields[3] = {
      {"refresh", to_string(kind), true},
      {"status", succeeded ? "succeeded" : "failed", true},
      {"reason", reason, true}};
  self->state.kernel->events().record(now(self), refresh_event(kind), a.id,
                                      {fields, succeeded ? 2u : 3u}, true);
  tell_changes(self, a);
}

void refresh(self_ptr self, account_row& a, refresh_kind kind) {
  const auto& institution = terms_of(self, a).actor;
  if (a.status != account_status::active || !institution) {
    record_refresh(self, a, kind, false, "no_access");
    return;
  }
  const auto index = a.index;
  self->request(institution, caf::infinite, refresh_atom::value)
      .then([=](bool available) {
        record_refresh(self, row_of(self, index), kind, available, "institution_outage");
      });
}

// -- what each message does, by status ----------------------------------------

bool is_disconnected(const account_row& a) {
  return a.status == account_status::disconnected;
}

// A disconnected account is gone for the platform: its number's timers and
// changes record nothing more.
void tan_due(self_ptr self, account_row& a, std::uint32_t generation) {
  if (a.tan && a.tan->generation == generation && !is_disconnected(a))
    end_tan(self, a, tan_status::expired);
}

void tan_active(self_ptr self, account_row& a, std::uint32_t generation) {
  auto& t = a.tan;
  if (!t || t->generation != generation || t->status != tan_status::pending ||
      is_disconnected(a))
    return;
  t->status = tan_status::transactable;
  record_tan(self, a);
}

void tan_warn(self_ptr self, account_row& a, std::uint32_t generation) {
  const auto& t = a.tan;
  if (!t || t->generation != generation || t->status != tan_status::transactable ||
      is_disconnected(a))
    return;
  record(self, a, events::upcoming_account_number_expiry,
         {{"tan", "tan_" + std::to_string(generation)},
          {"tan_expected_expiry", t->expected_expiry}});
  tell_platform(self, a, events::upcoming_account_number_expiry);
}

void sched_warn(self_ptr self, account_row& a, std::uint32_t generation) {
  if (a.status != account_status::active || !is_current_schedule(a, generation))
    return;
  a.schedule->notice_sent = true;
  record_schedule(self, a, events::upcoming_deactivation);
  tell_platform(self, a, events::upcoming_deactivation);
}

void sched_due(self_ptr self, account_row& a, std::uint32_t generation) {
  if (a.status == account_status::active && is_current_schedule(a, generation))
    deactivate(self, a, a.schedule->cause);
}

// Creates the row its config names, as linked: account.created, its TAN's timers.
void create(self_ptr self, const account_config& config) {
  auto& rows = self->state.rows;
  ENGINE_CHECK(config.index < rows.size() && rows[config.index].id.empty() &&
                   !config.id.empty(),
               "account " + std::string(config.id) + " at row " +
                   std::to_string(config.index) + " of " + std::to_string(rows.size()));
  auto& a = rows[config.index];
  const auto& c = config;
  a.id = c.id;
  a.index = c.index;
  a.authorization_row = c.authorization_row;
  a.institution = c.institution;
  a.told_coordinator.tan_expected_expiry = c.tan_expected_expiry;
  engine::field_view fields[7];
  std::size_t n = 0;
  fields[n++] = {"status", "active", true};
  fields[n++] = {"institution", c.institution_id};
  if (!c.holder_id.empty())
    fields[n++] = {"holder", c.holder_id};
  fields[n++] = {"authorization", c.authorization_id};
  if (c.tan_expected_expiry) {
    a.tan = tan_record{1, tan_status::transactable, *c.tan_expected_expiry};
    fields[n++] = {"tan", "tan_1", true};
    fields[n++] = {"tan_status", "transactable", true};
    fields[n++] = {"tan_expected_expiry", *c.tan_expected_expiry};
  }
  self->state.kernel->events().record(now(self), events::account_created, c.id,
                                      {fields, n}, true);
  tell_changes(self, a);
  if (a.tan) {
    if (a.tan->expected_expiry <= now(self))
      end_tan(self, a, tan_status::expired); // linked with a number already past its date
    else
      arm_tan_timers(self, a);
  }
}

} // namespace

accounts_actor::behavior_type accounts_behavior(accounts_actor_ptr self,
                                                engine::kernel* kernel,
                                                accounts_config config) {
  kernel->guard(self, "accounts");
  auto& s = self->state;
  s.kernel = kernel;
  auto accounts = std::move(config.accounts);
  s.config = std::move(config);
  s.rows.resize(accounts.size());
  for (auto& c : accounts) {
    ENGINE_CHECK(c.institution < s.config.institutions.size(),
                 "account " + std::string(c.id) + " has institution " +
                     std::to_string(c.institution) + " of " +
                     std::to_string(s.config.institutions.size()));
    create(self, c);
  }
  // Active and inactive rows take faults alike; a disconnected one is terminal:
  // nothing changes it, though its timers and refreshes still find it.
  const auto live = [=](row_index index) -> account_row* {
    auto& a = row_of(self, index);
    return is_disconnected(a) ? nullptr : &a;
  };
  return {
      [=](revoke_atom, row_index index) {
        if (auto* a = live(index)) {
          end_tan(self, *a, tan_status::deactivated);
          deactivate(self, *a, inactive_cause::access_denied);
        }
      },
      [=](deactivate_atom, row_index index, inactive_cause cause) {
        if (auto* a = live(index))
          deactivate(self, *a, cause);
      },
      [=](disconnect_atom, row_index index) {
        if (auto* a = live(index))
          disconnect(self, *a);
      },
      [=](auth_down_atom, row_index index, inactive_cause cause, bool revoked) {
        if (auto* a = live(index))
          authorization_down(self, *a, cause, revoked);
      },
      // Only an inactive row has anything to come back from.
      [=](auth_up_atom, row_index index, reactivated_by by) {
        auto& a = row_of(self, index);
        if (a.status == account_status::inactive)
          authorization_up(self, a, by);
      },
      // Announced deactivations concern an active row only.
      [=](schedule_atom, row_index index, engine::duration date, inactive_cause cause) {
        auto& a = row_of(self, index);
        if (a.status == account_status::active)
          schedule(self, a, date, cause);
      },
      [=](sched_warn_atom, row_index index, std::uint32_t generation) {
        sched_warn(self, row_of(self, index), generation);
      },
      [=](sched_due_atom, row_index index, std::uint32_t generation) {
        sched_due(self, row_of(self, index), generation);
      },
      // The rules decide for every status: a relink of an active account (an
      // expiring TAN) renews the TAN, of an inactive one repairs its trouble and,
      // when its credentials are down too, the authorization; a disconnected one
      // stays as it is.
      [=](repair_atom, row_index index) { repair(self, row_of(self, index)); },
      [=](expire_tan_atom, row_index index) {
        if (auto* a = live(index))
          end_tan(self, *a, tan_status::expired);
      },
      [=](refresh_atom, row_index index, refresh_kind kind) {
        refresh(self, row_of(self, index), kind);
      },
      [=](tan_due_atom, row_index index, std::uint32_t generation) {
        tan_due(self, row_of(self, index), generation);
      },
      [=](tan_active_atom, row_index index, std::uint32_t generation) {
        tan_active(self, row_of(self, index), generation);
      },
      [=](tan_warn_atom, row_index index, std::uint32_t generation) {
        tan_warn(self, row_of(self, index), generation);
      },
  };
}

} // namespace actors
