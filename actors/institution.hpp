#pragma once

// A bank. It re-authenticates customers who follow a relink link: each attempt
// takes a drawn latency and succeeds with the institution's success probability.
//
// Interface:
//   auth_atom, relink_id, account_id, customer   -> later: auth_done_atom to customer

#include "actors/protocol.hpp"
#include "engine/random.hpp"

#include <caf/event_based_actor.hpp>
#include <caf/stateful_actor.hpp>

namespace engine {
class kernel;
}

namespace actors {

struct institution_config {
  std::string id;
  std::string name;
  double auth_success = 1.0;
  engine::distribution auth_latency = engine::distribution::constant(
    static_cast<double>(engine::seconds(30).count()), engine::value_kind::time);
};

struct institution_state {
  institution_config config;
  engine::kernel* kernel = nullptr;
  engine::random_stream random{0};
  static inline const char* name = "institution";
};

using institution_actor_ptr = caf::stateful_actor<institution_state>*;

caf::behavior institution_actor(institution_actor_ptr self, engine::kernel* kernel,
                                institution_config config);

} // namespace actors
