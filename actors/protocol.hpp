#pragma once

// The message protocol between the actors of one simulation: the verbs (atoms)
// in one place, then the values they carry, then each actor's typed interface,
// so that a message an actor has no handler for does not compile. Everything is
// sent within one single-threaded test coordinator, so the value types need no
// serialization.
//
// The interfaces live here rather than at the top of each actor's header because
// they name each other: a relink link carries the coordinator and the
// institution, the coordinator is told the holders' actor, the holders answer
// the coordinator. Each actor's header says what its messages mean.

#include "actors/debit_check.hpp"
#include "domain/auto_relink.hpp"
#include "domain/customer_behavior.hpp"
#include "domain/domain.hpp"
#include "domain/selector.hpp"
#include "engine/distribution.hpp"
#include "engine/duration.hpp"

#include <caf/allowed_unsafe_message_type.hpp>
#include <caf/atom.hpp>
#include <caf/replies_to.hpp>
#include <caf/typed_actor.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace actors {

// -- atoms: the verbs ---------------------------------------------------------
// CAF 0.17 spells an atom in at most 10 characters.

// Faults and actions on an account, or on an authorization's row.
using revoke_atom = caf::atom_constant<caf::atom("revoke")>;
using deactivate_atom = caf::atom_constant<caf::atom("deactivate")>;
using expire_tan_atom = caf::atom_constant<caf::atom("expire_tan")>;
using refresh_atom = caf::atom_constant<caf::atom("refresh")>;
using schedule_atom = caf::atom_constant<caf::atom("schedule")>;
using disconnect_atom = caf::atom_constant<caf::atom("disconnect")>;
using repair_atom = caf::atom_constant<caf::atom("repair")>;
// An account's own timers; each carries the generation it was armed for, so a
// timer made stale by a newer TAN or schedule does nothing. The authorizations
// arm the schedule's two for their rows.
using tan_due_atom = caf::atom_constant<caf::atom("tan_due")>;
using tan_warn_atom = caf::atom_constant<caf::atom("tan_warn")>;
using tan_active_atom = caf::atom_constant<caf::atom("tan_active")>;
using sched_due_atom = caf::atom_constant<caf::atom("sched_due")>;
using sched_warn_atom = caf::atom_constant<caf::atom("sched_warn")>;
// Authorizations: the accounts of their rows (once), the credentials going down
// and coming back as the accounts hear of it, the bank restoring them.
using attach_atom = caf::atom_constant<caf::atom("attach")>;
using auth_down_atom = caf::atom_constant<caf::atom("auth_down")>;
using auth_up_atom = caf::atom_constant<caf::atom("auth_up")>;
using recover_atom = caf::atom_constant<caf::atom("recover")>;
// Institutions: an outage and its end.
using outage_atom = caf::atom_constant<caf::atom("outage")>;
using outage_end_atom = caf::atom_constant<caf::atom("outage_end")>;
// Payments: a debit, its retry, what an account's number can do, the recurring round.
using debit_atom = caf::atom_constant<caf::atom("debit")>;
using retry_atom = caf::atom_constant<caf::atom("retry")>;
using can_debit_atom = caf::atom_constant<caf::atom("can_debit")>;
using round_atom = caf::atom_constant<caf::atom("round")>;
// What the relink coordinator knows of accounts and holders, told when it
// changes, and the actors behind their indexes (once).
using account_facts_atom = caf::atom_constant<caf::atom("facts")>;
using contact_atom = caf::atom_constant<caf::atom("contact")>;
using world_atom = caf::atom_constant<caf::atom("world")>;
// Hosted relink: the platform's request, the mail, the customer's flow.
using relink_atom = caf::atom_constant<caf::atom("relink")>;
using send_atom = caf::atom_constant<caf::atom("send")>;
using deliver_atom = caf::atom_constant<caf::atom("deliver")>;
using open_atom = caf::atom_constant<caf::atom("open")>;
using open_link_atom = caf::atom_constant<caf::atom("open_link")>;
using link_reply_atom = caf::atom_constant<caf::atom("link_reply")>;
using click_again_atom = caf::atom_constant<caf::atom("clickagain")>;
using auth_atom = caf::atom_constant<caf::atom("auth")>;
using auth_done_atom = caf::atom_constant<caf::atom("auth_done")>;
using flow_done_atom = caf::atom_constant<caf::atom("flow_done")>;
using expire_atom = caf::atom_constant<caf::atom("expire")>;
// The mailer's faults: an outage, an address that bounces.
using mailer_outage_atom = caf::atom_constant<caf::atom("mail_down")>;
using bounce_atom = caf::atom_constant<caf::atom("bounce")>;
// The platform changes a holder's email, or the holder changes its habits.
using set_email_atom = caf::atom_constant<caf::atom("set_email")>;
using set_behavior_atom = caf::atom_constant<caf::atom("behavior")>;
// API relink sessions, and the platform's own notification for `url` delivery.
using session_atom = caf::atom_constant<caf::atom("session")>;
using notify_atom = caf::atom_constant<caf::atom("notify")>;
// An account tells the platform of an event its auto_relink policy reacts to,
// as a webhook would; the platform opens a session `after` later.
using webhook_atom = caf::atom_constant<caf::atom("webhook")>;
using auto_relink_atom = caf::atom_constant<caf::atom("autorelink")>;

