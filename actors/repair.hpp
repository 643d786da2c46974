#pragma once

// What a successful hosted relink does to one account (DOMAIN.md §4), as a pure
// function of the account's values: no CAF, no clock.

#include "domain/domain.hpp"

#include <optional>

namespace actors {

enum class repair_effect {
  none,       // disconnected, or closed (not repairable): nothing changes
  renew_tan,  // active (an expiring TAN): a new TAN, an announced deactivation off
  reactivate, // inactive for reasons of its own: active again, with a new TAN
  through_authorization, // its credentials are down too: repair them, and they bring
                         // back every account of theirs
};

struct repair_facts {
  account_status status = account_status::active;
  std::optional<inactive_cause> own_cause; // inactive for a reason of its own
  bool authorization_down = false;         // and/or because its credentials are down
};

repair_effect repair_of(const repair_facts& account);

} // namespace actors
