#pragma once

// The relink coordinator: Stripe's side of hosted relink. It decides each
// requested account's eligibility at the instant of the request, sends one email
// per accepted account, serves the hosted page the link leads to, and tracks each
// relink to a terminal state (which lifts the 48-hour cooldown).
//
// Interface (coordinator_actor in protocol.hpp):
//   relink_atom, relink_order                 a platform's request (Dashboard or API)
//   open_link_atom, relink, holder_ref        the holder followed the link: answered with
//                                             link_reply_atom, row, relink, link_state
//   flow_done_atom, relink, flow_outcome      how the customer's flow ended
//   expire_atom, relink                       (to itself) the link's lifetime passed
//   session_atom, session_order               an API relink session
//   account_facts_atom, index, account_facts  an account changed what the rules read
//   contact_atom, index, holder_contact       a holder's contact changed
//   world_atom, accounts, holders             the actors behind the indexes (once):
//                                             the accounts', and the holders' (whose
//                                             rows they are)
//
// It decides from what accounts and holders told it, at the instant of the
// request: every change is settled before the next timed message fires (the
// kernel runs to quiescence between them). Asking each candidate instead cost
// four messages per account and request: most of a large run's messages.

#include "actors/eligibility.hpp"
#include "actors/protocol.hpp"
#include "actors/relink_state.hpp"
#include "actors/rules.hpp"
#include "engine/random.hpp"

#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>
#include <functional>
#include <map>

namespace engine {
class kernel;
}

namespace actors {

// An account as the coordinator knows it: what never changes, and its facts as
// the account last told them. A million of them: ids are views (into the trace's
// kept texts and the scenario, which outlive the actors), the rest indexes.
struct account_entry {
  static constexpr std::uint32_t no_holder = ~std::uint32_t{0};
  std::string_view id; // as the trace keeps it
  std::string_view authorization_id;
  account_facts facts;
  std::uint32_t holder = no_holder; // into coordinator_config::holders
  std::uint32_t institution = 0;    // into coordinator_config::institutions
  std::uint32_t population = 0;     // into coordinator_config::populations
};

// An institution as the coordinator knows it.
struct institution_entry {
  std::string_view id;
  institution_actor actor; // where a holder re-authenticates
  bool sandbox_test = false; // see is_sandbox_test_institution
};

struct coordinator_config {
  platform_mode mode = platform_mode::live;
  platform_actor platform; // notifies customers itself for url delivery
  // Each account's authorization and index, sorted: an authorization's accounts
  // are a run of it, in id order.
  std::vector<std::pair<std::string_view, std::uint32_t>> authorizations;
  std::vector<institution_entry> institutions;
  // Population names; the first, "", for accounts listed in the scenario.
  std::vector<std::string_view> populations{""};
  std::vector<std::string> confirmed_emails;
  engine::duration link_lifetime = engine::days(7);
  mailer_actor mailer;
  // In account id order: an account's index is its place here.
  std::vector<account_entry> accounts;
  // Holders' contacts as they were last told, by index.
  std::vector<holder_contact> holders;
  const rulebook* rules = &standard_rules; // outlives the actor
};

// One relink (an accepted account of a request): a row whose state moves only
// by next_relink_state (relink_state.hpp, where its diagram is).
struct relink_record {
  std::string id; // relink_id_of its number
  std::string request_id;
  std::string account_id;
  engine::duration requested_at{0};
  relink_state state = relink_state::requested;
  // API sessions only: the session, what it relinks, how the link travels.
  std::string session_id;
  std::string authorization_id; // set: the whole authorization
  delivery_method delivery = delivery_method::email;
};

struct coordinator_state {
  coordinator_config config;
  engine::kernel* kernel = nullptr;
  // Set by world_atom: rows in the order of config.accounts, and of holders.
  accounts_actor accounts;
  customers_actor customers;
  std::vector<relink_record> relinks;                              // relink n at n - 1
  std::map<std::string_view, relink_number> latest_relink_by_account; // by account id
  engine::random_stream random{0}; // draws of `sample`
  static inline const char* name = "relink_coordinator";
};

using coordinator_actor_ptr = coordinator_actor::stateful_pointer<coordinator_state>;

coordinator_actor::behavior_type coordinator_behavior(coordinator_actor_ptr self,
                                                      engine::kernel* kernel,
                                                      coordinator_config config);

} // namespace actors
