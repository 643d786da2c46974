// Each invariant is provoked by breaking the rule it guards, on purpose, in the
// actors: the checker must name the invariant and the first bad event.

#define BOOST_TEST_MODULE sim
#include <boost/test/unit_test.hpp>

#include "domain/events.hpp"
#include "format/loader.hpp"
#include "sim/runner.hpp"

#include <string>

using namespace sim;

namespace {

// A sandbox world with one eligible account (alice), one active account (erin),
// one holder without email (bob), one unconfirmed address (frank); alice ignores
// her emails so her request stays pending.
const std::string world = R"(scenario: invariants
horizon: 12d
mode: sandbox
platform: { confirmed_emails: [qa@acme.test], link_lifetime: 7d }
institutions: [{ id: bank }]
behaviors:
  ignores: { opens: 0 }
customers:
  - { id: cus_alice, email: qa@acme.test, behavior: ignores, accounts: [{ id: fca_alice, institution: bank }] }
  - { id: cus_erin, email: qa@acme.test, accounts: [{ id: fca_erin, institution: bank }] }
  - { id: cus_bob, accounts: [{ id: fca_bob, institution: bank }] }
  - { id: cus_frank, email: frank@x.test, accounts: [{ id: fca_frank, institution: bank }] }
timeline:
  - { at: 1d, revoke: { account: fca_alice } }
  - { at: 1d, revoke: { account: fca_bob } }
  - { at: 1d, revoke: { account: fca_frank } }
  - { at: 1d1h, id: first, request_relink: { accounts: [fca_alice] } }
  - { at: 1d2h, id: second, request_relink: { accounts: [fca_alice, fca_erin, fca_bob, fca_frank] } }
)";

outcome run_with(const actors::rule_breaks& breaks) {
  auto loaded = load_scenario_text(world, "invariants.yaml");
  BOOST_REQUIRE(loaded.value.has_value());
  run_options options;
  options.breaks = breaks;
  return run_scenario(*loaded.value, options);
}

const invariant_result& find(const outcome& o, const std::string& name) {
  for (const auto& i : o.invariants)
    if (i.name == name)
      return i;
  BOOST_FAIL("no invariant named " + name);
  return o.invariants.front();
}

const engine::trace_event& event_at(const outcome& o, std::uint64_t sequence) {
  BOOST_REQUIRE(sequence >= 1 && sequence <= o.events.size());
  return o.events.events()[sequence - 1];
}

std::size_t violated(const outcome& o) { return o.violated_invariants(); }

} // namespace

BOOST_AUTO_TEST_CASE(the_unbroken_world_keeps_every_invariant) {
  auto o = run_with({});
  BOOST_TEST(o.invariants.size() == 6u);
  BOOST_TEST(violated(o) == 0u);
  BOOST_TEST(o.passed());
}

BOOST_AUTO_TEST_CASE(accepting_an_active_account_violates_eligible_at_request) {
  actors::rule_breaks breaks;
  breaks.skip_status_rules = true;
  auto o = run_with(breaks);
  const auto& i = find(o, "eligible_at_request");
  BOOST_TEST(!i.passed);
  BOOST_TEST(event_at(o, i.first_bad_sequence).type == actors::events::relink_accepted);
  BOOST_TEST(i.message == "fca_erin was accepted in request second but was not eligible: "
                          "not_inactive_or_expiring");
  BOOST_TEST(!o.passed());
}

BOOST_AUTO_TEST_CASE(ignoring_the_cooldown_violates_cooldown_respected) {
  actors::rule_breaks breaks;
  breaks.skip_cooldown = true;
  auto o = run_with(breaks);
  const auto& i = find(o, "cooldown_respected");
  BOOST_TEST(!i.passed);
  BOOST_TEST(std::string(event_at(o, i.first_bad_sequence).field("account")) == "fca_alice");
  BOOST_TEST(i.message.rfind("fca_alice got a second hosted request 1h after the first", 0) == 0);
  BOOST_TEST(violated(o) == 1u);
}

BOOST_AUTO_TEST_CASE(emailing_without_a_confirmed_address_violates_emails_addressed) {
  actors::rule_breaks breaks;
  breaks.skip_email_rules = true;
  auto o = run_with(breaks);
  const auto& i = find(o, "emails_addressed");
  BOOST_TEST(!i.passed);
  BOOST_TEST(event_at(o, i.first_bad_sequence).type == actors::events::email_sent);
  BOOST_TEST(i.message == "email for fca_bob sent without an address");
  BOOST_TEST(i.violations == 2u); // bob without address, frank unconfirmed
}

