#pragma once

// A financial_connections.authorization: the one set of credentials that
// connects a holder's accounts at one institution. When it goes inactive its
// accounts go with it; a successful relink of any of them repairs it and brings
// them all back (except accounts that are inactive for reasons of their own,
// such as a closure).
//
// Interface:
//   deactivate_atom, inactive_cause   the credentials stop working (revocation,
//                                     expiry, an outage, a new MFA requirement)
//   repair_atom                       re-authenticated through a relink
//   recover_atom                      the bank restored it after an outage: only when
//                                     it is down for account_unavailable
//   revoke_atom                       the customer revoked access for all accounts
//   schedule_atom, date, cause        a deactivation of the credentials is announced:
//                                     financial_connections.authorization.* notices,
//                                     then at `date` every account goes down with it
//   sched_warn_atom / sched_due_atom, generation   (to itself) its timers

#include "actors/protocol.hpp"

#include <caf/event_based_actor.hpp>
#include <caf/stateful_actor.hpp>

#include <vector>

namespace engine {
class kernel;
}

namespace actors {

struct authorization_state {
  std::string id;
  engine::kernel* kernel = nullptr;
  std::vector<caf::actor> accounts; // in account id order
  account_status status = account_status::active;
  inactive_cause cause = inactive_cause::unspecified;
  // A scheduled deactivation: its generation (stale timers do nothing), date,
  // cause, and whether its notice went out.
  std::uint64_t schedule_generation = 0;
  std::optional<engine::duration> scheduled_date;
  inactive_cause scheduled_cause = inactive_cause::access_expired;
  bool notice_sent = false;
  static inline const char* name = "authorization";
};

using authorization_actor_ptr = caf::stateful_actor<authorization_state>*;

caf::behavior authorization_actor(authorization_actor_ptr self, engine::kernel* kernel,
                                  std::string id);

// Sent by the world builder once the accounts exist.
using attach_atom = caf::atom_constant<caf::atom("attach")>;
// Authorization to account: the credentials went down with this cause / came back.
using auth_down_atom = caf::atom_constant<caf::atom("auth_down")>;
using auth_up_atom = caf::atom_constant<caf::atom("auth_up")>;
using recover_atom = caf::atom_constant<caf::atom("recover")>;

} // namespace actors
