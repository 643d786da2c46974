#include <boost/test/unit_test.hpp>

#include "format/loader.hpp"
#include "sim/expectations.hpp"

#include <sstream>
#include <string>
#include <vector>

using namespace sim;

namespace {

// A small valid scenario; tests append or replace pieces of it.
const std::string base = R"(scenario: small
title: a small world
horizon: 5d
mode: sandbox
platform:
  confirmed_emails: [qa@acme.test]
institutions:
  - id: tan_bank
behaviors:
  prompt: { opens: 1.0, open_after: uniform(2h, 4h), completes: 1.0 }
customers:
  - id: cus_alice
    email: qa@acme.test
    behavior: prompt
    accounts:
      - { id: fca_alice_chk, institution: tan_bank, tan_expires: 20d }
)";

// Diagnostics as "line:column: message @ path", the way a user sees them.
std::vector<std::string> errors_of(const std::string& text) {
  auto result = load_scenario_text(text, "test.yaml");
  std::vector<std::string> out;
  for (const auto& d : result.errors)
    out.push_back(std::to_string(d.line) + ":" + std::to_string(d.column) + ": " + d.message +
                  (d.path.empty() ? "" : " @ " + d.path));
  return out;
}

std::string only_error(const std::string& text) {
  auto errors = errors_of(text);
  BOOST_TEST_REQUIRE(errors.size() == 1u);
  return errors[0];
}

} // namespace

BOOST_AUTO_TEST_SUITE(loader)

BOOST_AUTO_TEST_CASE(loads_a_valid_scenario_with_flow_style_distributions) {
  auto result = load_scenario_text(base + R"(timeline:
  - at: 2d
    revoke: { account: fca_alice_chk }
  - at: 2d1h
    id: first
    request_relink: { accounts: [fca_alice_chk] }
expect:
  - request: first
    accepted: [fca_alice_chk]
  - account: fca_alice_chk
    status: active
    by: 3d
)",
                                     "test.yaml");
  BOOST_TEST_REQUIRE(result.errors.empty());
  const auto& s = *result.value;
  BOOST_TEST(s.name == "small");
  BOOST_TEST(s.accounts.size() == 1u);
  BOOST_TEST(s.accounts[0].holder == "cus_alice");
  BOOST_TEST(engine::describe(s.behaviors[0].behavior.open_after) == "uniform(2h, 4h)");
  BOOST_TEST(s.timeline.size() == 2u);
  BOOST_TEST(s.expectations.size() == 2u);
  BOOST_TEST(describe(s.expectations[1]) == "account fca_alice_chk status active by 3d");
}

BOOST_AUTO_TEST_CASE(weighted_choices_of_delays_and_counts) {
  std::string text = base;
  const std::string from = "open_after: uniform(2h, 4h)";
  text.replace(text.find(from), from.size(), "open_after: {1h: 3, 1d: 1}");
  auto result = load_scenario_text(text, "test.yaml");
  BOOST_TEST_REQUIRE(result.errors.empty());
  const auto& d = result.value->behaviors[0].behavior.open_after;
  BOOST_TEST((d.form == engine::distribution::shape::choice));
  BOOST_TEST(d.choices == (std::vector<double>{3'600'000.0, 86'400'000.0}));
  BOOST_TEST(d.weights == (std::vector<double>{3.0, 1.0}));
  BOOST_TEST(d.mean() == (3 * 3'600'000.0 + 86'400'000.0) / 4);

  text.replace(text.find("{1h: 3, 1d: 1}"), 14, "{1h: 3, 2: 1}");
  BOOST_TEST(only_error(text) ==
             "10:45: '2' is not a choice: expected durations with weights, such as "
             "{1h: 0.7, 1d: 0.3} @ behaviors.prompt.open_after");
  text.replace(text.find("{1h: 3, 2: 1}"), 13, "{1h: -1}");
  BOOST_TEST(only_error(text) ==
             "10:42: weight '-1' must be a number >= 0 @ behaviors.prompt.open_after.1h");
  text.replace(text.find("{1h: -1}"), 8, "{1h: 0}");
  BOOST_TEST(only_error(text) ==
             "10:37: a choice needs at least one value with a weight above 0 @ "
             "behaviors.prompt.open_after");
}

BOOST_AUTO_TEST_CASE(unknown_key_with_suggestion) {
  BOOST_TEST(only_error(base + "timeline:\n  - at: 1d\n    revoke: { acount: fca_alice_chk }\n") ==
             "19:15: unknown key 'acount' (did you mean 'account'?) @ timeline[0].revoke");
}

BOOST_AUTO_TEST_CASE(unknown_top_level_key) {
  BOOST_TEST(only_error(base + "horizn: 3d\n") ==
             "17:1: unknown key 'horizn' (did you mean 'horizon'?)");
}

BOOST_AUTO_TEST_CASE(unknown_action_with_suggestion) {
  BOOST_TEST(only_error(base + "timeline:\n  - at: 1d\n    revok: { account: fca_alice_chk }\n") ==
             "19:5: unknown action 'revok' (did you mean 'revoke'?) @ timeline[0]");
}