BOOST_AUTO_TEST_CASE(reactivating_an_active_account_violates_account_events_consistent) {
  actors::rule_breaks breaks;
  breaks.skip_status_rules = true;
  breaks.reactivate_active = true;
  auto o = run_with(breaks);
  // erin (active) is accepted, but ignores nothing: her flow succeeds and the
  // broken account reports a reactivation of an active account.
  const auto& i = find(o, "account_events_consistent");
  BOOST_TEST(!i.passed);
  BOOST_TEST(event_at(o, i.first_bad_sequence).entity == "fca_erin");
  BOOST_TEST(i.message == "reactivated fca_erin while it was active");
}

BOOST_AUTO_TEST_CASE(never_expiring_links_violates_requests_end_by_link_lifetime) {
  actors::rule_breaks breaks;
  breaks.never_expire_links = true;
  auto o = run_with(breaks);
  const auto& i = find(o, "requests_end_by_link_lifetime");
  BOOST_TEST(!i.passed);
  BOOST_TEST(event_at(o, i.first_bad_sequence).type == actors::events::relink_accepted);
  BOOST_TEST(i.message == "the request for fca_alice accepted at 1d1h was still pending when "
                          "its link expired at 8d1h");
}

BOOST_AUTO_TEST_CASE(debiting_a_replaced_tan_violates_payments_on_transactable_numbers) {
  auto loaded = load_scenario_text(R"(scenario: pay
horizon: 10d
mode: live
institutions: [{ id: bank }]
customers:
  - { id: cus_tess, email: t@x.test, accounts: [{ id: fca_tess, institution: bank, tan_expires: 100d }] }
timeline:
  - { at: 1d, revoke: { account: fca_tess } }
  - { at: 2d, payment: { account: fca_tess, amount: 100 } }
  - { at: 3d, request_relink: { accounts: [fca_tess] } }
  - { at: 5d, payment: { account: fca_tess, amount: 100 } }
)",
                                   "pay.yaml");
  BOOST_REQUIRE(loaded.value.has_value());
  run_options options;
  auto honest = run_scenario(*loaded.value, options);
  BOOST_TEST(honest.violated_invariants() == 0u);
  options.breaks.allow_any_debit = true;
  auto o = run_scenario(*loaded.value, options);
  const auto& i = find(o, "payments_on_transactable_numbers");
  BOOST_TEST(!i.passed);
  BOOST_TEST(i.violations == 2u);
  BOOST_TEST(event_at(o, i.first_bad_sequence).type == actors::events::payment_succeeded);
  BOOST_TEST(i.message == "payment on fca_tess succeeded on tan_1 while it was deactivated");
}

BOOST_AUTO_TEST_CASE(reordered_webhooks_arrive_out_of_order_and_the_same_way_every_time) {
  auto loaded = load_scenario_text(R"(scenario: reorder
horizon: 2d
mode: live
institutions: [{ id: bank }]
populations:
  - { name: many, customers: 60, institution: bank }
timeline:
  - { at: 0s, webhook_faults: { reorder: 1.0 } }
  - { at: 1d, outage: { institution: bank, for: 1h, deactivates: 1.0 } }
)",
                                   "reorder.yaml");
  BOOST_REQUIRE(loaded.value.has_value());
  auto a = run_scenario(*loaded.value, {});
  auto b = run_scenario(*loaded.value, {});
  // Each of the 60 accounts is created, then deactivated: 120 webhooks, all held back.
  BOOST_TEST(a.webhooks.events == 120u);
  BOOST_TEST(a.webhooks.held_back == 120u);
  BOOST_TEST(a.webhooks.out_of_order > 0u);
  BOOST_TEST(a.webhooks.delivered.size() == 120u);
  BOOST_TEST(a.webhooks.out_of_order == b.webhooks.out_of_order);
  for (std::size_t i = 0; i < a.webhooks.delivered.size(); ++i)
    BOOST_TEST(a.webhooks.delivered[i].sequence == b.webhooks.delivered[i].sequence);
}
