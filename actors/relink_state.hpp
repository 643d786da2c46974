#pragma once

// One relink (an accepted account of a request, or an API session) as the relink
// coordinator tracks it: its state, what can happen to it, and the one function
// that says what each happening does. Pure: no CAF, no clock.
//
//   requested --link_opened--> flow_started --+--flow_succeeded--> succeeded
//       |                          |          +--flow_failed-----> failed
//       |                          |          +--flow_cancelled--> cancelled
//       |                          +--flow_abandoned: stays, until
//       +--------------------------+--link_expired--> expired
//
// succeeded, failed, cancelled and expired are terminal (DOMAIN.md §4): the
// request is complete, the 48-hour cooldown lifts, and every later step is
// refused (a click is answered `expired` or `used`, nothing else is recorded).

#include <optional>
#include <string_view>

namespace actors {

enum class relink_state {
  requested,
  flow_started,
  succeeded,
  failed,
  cancelled,
  expired
};

enum class relink_event {
  link_opened,    // the holder followed the link to the hosted page
  flow_succeeded, // re-authenticated at the institution, the right account
  flow_failed,    // the institution refused, or another account was picked
  flow_cancelled, // the holder chose manual entry instead
  flow_abandoned, // the holder left the page: the link stays usable
  link_expired,   // the link's lifetime passed
};

inline constexpr relink_state all_relink_states[] = {
    relink_state::requested, relink_state::flow_started, relink_state::succeeded,
    relink_state::failed,    relink_state::cancelled,    relink_state::expired};
inline constexpr relink_event all_relink_events[] = {
    relink_event::link_opened,    relink_event::flow_succeeded,
    relink_event::flow_failed,    relink_event::flow_cancelled,
    relink_event::flow_abandoned, relink_event::link_expired};

// The state after `event`, or nothing when the relink refuses it.
std::optional<relink_state> next_relink_state(relink_state state, relink_event event);

bool is_terminal(relink_state state);

std::string_view to_string(relink_state state);
std::string_view to_string(relink_event event);

} // namespace actors
