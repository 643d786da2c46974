#pragma once

// An account holder: a Customer (cus_…) or, on Connect platforms, a connected
// Account (acct_…). It reads relink emails and follows the link according to
// its behaviour profile, drawing from its own seeded random stream.
//
// Interface:
//   deliver_atom, relink_link       an email arrived in the inbox
//   open_atom, relink_link          (to itself) the moment the customer opens it
//   auth_done_atom, relink_id, ok   the institution's answer to the re-authentication
//   click_again_atom, relink_link   (to itself) the second click of a customer who clicks twice
//   set_email_atom, address         the platform changes the holder's email (empty: removes it)
//   set_behavior_atom, behavior     the customer's behaviour changes from now on
//
// A new address is told to the relink coordinator (contact_atom, index,
// holder_contact), which decides on requests from what it was told.

#include "actors/protocol.hpp"
#include "engine/random.hpp"

#include <caf/event_based_actor.hpp>
#include <caf/stateful_actor.hpp>

#include <map>

namespace engine {
class kernel;
}

namespace actors {

using click_again_atom = caf::atom_constant<caf::atom("click_2")>;
using set_email_atom = caf::atom_constant<caf::atom("set_email")>;
using set_behavior_atom = caf::atom_constant<caf::atom("set_behav")>;
inline constexpr engine::duration second_click_delay = engine::minutes(5);

struct customer_config {
  std::string id;
  holder_kind kind = holder_kind::customer;
  std::string email; // empty: no address on file
  customer_behavior behavior;
  caf::actor coordinator;
  std::uint32_t index = 0; // its place among the coordinator's holders
};

struct customer_state {
  customer_config config;
  engine::kernel* kernel = nullptr;
  engine::random_stream random{0};
  // Flows in progress, by relink id: the link the customer followed.
  std::map<std::string, relink_link> flows;
  static inline const char* name = "customer";
};

using customer_actor_ptr = caf::stateful_actor<customer_state>*;

caf::behavior customer_actor(customer_actor_ptr self, engine::kernel* kernel,
                             customer_config config);

} // namespace actors
