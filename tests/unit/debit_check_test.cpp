// What an account's number can do for a debit (actors/debit_check.hpp), as the
// payments processor sees it.

#include "actors/debit_check.hpp"

#include <boost/test/unit_test.hpp>
#include <string>

using namespace actors;

namespace {

number_facts with_tan(tan_status status, std::uint32_t generation = 1) {
  number_facts number;
  number.tan = number_facts::tan_facts{generation, status};
  return number;
}

} // namespace

BOOST_AUTO_TEST_SUITE(debit_check_rule)

BOOST_AUTO_TEST_CASE(a_plain_account_number_moves_money_even_while_inactive) {
  number_facts number;
  number.status = account_status::inactive;
  number.cause = inactive_cause::access_denied;
  const auto answer = check_debit(number);
  BOOST_TEST(answer.allowed);
  BOOST_TEST(answer.tan == 0u);
}

BOOST_AUTO_TEST_CASE(a_closed_account_returns_r02_whatever_its_number) {
  auto number = with_tan(tan_status::transactable);
  number.status = account_status::inactive;
  number.cause = inactive_cause::account_closed;
  const auto answer = check_debit(number);
  BOOST_TEST(!answer.allowed);
  BOOST_TEST(std::string(answer.blocked_reason) == "bank_account_closed");
  BOOST_TEST(std::string(answer.ach_return_code) == "R02");
}

BOOST_AUTO_TEST_CASE(a_transactable_tan_moves_money_and_names_itself) {
  const auto answer = check_debit(with_tan(tan_status::transactable, 3));
  BOOST_TEST(answer.allowed);
  BOOST_TEST(answer.tan == 3u);
}

BOOST_AUTO_TEST_CASE(a_tan_that_is_not_transactable_returns_r04) {
  for (const auto status :
       {tan_status::pending, tan_status::expired, tan_status::deactivated}) {
    const auto answer = check_debit(with_tan(status, 2));
    BOOST_TEST(!answer.allowed, to_string(status));
    BOOST_TEST(std::string(answer.blocked_reason) ==
               "tokenized_account_number_deactivated");
    BOOST_TEST(std::string(answer.ach_return_code) == "R04");
    BOOST_TEST(answer.tan == 2u);
  }
}

BOOST_AUTO_TEST_SUITE_END()
