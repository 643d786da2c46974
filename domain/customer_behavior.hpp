#pragma once

#include "engine/distribution.hpp"
#include "engine/duration.hpp"

namespace actors {

// A customer's behaviour profile. Every probability is a number distribution
// (a constant, or uniform(a, b) within [0, 1]) drawn anew at each use, and every
// delay a duration distribution.
struct customer_behavior {
  engine::distribution opens = engine::distribution::constant(1.0);
  engine::distribution open_after = engine::distribution::constant(
    static_cast<double>(engine::hours(1).count()), engine::value_kind::time);
  engine::distribution completes = engine::distribution::constant(1.0);
  // After a successful re-authentication, the customer picks a different
  // account than the one the relink was for (relink_result: no_account).
  engine::distribution picks_other_account = engine::distribution::constant(0.0);
  // At the hosted page, chooses to enter the account by hand instead: the relink
  // is cancelled (custom_manual_entry).
  engine::distribution cancels = engine::distribution::constant(0.0);
  // Time spent in the flow before submitting credentials.
  engine::distribution flow_time = engine::distribution::constant(0.0, engine::value_kind::time);
  // After the flow ends, follows the same link once more, five minutes later.
  engine::distribution clicks_twice = engine::distribution::constant(0.0);
};

} // namespace actors
