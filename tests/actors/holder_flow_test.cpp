// A holder's flow through every step its state machine knows, refused ones
// included: each (state, event) pair once, against actors/holder_flow.hpp.

#include "actors/holder_flow.hpp"

#include <boost/test/unit_test.hpp>
#include <map>
#include <string>
#include <utility>

using namespace actors;

namespace {

using s = holder_flow_state;
using e = holder_flow_event;

// Every step a flow takes; a pair not listed is refused.
const std::map<std::pair<s, e>, s> accepted{
    {{s::delivered, e::link_clicked}, s::awaiting_page},
    {{s::awaiting_page, e::link_valid}, s::on_page},
    {{s::awaiting_page, e::link_refused}, s::ended},
    {{s::on_page, e::cancelled}, s::ended},
    {{s::on_page, e::abandoned}, s::ended},
    {{s::on_page, e::authenticate}, s::authenticating},
    {{s::authenticating, e::auth_answered}, s::ended},
};

std::string name(s state, e event) {
  return std::string(to_string(state)) + " + " + std::string(to_string(event));
}

} // namespace

BOOST_AUTO_TEST_SUITE(holder_rows)

BOOST_AUTO_TEST_CASE(
    every_step_of_a_holders_flow_goes_where_the_diagram_says_or_is_refused) {
  for (const auto state : all_holder_flow_states)
    for (const auto event : all_holder_flow_events) {
      const auto next = next_holder_flow_state(state, event);
      const auto i = accepted.find({state, event});
      if (i == accepted.end()) {
        BOOST_TEST(!next.has_value(), name(state, event) << " should be refused");
        continue;
      }
      BOOST_TEST_REQUIRE(next.has_value(), name(state, event) << " should be accepted");
      BOOST_TEST(to_string(*next) == to_string(i->second), name(state, event));
    }
}

BOOST_AUTO_TEST_CASE(the_answer_to_a_second_click_finds_the_flow_ended_and_is_refused) {
  for (const auto event : {e::link_valid, e::link_refused})
    BOOST_TEST(!next_holder_flow_state(s::ended, event).has_value(),
               name(s::ended, event));
}

BOOST_AUTO_TEST_CASE(the_bank_answers_only_a_holder_who_is_authenticating) {
  for (const auto state : all_holder_flow_states)
    BOOST_TEST(next_holder_flow_state(state, e::auth_answered).has_value() ==
                   (state == s::authenticating),
               name(state, e::auth_answered));
}

BOOST_AUTO_TEST_SUITE_END()
