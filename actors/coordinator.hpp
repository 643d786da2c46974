#pragma once

// The relink coordinator: Stripe's side of hosted relink. It decides each
// requested account's eligibility at the instant of the request, sends one email
// per accepted account, serves the hosted page the link leads to, and tracks each
// relink to a terminal state (which lifts the 48-hour cooldown).
//
// Interface:
//   relink_atom, relink_order                 a platform's request (Dashboard or API)
//   open_link_atom, relink_id -> link_state   the customer followed the link
//   flow_done_atom, relink_id, flow_outcome   how the customer's flow ended
//   expire_atom, relink_id                    (to itself) the link's lifetime passed
//   session_atom, session_order               an API relink session

#include "actors/eligibility.hpp"
#include "actors/protocol.hpp"
#include "engine/random.hpp"

#include <caf/event_based_actor.hpp>
#include <caf/stateful_actor.hpp>

#include <functional>
#include <map>

namespace engine {
class kernel;
}

namespace actors {

struct account_entry {
  caf::actor account;
  caf::actor institution;
  std::string authorization_id;
  std::string institution_id;
  std::string population; // empty: listed in the scenario
};

// An order whose facts are being gathered: every candidate's snapshot and, when
// it has one, its holder's contact. Decisions wait until all are in, then run in
// a stable order, so that replies arriving in any order decide alike.
struct pending_order {
  relink_order order;
  std::vector<std::string> candidates;
  std::vector<account_snapshot> snapshots;
  std::vector<std::optional<holder_contact>> contacts;
  std::size_t outstanding = 0;
};

struct coordinator_config {
  platform_mode mode = platform_mode::live;
  caf::actor platform; // notifies customers itself for url delivery
  std::map<std::string, std::vector<std::string>> authorizations; // id -> account ids
  std::vector<std::string> confirmed_emails;
  engine::duration link_lifetime = engine::days(7);
  caf::actor mailer;
  std::map<std::string, account_entry> accounts;
  rule_breaks breaks; // tests only
};

//  One relink (an accepted account of a request):
//
//   requested --click--> flow_started --+--> succeeded
//       |                    |          +--> failed
//       |                    |          +--> cancelled (manual entry instead)
//       |                    +-- abandoned: stays, until
//       +--------------------+--> expired (the link's lifetime passed first)
//
//  succeeded, failed, cancelled and expired are terminal: the request is complete.
enum class relink_state { requested, flow_started, succeeded, failed, cancelled, expired };

struct relink_record {
  std::string request_id;
  std::string account_id;
  engine::duration requested_at{0};
  relink_state state = relink_state::requested;
  // API sessions only: the session, what it relinks, how the link travels.
  std::string session_id;
  std::string authorization_id; // set: the whole authorization
  std::string delivery;
};

struct coordinator_state {
  coordinator_config config;
  engine::kernel* kernel = nullptr;
  std::map<std::string, relink_record> relinks;              // by relink id
  std::map<std::string, std::string> latest_relink_by_account; // account id -> relink id
  std::uint64_t relinks_created = 0;
  std::map<std::uint64_t, pending_order> orders; // by arrival
  std::uint64_t orders_received = 0;
  engine::random_stream random{0}; // draws of `sample`
  // Questions in flight, by token (see `ask`).
  std::uint64_t tokens_issued = 0;
  std::map<std::uint64_t, std::function<void(const account_snapshot&)>> snapshot_waiters;
  std::map<std::uint64_t, std::function<void(const holder_contact&)>> contact_waiters;
  static inline const char* name = "relink_coordinator";
};

using coordinator_actor_ptr = caf::stateful_actor<coordinator_state>*;

caf::behavior coordinator_actor(coordinator_actor_ptr self, engine::kernel* kernel,
                                coordinator_config config);

bool is_terminal(relink_state state);

} // namespace actors
