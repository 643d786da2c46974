#pragma once

// The linked financial_connections.accounts, each with its tokenized account
// number (TAN) when the institution issues one.
//
// All accounts of a simulation are rows of one actor, each row its own state
// machine (below), addressed by its index in account id order, like the
// authorizations and the holders. An actor per account cost ~1.6 KB and a CAF
// mailbox each for ~250 bytes of state: at a million accounts, 1.9 GB, most of
// the time spent building and tearing down the world, and a malloc per message.
//
// Interface (accounts_actor in protocol.hpp; `index`: the account's row):
//   revoke_atom, index                   the customer revoked access at the bank:
//                                        access_denied, and the TAN is deactivated
//   deactivate_atom, index, inactive_cause
//                                        the bank deactivated the connection
//                                        (account_closed: action none, else
//                                        relink_required)
//   disconnect_atom, index               the platform disconnected it (terminal)
//   expire_tan_atom, index               the TAN expires now
//   schedule_atom, index, date, inactive_cause
//                                        a deactivation is announced for `date`
//   repair_atom, index                   a hosted relink succeeded: reactivate, new TAN
//                                        (through the authorization when it went down
//                                        with it, so that its siblings come back too),
//                                        as the rulebook's repair rule decides
//   auth_down_atom, index, cause, revoked
//                                        its authorization went down
//   auth_up_atom, index, by              its authorization came back (by relink | bank)
//   refresh_atom, index, kind            refresh balance | transactions | ownership
//                                        data: fails without access (not active) or
//                                        while the institution is down
//   tan_due / tan_warn / tan_active / sched_due / sched_warn, index, generation
//                                        (to itself) a row's timers
//
// Whenever a row changes, it tells the payments processor what its number can do
// for a debit (can_debit_atom, index, debit_answer), and the relink coordinator
// what the eligibility rules read (account_facts_atom, index, account_facts).

#include "actors/deactivation_notice.hpp"
#include "actors/protocol.hpp"
#include "actors/rules.hpp"

#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>
#include <vector>

namespace engine {
class kernel;
}

namespace actors {

// How long before a TAN's expected expiry `upcoming_account_number_expiry` is
// sent: the eligibility window, so the reminder comes when a relink can help.
inline constexpr engine::duration tan_expiry_notice = engine::days(30);

// What one account is linked as, for its creation. Views into texts that outlive
// the actor (the scenario, the trace's kept texts).
struct account_config {
  std::string_view id; // as the trace keeps it (trace::keep)
  std::string_view institution_id;
  std::string_view holder_id; // empty: no account holder
  std::string_view authorization_id;
  std::uint32_t index = 0;             // its row: its place in account id order
  std::uint32_t authorization_row = 0; // its authorization's row
  std::uint32_t institution = 0;       // into accounts_config::institutions
  std::optional<engine::duration> tan_expected_expiry; // a TAN account when set
};

// What the accounts of one institution share.
struct institution_terms {
  institution_actor actor;
  // Lifetime of the new TAN a successful relink issues, and how long it stays
  // `pending` before it becomes `transactable` (0: at once).
  engine::duration tan_lifetime = engine::days(180);
  engine::duration tan_activation{0};
};

// The accounts to build, in the order they are created (each names its row),
// and whom they tell.
struct accounts_config {
  std::vector<account_config> accounts;
  std::vector<institution_terms> institutions;
  authorizations_actor authorizations; // the actor whose rows their authorizations are
  const rulebook* rules = &standard_rules; // outlives the actor
  // Told of deactivations and notices when its auto_relink policy asks for them.
  platform_actor platform;
  auto_relink_policy auto_relink;
  payments_actor payments;
  coordinator_actor coordinator;
};

struct tan_record {
  std::uint32_t generation = 0; // 1 for the TAN linked at creation, +1 per new TAN
  tan_status status = tan_status::transactable;
  engine::duration expected_expiry{0};
};

struct scheduled_deactivation {
  std::uint32_t generation = 0;
  engine::duration date{0};
  inactive_cause cause = inactive_cause::access_expired;
  bool notice_sent = false; // upcoming_deactivation went out
};

// One row: what it needs of its config after creation, and its state. Its status
// moves as the diagram in account.cpp says. A million of them: kept small.
struct account_row {
  std::string_view id;                 // as the trace keeps it; empty: not created
  std::uint32_t index = 0;             // its row
  std::uint32_t authorization_row = 0; // its authorization's row
  std::uint32_t institution = 0;       // into accounts_config::institutions
  std::uint32_t schedules_made = 0;
  account_status status = account_status::active;
  inactive_action action = inactive_action::relink_required;
  inactive_cause cause = inactive_cause::unspecified;
  std::optional<tan_record> tan;
  std::optional<scheduled_deactivation> schedule;
  // Why it is inactive: for a reason of its own (a closure, a revocation of this
  // account), and/or because its authorization is down. It is active only when
  // neither holds; the cause the platform sees is its own one first.
  std::optional<inactive_cause> own_cause;
  std::optional<inactive_cause> authorization_cause;
  // What the payments processor last heard its number can do; it assumes a plain
  // account number that moves money until told otherwise.
  debit_answer told_payments{true, "", "", 0};
  // What the coordinator last heard (it starts from the account as configured).
  account_facts told_coordinator;
};

struct accounts_state {
  engine::kernel* kernel = nullptr;
  accounts_config config; // its `accounts` emptied once the rows hold them
  std::vector<account_row> rows; // by index
  static inline const char* name = "accounts";
};

using accounts_actor_ptr = accounts_actor::stateful_pointer<accounts_state>;

accounts_actor::behavior_type accounts_behavior(accounts_actor_ptr self,
                                                engine::kernel* kernel,
                                                accounts_config config);

} // namespace actors
