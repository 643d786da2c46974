#pragma once

// Account holders: Customers (cus_…) or, on Connect platforms, connected Accounts
// (acct_…). Each reads relink emails and follows the link according to its
// behaviour profile, drawing from its own seeded random stream.
//
// All holders of a simulation are rows of one actor, addressed by their index
// (a holder_ref names the actor and the row), as authorizations are: an actor
// per holder cost ~1.9 KB each, most of it CAF's, for ~100 bytes of state.
//
// Interface (customers_actor in protocol.hpp; `row`: the holder):
//   deliver_atom, row, relink_link        an email arrived in the inbox
//   open_atom, row, relink_link           (to itself) the moment the holder opens it
//   link_reply_atom, row, relink, link_state
//                                         the hosted page's answer to a click
//   auth_done_atom, row, relink, ok       the institution's answer to the
//                                         re-authentication
//   click_again_atom, row, relink_link    (to itself) the second click of one who
//                                         clicks twice
//   set_email_atom, row, address          the platform changes the holder's email
//                                         (empty: removes it)
//   set_behavior_atom, row, profile       the holder behaves by another of the profiles
//                                         it was given, from now on
//
// A new address is told to the relink coordinator (contact_atom, row,
// holder_contact), which decides on requests from what it was told.

#include "actors/holder_flow.hpp"
#include "actors/protocol.hpp"
#include "engine/random.hpp"

#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>
#include <map>
#include <vector>

namespace engine {
class kernel;
}

namespace actors {

inline constexpr engine::duration second_click_delay = engine::minutes(5);

struct customer_config {
  std::string id;
  holder_kind kind = holder_kind::customer;
  std::string email;          // empty: no address on file
  std::uint32_t behavior = 0; // index into the profiles given with it
};

struct customer_row {
  std::string_view id; // as the trace holds it
  holder_kind kind = holder_kind::customer;
  std::string email;
  std::uint32_t behavior = 0; // index into customers_state::behaviors
  engine::random_stream random{0};
};

// A link the holder followed, until its flow ends: its state moves only by
// next_holder_flow_state (holder_flow.hpp, where its diagram is).
struct holder_flow {
  relink_link link;
  holder_flow_state state = holder_flow_state::delivered;
};

struct customers_state {
  engine::kernel* kernel = nullptr;
  coordinator_actor coordinator;
  std::vector<customer_row> rows;
  // The profiles rows point at, by index.
  std::vector<customer_behavior> behaviors;
  // Flows in progress, by relink id; a flow that ends leaves the table.
  std::map<relink_number, holder_flow> flows;
  static inline const char* name = "customers";
};

using customers_actor_ptr = customers_actor::stateful_pointer<customers_state>;

// `behaviors`: the profiles holders point at; `coordinator`: told of new addresses.
customers_actor::behavior_type
customers_behavior(customers_actor_ptr self, engine::kernel* kernel,
                   std::vector<customer_config> holders,
                   std::vector<customer_behavior> behaviors,
                   coordinator_actor coordinator);

} // namespace actors
