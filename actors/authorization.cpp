#include "actors/authorization.hpp"

#include "actors/deactivation_notice.hpp"
#include "actors/events.hpp"
#include "engine/kernel.hpp"

namespace actors {
namespace {

//  State diagram:
//
//            deactivate(cause) / revoke              repair
//   active ----------------------------> inactive ----------> active
//
//  Every change is passed to the accounts, which record their own events.

void record(authorization_actor_ptr self, std::string_view type,
            std::vector<engine::trace_field> fields) {
  auto& s = self->state;
  s.kernel->events().record(s.kernel->now(), type, s.id, std::move(fields));
}

void go_down(authorization_actor_ptr self, inactive_cause cause, bool revoked) {
  auto& s = self->state;
  // Already down: a revocation still ends the TANs and becomes the cause (the bank
  // will not restore revoked credentials); anything else changes nothing.
  if (s.status == account_status::inactive && (!revoked || s.cause == cause))
    return;
  s.status = account_status::inactive;
  s.cause = cause;
  s.scheduled_date.reset();
  record(self, events::authorization_deactivated,
         {{"status", "inactive"}, {"cause", std::string(to_string(cause))}});
  for (const auto& account : s.accounts)
    self->send(account, auth_down_atom::value, cause, revoked);
}

void come_back(authorization_actor_ptr self, const char* by) {
  auto& s = self->state;
  if (s.status == account_status::active)
    return;
  s.status = account_status::active;
  record(self, events::authorization_reactivated, {{"status", "active"}, {"by", by}});
  s.scheduled_date.reset();
  for (const auto& account : s.accounts)
    self->send(account, auth_up_atom::value, std::string(by));
}

std::vector<engine::trace_field> schedule_fields(authorization_actor_ptr self) {
  const auto& s = self->state;
  return {{"expected_deactivation_date", engine::format_duration(*s.scheduled_date)},
          {"cause", std::string(to_string(s.scheduled_cause))}};
}

void schedule(authorization_actor_ptr self, engine::duration date, inactive_cause cause) {
  auto& s = self->state;
  if (s.status != account_status::active)
    return;
  const auto now = s.kernel->now();
  const auto previous_date = s.scheduled_date;
  const auto plan = plan_deactivation_notice(
    previous_date ? std::optional<bool>(s.notice_sent) : std::nullopt, date, now);
  s.scheduled_date = now + plan.due_in;
  s.scheduled_cause = cause;
  s.notice_sent = plan.notice_sent;
  const auto generation = ++s.schedule_generation;
  if (plan.send_date_update) {
    auto fields = schedule_fields(self);
    fields.push_back({"previous_date", engine::format_duration(*previous_date)});
    record(self, events::authorization_expected_deactivation_date_updated, std::move(fields));
  }
  if (plan.send_notice_now)
    record(self, events::authorization_upcoming_deactivation, schedule_fields(self));
  if (plan.notice_in)
    self->delayed_send(self, *plan.notice_in, sched_warn_atom::value, generation);
  self->delayed_send(self, plan.due_in, sched_due_atom::value, generation);
}

} // namespace

caf::behavior authorization_actor(authorization_actor_ptr self, engine::kernel* kernel,
                                  std::string id) {
  kernel->guard(self, "authorization " + id);
  self->state.kernel = kernel;
  self->state.id = std::move(id);
  return {
    [=](attach_atom, const caf::actor& account) { self->state.accounts.push_back(account); },
    [=](deactivate_atom, inactive_cause cause) { go_down(self, cause, false); },
    [=](revoke_atom) { go_down(self, inactive_cause::access_denied, true); },
    [=](schedule_atom, engine::duration date, inactive_cause cause) {
      schedule(self, date, cause);
    },
    [=](sched_warn_atom, std::uint64_t generation) {
      auto& s = self->state;
      if (generation != s.schedule_generation || !s.scheduled_date ||
          s.status != account_status::active)
        return;
      s.notice_sent = true;
      record(self, events::authorization_upcoming_deactivation, schedule_fields(self));
    },
    [=](sched_due_atom, std::uint64_t generation) {
      auto& s = self->state;
      if (generation != s.schedule_generation || !s.scheduled_date)
        return;
      s.scheduled_date.reset();
      go_down(self, s.scheduled_cause, false);
    },
    [=](repair_atom) { come_back(self, "relink"); },
    [=](recover_atom) {
      if (self->state.cause == inactive_cause::account_unavailable)
        come_back(self, "bank");
    },
  };
}

} // namespace actors
