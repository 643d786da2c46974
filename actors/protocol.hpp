#pragma once

// The message protocol between the actors of one simulation: the verbs (atoms)
// in one place, then the values they carry. Everything is sent within one
// single-threaded test coordinator, so the value types need no serialization.

#include "domain/customer_behavior.hpp"
#include "domain/domain.hpp"
#include "domain/auto_relink.hpp"
#include "domain/selector.hpp"
#include "engine/distribution.hpp"
#include "engine/duration.hpp"

#include <caf/actor.hpp>
#include <caf/allowed_unsafe_message_type.hpp>
#include <caf/atom.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace actors {

// Faults and actions on an account.
using revoke_atom = caf::atom_constant<caf::atom("revoke")>;
using deactivate_atom = caf::atom_constant<caf::atom("deactivate")>;
using expire_tan_atom = caf::atom_constant<caf::atom("expire_tan")>;
using refresh_atom = caf::atom_constant<caf::atom("refresh")>;
using schedule_atom = caf::atom_constant<caf::atom("schedule")>;
// An account's own timers; each carries the generation it was armed for, so a
// timer made stale by a newer TAN or schedule does nothing.
using tan_due_atom = caf::atom_constant<caf::atom("tan_due")>;
using tan_warn_atom = caf::atom_constant<caf::atom("tan_warn")>;
using tan_active_atom = caf::atom_constant<caf::atom("tan_active")>;
using sched_due_atom = caf::atom_constant<caf::atom("sched_due")>;
using sched_warn_atom = caf::atom_constant<caf::atom("sched_warn")>;
using disconnect_atom = caf::atom_constant<caf::atom("disconnect")>;
using repair_atom = caf::atom_constant<caf::atom("repair")>;
// Payments: a debit, its retry, what an account's number can do, the recurring round.
using debit_atom = caf::atom_constant<caf::atom("debit")>;
using retry_atom = caf::atom_constant<caf::atom("retry")>;
using debit_state_atom = caf::atom_constant<caf::atom("debit_st")>;
using round_atom = caf::atom_constant<caf::atom("round")>;
// What the relink coordinator knows of accounts and holders, told when it changes.
using account_state_atom = caf::atom_constant<caf::atom("acct_state")>;
using contact_atom = caf::atom_constant<caf::atom("contact")>;
// Hosted relink: the platform's request, the mail, the customer's flow.
using relink_atom = caf::atom_constant<caf::atom("relink")>;
using send_atom = caf::atom_constant<caf::atom("send")>;
using deliver_atom = caf::atom_constant<caf::atom("deliver")>;
using open_atom = caf::atom_constant<caf::atom("open")>;
using open_link_atom = caf::atom_constant<caf::atom("open_link")>;
using link_answer_atom = caf::atom_constant<caf::atom("link_answr")>;
using auth_atom = caf::atom_constant<caf::atom("auth")>;
using auth_done_atom = caf::atom_constant<caf::atom("auth_done")>;
using flow_done_atom = caf::atom_constant<caf::atom("flow_done")>;
using expire_atom = caf::atom_constant<caf::atom("expire")>;
// API relink sessions, and the platform's own notification for `url` delivery.
using session_atom = caf::atom_constant<caf::atom("session")>;
using notify_atom = caf::atom_constant<caf::atom("notify")>;
// An account tells the platform of an event its auto_relink policy reacts to.
using account_event_atom = caf::atom_constant<caf::atom("acct_event")>;
using auto_relink_atom = caf::atom_constant<caf::atom("auto_relnk")>;

// What an account tells the relink coordinator each time it changes: what the
// eligibility rules read at the instant of a request.
struct account_facts {
  account_status status = account_status::active;
  inactive_action action = inactive_action::relink_required;
  inactive_cause cause = inactive_cause::unspecified;
  std::optional<engine::duration> tan_expected_expiry;

  friend bool operator==(const account_facts& a, const account_facts& b) {
    return a.status == b.status && a.action == b.action && a.cause == b.cause &&
           a.tan_expected_expiry == b.tan_expected_expiry;
  }
  friend bool operator!=(const account_facts& a, const account_facts& b) { return !(a == b); }
};

