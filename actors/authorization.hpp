#pragma once

// financial_connections.authorizations: each the one set of credentials that
// connects a holder's accounts at one institution. When one goes inactive its
// accounts go with it; a successful relink of any of them repairs it and brings
// them all back (except accounts that are inactive for reasons of their own,
// such as a closure).
//
// All authorizations of a simulation are rows of one actor, each row its own
// state machine (below), addressed by its index in authorization id order. An
// actor per authorization cost ~1.6 KB each (the actor and its behavior) for
// what is ~100 bytes of state: at a million accounts, most of the memory budget.
//
// Interface (authorizations_actor in protocol.hpp; `index`: the authorization's row):
//   deactivate_atom, index, inactive_cause   the credentials stop working (expiry, a
//                                            new MFA requirement)
//   repair_atom, index                       re-authenticated through a relink
//   deactivate_atom, indexes, cause -> indexes
//                                            an outage takes these down: answers with
//                                            those that were up and went down
//   recover_atom, indexes -> count           the bank restores these after an outage:
//                                            only those down for account_unavailable;
//                                            answers how many came back
//   revoke_atom, index                       the customer revoked access for all accounts
//   schedule_atom, index, date, cause        a deactivation of the credentials is
//                                            announced: financial_connections.
//                                            authorization.* notices, then at `date`
//                                            every account goes down with it
//   sched_warn_atom / sched_due_atom, index, generation   (to itself) its timers
//   attach_atom, accounts                    (once) the accounts' actor, whose
//                                            rows the account indexes name
//
// It tells each account of the row: auth_down_atom, cause, revoked / auth_up_atom, by.

#include "actors/authorization_state.hpp"
#include "actors/protocol.hpp"

#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>
#include <vector>

namespace engine {
class kernel;
}

namespace actors {

// One row: its state moves only by next_authorization_state
// (authorization_state.hpp, where its diagram is).
struct authorization_row {
  std::string_view id;                 // as the trace holds it
  std::vector<std::uint32_t> accounts; // account indexes, in account id order
  authorization_state state = authorization_state::active;
  inactive_cause cause = inactive_cause::unspecified; // why it went down last
  // The deactivation announced while `scheduled`: its generation (stale timers do
  // nothing), date, cause, and whether its notice went out.
  std::uint64_t schedule_generation = 0;
  engine::duration scheduled_date{0};
  inactive_cause scheduled_cause = inactive_cause::access_expired;
  bool notice_sent = false;
};

// The authorizations to build: ids in id order, and each one's account indexes.
struct authorizations_config {
  std::vector<std::string> ids;
  std::vector<std::vector<std::uint32_t>> accounts;
};

struct authorizations_state {
  engine::kernel* kernel = nullptr;
  std::vector<authorization_row> rows;
  accounts_actor accounts; // rows by the account indexes
  static inline const char* name = "authorizations";
};

using authorizations_actor_ptr =
    authorizations_actor::stateful_pointer<authorizations_state>;

authorizations_actor::behavior_type authorizations_behavior(authorizations_actor_ptr self,
                                                            engine::kernel* kernel,
                                                            authorizations_config config);

} // namespace actors
