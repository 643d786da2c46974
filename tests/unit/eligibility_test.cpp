#include <boost/test/unit_test.hpp>

#include "actors/eligibility.hpp"

#include <optional>
#include <string>
#include <vector>

using namespace actors;
using engine::days;
using engine::hours;
using engine::minutes;

namespace {

const std::vector<std::string> confirmed{"qa@acme.test"};

// An account that passes every rule: inactive, repairable, with a confirmed
// holder email, no previous request. Each case changes what it tests.
eligibility_facts eligible_facts() {
  eligibility_facts f;
  f.now = days(10);
  f.status = account_status::inactive;
  f.action = inactive_action::relink_required;
  f.has_account_holder = true;
  f.holder_email = "qa@acme.test";
  f.mode = platform_mode::sandbox;
  f.confirmed_emails = &confirmed;
  return f;
}

std::string verdict(const eligibility_facts& f) {
  auto reason = check_eligibility(f);
  return reason ? std::string(to_string(*reason)) : "eligible";
}

struct rule_case {
  const char* name;
  void (*change)(eligibility_facts&);
  const char* expected;
};

const rule_case cases[] = {
  {"eligible as is", [](eligibility_facts&) {}, "eligible"},
  {"disconnected", [](eligibility_facts& f) { f.status = account_status::disconnected; },
   "disconnected"},
  {"inactive with action none",
   [](eligibility_facts& f) { f.action = inactive_action::none; }, "not_repairable"},
  {"active without a TAN", [](eligibility_facts& f) { f.status = account_status::active; },
   "not_inactive_or_expiring"},
  {"no account holder", [](eligibility_facts& f) { f.has_account_holder = false; },
   "no_account_holder"},
  {"holder without email", [](eligibility_facts& f) { f.holder_email.clear(); }, "no_email"},
  {"sandbox, unconfirmed email",
   [](eligibility_facts& f) { f.holder_email = "someone@else.test"; },
   "sandbox_email_unconfirmed"},
  {"sandbox, confirmed email in other case",
   [](eligibility_facts& f) { f.holder_email = "QA@Acme.test"; }, "eligible"},
  {"live, unconfirmed email is fine",
   [](eligibility_facts& f) {
     f.holder_email = "someone@else.test";
     f.mode = platform_mode::live;
   },
   "eligible"},
  {"pending request 1h ago",
   [](eligibility_facts& f) { f.previous = previous_request{f.now - hours(1), false}; },
   "cooldown_48h"},
  {"pending request 47h59m ago",
   [](eligibility_facts& f) {
     f.previous = previous_request{f.now - hours(47) - minutes(59), false};
   },
   "cooldown_48h"},
  {"pending request exactly 48h ago",
   [](eligibility_facts& f) { f.previous = previous_request{f.now - hours(48), false}; },
   "eligible"},
  {"complete request 1h ago",
   [](eligibility_facts& f) { f.previous = previous_request{f.now - hours(1), true}; },
   "eligible"},
  {"active, TAN expires in exactly 30 days",
   [](eligibility_facts& f) {
     f.status = account_status::active;
     f.tan_expected_expiry = f.now + days(30);
   },
   "eligible"},
  {"active, TAN expires in 30 days and 1 minute",
   [](eligibility_facts& f) {
     f.status = account_status::active;
     f.tan_expected_expiry = f.now + days(30) + minutes(1);
   },
   "not_inactive_or_expiring"},
  {"active, TAN already expired",
   [](eligibility_facts& f) {
     f.status = account_status::active;
     f.tan_expected_expiry = f.now - days(2);
   },
   "eligible"},
  // Order: when several rules fail, the first in the documented order wins.
  {"disconnected and no email",
   [](eligibility_facts& f) {
     f.status = account_status::disconnected;
     f.holder_email.clear();
   },
   "disconnected"},
  {"not repairable and no holder",
   [](eligibility_facts& f) {
     f.action = inactive_action::none;
     f.has_account_holder = false;
   },
   "not_repairable"},
  {"active, no holder",
   [](eligibility_facts& f) {
     f.status = account_status::active;
     f.has_account_holder = false;
   },
   "not_inactive_or_expiring"},
  {"no holder and in cooldown",
   [](eligibility_facts& f) {
     f.has_account_holder = false;
     f.previous = previous_request{f.now - hours(1), false};
   },
   "no_account_holder"},
  {"no email and unconfirmed sandbox",
   [](eligibility_facts& f) { f.holder_email.clear(); }, "no_email"},
  {"unconfirmed email and in cooldown",
   [](eligibility_facts& f) {
     f.holder_email = "x@y.test";
     f.previous = previous_request{f.now - hours(1), false};
   },
   "sandbox_email_unconfirmed"},
  // The sandbox's test institution: rule 1 is waived, every other rule holds.
  {"sandbox test institution, active without a TAN",
   [](eligibility_facts& f) {
     f.sandbox_test_institution = true;
     f.status = account_status::active;
   },
   "eligible"},
  {"sandbox test institution, active, TAN far from expiry",
   [](eligibility_facts& f) {
     f.sandbox_test_institution = true;
     f.status = account_status::active;
     f.tan_expected_expiry = f.now + days(200);
   },
   "eligible"},
  {"sandbox test institution, disconnected",
   [](eligibility_facts& f) {
     f.sandbox_test_institution = true;
     f.status = account_status::disconnected;
   },
   "disconnected"},
  {"sandbox test institution, inactive with action none",
   [](eligibility_facts& f) {
     f.sandbox_test_institution = true;
     f.action = inactive_action::none;
   },
   "not_repairable"},
  {"sandbox test institution, active, no holder",
   [](eligibility_facts& f) {
     f.sandbox_test_institution = true;
     f.status = account_status::active;
     f.has_account_holder = false;
   },
   "no_account_holder"},
  {"sandbox test institution, active, no email",
   [](eligibility_facts& f) {
     f.sandbox_test_institution = true;
     f.status = account_status::active;
     f.holder_email.clear();
   },
   "no_email"},
  {"sandbox test institution, active, unconfirmed email",
   [](eligibility_facts& f) {
     f.sandbox_test_institution = true;
     f.status = account_status::active;
     f.holder_email = "someone@else.test";
   },
   "sandbox_email_unconfirmed"},
  {"sandbox test institution, active, pending request 1h ago",
   [](eligibility_facts& f) {
     f.sandbox_test_institution = true;
     f.status = account_status::active;
     f.previous = previous_request{f.now - hours(1), false};
   },
   "cooldown_48h"},
  // Choosing an authorization's account for a session: the holder waits.
  {"holder judged later, no holder and no email",
   [](eligibility_facts& f) {
     f.holder_judged_later = true;
     f.has_account_holder = false;
     f.holder_email.clear();
   },
   "eligible"},
  {"holder judged later, unconfirmed email and in cooldown",
   [](eligibility_facts& f) {
     f.holder_judged_later = true;
     f.holder_email = "x@y.test";
     f.previous = previous_request{f.now - hours(1), false};
   },
   "cooldown_48h"},
  {"holder judged later, active without a TAN",
   [](eligibility_facts& f) {
     f.holder_judged_later = true;
     f.status = account_status::active;
   },
   "not_inactive_or_expiring"},
};

} // namespace

