// Checks stay on where `assert` vanishes: this file is compiled as the shipped
// build is, with NDEBUG, whatever the build type.
#ifndef NDEBUG
#define NDEBUG
#endif

#include <boost/test/unit_test.hpp>

#include "engine/check.hpp"

#include <cassert>
#include <string>

using namespace engine;

namespace {

constexpr int check_line = __LINE__ + 3; // the line of the check below

int checked_row(int row, int rows) {
  ENGINE_CHECK(row < rows, "no row " + std::to_string(row) + " of " + std::to_string(rows));
  return row;
}

// The message is built only when the check fails.
int messages_built = 0;
std::string counted_message() {
  ++messages_built;
  return "counted";
}

} // namespace

BOOST_AUTO_TEST_SUITE(check)

BOOST_AUTO_TEST_CASE(a_check_fires_where_assert_is_compiled_out) {
  assert(false); // gone: NDEBUG is defined
  BOOST_CHECK_THROW(checked_row(9, 4), check_failed);
  BOOST_TEST(checked_row(3, 4) == 3);
}

BOOST_AUTO_TEST_CASE(a_failed_check_names_its_condition_file_line_and_message) {
  try {
    checked_row(9, 4);
    BOOST_FAIL("expected check_failed");
  } catch (const check_failed& e) {
    BOOST_TEST(e.condition() == "row < rows");
    BOOST_TEST(e.file() == "tests/engine/check_test.cpp");
    BOOST_TEST(e.line() == check_line);
    const std::string at = "tests/engine/check_test.cpp:" + std::to_string(check_line);
    BOOST_TEST(e.message() == "no row 9 of 4");
    BOOST_TEST(e.check() == "row < rows (" + at + ": no row 9 of 4)");
    BOOST_TEST(std::string(e.what()) == "internal check failed: row < rows (" + at +
                                          ": no row 9 of 4)");
    BOOST_TEST(!e.located());
  }
}

BOOST_AUTO_TEST_CASE(a_located_check_says_when_and_while_handling_what) {
  try {
    checked_row(5, 5);
    BOOST_FAIL("expected check_failed");
  } catch (check_failed& e) {
    e.locate(hours(26), "(tick) in ticker");
    BOOST_TEST(e.located());
    BOOST_TEST(format_duration(e.at()) == "1d2h");
    BOOST_TEST(e.while_handling() == "(tick) in ticker");
    BOOST_TEST(std::string(e.what()) == "internal check failed: row < rows (tests/engine/"
                                        "check_test.cpp:" + std::to_string(check_line) +
                                        ": no row 5 of 5) at 1d2h while handling (tick) in "
                                        "ticker");
  }
}

BOOST_AUTO_TEST_CASE(the_message_is_built_only_when_the_check_fails) {
  messages_built = 0;
  for (int i = 0; i < 1000; ++i)
    ENGINE_CHECK(i >= 0, counted_message());
  BOOST_TEST(messages_built == 0);
  BOOST_CHECK_THROW(ENGINE_CHECK(messages_built > 0, counted_message()), check_failed);
  BOOST_TEST(messages_built == 1);
}

BOOST_AUTO_TEST_SUITE_END()
