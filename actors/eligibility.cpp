#include "actors/eligibility.hpp"

#include <algorithm>
#include <cctype>

namespace actors {

bool is_inactive_or_expiring(const eligibility_facts& facts) {
  if (facts.status == account_status::inactive)
    return true;
  return facts.tan_expected_expiry && *facts.tan_expected_expiry <= facts.now + tan_expiry_window;
}

bool is_sandbox_test_institution(platform_mode mode, std::string_view institution_name) {
  return mode == platform_mode::sandbox &&
         institution_name == sandbox_test_institution_name;
}

bool is_outside_cooldown(const eligibility_facts& facts) {
  if (!facts.previous || facts.previous->complete)
    return true;
  return facts.now - facts.previous->requested_at >= relink_cooldown;
}

bool is_email_deliverable(const eligibility_facts& facts) {
  if (facts.mode != platform_mode::sandbox)
    return true;
  if (facts.confirmed_emails == nullptr)
    return false;
  // Addresses compare without regard to case: QA@acme.test is qa@acme.test.
  auto same_address = [&](const std::string& confirmed) {
    return confirmed.size() == facts.holder_email.size() &&
           std::equal(confirmed.begin(), confirmed.end(), facts.holder_email.begin(),
                      [](char a, char b) {
                        return std::tolower(static_cast<unsigned char>(a)) ==
                               std::tolower(static_cast<unsigned char>(b));
                      });
  };
  const auto& confirmed = *facts.confirmed_emails;
  return std::any_of(confirmed.begin(), confirmed.end(), same_address);
}

namespace {

std::optional<rejection_reason> holder_rejection(const eligibility_facts& facts) {
  if (!facts.has_account_holder)
    return rejection_reason::no_account_holder;
  if (facts.holder_email.empty())
    return rejection_reason::no_email;
  if (!is_email_deliverable(facts))
    return rejection_reason::sandbox_email_unconfirmed;
  return std::nullopt;
}

} // namespace

std::optional<rejection_reason> check_eligibility(const eligibility_facts& facts) {
  if (facts.status == account_status::disconnected)
    return rejection_reason::disconnected;
  if (facts.status == account_status::inactive && facts.action == inactive_action::none)
    return rejection_reason::not_repairable;
  // The sandbox's test institution waives rule 1 only: an inactive account there
  // can still be beyond repair, and every holder and cooldown rule still holds.
  if (!facts.sandbox_test_institution && !is_inactive_or_expiring(facts))
    return rejection_reason::not_inactive_or_expiring;
  if (!facts.holder_judged_later)
    if (auto reason = holder_rejection(facts))
      return reason;
  if (!is_outside_cooldown(facts))
    return rejection_reason::cooldown_48h;
  return std::nullopt;
}

} // namespace actors
