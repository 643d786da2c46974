// An authorization row through every step its state machine knows, refused ones
// included: each (state, event) pair once, against actors/authorization_state.hpp.

#include "actors/authorization_state.hpp"

#include <boost/test/unit_test.hpp>
#include <map>
#include <string>
#include <utility>

using namespace actors;

namespace {

using s = authorization_state;
using k = authorization_event_kind;

// Events that carry a cause carry this one in the table below; the cause's own
// part is pinned by the cases after it.
constexpr auto expiry = inactive_cause::access_expired;

// Every step a row takes; a pair not listed is refused.
const std::map<std::pair<s, k>, s> accepted{
    {{s::active, k::deactivate}, s::inactive},
    {{s::active, k::revoke}, s::revoked},
    {{s::active, k::schedule}, s::scheduled},
    {{s::scheduled, k::deactivate}, s::inactive},
    {{s::scheduled, k::revoke}, s::revoked},
    {{s::scheduled, k::schedule}, s::scheduled},
    {{s::scheduled, k::notice}, s::scheduled},
    {{s::scheduled, k::due}, s::inactive},
    {{s::inactive, k::revoke}, s::revoked},
    {{s::inactive, k::relink}, s::active},
    {{s::unavailable, k::revoke}, s::revoked},
    {{s::unavailable, k::relink}, s::active},
    {{s::unavailable, k::recover}, s::active},
    {{s::revoked, k::relink}, s::active},
};

std::string name(s state, k kind) {
  return std::string(to_string(state)) + " + " + std::string(to_string(kind));
}

} // namespace

BOOST_AUTO_TEST_SUITE(authorization_rows)

BOOST_AUTO_TEST_CASE(
    every_step_of_an_authorization_goes_where_the_diagram_says_or_is_refused) {
  for (const auto state : all_authorization_states)
    for (const auto kind : all_authorization_event_kinds) {
      const auto next = next_authorization_state(state, {kind, expiry});
      const auto i = accepted.find({state, kind});
      if (i == accepted.end()) {
        BOOST_TEST(!next.has_value(), name(state, kind) << " should be refused");
        continue;
      }
      BOOST_TEST_REQUIRE(next.has_value(), name(state, kind) << " should be accepted");
      BOOST_TEST(to_string(*next) == to_string(i->second), name(state, kind));
    }
}

BOOST_AUTO_TEST_CASE(a_row_goes_down_into_the_state_its_cause_says) {
  for (const auto up : {s::active, s::scheduled}) {
    const auto outage = next_authorization_state(
        up, {k::deactivate, inactive_cause::account_unavailable});
    const auto denied =
        next_authorization_state(up, {k::deactivate, inactive_cause::access_denied});
    const auto mfa = next_authorization_state(
        up, {k::deactivate, inactive_cause::institution_requirement});
    BOOST_TEST(to_string(outage.value()) == "unavailable");
    BOOST_TEST(to_string(denied.value()) == "revoked");
    BOOST_TEST(to_string(mfa.value()) == "inactive");
  }
  const auto due =
      next_authorization_state(s::scheduled, {k::due, inactive_cause::access_denied});
  BOOST_TEST(to_string(due.value()) == "revoked");
}

BOOST_AUTO_TEST_CASE(only_the_outage_that_took_a_row_down_lets_the_bank_restore_it) {
  for (const auto state : all_authorization_states)
    BOOST_TEST(next_authorization_state(state, {k::recover, expiry}).has_value() ==
                   (state == s::unavailable),
               name(state, k::recover));
}

BOOST_AUTO_TEST_CASE(
    a_row_already_down_keeps_its_first_cause_but_a_revocation_replaces_it) {
  for (const auto down : {s::inactive, s::unavailable}) {
    BOOST_TEST(
        !next_authorization_state(down, {k::deactivate, inactive_cause::access_denied})
             .has_value());
    BOOST_TEST(to_string(next_authorization_state(down, {k::revoke, expiry}).value()) ==
               "revoked");
  }
  BOOST_TEST(!next_authorization_state(s::revoked, {k::revoke, expiry}).has_value());
}

BOOST_AUTO_TEST_CASE(a_deactivation_is_announced_only_for_a_row_that_is_up) {
  for (const auto state : all_authorization_states)
    BOOST_TEST(next_authorization_state(state, {k::schedule, expiry}).has_value() ==
                   is_up(state),
               name(state, k::schedule));
}

BOOST_AUTO_TEST_SUITE_END()
