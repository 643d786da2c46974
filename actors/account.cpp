#include "actors/account.hpp"

#include "domain/events.hpp"
#include "engine/kernel.hpp"

namespace actors {
namespace {

//  State diagram (DOMAIN.md §4):
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

account_actor::behavior_type active(account_actor_ptr self);
account_actor::behavior_type inactive(account_actor_ptr self);
account_actor::behavior_type disconnected(account_actor_ptr self);

engine::duration now(account_actor_ptr self) {
  return self->state.kernel->now();
}

debit_answer debit_check(account_actor_ptr self);

account_facts facts(account_actor_ptr self) {
  const auto& s = self->state;
  std::optional<engine::duration> tan_expiry;
  if (s.tan)
    tan_expiry = s.tan->expected_expiry;
  return {s.status, s.action, s.cause, tan_expiry};
}

// Every change of an account is recorded, so this is where the payments processor
// and the coordinator hear of what changed for them.
void tell_changes(account_actor_ptr self) {
  auto& s = self->state;
  if (s.config.payments) {
    const auto answer = debit_check(self);
    if (answer != s.told_payments) {
      s.told_payments = answer;
      self->send(s.config.payments, can_debit_atom::value, s.config.index, answer);
    }
  }
  if (s.config.coordinator) {
    const auto now_facts = facts(self);
    if (now_facts != s.told_coordinator) {
      s.told_coordinator = now_facts;
      self->send(s.config.coordinator, account_facts_atom::value, s.config.index,
                 now_facts);
    }
  }
}

// The account's id as the trace holds it (from its account.created event on), so
// that its later events point at it instead of copying it.
std::string_view entity(account_actor_ptr self) {
  const auto& s = self->state;
  return s.trace_id.empty() ? std::string_view(s.config.id) : s.trace_id;
}

void recorded(account_actor_ptr self, const engine::trace_event& e) {
  if (self->state.trace_id.empty())
    self->state.trace_id = e.entity;
  tell_changes(self);
}

void record(account_actor_ptr self, std::string_view type,
            const std::vector<engine::trace_field>& fields) {
  auto& s = self->state;
  recorded(self, s.kernel->events().record(now(self), type, entity(self), fields,
                                           !s.trace_id.empty()));
}

// Fields as views, copied by the trace (string literals and domain names are not).
void record(account_actor_ptr self, std::string_view type,
            std::initializer_list<engine::field_view> fields = {}) {
  auto& s = self->state;
  recorded(self, s.kernel->events().record(now(self), type, entity(self),
                                           {fields.begin(), fields.size()},
                                           !s.trace_id.empty()));
}

// -- the TAN ------------------------------------------------------------------

void record_tan(account_actor_ptr self) {
  const auto& t = *self->state.tan;
  record(self, events::account_numbers_updated,
         {{"tan", "tan_" + std::to_string(t.generation)},
          {"tan_status", to_string(t.status), true},
          {"tan_expected_expiry", t.expected_expiry}});
}

// Arms the expiry and its notice for the current TAN.
void arm_tan_timers(account_actor_ptr self) {
  const auto& t = *self->state.tan;
  const auto t_now = now(self);
  if (t.expected_expiry > t_now)
    self->state.kernel->send_later(self, self, t.expected_expiry - t_now,
                                   tan_due_atom::value, t.generation);
  // The notice 30 days ahead; at once (after what is happening now) when the
  // expiry is already nearer, as for scheduled deactivations.
  const auto notice_at = t.expected_expiry - tan_expiry_notice;
  if (notice_at >= t_now)
    self->state.kernel->send_later(self, self, notice_at - t_now, tan_warn_atom::value,
                                   t.generation);
  else if (t.expected_expiry > t_now)
    self->send(self, tan_warn_atom::value, t.generation);
}

void end_tan(account_actor_ptr self, tan_status status) {
  auto& t = self->state.tan;
  if (!t || (t->status != tan_status::transactable && t->status != tan_status::pending))
    return;
  t->status = status;
  if (status == tan_status::expired)
    t->expected_expiry = std::min(t->expected_expiry, now(self));
  record_tan(self);
}

// A successful relink issues a new TAN with a new expiry; the old number is
// replaced and never transacts again.
void renew_tan(account_actor_ptr self) {
  auto& s = self->state;
  if (!s.tan)
    return;
  const bool pending = s.config.tan_activation > engine::duration{0};
  s.tan = tan_record{s.tan->generation + 1,
                     pending ? tan_status::pending : tan_status::transactable,
                     now(self) + s.config.tan_lifetime};
  record_tan(self);
  arm_tan_timers(self);
  if (pending)
    self->state.kernel->send_later(self, self, s.config.tan_activation,
                                   tan_active_atom::value, s.tan->generation);
}

// -- status -------------------------------------------------------------------

// The platform hears of the events its automation reacts to, as it would from
// a webhook.
void tell_platform(account_actor_ptr self, std::string_view type) {
  const auto& c = self->state.config;
  const auto& p = c.auto_relink;
  const bool wanted =
      (type == events::account_deactivated && p.on_deactivated) ||
      (type == events::upcoming_account_number_expiry &&
       p.on_upcoming_account_number_expiry) ||
      (type == events::upcoming_deactivation && p.on_upcoming_deactivation);
  if (wanted && c.platform)
    self->send(c.platform, webhook_atom::value, std::string(c.id));
}

// Brings status, cause and action in line with the two causes of inactivity and
// records the change the platform would see. Returns whether it went inactive.
void settle_status(account_actor_ptr self) {
  auto& s = self->state;
  const auto cause = s.own_cause ? s.own_cause : s.authorization_cause;
  if (!cause)
    return; // becoming active again is reactivate's job
  const auto action = *cause == inactive_cause::account_closed
                          ? inactive_action::none
                          : inactive_action::relink_required;
  const bool was_active = s.status == account_status::active;
  if (!was_active && s.cause == *cause && s.action == action)
    return; // the platform sees nothing new
  s.status = account_status::inactive;
  s.cause = *cause;
  s.action = action;
  s.schedule.reset(); // whatever was announced has happened
  record(self, events::account_deactivated,
         {{"status", "inactive", true},
          {"cause", to_string(*cause), true},
          {"action", to_string(action), true}});
  if (was_active) {
    self->become(inactive(self));
    tell_platform(self, events::account_deactivated);
  }
}

// Something happened to this account itself. A closure is final and overrides;
// otherwise the first cause of its own stays the one it has.
void deactivate(account_actor_ptr self, inactive_cause cause) {
  auto& own = self->state.own_cause;
  if (own &&
      (*own == inactive_cause::account_closed || cause != inactive_cause::account_closed))
    return;
  own = cause;
  settle_status(self);
}

// `by` a relink issues a new TAN; the bank's restoring keeps the numbers.
void reactivate(account_actor_ptr self, reactivated_by by) {
  auto& s = self->state;
  s.status = account_status::active;
  s.cause = inactive_cause::unspecified;
  s.action = inactive_action::relink_required;
  s.own_cause.reset();
  s.authorization_cause.reset();
  record(self, events::account_reactivated, {{"status", "active", true}, {"by", to_string(by), true}});
  if (by == reactivated_by::relink)
    renew_tan(self);
  self->become(active(self));
}

void authorization_down(account_actor_ptr self, inactive_cause cause, bool revoked) {
  if (revoked)
    end_tan(self, tan_status::deactivated);
  self->state.authorization_cause = cause;
  settle_status(self);
}

void authorization_up(account_actor_ptr self, reactivated_by by) {
  auto& s = self->state;
  s.authorization_cause.reset();
  if (s.status == account_status::inactive && !s.own_cause)
    reactivate(self, by);
}

void disconnect(account_actor_ptr self) {
  self->state.status = account_status::disconnected;
  self->state.schedule.reset();
  record(self, events::account_disconnected, {{"status", "disconnected", true}});
  self->become(disconnected(self));
}

// -- scheduled deactivation ---------------------------------------------------

std::vector<engine::trace_field> schedule_fields(const scheduled_deactivation& d) {
  return {{"expected_deactivation_date", d.date},
          {"cause", std::string(to_string(d.cause))}};
}

// Announces a deactivation, or moves the date of one already announced (see
// deactivation_notice.hpp).
void schedule(account_actor_ptr self, engine::duration date, inactive_cause cause) {
  auto& s = self->state;
  const auto t_now = now(self);
  const auto previous = s.schedule;
  const auto plan = plan_deactivation_notice(
      previous ? std::optional<bool>(previous->notice_sent) : std::nullopt, date, t_now);
  s.schedule = scheduled_deactivation{++s.schedules_made, t_now + plan.due_in, cause,
                                      plan.notice_sent};
  const auto& d = *s.schedule;
  if (plan.send_date_update) {
    auto fields = schedule_fields(d);
    fields.push_back({"previous_date", previous->date});
    record(self, events::expected_deactivation_date_updated, std::move(fields));
  }
  if (plan.send_notice_now) {
    record(self, events::upcoming_deactivation, schedule_fields(d));
    tell_platform(self, events::upcoming_deactivation);
  }
  if (plan.notice_in)
    self->state.kernel->send_later(self, self, *plan.notice_in, sched_warn_atom::value,
                                   d.generation);
  self->state.kernel->send_later(self, self, plan.due_in, sched_due_atom::value,
                                 d.generation);
}

bool is_current_schedule(account_actor_ptr self, std::uint64_t generation) {
  const auto& s = self->state.schedule;
  return s && s->generation == generation;
}

// What its number can do for a debit, as the rules say (debit_check.hpp).
debit_answer debit_check(account_actor_ptr self) {
  const auto& s = self->state;
  number_facts number{s.status, s.cause, std::nullopt};
  if (s.tan)
    number.tan = number_facts::tan_facts{static_cast<std::uint32_t>(s.tan->generation),
                                         s.tan->status};
  return s.config.rules->debit(number);
}

// What a successful relink does, as the rules say (repair.hpp).
void repair(account_actor_ptr self) {
  auto& s = self->state;
  const bool authorization_down =
      s.authorization_cause.has_value() && static_cast<bool>(s.config.authorizations);
  switch (s.config.rules->repair({s.status, s.own_cause, authorization_down})) {
  case repair_effect::none:
    return;
  case repair_effect::renew_tan:
    // The access the TAN rests on is renewed too: an announced deactivation is off.
    if (s.schedule) {
      s.schedule.reset();
      record(self, events::scheduled_deactivation_cancelled, {{"by", "relink"}});
    }
    renew_tan(self);
    return;
  case repair_effect::through_authorization:
    // Its own trouble is repaired; the authorization answers with auth_up for
    // all its accounts.
    s.own_cause.reset();
    self->send(s.config.authorizations, repair_atom::value, s.config.authorization_row);
    return;
  case repair_effect::reactivate:
    reactivate(self, reactivated_by::relink);
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

void record_refresh(account_actor_ptr self, refresh_kind kind, bool succeeded,
                    const char* reason) {
  std::vector<engine::trace_field> fields{{"refresh", std::string(to_string(kind))},
                                          {"status", succeeded ? "succeeded" : "failed"}};
  if (!succeeded)
    fields.push_back({"reason", reason});
  record(self, refresh_event(kind), std::move(fields));
}

void refresh(account_actor_ptr self, refresh_kind kind) {
  const auto& s = self->state;
  if (s.status != account_status::active || !s.config.institution) {
    record_refresh(self, kind, false, "no_access");
    return;
  }
  self->request(s.config.institution, caf::infinite, refresh_atom::value)
      .then([=](bool available) {
        record_refresh(self, kind, available, "institution_outage");
      });
}

// Handlers several states share. A typed behavior names every message of the
// interface, so each state lists them all: these are the ones that read alike.

// A disconnected account is gone for the platform: its number's timers and
// changes record nothing more.
auto on_tan_due(account_actor_ptr self) {
  return [=](tan_due_atom, std::uint64_t generation) {
    if (self->state.tan && self->state.tan->generation == generation &&
        self->state.status != account_status::disconnected)
      end_tan(self, tan_status::expired);
  };
}

auto on_tan_active(account_actor_ptr self) {
  return [=](tan_active_atom, std::uint64_t generation) {
    auto& t = self->state.tan;
    if (!t || t->generation != generation || t->status != tan_status::pending ||
        self->state.status == account_status::disconnected)
      return;
    t->status = tan_status::transactable;
    record_tan(self);
  };
}

auto on_tan_warn(account_actor_ptr self) {
  return [=](tan_warn_atom, std::uint64_t generation) {
    const auto& t = self->state.tan;
    if (t && t->generation == generation && t->status == tan_status::transactable &&
        self->state.status != account_status::disconnected) {
      record(self, events::upcoming_account_number_expiry,
             {{"tan", "tan_" + std::to_string(generation)},
              {"tan_expected_expiry", t->expected_expiry}});
      tell_platform(self, events::upcoming_account_number_expiry);
    }
  };
}

auto on_expire_tan(account_actor_ptr self) {
  return [=](expire_tan_atom) {
    if (self->state.status != account_status::disconnected)
      end_tan(self, tan_status::expired);
  };
}

auto on_refresh(account_actor_ptr self) {
  return [=](refresh_atom, refresh_kind kind) { refresh(self, kind); };
}

// Active or inactive alike (a disconnected account ignores these).
auto on_revoke(account_actor_ptr self) {
  return [=](revoke_atom) {
    end_tan(self, tan_status::deactivated);
    deactivate(self, inactive_cause::access_denied);
  };
}

auto on_deactivate(account_actor_ptr self) {
  return [=](deactivate_atom, inactive_cause cause) { deactivate(self, cause); };
}

auto on_auth_down(account_actor_ptr self) {
  return [=](auth_down_atom, inactive_cause cause, bool revoked) {
    authorization_down(self, cause, revoked);
  };
}

auto on_repair(account_actor_ptr self) {
  return [=](repair_atom) { repair(self); };
}

auto on_disconnect(account_actor_ptr self) {
  return [=](disconnect_atom) { disconnect(self); };
}

account_actor::behavior_type active(account_actor_ptr self) {
  return {
      on_tan_due(self),
      on_tan_active(self),
      on_tan_warn(self),
      on_expire_tan(self),
      on_refresh(self),
      on_revoke(self),
      on_deactivate(self),
      on_auth_down(self),
      on_disconnect(self),
      [=](auth_up_atom, reactivated_by) {},
      [=](schedule_atom, engine::duration date, inactive_cause cause) {
        schedule(self, date, cause);
      },
      [=](sched_warn_atom, std::uint64_t generation) {
        if (!is_current_schedule(self, generation))
          return;
        auto& d = *self->state.schedule;
        d.notice_sent = true;
        record(self, events::upcoming_deactivation, schedule_fields(d));
        tell_platform(self, events::upcoming_deactivation);
      },
      [=](sched_due_atom, std::uint64_t generation) {
        if (is_current_schedule(self, generation))
          deactivate(self, self->state.schedule->cause);
      },
      // A relink of an active account (an expiring TAN) renews the TAN.
      on_repair(self),
  };
}

account_actor::behavior_type inactive(account_actor_ptr self) {
  return {
      on_tan_due(self),
      on_tan_active(self),
      on_tan_warn(self),
      on_expire_tan(self),
      on_refresh(self),
      on_revoke(self),
      on_deactivate(self),
      on_auth_down(self),
      on_disconnect(self),
      [=](auth_up_atom, reactivated_by by) { authorization_up(self, by); },
      [=](schedule_atom, engine::duration, inactive_cause) {},
      [=](sched_warn_atom, std::uint64_t) {},
      [=](sched_due_atom, std::uint64_t) {},
      // A relink repairs the account's own trouble and, when its credentials
      // are down too, the authorization.
      on_repair(self),
  };
}

account_actor::behavior_type disconnected(account_actor_ptr self) {
  // Terminal: nothing changes it; its timers and refreshes still find it.
  return {
      on_tan_due(self),
      on_tan_active(self),
      on_tan_warn(self),
      on_expire_tan(self),
      on_refresh(self),
      [=](revoke_atom) {},
      [=](deactivate_atom, inactive_cause) {},
      [=](auth_down_atom, inactive_cause, bool) {},
      [=](disconnect_atom) {},
      [=](auth_up_atom, reactivated_by) {},
      [=](schedule_atom, engine::duration, inactive_cause) {},
      [=](sched_warn_atom, std::uint64_t) {},
      [=](sched_due_atom, std::uint64_t) {},
      on_repair(self), // the rules leave a disconnected account as it is
  };
}

} // namespace

account_actor::behavior_type
account_behavior(account_actor_ptr self, engine::kernel* kernel, account_config config) {
  kernel->guard(self, "account " + std::string(config.id));
  self->state.kernel = kernel;
  self->state.config = std::move(config);
  const auto& c = self->state.config;
  self->state.trace_id = c.trace_id;
  self->state.told_coordinator.tan_expected_expiry = c.tan_expected_expiry;
  std::vector<engine::trace_field> fields{{"status", "active"},
                                          {"institution", std::string(c.institution_id)}};
  if (!c.holder_id.empty())
    fields.push_back({"holder", std::string(c.holder_id)});
  fields.push_back({"authorization", std::string(c.authorization_id)});
  if (c.tan_expected_expiry) {
    self->state.tan = tan_record{1, tan_status::transactable, *c.tan_expected_expiry};
    fields.push_back({"tan", "tan_1"});
    fields.push_back({"tan_status", "transactable"});
    fields.push_back(
        {"tan_expected_expiry", *c.tan_expected_expiry});
  }
  record(self, events::account_created, std::move(fields));
  if (self->state.tan) {
    if (self->state.tan->expected_expiry <= kernel->now())
      end_tan(self, tan_status::expired); // linked with a number already past its date
    else
      arm_tan_timers(self);
  }
  return active(self);
}

} // namespace actors
