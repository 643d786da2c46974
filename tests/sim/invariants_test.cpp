// Each invariant is provoked by breaking the rule it guards, on purpose: the world
// is built with a rulebook whose rule is replaced by a broken one written here, and
// the checker must name the invariant and the first bad event.

#define BOOST_TEST_MODULE sim
#include "actors/rules.hpp"
#include "domain/events.hpp"
#include "format/loader.hpp"
#include "sim/runner.hpp"

#include <boost/test/unit_test.hpp>
#include <initializer_list>
#include <optional>
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

outcome run_with(const actors::rulebook& rules) {
  auto loaded = load_scenario_text(world, "invariants.yaml");
  BOOST_REQUIRE(loaded.value.has_value());
  run_options options;
  options.keep_trace = true; // the test reads the whole trace
  options.rules = rules;
  return run_scenario(*loaded.value, options);
}

// -- broken rules -------------------------------------------------------------

// The eligibility rules, but an account whose first failing rule is one of
// `skipped` is accepted, as a coordinator that forgot those rules would.
std::optional<actors::rejection_reason>
skipping(const actors::eligibility_facts& facts,
         std::initializer_list<actors::rejection_reason> skipped) {
  const auto reason = actors::check_eligibility(facts);
  for (const auto s : skipped)
    if (reason == s)
      return std::nullopt;
  return reason;
}

std::optional<actors::rejection_reason>
without_status_rules(const actors::eligibility_facts& facts) {
  using r = actors::rejection_reason;
  return skipping(facts,
                  {r::disconnected, r::not_repairable, r::not_inactive_or_expiring});
}

std::optional<actors::rejection_reason>
without_cooldown(const actors::eligibility_facts& facts) {
  return skipping(facts, {actors::rejection_reason::cooldown_48h});
}

std::optional<actors::rejection_reason>
without_email_rules(const actors::eligibility_facts& facts) {
  using r = actors::rejection_reason;
  return skipping(facts, {r::no_email, r::sandbox_email_unconfirmed});
}

// A relink of an active account reported as a reactivation.
actors::repair_effect reactivating_active(const actors::repair_facts& account) {
  if (account.status == actors::account_status::active)
    return actors::repair_effect::reactivate;
  return actors::repair_of(account);
}

// Links that never expire: requests stay pending past their lifetime.
std::optional<actors::relink_state> never_expiring(actors::relink_state state,
                                                   actors::relink_event event) {
  if (event == actors::relink_event::link_expired)
    return std::nullopt;
  return actors::next_relink_state(state, event);
}

// A broken bank: every debit goes through, on the first TAN however dead or replaced.
actors::debit_answer allowing_any(const actors::number_facts& number) {
  return {true, "", "", number.tan ? 1u : 0u};
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
  auto o = run_with(actors::standard_rules);
  BOOST_TEST(o.invariants.size() == 6u);
  BOOST_TEST(violated(o) == 0u);
  BOOST_TEST(o.passed());
}

BOOST_AUTO_TEST_CASE(accepting_an_active_account_violates_eligible_at_request) {
  actors::rulebook rules;
  rules.request_eligibility = without_status_rules;
  auto o = run_with(rules);
  const auto& i = find(o, "eligible_at_request");
  BOOST_TEST(!i.passed);
  BOOST_TEST(event_at(o, i.first_bad_sequence).type == actors::events::relink_accepted);
  BOOST_TEST(i.message == "fca_erin was accepted in request second but was not eligible: "
                          "not_inactive_or_expiring");
  BOOST_TEST(!o.passed());
}

BOOST_AUTO_TEST_CASE(ignoring_the_cooldown_violates_cooldown_respected) {
  actors::rulebook rules;
  rules.request_eligibility = without_cooldown;
  auto o = run_with(rules);
  const auto& i = find(o, "cooldown_respected");
  BOOST_TEST(!i.passed);
  BOOST_TEST(std::string(event_at(o, i.first_bad_sequence).field("account")) == "fca_alice");
  BOOST_TEST(i.message.rfind("fca_alice got a second hosted request 1h after the first", 0) == 0);
  BOOST_TEST(violated(o) == 1u);
}

BOOST_AUTO_TEST_CASE(emailing_without_a_confirmed_address_violates_emails_addressed) {
  actors::rulebook rules;
  rules.request_eligibility = without_email_rules;
  auto o = run_with(rules);
  const auto& i = find(o, "emails_addressed");
  BOOST_TEST(!i.passed);
  BOOST_TEST(event_at(o, i.first_bad_sequence).type == actors::events::email_sent);
  BOOST_TEST(i.message == "email for fca_bob sent without an address");
  BOOST_TEST(i.violations == 2u); // bob without address, frank unconfirmed
}

BOOST_AUTO_TEST_CASE(reactivating_an_active_account_violates_account_events_consistent) {
  actors::rulebook rules;
  rules.request_eligibility = without_status_rules;
  rules.repair = reactivating_active;
  auto o = run_with(rules);
  // erin (active) is accepted, but ignores nothing: her flow succeeds and the
  // broken account reports a reactivation of an active account.
  const auto& i = find(o, "account_events_consistent");
  BOOST_TEST(!i.passed);
  BOOST_TEST(event_at(o, i.first_bad_sequence).entity == "fca_erin");
  BOOST_TEST(i.message == "reactivated fca_erin while it was active");
}

BOOST_AUTO_TEST_CASE(never_expiring_links_violates_requests_end_by_link_lifetime) {
  actors::rulebook rules;
  rules.relink_step = never_expiring;
  auto o = run_with(rules);
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
  options.keep_trace = true; // the test reads the whole trace
  auto honest = run_scenario(*loaded.value, options);
  BOOST_TEST(honest.violated_invariants() == 0u);
  options.rules.debit = allowing_any;
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
