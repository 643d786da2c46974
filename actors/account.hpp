#pragma once

// A linked financial_connections.account.
//
// Interface:
//   revoke_atom                 customer revoked access at the bank (access_denied)
//   close_atom                  the bank closed the account (account_closed, action none)
//   disconnect_atom             the platform disconnected it (terminal)
//   repair_atom                 a hosted relink succeeded: reactivate, issue a new TAN
//   snapshot_atom -> account_snapshot

#include "actors/protocol.hpp"

#include <caf/event_based_actor.hpp>
#include <caf/stateful_actor.hpp>

namespace engine {
class kernel;
}

namespace actors {

struct account_config {
  std::string id;
  std::string institution_id;
  std::string holder_id; // empty: no account holder
  caf::actor holder;
  std::optional<engine::duration> tan_expected_expiry; // a TAN account when set
  // Lifetime of the new TAN a successful relink issues.
  engine::duration tan_lifetime = engine::days(180);
};

struct account_state {
  account_config config;
  engine::kernel* kernel = nullptr;
  account_status status = account_status::active;
  inactive_action action = inactive_action::relink_required;
  inactive_cause cause = inactive_cause::unspecified;
  static inline const char* name = "account";
};

using account_actor_ptr = caf::stateful_actor<account_state>*;

caf::behavior account_actor(account_actor_ptr self, engine::kernel* kernel,
                            account_config config);

} // namespace actors
