#pragma once

// When a scheduled deactivation is announced (DOMAIN.md §3): 30 days ahead, at once
// when the date is nearer; a date that moves after the notice went out is told as
// an update, one that moves before it only moves the notice. Pure: the account and
// the authorization both follow it.

#include "engine/duration.hpp"

#include <optional>

namespace actors {

inline constexpr engine::duration deactivation_notice = engine::days(30);

struct notice_plan {
  bool send_notice_now = false;    // upcoming_deactivation, now
  bool send_date_update = false;   // expected_deactivation_date_updated, now
  std::optional<engine::duration> notice_in; // upcoming_deactivation later, after this
  engine::duration due_in{0};      // the deactivation itself, after this
  bool notice_sent = false;        // after this plan, has a notice gone out?
};

// `previous_notice_sent`: nullopt when nothing was scheduled before.
notice_plan plan_deactivation_notice(std::optional<bool> previous_notice_sent,
                                     engine::duration date, engine::duration now);

} // namespace actors
