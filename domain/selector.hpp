#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace actors {

// Which accounts a request names when it does not list them: the Dashboard's
// filters. `select` keeps accounts by their state at the instant of the request
// (`all`, `inactive`, `expiring` (a TAN expiring within 30 days), `eligible`),
// `population` and `institution` narrow the set, then a `sample` share is drawn
// and at most `limit` are kept, in account id order.
struct account_selector {
  std::string select = "all";
  std::string population;
  std::string institution;
  double sample = 1.0;
  std::optional<std::uint64_t> limit;
};

} // namespace actors
