// A check that fires inside the world stops the whole run and names itself and
// the event where it fired; it is never an actor quietly dying while the run goes
// on to a pass.

#include <boost/test/unit_test.hpp>

#include "domain/events.hpp"
#include "engine/check.hpp"
#include "format/loader.hpp"
#include "sim/runner.hpp"

#include <string>

using namespace sim;

namespace {

// One relink email to one holder.
const std::string world = R"(scenario: checks
horizon: 5d
mode: live
platform: { link_lifetime: 7d }
institutions: [{ id: bank }]
customers:
  - { id: cus_alice, email: alice@acme.test, accounts: [{ id: fca_alice, institution: bank }] }
timeline:
  - { at: 1d, revoke: { account: fca_alice } }
  - { at: 1d1h, id: repair, request_relink: { accounts: [fca_alice] } }
)";

outcome run_with(const actors::rule_breaks& breaks) {
  auto loaded = load_scenario_text(world, "checks.yaml");
  BOOST_REQUIRE(loaded.value.has_value());
  run_options options;
  options.breaks = breaks;
  return run_scenario(*loaded.value, options);
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

} // namespace

BOOST_AUTO_TEST_SUITE(checks)

BOOST_AUTO_TEST_CASE(the_unbroken_world_delivers_the_email_and_passes) {
  const auto o = run_with({});
  BOOST_TEST(o.passed());
}

BOOST_AUTO_TEST_CASE(a_holder_row_out_of_range_stops_the_run_at_the_delivery_naming_the_check) {
  // When the email reaches the holder in the unbroken world: where the broken
  // one must stop.
  std::string delivered_at;
  const auto unbroken = run_with({});
  for (const auto& e : unbroken.events.events())
    if (e.type == actors::events::email_delivered)
      delivered_at = engine::format_duration(e.time);
  BOOST_REQUIRE(!delivered_at.empty());

  actors::rule_breaks breaks;
  breaks.holder_rows_out_of_range = true;
  try {
    run_with(breaks);
    BOOST_FAIL("expected check_failed");
  } catch (const engine::check_failed& e) {
    BOOST_TEST_MESSAGE(e.what());
    BOOST_TEST(e.condition() == "row < rows.size()");
    BOOST_TEST(e.file() == "actors/customer.cpp");
    BOOST_TEST(e.message() == "no customer row 1 of 1");
    BOOST_TEST(e.located());
    BOOST_TEST(engine::format_duration(e.at()) == delivered_at);
    // The mailer's delivery to the holders' actor, just after the trace recorded it.
    BOOST_TEST(contains(e.while_handling(), "('deliver', 1, "), e.while_handling());
    BOOST_TEST(contains(e.while_handling(), ") in customers, after trace event #"),
               e.while_handling());
    BOOST_TEST(contains(e.while_handling(),
                        std::string(actors::events::email_delivered) + " email_1 at " +
                          delivered_at),
               e.while_handling());
  }
}

BOOST_AUTO_TEST_SUITE_END()