// -- the values they carry ----------------------------------------------------

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
  friend bool operator!=(const account_facts& a, const account_facts& b) {
    return !(a == b);
  }
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
  relink_via via = relink_via::dashboard;
};

// An API relink session (`create_relink_session`): for one account, or for a
// whole authorization (all its accounts).
struct session_order {
  std::string session_id;
  std::string account_id;         // set for an account session
  std::string authorization_id;   // set for an authorization session
  delivery_method delivery = delivery_method::email; // url: the platform notifies
  std::string channel = "email"; // the platform's channel for url delivery
  engine::duration notify_after{0};
};

// An institution's outage (timeline `outage`).
struct outage_plan {
  engine::duration length{0};
  double deactivates = 0.0; // share of authorizations that go down
  double recovers = 0.0;    // share of those that come back when it ends
  std::string kind = "unscheduled";
};

// What the hosted page says when the customer follows the link.
enum class link_state { valid, expired, used };

// A relink, numbered from 1 in the order the coordinator creates them. Messages
// and tables name a relink by its number; its id, rr_<n>, is text only where an
// event records it.
enum class relink_number : std::uint32_t {};
std::string relink_id_of(relink_number relink);
std::string_view to_string(link_state);

// How a customer's flow ended, as the hosted page reports it.
// `no_account`: the customer re-authenticated but picked another account.
enum class flow_outcome { succeeded, failed, no_account, cancelled, abandoned };

// Carried by messages before the interfaces that name them are complete.
struct holder_ref;
struct relink_link;

// -- the typed interfaces -----------------------------------------------------
// Messages marked "(to itself)" are an actor's own timers: CAF 0.17 checks a
// typed actor's sends to itself against its interface too.

// Every linked account, each a row known by its index (account.hpp).
using accounts_actor = caf::typed_actor<
    caf::reacts_to<revoke_atom, std::uint32_t>,
    caf::reacts_to<deactivate_atom, std::uint32_t, inactive_cause>,
    caf::reacts_to<disconnect_atom, std::uint32_t>,
    caf::reacts_to<expire_tan_atom, std::uint32_t>,
    caf::reacts_to<schedule_atom, std::uint32_t, engine::duration, inactive_cause>,
    caf::reacts_to<repair_atom, std::uint32_t>,
    caf::reacts_to<auth_down_atom, std::uint32_t, inactive_cause, bool>,
    caf::reacts_to<auth_up_atom, std::uint32_t, reactivated_by>,
    caf::reacts_to<refresh_atom, std::uint32_t, refresh_kind>,
    // (to itself)
    caf::reacts_to<tan_due_atom, std::uint32_t, std::uint32_t>,
    caf::reacts_to<tan_warn_atom, std::uint32_t, std::uint32_t>,
    caf::reacts_to<tan_active_atom, std::uint32_t, std::uint32_t>,
    caf::reacts_to<sched_warn_atom, std::uint32_t, std::uint32_t>,
    caf::reacts_to<sched_due_atom, std::uint32_t, std::uint32_t>>;

// Every authorization, each a row known by its index (authorization.hpp).
using authorizations_actor = caf::typed_actor<
    caf::reacts_to<attach_atom, accounts_actor>,
    caf::reacts_to<deactivate_atom, std::uint32_t, inactive_cause>,
    caf::reacts_to<revoke_atom, std::uint32_t>,
    caf::reacts_to<schedule_atom, std::uint32_t, engine::duration, inactive_cause>,
    caf::reacts_to<repair_atom, std::uint32_t>,
    caf::replies_to<deactivate_atom, std::vector<std::uint32_t>,
                    inactive_cause>::with<std::vector<std::uint32_t>>,
    caf::replies_to<recover_atom, std::vector<std::uint32_t>>::with<std::uint64_t>,
    // (to itself)
    caf::reacts_to<sched_warn_atom, std::uint32_t, std::uint64_t>,
    caf::reacts_to<sched_due_atom, std::uint32_t, std::uint64_t>>;

