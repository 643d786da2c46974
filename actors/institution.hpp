#pragma once

// A bank. It re-authenticates customers who follow a relink link: each attempt
// takes a drawn latency and succeeds with the institution's success probability.
// During an outage every attempt fails (the customer meets an error page; the
// relink fails with failure_reason other) and a drawn share of its
// authorizations goes down with cause account_unavailable (those already down
// stay as they are: not the outage's doing); a drawn share of those it took down
// recovers by itself when the outage ends. Its trace events count what the
// authorizations say actually went down and came back.
//
// Interface (institution_actor in protocol.hpp):
//   auth_atom, relink_link, holder_ref
//                                                re-authenticate: later, auth_done_atom,
//                                                row, relink, ok to the holder
//   outage_atom, outage_plan                     an outage starts now
//   refresh_atom -> bool                         can it serve a data refresh now?
//   outage_end_atom, outage number               (to itself) it ends

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

struct institution_config {
  std::string id;
  std::string name;
  double auth_success = 1.0;
  engine::distribution auth_latency = engine::distribution::constant(
      static_cast<double>(engine::seconds(30).count()), engine::value_kind::time);
  authorizations_actor authorizations;           // the actor whose rows they are
  std::vector<std::uint32_t> authorization_rows; // its own, in authorization id order
};

struct running_outage {
  outage_plan plan;
  std::vector<std::uint32_t> deactivated; // authorization rows it took down
};

struct institution_state {
  institution_config config;
  engine::kernel* kernel = nullptr;
  engine::random_stream random{0};
  std::map<std::uint64_t, running_outage> outages; // by outage number
  std::uint64_t outages_started = 0;
  engine::duration outage_until{0};
  static inline const char* name = "institution";
};

using institution_actor_ptr = institution_actor::stateful_pointer<institution_state>;

institution_actor::behavior_type institution_behavior(institution_actor_ptr self,
                                                      engine::kernel* kernel,
                                                      institution_config config);

} // namespace actors
