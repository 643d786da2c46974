#pragma once

// Hosted-relink eligibility (DOMAIN.md §1) as pure functions of values: no CAF,
// no clock, no state. The coordinator gathers the facts, these decide.

#include "domain/domain.hpp"
#include "engine/duration.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace actors {

inline constexpr engine::duration tan_expiry_window = engine::days(30);
inline constexpr engine::duration relink_cooldown = engine::hours(48);

// In a sandbox, the test institution of this display name provides accounts that
// are all eligible when their holder has an email (DOMAIN.md §1).
inline constexpr std::string_view sandbox_test_institution_name =
  "Tokenized Account Numbers";

// The last hosted relink request sent for an account.
struct previous_request {
  engine::duration requested_at{0};
  bool complete = false; // reached succeeded, failed, cancelled or expired
};

// Everything the rules look at, as of `now`.
struct eligibility_facts {
  engine::duration now{0};
  account_status status = account_status::active;
  inactive_action action = inactive_action::relink_required; // meaningful when inactive
  std::optional<engine::duration> tan_expected_expiry;       // TANs only
  bool has_account_holder = true;
  std::string holder_email; // empty: the holder has no email address
  platform_mode mode = platform_mode::live;
  const std::vector<std::string>* confirmed_emails = nullptr; // sandbox rule
  // At the sandbox's test institution (and in a sandbox): rule 1 is waived.
  bool sandbox_test_institution = false;
  std::optional<previous_request> previous;
  // Set while choosing which account of an authorization a session relinks: its
  // holder is judged once the account is chosen, so the holder, email and
  // sandbox email rules wait until then.
  bool holder_judged_later = false;
};

// Rule 1: inactive, or a TAN expected to expire at most 30 days from now
// (already expired included).
bool is_inactive_or_expiring(const eligibility_facts& facts);

// Whether an institution of this display name is the sandbox's test institution:
// its exact name, in sandbox mode only (in live mode the name means nothing).
bool is_sandbox_test_institution(platform_mode mode, std::string_view institution_name);

// Rule 2: no hosted request in the last 48 hours, or the previous one complete.
// A request made exactly 48 hours ago no longer blocks.
bool is_outside_cooldown(const eligibility_facts& facts);

// Sandbox rule: the address must be one of the platform's confirmed emails.
bool is_email_deliverable(const eligibility_facts& facts);

// The first failing rule in the documented order, or nullopt when eligible. At
// the sandbox's test institution rule 1 is waived (an active account qualifies);
// `disconnected`, `not_repairable` and the holder, email and cooldown rules hold.
std::optional<rejection_reason> check_eligibility(const eligibility_facts& facts);

} // namespace actors
