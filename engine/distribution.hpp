#pragma once

// Distributions of the scenario format, domain-free: a constant, `uniform(a, b)`,
// `exp(mean)`, `normal(mean, sd)` clipped at 0, `lognormal(median, sigma)`, or a
// weighted choice. Values are either durations (kept in milliseconds) or plain
// numbers; `kind` says which. One grammar reads both, each value as the kind its
// user expects, so that `uniform(0, 1)` is a probability and `uniform(0, 2m)` a
// delay.

#include "engine/random.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace engine {

enum class value_kind { number, time };

struct distribution {
  enum class shape { constant, uniform, exponential, normal, lognormal, choice };
  shape form = shape::constant;
  value_kind kind = value_kind::number;
  // Parameters in the order written: constant(a), uniform(a, b), exp(a),
  // normal(a, b), lognormal(a, b). Durations in milliseconds.
  double a = 0.0;
  double b = 0.0;
  // For `choice`: the values and their weights (weights need not sum to 1).
  std::vector<double> choices;
  std::vector<double> weights;

  static distribution constant(double value, value_kind k = value_kind::number);

  // One draw. Never negative for shapes that could go below 0 (normal is clipped).
  double sample(random_stream& random) const;
  // The mean of the distribution (normal: of the unclipped one), for reports.
  double mean() const;
  // Smallest and largest value it can produce (upper bound may be infinite).
  double lowest() const;
  double highest() const;
};

// The longest delay a draw may give: longer ones (a lognormal's far tail, even an
// infinite draw) are cut to it, so that every delay is finite, fits CAF's clock and
// rounds the same on every platform.
inline constexpr double max_delay_ms = 5.0 * 366 * 86'400'000;

// One draw of a distribution of durations, in whole milliseconds within [0, max].
std::chrono::milliseconds sample_delay(const distribution& d, random_stream& random);

struct distribution_parse_result {
  std::optional<distribution> value;
  std::string error; // what was expected, when value is empty
};

// Parses the text form, its values read as `kind` says: durations (`2h`,
// `uniform(0, 4h)`; a bare `0` is 0s) or plain numbers (`0.25`, `uniform(0, 1)`);
// lognormal's sigma is a plain number either way. A bare value is a constant.
distribution_parse_result parse_distribution(std::string_view text, value_kind kind);

// The text form of a distribution, parseable again (choices excluded).
std::string describe(const distribution& d);

} // namespace engine
