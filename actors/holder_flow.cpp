#include "actors/holder_flow.hpp"

namespace actors {

std::optional<holder_flow_state> next_holder_flow_state(holder_flow_state state,
                                                        holder_flow_event event) {
  using s = holder_flow_state;
  using e = holder_flow_event;
  switch (state) {
  case s::delivered:
    if (event == e::link_clicked)
      return s::awaiting_page;
    break;
  case s::awaiting_page:
    if (event == e::link_valid)
      return s::on_page;
    if (event == e::link_refused)
      return s::ended;
    break;
  case s::on_page:
    if (event == e::cancelled || event == e::abandoned)
      return s::ended;
    if (event == e::authenticate)
      return s::authenticating;
    break;
  case s::authenticating:
    if (event == e::auth_answered)
      return s::ended;
    break;
  case s::ended:
    break;
  }
  return std::nullopt;
}

std::string_view to_string(holder_flow_state state) {
  switch (state) {
  case holder_flow_state::delivered:
    return "delivered";
  case holder_flow_state::awaiting_page:
    return "awaiting_page";
  case holder_flow_state::on_page:
    return "on_page";
  case holder_flow_state::authenticating:
    return "authenticating";
  case holder_flow_state::ended:
    return "ended";
  }
  return "?";
}

std::string_view to_string(holder_flow_event event) {
  switch (event) {
  case holder_flow_event::link_clicked:
    return "link_clicked";
  case holder_flow_event::link_valid:
    return "link_valid";
  case holder_flow_event::link_refused:
    return "link_refused";
  case holder_flow_event::cancelled:
    return "cancelled";
  case holder_flow_event::abandoned:
    return "abandoned";
  case holder_flow_event::authenticate:
    return "authenticate";
  case holder_flow_event::auth_answered:
    return "auth_answered";
  }
  return "?";
}

} // namespace actors
