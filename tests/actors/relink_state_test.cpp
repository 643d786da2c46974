// A relink through every step its state machine knows, refused ones included:
// each (state, event) pair once, against the diagram in actors/relink_state.hpp.

#include "actors/relink_state.hpp"

#include <boost/test/unit_test.hpp>
#include <map>
#include <optional>
#include <string>
#include <utility>

using namespace actors;

namespace {

using s = relink_state;
using e = relink_event;

// Every step a relink takes; a pair not listed is refused.
const std::map<std::pair<s, e>, s> accepted{
    {{s::requested, e::link_opened}, s::flow_started},
    {{s::requested, e::link_expired}, s::expired},
    {{s::flow_started, e::flow_succeeded}, s::succeeded},
    {{s::flow_started, e::flow_failed}, s::failed},
    {{s::flow_started, e::flow_cancelled}, s::cancelled},
    {{s::flow_started, e::flow_abandoned}, s::flow_started},
    {{s::flow_started, e::link_expired}, s::expired},
};

std::string name(s state, e event) {
  return std::string(to_string(state)) + " + " + std::string(to_string(event));
}

} // namespace

BOOST_AUTO_TEST_SUITE(relink_rows)

BOOST_AUTO_TEST_CASE(every_step_of_a_relink_goes_where_the_diagram_says_or_is_refused) {
  for (const auto state : all_relink_states)
    for (const auto event : all_relink_events) {
      const auto next = next_relink_state(state, event);
      const auto i = accepted.find({state, event});
      if (i == accepted.end()) {
        BOOST_TEST(!next.has_value(), name(state, event) << " should be refused");
        continue;
      }
      BOOST_TEST_REQUIRE(next.has_value(), name(state, event) << " should be accepted");
      BOOST_TEST(to_string(*next) == to_string(i->second), name(state, event));
    }
}

BOOST_AUTO_TEST_CASE(a_terminal_relink_refuses_every_later_step) {
  for (const auto state : all_relink_states) {
    if (!is_terminal(state))
      continue;
    for (const auto event : all_relink_events)
      BOOST_TEST(!next_relink_state(state, event).has_value(), name(state, event));
  }
}

BOOST_AUTO_TEST_CASE(a_second_click_while_the_flow_runs_is_refused_as_used) {
  BOOST_TEST(!next_relink_state(s::flow_started, e::link_opened).has_value());
}

BOOST_AUTO_TEST_CASE(an_abandoned_flow_keeps_its_link_until_it_expires) {
  const auto after_abandon = next_relink_state(s::flow_started, e::flow_abandoned);
  BOOST_TEST_REQUIRE(after_abandon.has_value());
  BOOST_TEST(!is_terminal(*after_abandon));
  const auto after_expiry = next_relink_state(*after_abandon, e::link_expired);
  BOOST_TEST_REQUIRE(after_expiry.has_value());
  BOOST_TEST(is_terminal(*after_expiry));
}

BOOST_AUTO_TEST_CASE(a_flow_cannot_end_before_the_link_was_opened) {
  for (const auto event :
       {e::flow_succeeded, e::flow_failed, e::flow_cancelled, e::flow_abandoned})
    BOOST_TEST(!next_relink_state(s::requested, event).has_value(),
               name(s::requested, event));
}

BOOST_AUTO_TEST_SUITE_END()