BOOST_AUTO_TEST_SUITE(eligibility)

BOOST_AUTO_TEST_CASE(every_reason_and_boundary_in_the_documented_order) {
  for (const auto& c : cases) {
    auto facts = eligible_facts();
    c.change(facts);
    BOOST_TEST_CONTEXT(c.name) { BOOST_TEST(verdict(facts) == c.expected); }
  }
}

BOOST_AUTO_TEST_CASE(rejects_second_request_inside_48h_while_first_pending) {
  auto f = eligible_facts();
  f.previous = previous_request{f.now - hours(24), false};
  BOOST_TEST(!is_outside_cooldown(f));
  f.previous->complete = true;
  BOOST_TEST(is_outside_cooldown(f));
}

BOOST_AUTO_TEST_CASE(sandbox_without_confirmed_list_delivers_nowhere) {
  auto f = eligible_facts();
  f.confirmed_emails = nullptr;
  BOOST_TEST(verdict(f) == "sandbox_email_unconfirmed");
}

BOOST_AUTO_TEST_CASE(the_test_institution_is_known_by_its_exact_name_in_a_sandbox_only) {
  const auto sandbox = platform_mode::sandbox;
  BOOST_TEST(is_sandbox_test_institution(sandbox, "Tokenized Account Numbers"));
  BOOST_TEST(!is_sandbox_test_institution(platform_mode::live, "Tokenized Account Numbers"));
  BOOST_TEST(!is_sandbox_test_institution(sandbox, "tokenized account numbers"));
  BOOST_TEST(!is_sandbox_test_institution(sandbox, "Tokenized Account Numbers "));
  BOOST_TEST(!is_sandbox_test_institution(sandbox, "tan_bank"));
}

BOOST_AUTO_TEST_CASE(reason_codes_round_trip_through_text) {
  for (auto reason : all_rejection_reasons) {
    auto parsed = from_string(all_rejection_reasons, to_string(reason));
    BOOST_TEST((parsed && *parsed == reason));
  }
  BOOST_TEST(!from_string(all_rejection_reasons, "cooldown").has_value());
}

BOOST_AUTO_TEST_SUITE_END()
