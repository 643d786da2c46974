// The sandbox's test institution, "Tokenized Account Numbers" (DOMAIN.md §1): a
// whole run of scenarios/sandbox-test-institution-accounts-are-eligible.yaml, in
// sandbox mode and again in live mode, where the name means nothing special.

#include <boost/test/unit_test.hpp>

#include "domain/events.hpp"
#include "format/loader.hpp"
#include "sim/runner.hpp"

#include <string>
#include <vector>

using namespace sim;

namespace {

const std::string file = std::string(RELINKSIM_SOURCE_DIR) +
                         "/scenarios/sandbox-test-institution-accounts-are-eligible.yaml";

outcome run_in(const std::vector<override_value>& overrides) {
  auto loaded = load_scenario_file(file, overrides);
  BOOST_TEST_REQUIRE(loaded.errors.empty());
  run_options options;
  options.keep_trace = true; // the test reads the whole trace
  return run_scenario(*loaded.value, options);
}

// The reason fca_amy_chk (active, no TAN expiring) got in the first request, or
// "accepted".
std::string verdict_for_amy(const outcome& o) {
  for (const auto& e : o.events.events()) {
    if (e.field("account") != "fca_amy_chk" || e.field("request") != "test_accounts")
      continue;
    if (e.type == actors::events::relink_accepted)
      return "accepted";
    if (e.type == actors::events::relink_rejected)
      return std::string(e.field("reason"));
  }
  return "undecided";
}

} // namespace

BOOST_AUTO_TEST_SUITE(sandbox_test_institution)

BOOST_AUTO_TEST_CASE(accepts_an_active_account_and_keeps_every_other_rule) {
  const auto o = run_in({});
  BOOST_TEST(verdict_for_amy(o) == "accepted");
  for (const auto& r : o.results)
    BOOST_TEST(r.passed, "line " << r.where.line << ": " << r.detail);
  // The invariants re-derive the rule on their own: they must agree with it.
  for (const auto& i : o.invariants)
    BOOST_TEST(i.passed, i.name << ": " << i.message);
}

BOOST_AUTO_TEST_CASE(in_live_mode_the_name_means_nothing_special) {
  const auto o = run_in({{"mode", "live"}});
  BOOST_TEST(verdict_for_amy(o) == "not_inactive_or_expiring");
}

BOOST_AUTO_TEST_SUITE_END()
