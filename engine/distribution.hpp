#pragma once

// Distributions of the scenario format, domain-free: a constant, `uniform(a, b)`,
// `exp(mean)`, `normal(mean, sd)` clipped at 0, `lognormal(median, sigma)`, or a
// weighted choice. Values are either durations (kept in milliseconds) or plain
// numbers; `kind` says which, so that `uniform(2h, 4h)` and `uniform(1, 3)` are
// both parsed by one grammar and checked by their user.

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

// Parses the text form. A bare number or duration is a constant. Parameters must
// all be durations or all numbers; the expected kind is checked by the caller.
distribution_parse_result parse_distribution(std::string_view text);

// The text form of a distribution, parseable again (choices excluded).
std::string describe(const distribution& d);

} // namespace engine
