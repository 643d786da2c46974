#pragma once

#include "domain/domain.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string>

namespace actors {

// The Dashboard's state filter: which accounts it keeps, as of the request.
enum class select_filter { all, eligible, inactive, expiring };
std::string_view to_string(select_filter);
// In the order the format has always listed them (messages and schema).
inline constexpr std::array<select_filter, 4> all_select_filters{
    select_filter::all, select_filter::eligible, select_filter::inactive,
    select_filter::expiring};

// Which accounts a request names when it does not list them: the Dashboard's
// filters. `select` keeps accounts by their state at the instant of the request
// (`all`, `inactive`, `expiring` (a TAN expiring within 30 days), `eligible`),
// `population` and `institution` narrow the set, then a `sample` share is drawn
// and at most `limit` are kept, in account id order.
struct account_selector {
  select_filter select = select_filter::all;
  std::string population;
  std::string institution;
  double sample = 1.0;
  std::optional<std::uint64_t> limit;
};

} // namespace actors
