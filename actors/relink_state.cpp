#include "actors/relink_state.hpp"

namespace actors {

std::optional<relink_state> next_relink_state(relink_state state, relink_event event) {
  if (is_terminal(state))
    return std::nullopt;
  switch (event) {
  case relink_event::link_opened:
    if (state == relink_state::requested)
      return relink_state::flow_started;
    return std::nullopt; // a second click while the flow runs: the link is used
  case relink_event::link_expired:
    return relink_state::expired;
  case relink_event::flow_abandoned:
  case relink_event::flow_succeeded:
  case relink_event::flow_failed:
  case relink_event::flow_cancelled:
    if (state != relink_state::flow_started)
      return std::nullopt; // a flow ends only after it started
    break;
  }
  switch (event) {
  case relink_event::flow_succeeded:
    return relink_state::succeeded;
  case relink_event::flow_failed:
    return relink_state::failed;
  case relink_event::flow_cancelled:
    return relink_state::cancelled;
  default:
    return state; // abandoned: the link stays usable until it expires
  }
}

bool is_terminal(relink_state state) {
  return state == relink_state::succeeded || state == relink_state::failed ||
         state == relink_state::cancelled || state == relink_state::expired;
}

std::string_view to_string(relink_state state) {
  switch (state) {
  case relink_state::requested:
    return "requested";
  case relink_state::flow_started:
    return "flow_started";
  case relink_state::succeeded:
    return "succeeded";
  case relink_state::failed:
    return "failed";
  case relink_state::cancelled:
    return "cancelled";
  case relink_state::expired:
    return "expired";
  }
  return "?";
}

std::string_view to_string(relink_event event) {
  switch (event) {
  case relink_event::link_opened:
    return "link_opened";
  case relink_event::flow_succeeded:
    return "flow_succeeded";
  case relink_event::flow_failed:
    return "flow_failed";
  case relink_event::flow_cancelled:
    return "flow_cancelled";
  case relink_event::flow_abandoned:
    return "flow_abandoned";
  case relink_event::link_expired:
    return "link_expired";
  }
  return "?";
}

} // namespace actors
