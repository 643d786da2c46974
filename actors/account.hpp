#pragma once

// A linked financial_connections.account, with its tokenized account number
// (TAN) when the institution issues one.
//
// Interface (account_actor in protocol.hpp):
//   revoke_atom                          the customer revoked access at the bank:
//                                        access_denied, and the TAN is deactivated
//   deactivate_atom, inactive_cause      the bank deactivated the connection
//                                        (account_closed: action none, else
//                                        relink_required)
//   disconnect_atom                      the platform disconnected it (terminal)
//   expire_tan_atom                      the TAN expires now
//   schedule_atom, date, inactive_cause  a deactivation is announced for `date`
//   repair_atom                          a hosted relink succeeded: reactivate, new TAN
//                                        (through the authorization when it went down
//                                        with it, so that its siblings come back too),
//                                        as the rulebook's repair rule decides
//   auth_down_atom, cause, revoked       its authorization went down
//   auth_up_atom, by                     its authorization came back (by relink | bank)
//   refresh_atom, kind                   refresh balance | transactions | ownership data:
//                                        fails without access (not active) or while the
//                                        institution is down
//
// Whenever they change, it tells the payments processor what its number can do
// for a debit (can_debit_atom, index, debit_answer), and the relink coordinator
// what the eligibility rules read (account_facts_atom, index, account_facts).
// Both know it by its index in account id order.

#include "actors/deactivation_notice.hpp"
#include "actors/protocol.hpp"
#include "actors/rules.hpp"

#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

namespace engine {
class kernel;
}

namespace actors {

// How long before a TAN's expected expiry `upcoming_account_number_expiry` is
// sent: the eligibility window, so the reminder comes when a relink can help.
inline constexpr engine::duration tan_expiry_notice = engine::days(30);

struct account_config {
  // Views into the scenario, which outlives the actors: a million accounts would
  // otherwise hold a million copies of four ids.
  std::string_view id;
  // The id as the trace keeps it (trace::keep), shared with whoever else names the
  // account in the trace; empty: copied at the account's first event.
  std::string_view trace_id;
  std::string_view institution_id;
  std::string_view holder_id; // empty: no account holder
  std::string_view authorization_id;
  authorizations_actor authorizations; // the actor whose row its authorization is
  std::uint32_t authorization_row = 0;
  institution_actor institution;
  std::optional<engine::duration> tan_expected_expiry; // a TAN account when set
  // Lifetime of the new TAN a successful relink issues, and how long it stays
  // `pending` before it becomes `transactable` (0: at once).
  engine::duration tan_lifetime = engine::days(180);
  engine::duration tan_activation{0};
  const rulebook* rules = &standard_rules; // outlives the actor
  // Told of deactivations and notices when its auto_relink policy asks for them.
  platform_actor platform;
  auto_relink_policy auto_relink;
  payments_actor payments;
  coordinator_actor coordinator;
  std::uint32_t index = 0; // its place in account id order
};

struct tan_record {
  std::uint64_t generation = 0; // 1 for the TAN linked at creation, +1 per new TAN
  tan_status status = tan_status::transactable;
  engine::duration expected_expiry{0};
};

struct scheduled_deactivation {
  std::uint64_t generation = 0;
  engine::duration date{0};
  inactive_cause cause = inactive_cause::access_expired;
  bool notice_sent = false; // upcoming_deactivation went out
};

struct account_state {
  account_config config;
  engine::kernel* kernel = nullptr;
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
  std::uint64_t schedules_made = 0;
  // What the payments processor last heard its number can do; it assumes a plain
  // account number that moves money until told otherwise.
  debit_answer told_payments{true, "", "", 0};
  // What the coordinator last heard (it starts from the account as configured).
  account_facts told_coordinator;
  std::string_view trace_id; // config.id as the trace holds it, once recorded

  static inline const char* name = "account";
};

using account_actor_ptr = account_actor::stateful_pointer<account_state>;

account_actor::behavior_type
account_behavior(account_actor_ptr self, engine::kernel* kernel, account_config config);

} // namespace actors
