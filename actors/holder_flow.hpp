#pragma once

// One relink link as a holder lives it, a flow of the customers actor's rows:
// its state, what can happen to it, and the one function that says what each
// happening does. Pure: no CAF, no clock, no draws (the actor draws whether the
// holder opens, cancels or completes, and tells this the outcome).
//
//   delivered --link_clicked--> awaiting_page --link_refused (expired, used)--> ended
//                                    |
//                               link_valid
//                                    v
//                                 on_page --cancelled | abandoned--> ended
//                                    |
//                               authenticate
//                                    v
//                              authenticating --auth_answered--> ended
//
// `ended` is final: a second click's answer, or a second answer of the bank,
// finds no flow waiting and is refused.

#include <optional>
#include <string_view>

namespace actors {

enum class holder_flow_state { delivered, awaiting_page, on_page, authenticating, ended };

enum class holder_flow_event {
  link_clicked,  // opened the email (or the platform's notification), clicked the link
  link_valid,    // the hosted page let the holder in
  link_refused,  // the hosted page said expired or used
  cancelled,     // chose manual entry instead
  abandoned,     // left the page
  authenticate,  // went on to re-authenticate at the institution
  auth_answered, // the institution answered
};

inline constexpr holder_flow_state all_holder_flow_states[] = {
    holder_flow_state::delivered, holder_flow_state::awaiting_page,
    holder_flow_state::on_page, holder_flow_state::authenticating,
    holder_flow_state::ended};
inline constexpr holder_flow_event all_holder_flow_events[] = {
    holder_flow_event::link_clicked, holder_flow_event::link_valid,
    holder_flow_event::link_refused, holder_flow_event::cancelled,
    holder_flow_event::abandoned,    holder_flow_event::authenticate,
    holder_flow_event::auth_answered};

// The state after `event`, or nothing when the flow refuses it.
std::optional<holder_flow_state> next_holder_flow_state(holder_flow_state state,
                                                        holder_flow_event event);

std::string_view to_string(holder_flow_state state);
std::string_view to_string(holder_flow_event event);

} // namespace actors