// A holder: the actor whose row it is, and the row.
struct holder_ref {
  caf::actor actor;
  std::uint32_t row = 0;
};

// An account as the coordinator sees it when it decides on a request.
struct account_snapshot {
  std::string id;
  account_facts facts;
  bool at_sandbox_test_institution = false; // see is_sandbox_test_institution
  std::string holder_id; // empty: no account holder
  holder_ref holder;
};

// What an account's number can do for a debit: an account tells the payments
// processor each time it changes. Text fields are string literals, so an answer
// allocates nothing.
struct debit_answer {
  bool allowed = false;
  const char* blocked_reason = "";  // tokenized_account_number_deactivated | bank_account_closed
  const char* ach_return_code = ""; // R04 | R02
  std::uint32_t tan = 0;            // the TAN debited (tan_N); 0: the plain account number

  friend bool operator==(const debit_answer& a, const debit_answer& b) {
    return a.allowed == b.allowed && std::string_view(a.blocked_reason) == b.blocked_reason &&
           std::string_view(a.ach_return_code) == b.ach_return_code && a.tan == b.tan;
  }
  friend bool operator!=(const debit_answer& a, const debit_answer& b) { return !(a == b); }
};

struct holder_contact {
  std::string id;
  holder_kind kind = holder_kind::customer;
  std::string email; // empty: no address
};


// A platform's request to relink accounts (timeline `request_relink`).
struct relink_order {
  std::string request_id;
  std::vector<std::string> account_ids; // a list, when `selector` is empty
  std::optional<account_selector> selector;
  std::string via; // dashboard | account_menu
};

// An API relink session (`create_relink_session`): for one account, or for a
// whole authorization (all its accounts).
struct session_order {
  std::string session_id;
  std::string account_id;       // set for an account session
  std::string authorization_id; // set for an authorization session
  std::string delivery = "email"; // email: Stripe emails; url: the platform notifies
  std::string channel = "email";  // the platform's channel for url delivery
  engine::duration notify_after{0};
};

// How the link reaches the holder (`hosted.delivery_method`): in Stripe's
// email, or in the platform's own notification (`url`), which is no email.
enum class delivery_method { email, url };

// The secure link a relink email (or a url session's notification) carries to
// the account's holder.
struct relink_link {
  std::string relink_id;
  std::string request_id;
  std::string account_id;
  std::string email;
  engine::duration expires_at{0};
  delivery_method delivery = delivery_method::email;
  caf::actor coordinator; // the hosted page that answers the click
  caf::actor institution; // where the customer re-authenticates
};

// Rules a test may break on purpose, to prove that the invariant checker
// catches what a broken implementation would do. Never set by a scenario.
struct rule_breaks {
  bool skip_status_rules = false;  // accept accounts that are not inactive or expiring
  bool skip_cooldown = false;      // ignore the 48-hour cooldown
  bool skip_email_rules = false;   // email holders without (confirmed) addresses
  bool reactivate_active = false;  // report a repair of an active account as reactivated
  bool never_expire_links = false; // leave requests pending past their link lifetime
  bool allow_any_debit = false;    // let debits through on dead or replaced numbers
  // Not a rule but a programmer error, to prove that a check stops the run: the
  // coordinator hands out holder rows past the end of the holders' table.
  bool holder_rows_out_of_range = false;
};

// What the hosted page says when the customer follows the link.
enum class link_state { valid, expired, used };
std::string_view to_string(link_state);

// How a customer's flow ended, as the hosted page reports it.
// `no_account`: the customer re-authenticated but picked another account.
enum class flow_outcome { succeeded, failed, no_account, cancelled, abandoned };


} // namespace actors

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(actors::account_facts)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(actors::holder_contact)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(actors::debit_answer)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(actors::relink_order)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(actors::session_order)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(actors::auto_relink_policy)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(actors::relink_link)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(actors::holder_ref)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(actors::link_state)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(actors::flow_outcome)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(actors::inactive_cause)
