#include "actors/authorization.hpp"

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
  if (s.status == account_status::inactive)
    return; // already down: the accounts keep the cause they were given
  s.status = account_status::inactive;
  s.cause = cause;
  record(self, events::authorization_deactivated,
         {{"status", "inactive"}, {"cause", std::string(to_string(cause))}});
  for (const auto& account : s.accounts)
    self->send(account, auth_down_atom::value, cause, revoked);
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
    [=](repair_atom) {
      auto& s = self->state;
      if (s.status == account_status::active)
        return;
      s.status = account_status::active;
      record(self, events::authorization_reactivated, {{"status", "active"}});
      for (const auto& account : s.accounts)
        self->send(account, auth_up_atom::value);
    },
  };
}

} // namespace actors