BOOST_AUTO_TEST_CASE(entry_without_action) {
  const auto e = only_error(base + "timeline:\n  - at: 1d\n    id: lonely\n");
  BOOST_TEST(e.rfind("18:5: the entry has no action; available: revoke, expire_access, ", 0) == 0);
  BOOST_TEST(e.find("request_relink @ timeline[0]") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(unknown_account_id_with_suggestion) {
  BOOST_TEST(only_error(base + "timeline:\n  - at: 1d\n    revoke: { account: fca_alice_chq }\n") ==
             "19:24: unknown account 'fca_alice_chq' (did you mean 'fca_alice_chk'?) @ "
             "timeline[0].revoke.account");
}

BOOST_AUTO_TEST_CASE(unknown_institution_and_behavior) {
  auto errors = errors_of(R"(scenario: x
horizon: 1d
institutions: [{ id: tan_bank }]
behaviors: { prompt: { opens: 1 } }
customers:
  - id: cus_a
    behavior: promt
    accounts: [{ id: fca_a, institution: tan_bnk }]
)");
  BOOST_TEST_REQUIRE(errors.size() == 2u);
  BOOST_TEST(errors[0] == "7:15: unknown behavior 'promt' (did you mean 'prompt'?) @ customers[0].behavior");
  BOOST_TEST(errors[1] == "8:42: unknown institution 'tan_bnk' (did you mean 'tan_bank'?) @ "
                          "customers[0].accounts[0].institution");
}

BOOST_AUTO_TEST_CASE(bad_duration) {
  BOOST_TEST(only_error(base + "timeline:\n  - at: 1.5d\n    revoke: { account: fca_alice_chk }\n") ==
             "18:9: bad duration '1.5d': expected whole numbers with units s, m, h, d, w, such as "
             "90s, 15m, 36h, 2d or 1d12h @ timeline[0].at");
}

BOOST_AUTO_TEST_CASE(time_past_the_horizon) {
  BOOST_TEST(only_error(base + "timeline:\n  - at: 6d\n    revoke: { account: fca_alice_chk }\n") ==
             "18:9: time 6d is past the horizon (5d) @ timeline[0].at");
}

BOOST_AUTO_TEST_CASE(probability_outside_unit_interval) {
  auto text = base;
  text.replace(text.find("opens: 1.0"), 10, "opens: 1.5");
  BOOST_TEST(only_error(text) == "10:20: probability 1.5 is outside [0, 1] @ behaviors.prompt.opens");
}

BOOST_AUTO_TEST_CASE(bad_distribution_names_the_problem) {
  auto text = base;
  text.replace(text.find("uniform(2h, 4h)"), 15, "uniform(4h, 2h)");
  BOOST_TEST(only_error(text) ==
             "10:37: bad distribution 'uniform(4h, 2h)': uniform(a, b) needs a <= b @ "
             "behaviors.prompt.open_after");
}

BOOST_AUTO_TEST_CASE(a_bare_zero_is_read_as_what_the_key_expects) {
  auto ok = load_scenario_text(R"yaml(scenario: x
horizon: 1d
behaviors:
  zeros: { opens: "uniform(0, 1)", open_after: "lognormal(1h, 0)", flow_time: "uniform(0, 2m)", completes: 0 }
)yaml",
                               "t.yaml");
  BOOST_TEST_REQUIRE(ok.errors.empty(), (ok.errors.empty() ? "" : ok.errors.front().message));
  const auto& b = ok.value->behaviors[0].behavior;
  BOOST_TEST(engine::describe(b.opens) == "uniform(0, 1)");
  BOOST_TEST(engine::describe(b.open_after) == "lognormal(1h, 0)");
  BOOST_TEST(engine::describe(b.flow_time) == "uniform(0s, 2m)");
  BOOST_TEST(engine::describe(b.completes) == "0");
}

BOOST_AUTO_TEST_CASE(a_distribution_of_the_wrong_kind_says_what_the_key_expects) {
  auto errors = errors_of(R"yaml(scenario: x
horizon: 1d
behaviors:
  a: { open_after: "uniform(1, 2)", flow_time: "uniform(1h, 2)" }
  b: { opens: "uniform(0.5, 1h)", open_after: "lognormal(1h, 1h)", flow_time: "exp(0)" }
  c: { opens: "uniform(0, 1h)" }
)yaml");
  BOOST_TEST(errors == (std::vector<std::string>{
                         "4:20: 'uniform(1, 2)': expected a duration or a distribution of "
                         "durations, such as uniform(2h, 4h) @ behaviors.a.open_after",
                         "4:48: bad distribution 'uniform(1h, 2)': parameter '2' of uniform is "
                         "not a duration (such as 90s, 2h or 1d12h) @ behaviors.a.flow_time",
                         "5:15: bad distribution 'uniform(0.5, 1h)': parameter '1h' of uniform "
                         "is not a number @ behaviors.b.opens",
                         "5:47: bad distribution 'lognormal(1h, 1h)': sigma of lognormal must "
                         "be a plain number @ behaviors.b.open_after",
                         "6:15: 'uniform(0, 1h)': expected a number or a distribution of "
                         "numbers, such as uniform(1, 3) @ behaviors.c.opens"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(unknown_reason_code_with_suggestion) {
  BOOST_TEST(only_error(base + R"(timeline:
  - at: 1d
    id: first
    request_relink: { accounts: [fca_alice_chk] }
expect:
  - request: first
    rejected: { fca_alice_chk: cooldown }
)") == "23:32: unknown reason code 'cooldown' (did you mean 'cooldown_48h'?); reason codes: "
       "disconnected, not_repairable, not_inactive_or_expiring, no_account_holder, no_email, "
       "sandbox_email_unconfirmed, cooldown_48h @ expect[0].rejected.fca_alice_chk");
}

BOOST_AUTO_TEST_CASE(request_expectation_names_a_request) {
  BOOST_TEST(only_error(base + "timeline:\n  - { at: 1d, id: first, request_relink: { accounts: "
                               "[fca_alice_chk] } }\nexpect:\n  - request: frist\n    "
                               "accepted_count: 1\n") ==
             "20:14: unknown request (a timeline id of a request_relink) 'frist' (did you mean "
             "'first'?) @ expect[0].request");
}

BOOST_AUTO_TEST_CASE(unknown_event_type_with_suggestion) {
  BOOST_TEST(only_error(base + "expect:\n  - event: financial_connections.account.reactivate\n") ==
             "18:12: unknown event type 'financial_connections.account.reactivate' (did you mean "
             "'financial_connections.account.reactivated'?) @ expect[0].event");
}

BOOST_AUTO_TEST_CASE(unknown_status_cause_and_action) {
  auto errors = errors_of(base + R"(expect:
  - account: fca_alice_chk
    status: broken
    cause: acces_denied
)");
  BOOST_TEST_REQUIRE(errors.size() == 2u);
  BOOST_TEST(errors[0] == "19:13: unknown status 'broken'; expected one of active, inactive, "
                          "disconnected @ expect[0].status");
  BOOST_TEST(errors[1].find("unknown cause 'acces_denied' (did you mean 'access_denied'?)") !=
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(reports_every_error_in_one_pass) {
  auto errors = errors_of(R"(scenario: x
horizon: 2d
seed: -4
mode: staging
institutions: [{ id: b }]
customers:
  - id: c
    email: not-an-address
    accounts: [{ id: a, institution: b, tan_expires: soon }]
timeline:
  - at: 3d
    revoke: { account: a }
)");
  BOOST_TEST(errors.size() == 5u);
  BOOST_TEST(errors[0] == "3:7: '-4' is not a whole number >= 0 @ seed");
  BOOST_TEST(errors[1].rfind("4:7: unknown mode 'staging'", 0) == 0);
  BOOST_TEST(errors[2] == "8:12: 'not-an-address' is not an email address @ customers[0].email");
  BOOST_TEST(errors[3].rfind("9:54: bad duration 'soon'", 0) == 0);
  BOOST_TEST(errors[4] == "11:9: time 3d is past the horizon (2d) @ timeline[0].at");
}

BOOST_AUTO_TEST_CASE(empty_file_is_an_error) {
  BOOST_TEST(only_error("") == "1:1: the file is empty: a scenario needs at least 'scenario' and "
                               "'horizon'");
  BOOST_TEST(only_error("# only a comment\n") ==
             "1:1: the file is empty: a scenario needs at least 'scenario' and 'horizon'");
}

BOOST_AUTO_TEST_CASE(yaml_syntax_error_has_its_line) {
  BOOST_TEST(only_error("scenario: x\nhorizon: [1d\n") .rfind("3:1: YAML syntax error: ", 0) == 0);
}

BOOST_AUTO_TEST_CASE(missing_required_keys) {
  auto errors = errors_of("title: nothing else\n");
  BOOST_TEST_REQUIRE(errors.size() == 2u);
  BOOST_TEST(errors[0] == "1:1: missing required key 'scenario' (the scenario's id)");
  BOOST_TEST(errors[1] == "1:1: missing required key 'horizon' (how long to simulate, such as 21d)");
}

BOOST_AUTO_TEST_CASE(duplicate_account_ids) {
  BOOST_TEST(only_error(base + "accounts: [{ id: fca_alice_chk, institution: tan_bank }]\n") ==
             "17:18: account 'fca_alice_chk' is defined twice @ accounts[0].id");
}

BOOST_AUTO_TEST_CASE(connected_account_needs_connect) {
  BOOST_TEST(only_error("scenario: x\nhorizon: 1d\ncustomers:\n  - id: acct_1\n"
                        "    kind: connected_account\n") ==
             "5:11: a connected_account holder needs 'platform.connect: true' @ customers[0].kind");
}

BOOST_AUTO_TEST_CASE(one_action_per_entry) {
  BOOST_TEST(only_error(base + "timeline:\n  - at: 1d\n    revoke: { account: fca_alice_chk }\n"
                               "    disconnect: { account: fca_alice_chk }\n") ==
             "18:5: one action per timeline entry, found 2 @ timeline[0]");
}

BOOST_AUTO_TEST_CASE(repeating_entries_expand_in_time_order) {
  auto result = load_scenario_text(base + R"(timeline:
  - { every: 1d, from: 1d, until: 3d, id: daily, request_relink: { accounts: [fca_alice_chk] } }
  - { every: 2d, payment: { account: fca_alice_chk, amount: 100 } }
expect:
  - { request: daily_3, accepted_count: 1 }
)",
                                   "t.yaml");
  BOOST_TEST_REQUIRE(result.errors.empty());
  std::vector<std::string> seen;
  for (const auto& t : result.value->timeline)
    seen.push_back(engine::format_duration(t.at) + (t.id.empty() ? "" : " " + t.id));
  BOOST_TEST(seen == (std::vector<std::string>{"0s", "1d daily_1", "2d daily_2", "2d",
                                               "3d daily_3", "4d"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(repeating_entries_are_checked) {
  auto errors = errors_of(base + R"(timeline:
  - { every: 0s, revoke: { account: fca_alice_chk } }
  - { every: 1s, revoke: { account: fca_alice_chk } }
  - { from: 1d, revoke: { account: fca_alice_chk } }
  - { every: 1d, from: 3d, until: 2d, revoke: { account: fca_alice_chk } }
)");
  BOOST_TEST_REQUIRE(errors.size() == 4u);
  BOOST_TEST(errors[0] == "18:14: a repetition needs a period longer than 0s @ timeline[0].every");
  BOOST_TEST(errors[1] == "19:14: this repeats more than 10000 times; use a longer period or a "
                          "shorter span @ timeline[1].every");
  BOOST_TEST(errors[2] == "20:13: 'from' goes with 'every' @ timeline[2].from");
  BOOST_TEST(errors[3] == "21:35: until comes before the first time @ timeline[3].until");
}

BOOST_AUTO_TEST_CASE(unknown_action_lists_what_is_available) {
  const auto e = only_error(base + "timeline:\n  - at: 1d\n    explode: {}\n");
  BOOST_TEST(e.rfind("19:5: unknown action 'explode'", 0) == 0);
}

BOOST_AUTO_TEST_CASE(horizon_limits) {
  BOOST_TEST(only_error("scenario: x\nhorizon: 0s\n") ==
             "2:10: the horizon must be longer than 0s @ horizon");
  BOOST_TEST(only_error("scenario: x\nhorizon: 3000d\n") ==
             "2:10: duration 3000d is longer than the limit 1830d @ horizon");
}

BOOST_AUTO_TEST_CASE(listing_an_account_twice_in_one_request) {
  BOOST_TEST(only_error(base + "timeline:\n  - at: 1d\n    request_relink: { accounts: "
                               "[fca_alice_chk, fca_alice_chk] }\n") ==
             "19:49: 'fca_alice_chk' is listed twice @ timeline[0].request_relink.accounts[1]");
}

BOOST_AUTO_TEST_CASE(commas_in_quoted_text_are_left_alone) {
  auto result = load_scenario_text(
    "scenario: x\ntitle: \"not uniform(a, b) here\"\nhorizon: 1d # uniform(1, 2)\n", "t.yaml");
  BOOST_TEST_REQUIRE(result.errors.empty());
  BOOST_TEST(result.value->title == "not uniform(a, b) here");
}

BOOST_AUTO_TEST_CASE(an_apostrophe_in_plain_text_is_not_a_quote) {
  auto result = load_scenario_text("scenario: x\ntitle: Bob's bank is slow\nhorizon: 1d\n"
                                   "institutions:\n  - { id: b, auth: { latency: uniform(20s, 2m) } }\n",
                                   "t.yaml");
  BOOST_TEST_REQUIRE(result.errors.empty());
  BOOST_TEST(engine::describe(result.value->institutions[0].auth_latency) == "uniform(20s, 2m)");
}

BOOST_AUTO_TEST_CASE(plain_titles_keep_their_commas) {
  auto result = load_scenario_text("scenario: x\ntitle: waits uniform(2h, 4h), then acts\n"
                                   "horizon: 1d\n", "t.yaml");
  BOOST_TEST_REQUIRE(result.errors.empty());
  BOOST_TEST(result.value->title == "waits uniform(2h, 4h), then acts");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(loader_lifecycle)

BOOST_AUTO_TEST_CASE(lifecycle_actions_load_with_their_causes) {
  auto result = load_scenario_text(base + R"(timeline:
  - { at: 1d, expire_access: { account: fca_alice_chk } }
  - { at: 1d, require_reauth: { account: fca_alice_chk } }
  - { at: 1d, close_account: { account: fca_alice_chk } }
  - { at: 1d, expire_tan: { account: fca_alice_chk } }
  - { at: 1d, schedule_deactivation: { account: fca_alice_chk, date: 4d } }
expect:
  - { account: fca_alice_chk, tan: expired, at: 2d }
)",
                                     "t.yaml");
  BOOST_TEST_REQUIRE(result.errors.empty());
  const auto& t = result.value->timeline;
  BOOST_TEST_REQUIRE(t.size() == 5u);
  BOOST_CHECK(std::get<deactivate_action>(t[0].action).cause ==
              actors::inactive_cause::access_expired);
  BOOST_CHECK(std::get<deactivate_action>(t[1].action).cause ==
              actors::inactive_cause::institution_requirement);
  BOOST_CHECK(std::get<deactivate_action>(t[2].action).cause ==
              actors::inactive_cause::account_closed);
  const auto& schedule = std::get<schedule_deactivation_action>(t[4].action);
  BOOST_CHECK(schedule.cause == actors::inactive_cause::access_expired); // the default
  BOOST_TEST(engine::format_duration(schedule.date) == "4d");
  BOOST_TEST(describe(result.value->expectations[0]) == "account fca_alice_chk tan expired at 2d");
}

BOOST_AUTO_TEST_CASE(scheduled_deactivation_needs_a_date_within_the_horizon_and_a_scheduled_cause) {
  auto errors = errors_of(base + R"(timeline:
  - at: 1d
    schedule_deactivation: { account: fca_alice_chk }
  - at: 1d
    schedule_deactivation: { account: fca_alice_chk, date: 9d }
  - at: 1d
    schedule_deactivation: { account: fca_alice_chk, date: 2d, cause: access_denied }
)");
  BOOST_TEST_REQUIRE(errors.size() == 3u);
  BOOST_TEST(errors[0] == "19:28: missing required key 'date' @ timeline[0].schedule_deactivation");
  BOOST_TEST(errors[1] == "21:60: time 9d is past the horizon (5d) @ "
                          "timeline[1].schedule_deactivation.date");
  BOOST_TEST(errors[2] == "23:71: a scheduled deactivation's cause is one of access_expired, "
                          "institution_requirement, unspecified, not 'access_denied' @ "
                          "timeline[2].schedule_deactivation.cause");
}

BOOST_AUTO_TEST_CASE(unknown_tan_status) {
  BOOST_TEST(only_error(base + "expect:\n  - { account: fca_alice_chk, tan: expird }\n") ==
             "18:36: unknown tan 'expird' (did you mean 'expired'?); expected one of pending, "
             "transactable, expired, deactivated @ expect[0].tan");
}

BOOST_AUTO_TEST_CASE(outage_needs_institution_and_length_and_checks_its_shares) {
  auto errors = errors_of(base + R"(timeline:
  - at: 1d
    outage: { institution: tan_bnk, for: 0s, deactivates: 1.2, kind: planned }
)");
  BOOST_TEST_REQUIRE(errors.size() == 4u);
  BOOST_TEST(errors[0] == "19:42: an outage lasts longer than 0s @ timeline[0].outage.for");
  BOOST_TEST(errors[1] == "19:59: probability 1.2 is outside [0, 1] @ timeline[0].outage.deactivates");
  BOOST_TEST(errors[2] == "19:70: unknown outage kind 'planned'; expected scheduled, unscheduled "
                          "or error @ timeline[0].outage.kind");
  BOOST_TEST(errors[3] == "19:28: unknown institution 'tan_bnk' (did you mean 'tan_bank'?) @ "
                          "timeline[0].outage.institution");
}

BOOST_AUTO_TEST_CASE(actions_on_a_whole_authorization) {
  auto ok = load_scenario_text(base + "timeline:\n  - { at: 1d, revoke: { authorization: "
                                      "fcauth_cus_alice_tan_bank } }\n",
                               "t.yaml");
  BOOST_TEST_REQUIRE(ok.errors.empty());
  BOOST_TEST(std::get<revoke_action>(ok.value->timeline[0].action).authorization ==
             "fcauth_cus_alice_tan_bank");
  BOOST_TEST(only_error(base + "timeline:\n  - { at: 1d, expire_access: { authorization: "
                               "fcauth_cus_alice_tan_bnk } }\n") ==
             "18:47: unknown authorization (fcauth_<holder>_<institution>) "
             "'fcauth_cus_alice_tan_bnk' (did you mean 'fcauth_cus_alice_tan_bank'?) @ "
             "timeline[0].expire_access.authorization");
  BOOST_TEST(only_error(base + "timeline:\n  - { at: 1d, revoke: { account: fca_alice_chk, "
                               "authorization: fcauth_cus_alice_tan_bank } }\n") ==
             "18:23: name one of account, authorization or accounts @ timeline[0].revoke");
}

BOOST_AUTO_TEST_CASE(faults_and_sessions_on_picked_accounts) {
  auto ok = load_scenario_text(base + R"(populations:
  - { name: bulk, customers: 10, institution: tan_bank }
timeline:
  - { at: 1d, revoke: { accounts: { population: bulk, sample: 0.1 } } }
  - { at: 2d, expire_access: { accounts: { institution: tan_bank, limit: 3 } } }
  - { at: 3d, id: api, create_relink_session: { accounts: { population: bulk, limit: 2 } } }
)",
                               "t.yaml");
  BOOST_TEST_REQUIRE(ok.errors.empty());
  const auto& revoke = std::get<revoke_action>(ok.value->timeline[0].action);
  BOOST_TEST_REQUIRE(revoke.pick.has_value());
  BOOST_TEST(revoke.pick->population == "bulk");
  BOOST_TEST(revoke.pick->sample == 0.1);
  BOOST_TEST(*std::get<deactivate_action>(ok.value->timeline[1].action).pick->limit == 3u);
  BOOST_TEST(std::get<create_session_action>(ok.value->timeline[2].action).pick->limit.value() ==
             2u);

  auto errors = errors_of(base + R"(timeline:
  - { at: 1d, revoke: { accounts: { select: inactive } } }
  - { at: 1d, expire_access: { accounts: eligible } }
  - { at: 1d, revoke: { account: fca_alice_chk, accounts: { sample: 0.5 } } }
  - { at: 1d, require_reauth: { accounts: { population: bluk } } }
  - { at: 1d, create_relink_session: { accounts: { sample: 2 } } }
  - { at: 1d, create_relink_session: { account: fca_alice_chk, accounts: { limit: 1 } } }
)");
  BOOST_TEST_REQUIRE(errors.size() == 6u);
  BOOST_TEST(errors[0] == "18:45: accounts are picked here when the run starts, not by their "
                          "state: use population, institution, sample, limit @ "
                          "timeline[0].revoke.accounts.select");
  BOOST_TEST(errors[1] == "19:42: expected a mapping {population, institution, sample, limit} "
                          "picking accounts when the run starts @ "
                          "timeline[1].expire_access.accounts");
  BOOST_TEST(errors[2] == "20:23: name one of account, authorization or accounts @ "
                          "timeline[2].revoke");
  BOOST_TEST(errors[3] == "22:60: probability 2 is outside [0, 1] @ "
                          "timeline[4].create_relink_session.accounts.sample");
  BOOST_TEST(errors[4] == "23:38: a session relinks one of an account, an authorization or "
                          "picked accounts @ timeline[5].create_relink_session");
  // Names are resolved once the whole file is read.
  BOOST_TEST(errors[5] == "21:57: unknown population 'bluk' @ "
                          "timeline[3].require_reauth.accounts.population");
}

BOOST_AUTO_TEST_CASE(populations_and_selectors_load) {
  auto result = load_scenario_text(base + R"(populations:
  - name: bulk
    customers: 10
    accounts_per_customer: uniform(1, 3)
    institution: { tan_bank: 1.0 }
    email: { share: 0.5, address: qa@acme.test }
    behavior: { prompt: 1 }
    tan_expires: uniform(10d, 40d)
timeline:
  - { at: 1d, request_relink: { accounts: eligible } }
  - { at: 2d, request_relink: { accounts: { select: inactive, population: bulk, sample: 0.5, limit: 3 } } }
)",
                                     "t.yaml");
  BOOST_TEST_REQUIRE(result.errors.empty());
  const auto& p = result.value->populations.at(0);
  BOOST_TEST(p.customers == 10u);
  BOOST_TEST(p.email_address == "qa@acme.test");
  const auto& second = std::get<request_relink_action>(result.value->timeline[1].action);
  BOOST_TEST_REQUIRE(second.selector.has_value());
  BOOST_TEST((second.selector->select == actors::select_filter::inactive));
  BOOST_TEST(second.selector->population == "bulk");
  BOOST_TEST(*second.selector->limit == 3u);
}

BOOST_AUTO_TEST_CASE(selector_and_population_errors) {
  auto errors = errors_of(base + R"(populations:
  - { name: zero, customers: 10, institution: { tan_bank: 0 } }
  - { name: many, customers: 10000000, accounts_per_customer: uniform(1, 3), institution: tan_bank }
  - { name: bulk, customers: 10, institution: tan_bank }
timeline:
  - { at: 1d, request_relink: { accounts: eligable } }
  - { at: 1d, request_relink: { accounts: { population: bluk } } }
)");
  BOOST_TEST_REQUIRE(errors.size() == 4u);
  BOOST_TEST(errors[0] == "18:47: the weights add up to 0: nothing can be chosen @ "
                          "populations[0].institution");
  BOOST_TEST(errors[1] == "19:30: populations may generate up to 20000000 accounts; these could "
                          "generate 30000000 @ populations[1].customers");
  BOOST_TEST(errors[2].rfind("22:43: unknown selector 'eligable' (did you mean 'eligible'?)", 0) == 0);
  BOOST_TEST(errors[3] == "23:57: unknown population 'bluk' (did you mean 'bulk'?) @ "
                          "timeline[1].request_relink.accounts.population");
}

BOOST_AUTO_TEST_CASE(session_errors) {
  auto errors = errors_of(base + R"(timeline:
  - { at: 1d, id: s1, create_relink_session: { account: fca_alice_chk, delivery: sms } }
  - { at: 1d, id: s2, create_relink_session: { account: fca_alice_chk, notify: { after: 1h } } }
  - { at: 1d, id: s3, create_relink_session: { delivery: url } }
expect:
  - { session: s9, status: succeeded }
  - { session: s1, status: done }
)");
  BOOST_TEST_REQUIRE(errors.size() == 5u);
  BOOST_TEST(errors[0] == "18:82: unknown delivery 'sms': expected email or url @ "
                          "timeline[0].create_relink_session.delivery");
  BOOST_TEST(errors[1] == "19:80: notify goes with delivery: url (the platform tells the customer "
                          "itself) @ timeline[1].create_relink_session.notify");
  BOOST_TEST(errors[2] == "20:46: a session needs 'account', 'authorization' or 'accounts' @ "
                          "timeline[2].create_relink_session");
  BOOST_TEST(errors[3].rfind("23:28: unknown session status 'done'", 0) == 0);
  BOOST_TEST(errors[4] == "22:16: unknown session (a timeline id of a create_relink_session) "
                          "'s9' (did you mean 's1'?) @ expect[0].session");
}

BOOST_AUTO_TEST_CASE(auto_relink_policy) {
  auto loaded = load_scenario_text(R"(scenario: p
horizon: 2d
platform:
  policy:
    auto_relink: { on: [deactivated, upcoming_deactivation], delivery: url, after: 1h }
)",
                                   "t.yaml");
  BOOST_TEST_REQUIRE(loaded.errors.empty());
  const auto& p = loaded.value->platform.auto_relink;
  BOOST_TEST(p.on_deactivated);
  BOOST_TEST(p.on_upcoming_deactivation);
  BOOST_TEST(!p.on_upcoming_account_number_expiry);
  BOOST_TEST((p.delivery == actors::delivery_method::url));
  BOOST_TEST(engine::format_duration(p.after) == "1h");
  BOOST_TEST(only_error("scenario: p\nhorizon: 2d\nplatform:\n  policy:\n    auto_relink: "
                        "{ on: [reactivated] }\n") ==
             "5:25: auto_relink cannot react to 'reactivated' (did you mean 'deactivated'?); it "
             "reacts to deactivated, upcoming_account_number_expiry, upcoming_deactivation @ "
             "platform.policy.auto_relink.on[0]");
}

BOOST_AUTO_TEST_CASE(review_findings_are_errors) {
  auto errors = errors_of(R"(scenario: x
horizon: 5d
institutions:
  - { id: b, tans: { lifetime: 0s } }
customers:
  - { id: cus_p_000001, accounts: [{ id: fca_a, institution: b, tan_expires: 20000w }] }
populations:
  - { name: q, customers: 5, accounts_per_customer: uniform(1.2, 1.8), institution: b }
  - { name: p, customers: 5, institution: b }
timeline:
  - { at: 1d, id: r, request_relink: { accounts: [fca_a] } }
expect:
  - { request: r, accepted: [] }
)");
  BOOST_TEST_REQUIRE(errors.size() == 5u);
  BOOST_TEST(errors[0] == "4:32: a TAN's lifetime must be longer than 0s @ institutions[0].tans.lifetime");
  BOOST_TEST(errors[1] == "6:78: duration 140000d is longer than the limit 1830d @ "
                          "customers[0].accounts[0].tan_expires");
  BOOST_TEST(errors[2].rfind("8:53: uniform(a, b) of a count draws whole numbers", 0) == 0);
  BOOST_TEST(errors[3].rfind("13:29: an empty list checks nothing", 0) == 0);
  BOOST_TEST(errors[4] == "6:5: customer id 'cus_p_000001' may collide with the ids population "
                          "'p' generates (cus_p_000001, …) @ customers");
}

BOOST_AUTO_TEST_CASE(duplicate_keys_are_errors_with_their_path) {
  auto errors = errors_of(R"(scenario: x
horizon: 5d
horizon: 1d
institutions:
  - { id: b, id: c }
customers:
  - id: cus_a
    email: a@x.test
    email: b@x.test
)");
  BOOST_TEST_REQUIRE(errors.size() == 3u);
  BOOST_TEST(errors[0] == "3:1: duplicate key 'horizon': YAML would keep only one of them");
  BOOST_TEST(errors[1] == "5:14: duplicate key 'id': YAML would keep only one of them @ "
                          "institutions[0]");
  BOOST_TEST(errors[2] == "9:5: duplicate key 'email': YAML would keep only one of them @ "
                          "customers[0]");
}

BOOST_AUTO_TEST_CASE(metric_expectations) {
  auto ok = load_scenario_text(base + "expect:\n  - { metric: repaired_share, min: 0.7 }\n", "t.yaml");
  BOOST_TEST_REQUIRE(ok.errors.empty());
  BOOST_TEST(describe(ok.value->expectations[0]) == "metric repaired_share >= 0.7");
  BOOST_TEST(only_error(base + "expect:\n  - { metric: repaired_shares, min: 0.7 }\n")
               .rfind("18:15: unknown metric 'repaired_shares' (did you mean 'repaired_share'?); "
                      "metrics: accounts, ", 0) == 0);
  BOOST_TEST(only_error(base + "expect:\n  - { metric: accounts }\n") ==
             "18:5: a metric expectation needs min, max or equals @ expect[0]");
  BOOST_TEST(only_error(base + "expect:\n  - { metric: accounts, min: 3, max: 2 }\n") ==
             "18:30: min is larger than max @ expect[0].min");
}

BOOST_AUTO_TEST_CASE(behaviour_probabilities_may_be_drawn) {
  auto ok = load_scenario_text(R"(scenario: x
horizon: 1d
behaviors:
  varied: { opens: uniform(0.4, 0.8), abandons: uniform(0.1, 0.3), cancels: 0.05 }
)",
                               "t.yaml");
  BOOST_TEST_REQUIRE(ok.errors.empty());
  const auto& b = ok.value->behaviors[0].behavior;
  BOOST_TEST(engine::describe(b.opens) == "uniform(0.4, 0.8)");
  BOOST_TEST(engine::describe(b.completes) == "uniform(0.7, 0.9)");
  BOOST_TEST(engine::describe(b.cancels) == "0.05");
  auto errors = errors_of(R"(scenario: x
horizon: 1d
behaviors:
  bad: { opens: uniform(0.5, 1.5), completes: exp(0.5), cancels: 2 }
)");
  BOOST_TEST_REQUIRE(errors.size() == 3u);
  BOOST_TEST(errors[0] == "4:17: a probability is a number in [0, 1] or uniform(a, b) within "
                          "[0, 1], not 'uniform(0.5, 1.5)' @ behaviors.bad.opens");
  BOOST_TEST(errors[1].rfind("4:47: a probability is a number in [0, 1]", 0) == 0);
  BOOST_TEST(errors[2] == "4:66: probability 2 is outside [0, 1] @ behaviors.bad.cancels");
}

BOOST_AUTO_TEST_CASE(end_is_the_horizon_wherever_a_time_goes) {
  auto ok = load_scenario_text(base + R"(timeline:
  - { at: end, revoke: { account: fca_alice_chk } }
  - { every: 1d, from: 2d, until: end, payment: { account: fca_alice_chk, amount: 1 } }
expect:
  - { account: fca_alice_chk, status: inactive, by: end }
)",
                               "t.yaml");
  BOOST_TEST_REQUIRE(ok.errors.empty());
  BOOST_TEST(ok.value->timeline.size() == 5u); // payments at 2d, 3d, 4d, 5d; revoke at 5d
  BOOST_TEST(engine::format_duration(ok.value->timeline.back().at) == "5d");
}

// What Stripe's account object says of an account: stated, or its defaults.
const std::string profile_world = R"(scenario: profiles
horizon: 5d
institutions: [{ id: first_bank, name: First Bank }]
customers:
  - id: cus_ada
    accounts:
)";

BOOST_AUTO_TEST_CASE(an_account_states_what_stripe_shows_of_it) {
  auto result = load_scenario_text(profile_world + R"(      - id: fca_ada_sav
        institution: first_bank
        display_name: Rainy Day Savings
        category: cash
        subcategory: savings
        last4: "0042"
        permissions: [payment_method, transactions, balances]
        subscriptions: [transactions]
        balance: -1250
)",
                                   "t.yaml");
  BOOST_TEST_REQUIRE(result.errors.empty());
  const auto& p = result.value->accounts.at(0).profile;
  BOOST_TEST(to_string(p.category) == "cash");
  BOOST_TEST(to_string(p.subcategory) == "savings");
  BOOST_TEST(*display_name_of(p) == "Rainy Day Savings");
  BOOST_TEST(*last4_of(p, "fca_ada_sav") == "0042");
  BOOST_TEST(p.permissions.has(account_permission::balances));
  BOOST_TEST(p.permissions.has(account_permission::transactions));
  BOOST_TEST(!p.permissions.has(account_permission::ownership));
  BOOST_TEST(p.subscriptions.has(account_subscription::transactions));
  BOOST_TEST(p.balance == -1250);
}

BOOST_AUTO_TEST_CASE(an_account_that_states_nothing_is_a_checking_account_linked_for_payments) {
  auto result = load_scenario_text(profile_world + R"(      - { id: fca_ada_chk, institution: first_bank }
      - { id: fca_ada_card, institution: first_bank, subcategory: credit_card }
      - { id: fca_ada_brk, institution: first_bank, category: investment, last4: null, display_name: null }
)",
                                   "t.yaml");
  BOOST_TEST_REQUIRE(result.errors.empty());
  const auto& checking = result.value->accounts.at(0).profile;
  BOOST_TEST(to_string(checking.category) == "cash");
  BOOST_TEST(to_string(checking.subcategory) == "checking");
  BOOST_TEST(*display_name_of(checking) == "Checking");
  const auto last4 = last4_of(checking, "fca_ada_chk");
  BOOST_TEST(last4->size() == 4u);
  BOOST_TEST(*last4 == *last4_of(checking, "fca_ada_chk")); // a function of the id alone
  BOOST_TEST(*last4 != *last4_of(checking, "fca_ada_sav"));
  BOOST_TEST(checking.permissions.has(account_permission::payment_method));
  BOOST_TEST(!checking.permissions.has(account_permission::balances));
  BOOST_TEST(checking.subscriptions.empty());
  BOOST_TEST(checking.balance == 0);
  BOOST_TEST(supports_us_bank_account(checking));
  const auto& card = result.value->accounts.at(1).profile; // the subcategory implies credit
  BOOST_TEST(to_string(card.category) == "credit");
  BOOST_TEST(*display_name_of(card) == "Credit Card");
  BOOST_TEST(!supports_us_bank_account(card));
  const auto& brokerage = result.value->accounts.at(2).profile;
  BOOST_TEST(to_string(brokerage.subcategory) == "other");
  BOOST_TEST(!display_name_of(brokerage).has_value());
  BOOST_TEST(!last4_of(brokerage, "fca_ada_brk").has_value());
}

BOOST_AUTO_TEST_CASE(unstated_permissions_allow_what_the_scenario_does_with_the_account) {
  auto result = load_scenario_text(profile_world + R"(      - { id: fca_ada_chk, institution: first_bank, subscriptions: [transactions] }
timeline:
  - { at: 1d, refresh: { account: fca_ada_chk } }
  - { at: 2d, refresh: { account: fca_ada_chk, kind: ownership } }
)",
                                   "t.yaml");
  BOOST_TEST_REQUIRE(result.errors.empty());
  const auto& p = result.value->accounts.at(0).profile;
  for (auto permission : all_account_permissions)
    BOOST_TEST(p.permissions.has(permission), to_string(permission));
}

BOOST_AUTO_TEST_CASE(account_profile_errors_name_the_word_and_what_fits) {
  auto errors = errors_of(profile_world + R"(      - { id: fca_1, institution: first_bank, category: cash, subcategory: mortgage }
      - { id: fca_2, institution: first_bank, category: credt, last4: 12, display_name: "" }
      - { id: fca_3, institution: first_bank, permissions: [balances, balances, payment] }
      - { id: fca_4, institution: first_bank, permissions: [balances], subscriptions: [transactions] }
      - { id: fca_5, institution: first_bank, balance: 1.5, subscriptions: transactions }
)");
  BOOST_TEST_REQUIRE(errors.size() == 9u);
  BOOST_TEST(errors[0] == "7:76: a cash account's subcategory is one of checking, savings, "
                          "other, not 'mortgage' @ customers[0].accounts[0].subcategory");
  BOOST_TEST(errors[1] == "8:57: unknown category 'credt' (did you mean 'credit'?); expected one "
                          "of cash, credit, investment, other @ customers[0].accounts[1].category");
  BOOST_TEST(errors[2] == "8:89: a display_name has 1 to 5000 characters, or is null @ "
                          "customers[0].accounts[1].display_name");
  BOOST_TEST(errors[3] == "8:71: last4 is the last four digits of the account number, such as "
                          "\"6789\", not '12' @ customers[0].accounts[1].last4");
  BOOST_TEST(errors[4] == "9:71: 'balances' is listed twice @ "
                          "customers[0].accounts[2].permissions[1]");
  BOOST_TEST(errors[5] == "9:81: unknown permission 'payment' (did you mean 'payment_method'?); "
                          "expected one of balances, ownership, payment_method, transactions @ "
                          "customers[0].accounts[2].permissions[2]");
  BOOST_TEST(errors[6] == "10:88: a transactions subscription needs the 'transactions' "
                          "permission, which the account's permissions do not list @ "
                          "customers[0].accounts[3].subscriptions[0]");
  BOOST_TEST(errors[7] == "11:76: expected a list of subscriptions, each one of balance, "
                          "inferred_balances, transactions @ customers[0].accounts[4].subscriptions");
  BOOST_TEST(errors[8] == "11:56: '1.5' is not a whole number of cents (at most 12 digits, "
                          "negative for money owed) @ customers[0].accounts[4].balance");
}

BOOST_AUTO_TEST_CASE(refreshes_and_debits_need_what_the_account_permits) {
  auto errors = errors_of(R"(scenario: profiles
horizon: 5d
platform:
  policy:
    payments: { every: 1d, amount: 100 }
institutions: [{ id: first_bank }]
customers:
  - id: cus_ada
    accounts:
      - { id: fca_data, institution: first_bank, permissions: [balances] }
      - { id: fca_card, institution: first_bank, subcategory: credit_card }
timeline:
  - { at: 1d, refresh: { account: fca_data, kind: ownership } }
  - { at: 1d, payment: { account: fca_card, amount: 100 } }
)");
  BOOST_TEST_REQUIRE(errors.size() == 4u);
  BOOST_TEST(errors[0] == "13:35: an ownership refresh needs the 'ownership' permission, which "
                          "fca_data's permissions do not list @ timeline[0].refresh.account");
  BOOST_TEST(errors[1] == "14:35: an ACH debit needs a checking or savings account; fca_card is "
                          "credit_card @ timeline[1].payment.account");
  BOOST_TEST(errors[2] == "10:63: platform.policy.payments debits every account, but fca_data "
                          "does not list the 'payment_method' permission a debit needs @ "
                          "customers[0].accounts[0].permissions");
  BOOST_TEST(errors[3] == "11:9: platform.policy.payments debits every account, but fca_card is "
                          "credit_card, and only checking and savings accounts can be debited @ "
                          "customers[0].accounts[1]");
}

BOOST_AUTO_TEST_SUITE_END()
