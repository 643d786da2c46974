#include "actors/account.hpp"

#include "actors/events.hpp"
#include "engine/kernel.hpp"

namespace actors {
namespace {

//  State diagram (DOMAIN.md §4):
//
//            revoke / close                repair
//   active ------------------> inactive ----------> active
//     |                           |
//     +-------- disconnect -------+--------> disconnected (terminal)

caf::behavior active(account_actor_ptr self);
caf::behavior inactive(account_actor_ptr self);
caf::behavior disconnected(account_actor_ptr self);

void record(account_actor_ptr self, std::string_view type,
            std::vector<engine::trace_field> fields = {}) {
  auto& s = self->state;
  s.kernel->events().record(s.kernel->now(), type, s.config.id, std::move(fields));
}

account_snapshot snapshot(account_actor_ptr self) {
  const auto& s = self->state;
  return {s.config.id, s.status, s.action, s.cause, s.config.tan_expected_expiry,
          s.config.holder_id, s.config.holder};
}

void deactivate(account_actor_ptr self, inactive_cause cause, inactive_action action) {
  auto& s = self->state;
  s.status = account_status::inactive;
  s.cause = cause;
  s.action = action;
  record(self, events::account_deactivated,
         {{"status", "inactive"},
          {"cause", std::string(to_string(cause))},
          {"action", std::string(to_string(action))}});
  self->become(inactive(self));
}

// A successful relink issues a new TAN with a new expiry; the old number is
// replaced and never transacts again.
void renew_tan(account_actor_ptr self) {
  auto& c = self->state.config;
  if (!c.tan_expected_expiry)
    return;
  c.tan_expected_expiry = self->state.kernel->now() + c.tan_lifetime;
  record(self, events::account_numbers_updated,
         {{"tan_expected_expiry", engine::format_duration(*c.tan_expected_expiry)}});
}

void disconnect(account_actor_ptr self) {
  self->state.status = account_status::disconnected;
  record(self, events::account_disconnected, {{"status", "disconnected"}});
  self->become(disconnected(self));
}

caf::behavior active(account_actor_ptr self) {
  return {
    [=](revoke_atom) {
      deactivate(self, inactive_cause::access_denied, inactive_action::relink_required);
    },
    [=](close_atom) {
      deactivate(self, inactive_cause::account_closed, inactive_action::none);
    },
    [=](disconnect_atom) { disconnect(self); },
    // A relink of an active account (an expiring TAN) leaves its status alone.
    [=](repair_atom) { renew_tan(self); },
    [=](snapshot_atom) { return snapshot(self); },
  };
}

caf::behavior inactive(account_actor_ptr self) {
  return {
    // Already inactive: a second revocation changes nothing the platform sees.
    [=](revoke_atom) {},
    // A closure overrides a repairable cause: nothing can bring the account back.
    [=](close_atom) {
      if (self->state.cause != inactive_cause::account_closed)
        deactivate(self, inactive_cause::account_closed, inactive_action::none);
    },
    [=](disconnect_atom) { disconnect(self); },
    [=](repair_atom) {
      auto& s = self->state;
      if (s.action == inactive_action::none)
        return; // not repairable: the coordinator never accepts it, but stay safe
      s.status = account_status::active;
      s.cause = inactive_cause::unspecified;
      s.action = inactive_action::relink_required;
      record(self, events::account_reactivated, {{"status", "active"}});
      renew_tan(self);
      self->become(active(self));
    },
    [=](snapshot_atom) { return snapshot(self); },
  };
}

caf::behavior disconnected(account_actor_ptr self) {
  // Terminal: nothing changes it; it still answers what it is.
  return {
    [=](revoke_atom) {},
    [=](close_atom) {},
    [=](disconnect_atom) {},
    [=](repair_atom) {},
    [=](snapshot_atom) { return snapshot(self); },
  };
}

} // namespace

caf::behavior account_actor(account_actor_ptr self, engine::kernel* kernel,
                            account_config config) {
  self->state.kernel = kernel;
  self->state.config = std::move(config);
  const auto& c = self->state.config;
  std::vector<engine::trace_field> fields{{"status", "active"},
                                          {"institution", c.institution_id}};
  if (!c.holder_id.empty())
    fields.push_back({"holder", c.holder_id});
  if (c.tan_expected_expiry)
    fields.push_back({"tan_expected_expiry", engine::format_duration(*c.tan_expected_expiry)});
  record(self, events::account_created, std::move(fields));
  return active(self);
}

} // namespace actors
