// What a successful relink does to one account (actors/repair.hpp).

#include "actors/repair.hpp"

#include <boost/test/unit_test.hpp>

using namespace actors;

BOOST_AUTO_TEST_SUITE(repair_rule)

BOOST_AUTO_TEST_CASE(an_active_account_gets_a_new_tan) {
  BOOST_TEST((repair_of({account_status::active, std::nullopt, false}) ==
              repair_effect::renew_tan));
}

BOOST_AUTO_TEST_CASE(a_disconnected_account_stays_as_it_is) {
  BOOST_TEST((repair_of({account_status::disconnected, std::nullopt, true}) ==
              repair_effect::none));
}

BOOST_AUTO_TEST_CASE(a_closed_account_is_not_repairable) {
  BOOST_TEST((repair_of({account_status::inactive, inactive_cause::account_closed,
                         true}) == repair_effect::none));
}

BOOST_AUTO_TEST_CASE(an_account_down_with_its_credentials_is_repaired_through_them) {
  BOOST_TEST((repair_of({account_status::inactive, std::nullopt, true}) ==
              repair_effect::through_authorization));
  BOOST_TEST((repair_of({account_status::inactive, inactive_cause::access_denied,
                         true}) == repair_effect::through_authorization));
}

BOOST_AUTO_TEST_CASE(an_account_down_for_its_own_reason_is_reactivated) {
  BOOST_TEST((repair_of({account_status::inactive, inactive_cause::access_denied,
                         false}) == repair_effect::reactivate));
}

BOOST_AUTO_TEST_SUITE_END()
