#pragma once

// One financial_connections.authorization as a row of the authorizations actor:
// its state, what can happen to it, and the one function that says what each
// happening does. Pure: no CAF, no clock.
//
//   active --schedule--> scheduled --schedule (the date moves) | notice--> scheduled
//     |                     |
//     |                     +--due(cause)--------------+
//     +--deactivate(cause)--+--------------------------+--> inactive | unavailable
//     +--revoke-------------+--------------------------+--> revoked
//
//   inactive | unavailable --revoke--> revoked
//   inactive | unavailable | revoked --relink--> active
//   unavailable --recover (the bank, after its outage)--> active
//
// A row that goes down lands in the state its cause says: `unavailable` for
// account_unavailable (an outage: the bank may restore it), `revoked` for
// access_denied (the bank will not), `inactive` for any other cause. A row already
// down refuses another deactivation (the first cause stays), but a revocation
// still becomes its cause; a relink brings any down row back.

#include "domain/domain.hpp"

#include <optional>
#include <string_view>

namespace actors {

enum class authorization_state { active, scheduled, inactive, unavailable, revoked };

enum class authorization_event_kind {
  deactivate, // the credentials stop working, for the event's cause
  revoke,     // the customer revoked access for every account
  relink,     // re-authenticated through a hosted relink
  recover,    // the bank restores what its outage took down
  schedule,   // a deactivation is announced (or its date moves)
  notice,     // the announced deactivation's notice is due
  due,        // the announced deactivation's date came: down for the event's cause
};

struct authorization_event {
  authorization_event_kind kind = authorization_event_kind::deactivate;
  inactive_cause cause = inactive_cause::unspecified; // deactivate and due only
};

inline constexpr authorization_state all_authorization_states[] = {
    authorization_state::active, authorization_state::scheduled,
    authorization_state::inactive, authorization_state::unavailable,
    authorization_state::revoked};
inline constexpr authorization_event_kind all_authorization_event_kinds[] = {
    authorization_event_kind::deactivate, authorization_event_kind::revoke,
    authorization_event_kind::relink,     authorization_event_kind::recover,
    authorization_event_kind::schedule,   authorization_event_kind::notice,
    authorization_event_kind::due};

// The state after `event`, or nothing when the row refuses it.
std::optional<authorization_state> next_authorization_state(authorization_state state,
                                                            authorization_event event);

// Whether the platform sees it active (a scheduled deactivation has not happened).
bool is_up(authorization_state state);

std::string_view to_string(authorization_state state);
std::string_view to_string(authorization_event_kind kind);

} // namespace actors
