#include <boost/test/unit_test.hpp>

#include "actors/deactivation_notice.hpp"

using namespace actors;
using engine::days;
using engine::format_duration;

BOOST_AUTO_TEST_SUITE(deactivation_notice_rule)

BOOST_AUTO_TEST_CASE(first_schedule_far_ahead_notices_thirty_days_before) {
  auto p = plan_deactivation_notice(std::nullopt, days(45), days(1));
  BOOST_TEST(!p.send_notice_now);
  BOOST_TEST(!p.send_date_update);
  BOOST_TEST_REQUIRE(p.notice_in.has_value());
  BOOST_TEST(format_duration(*p.notice_in) == "14d"); // at 15d, 30 days before 45d
  BOOST_TEST(format_duration(p.due_in) == "44d");
  BOOST_TEST(!p.notice_sent);
}

BOOST_AUTO_TEST_CASE(exactly_thirty_days_ahead_notices_at_once) {
  auto p = plan_deactivation_notice(std::nullopt, days(31), days(1));
  BOOST_TEST(p.send_notice_now);
  BOOST_TEST(!p.notice_in.has_value());
  BOOST_TEST(p.notice_sent);
}

BOOST_AUTO_TEST_CASE(a_slip_after_the_notice_is_a_date_update) {
  auto p = plan_deactivation_notice(true, days(50), days(20));
  BOOST_TEST(p.send_date_update);
  BOOST_TEST(!p.send_notice_now);
  BOOST_TEST(!p.notice_in.has_value());
  BOOST_TEST(format_duration(p.due_in) == "30d");
}

BOOST_AUTO_TEST_CASE(a_slip_before_the_notice_only_moves_it) {
  auto p = plan_deactivation_notice(false, days(55), days(5));
  BOOST_TEST(!p.send_date_update);
  BOOST_TEST(!p.send_notice_now);
  BOOST_TEST_REQUIRE(p.notice_in.has_value());
  BOOST_TEST(format_duration(*p.notice_in) == "20d"); // at 25d
}

BOOST_AUTO_TEST_CASE(a_date_in_the_past_is_due_now) {
  auto p = plan_deactivation_notice(std::nullopt, days(2), days(3));
  BOOST_TEST(p.due_in.count() == 0);
  BOOST_TEST(p.send_notice_now);
}

BOOST_AUTO_TEST_SUITE_END()
