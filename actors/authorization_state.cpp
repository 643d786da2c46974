#include "actors/authorization_state.hpp"

namespace actors {
namespace {

authorization_state down_for(inactive_cause cause) {
  switch (cause) {
  case inactive_cause::account_unavailable:
    return authorization_state::unavailable;
  case inactive_cause::access_denied:
    return authorization_state::revoked;
  default:
    return authorization_state::inactive;
  }
}

// What an active row (announced deactivation or not) does.
std::optional<authorization_state> from_up(authorization_state state,
                                           authorization_event event) {
  switch (event.kind) {
  case authorization_event_kind::deactivate:
    return down_for(event.cause);
  case authorization_event_kind::revoke:
    return authorization_state::revoked;
  case authorization_event_kind::schedule:
    return authorization_state::scheduled;
  case authorization_event_kind::notice:
  case authorization_event_kind::due:
    if (state != authorization_state::scheduled)
      return std::nullopt; // nothing announced
    if (event.kind == authorization_event_kind::notice)
      return state;
    return down_for(event.cause);
  case authorization_event_kind::relink:
  case authorization_event_kind::recover:
    return std::nullopt; // nothing to repair
  }
  return std::nullopt;
}

// What a row that is down does.
std::optional<authorization_state> from_down(authorization_state state,
                                             authorization_event event) {
  switch (event.kind) {
  case authorization_event_kind::revoke:
    if (state == authorization_state::revoked)
      return std::nullopt;
    return authorization_state::revoked; // the bank will not restore it now
  case authorization_event_kind::relink:
    return authorization_state::active;
  case authorization_event_kind::recover:
    if (state != authorization_state::unavailable)
      return std::nullopt; // not the outage's doing
    return authorization_state::active;
  case authorization_event_kind::deactivate: // the first cause stays
  case authorization_event_kind::schedule:   // already down: nothing to announce
  case authorization_event_kind::notice:
  case authorization_event_kind::due:
    return std::nullopt;
  }
  return std::nullopt;
}

} // namespace

std::optional<authorization_state> next_authorization_state(authorization_state state,
                                                            authorization_event event) {
  return is_up(state) ? from_up(state, event) : from_down(state, event);
}

bool is_up(authorization_state state) {
  return state == authorization_state::active || state == authorization_state::scheduled;
}

std::string_view to_string(authorization_state state) {
  switch (state) {
  case authorization_state::active:
    return "active";
  case authorization_state::scheduled:
    return "scheduled";
  case authorization_state::inactive:
    return "inactive";
  case authorization_state::unavailable:
    return "unavailable";
  case authorization_state::revoked:
    return "revoked";
  }
  return "?";
}

std::string_view to_string(authorization_event_kind kind) {
  switch (kind) {
  case authorization_event_kind::deactivate:
    return "deactivate";
  case authorization_event_kind::revoke:
    return "revoke";
  case authorization_event_kind::relink:
    return "relink";
  case authorization_event_kind::recover:
    return "recover";
  case authorization_event_kind::schedule:
    return "schedule";
  case authorization_event_kind::notice:
    return "notice";
  case authorization_event_kind::due:
    return "due";
  }
  return "?";
}

} // namespace actors