// A bank (institution.hpp).
using institution_actor =
    caf::typed_actor<caf::reacts_to<auth_atom, relink_link, holder_ref>,
                     caf::reacts_to<outage_atom, outage_plan>,
                     caf::replies_to<refresh_atom>::with<bool>,
                     // (to itself)
                     caf::reacts_to<outage_end_atom, std::uint64_t>>;

// Every account holder, each a row known by its index (customer.hpp).
using customers_actor = caf::typed_actor<
    caf::reacts_to<deliver_atom, std::uint32_t, relink_link>,
    caf::reacts_to<link_reply_atom, std::uint32_t, relink_number, link_state>,
    caf::reacts_to<auth_done_atom, std::uint32_t, relink_number, bool>,
    caf::reacts_to<set_email_atom, std::uint32_t, std::string>,
    caf::reacts_to<set_behavior_atom, std::uint32_t, std::uint32_t>,
    // (to itself)
    caf::reacts_to<open_atom, std::uint32_t, relink_link>,
    caf::reacts_to<click_again_atom, std::uint32_t, relink_link>>;

// The mailer (mailer.hpp).
using mailer_actor = caf::typed_actor<
    caf::reacts_to<send_atom, relink_link, holder_ref>,
    caf::reacts_to<mailer_outage_atom, engine::duration>,
    caf::reacts_to<bounce_atom, std::string>,
    // (to itself)
    caf::reacts_to<retry_atom, relink_link, holder_ref, std::string, std::uint32_t>,
    caf::reacts_to<deliver_atom, relink_link, holder_ref, std::string>>;

// The relink coordinator (coordinator.hpp).
using coordinator_actor = caf::typed_actor<
    caf::reacts_to<relink_atom, relink_order>,
    caf::reacts_to<session_atom, session_order>,
    caf::reacts_to<account_facts_atom, std::uint32_t, account_facts>,
    caf::reacts_to<contact_atom, std::uint32_t, holder_contact>,
    caf::reacts_to<world_atom, accounts_actor, customers_actor>,
    caf::reacts_to<open_link_atom, relink_number, holder_ref>,
    caf::reacts_to<flow_done_atom, relink_number, flow_outcome>,
    // (to itself)
    caf::reacts_to<expire_atom, relink_number>>;

// The platform (platform.hpp).
using platform_actor = caf::typed_actor<
    caf::reacts_to<attach_atom, coordinator_actor>,
    caf::reacts_to<relink_atom, relink_order>,
    caf::reacts_to<session_atom, session_order>,
    caf::reacts_to<notify_atom, relink_link, holder_ref, std::string, engine::duration>,
    caf::reacts_to<webhook_atom, std::string>,
    // (to itself)
    caf::reacts_to<deliver_atom, relink_link, holder_ref, std::string>,
    caf::reacts_to<auto_relink_atom, std::string>>;

// The payments processor (payments.hpp).
using payments_actor = caf::typed_actor<
    caf::reacts_to<can_debit_atom, std::uint32_t, debit_answer>,
    caf::reacts_to<debit_atom, std::string, std::int64_t, std::uint32_t>,
    // (to itself)
    caf::reacts_to<retry_atom, std::uint32_t, std::int64_t, std::uint32_t>,
    caf::reacts_to<round_atom>>;

// -- values that carry actors -------------------------------------------------

// A holder: the actor whose row it is, and the row.
struct holder_ref {
  customers_actor actor;
  std::uint32_t row = 0;
};

// The secure link a relink email (or a url session's notification) carries to
// the account's holder.
struct relink_link {
  relink_number relink{0};
  std::string relink_id; // relink_id_of(relink), for the events that name it
  std::string request_id;
  std::string account_id;
  std::string email;
  engine::duration expires_at{0};
  delivery_method delivery = delivery_method::email;
  coordinator_actor coordinator; // the hosted page that answers the click
  institution_actor institution; // where the customer re-authenticates
};

} // namespace actors

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(actors::account_facts)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(actors::holder_contact)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(actors::debit_answer)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(actors::relink_order)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(actors::session_order)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(actors::outage_plan)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(actors::auto_relink_policy)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(actors::relink_link)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(actors::holder_ref)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(actors::link_state)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(actors::relink_number)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(actors::flow_outcome)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(actors::inactive_cause)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(actors::refresh_kind)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(actors::reactivated_by)
