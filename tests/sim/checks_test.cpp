// A check that fires inside the world stops the whole run and names itself and
// the event where it fired; it is never an actor quietly dying while the run goes
// on to a pass.

#include "actors/customer.hpp"
#include "actors/mailer.hpp"
#include "domain/events.hpp"
#include "engine/check.hpp"
#include "engine/kernel.hpp"
#include "format/loader.hpp"
#include "sim/runner.hpp"

#include <boost/test/unit_test.hpp>
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

outcome run_world() {
  auto loaded = load_scenario_text(world, "checks.yaml");
  BOOST_REQUIRE(loaded.value.has_value());
  return run_scenario(*loaded.value, {});
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

} // namespace

BOOST_AUTO_TEST_SUITE(checks)

BOOST_AUTO_TEST_CASE(the_unbroken_world_delivers_the_email_and_passes) {
  const auto o = run_world();
  BOOST_TEST(o.passed());
}

BOOST_AUTO_TEST_CASE(a_holder_row_out_of_range_stops_the_run_at_the_delivery_naming_the_check) {
  // A world of one holder and the mailer, built here: the mailer is handed a
  // holder row past the end of the holders' table, a programmer error that no
  // scenario can make.
  engine::kernel k(1);
  const auto holders =
      k.spawn(actors::customers_behavior, &k,
              std::vector<actors::customer_config>{
                  {"cus_alice", actors::holder_kind::customer, "alice@acme.test", 0}},
              std::vector<actors::customer_behavior>{}, actors::coordinator_actor{});
  const auto mailer = k.spawn(actors::mailer_behavior, &k, actors::mailer_config{});
  actors::relink_link link;
  link.relink = actors::relink_number{1};
  link.relink_id = "rr_1";
  link.request_id = "repair";
  link.account_id = "fca_alice";
  link.email = "alice@acme.test";
  caf::anon_send(mailer, actors::send_atom::value, link, actors::holder_ref{holders, 1});
  try {
    k.run(engine::days(5));
    BOOST_FAIL("expected check_failed");
  } catch (const engine::check_failed& e) {
    // When the trace recorded the delivery: where the run must stop.
    std::string delivered_at;
    for (const auto& recorded : k.events().events())
      if (recorded.type == actors::events::email_delivered)
        delivered_at = engine::format_duration(recorded.time);
    BOOST_REQUIRE(!delivered_at.empty());
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
