#include "engine/distribution.hpp"

#include "engine/check.hpp"
#include "engine/duration.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>

namespace engine {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

// One value, read as the kind the caller expects: `0` is no duration unit away
// from being a number, so the text alone cannot say which it is.
std::optional<double> parse_value(std::string_view text, value_kind kind) {
  text = trim(text);
  if (text.empty())
    return std::nullopt;
  if (kind == value_kind::time) {
    if (auto d = parse_duration(text))
      return static_cast<double>(d->count());
    return std::nullopt;
  }
  const std::string copy(text);
  char* end = nullptr;
  const double number = std::strtod(copy.c_str(), &end);
  if (end != copy.c_str() + copy.size() || !std::isfinite(number))
    return std::nullopt;
  return number;
}

std::string not_a(value_kind kind) {
  return kind == value_kind::time ? "not a duration (such as 90s, 2h or 1d12h)"
                                  : "not a number";
}

std::string format_value(double v, value_kind kind) {
  if (kind == value_kind::time)
    return format_duration(duration{static_cast<std::int64_t>(std::llround(v))});
  char text[32];
  std::snprintf(text, sizeof text, "%g", v);
  return text;
}

struct shape_name {
  std::string_view name;
  distribution::shape form;
  std::size_t arity;
};

constexpr shape_name shapes[] = {{"uniform", distribution::shape::uniform, 2},
                                 {"exp", distribution::shape::exponential, 1},
                                 {"normal", distribution::shape::normal, 2},
                                 {"lognormal", distribution::shape::lognormal, 2}};

} // namespace

distribution distribution::constant(double value, value_kind k) {
  distribution d;
  d.form = shape::constant;
  d.kind = k;
  d.a = value;
  return d;
}

double distribution::sample(random_stream& random) const {
  switch (form) {
    case shape::constant:
      return a;
    case shape::uniform:
      return random.uniform(a, b);
    case shape::exponential:
      return random.exponential(a);
    case shape::normal:
      return std::max(0.0, random.normal(a, b));
    case shape::lognormal:
      return random.lognormal(a, b);
    case shape::choice: {
      // The loader refuses an empty choice and gives each value its weight.
      ENGINE_CHECK(!choices.empty() && choices.size() == weights.size(),
                   std::to_string(choices.size()) + " choices with " +
                     std::to_string(weights.size()) + " weights");
      double total = 0.0;
      for (double w : weights)
        total += w;
      double x = random.unit() * total;
      for (std::size_t i = 0; i < choices.size(); ++i) {
        if (x < weights[i])
          return choices[i];
        x -= weights[i];
      }
      return choices.back();
    }
  }
  return a;
}

double distribution::mean() const {
  switch (form) {
    case shape::constant:
    case shape::exponential:
    case shape::normal:
      return a;
    case shape::uniform:
      return (a + b) / 2.0;
    case shape::lognormal:
      return a * std::exp(b * b / 2.0);
    case shape::choice: {
      double total = 0.0, sum = 0.0;
      for (std::size_t i = 0; i < choices.size(); ++i) {
        total += weights[i];
        sum += weights[i] * choices[i];
      }
      return total > 0.0 ? sum / total : 0.0;
    }
  }
  return a;
}

double distribution::lowest() const {
  switch (form) {
    case shape::constant:
    case shape::uniform:
      return a;
    case shape::choice: {
      double low = std::numeric_limits<double>::infinity();
      for (double c : choices)
        low = std::min(low, c);
      return low;
    }
    default:
      return 0.0;
  }
}

double distribution::highest() const {
  switch (form) {
    case shape::constant:
      return a;
    case shape::uniform:
      return b;
    case shape::choice: {
      double high = -std::numeric_limits<double>::infinity();
      for (double c : choices)
        high = std::max(high, c);
      return high;
    }
    default:
      return std::numeric_limits<double>::infinity();
  }
}

std::chrono::milliseconds sample_delay(const distribution& d, random_stream& random) {
  double ms = d.sample(random);
  if (!(ms >= 0.0)) // negative or NaN
    ms = 0.0;
  ms = std::min(ms, max_delay_ms);
  return std::chrono::milliseconds{static_cast<std::int64_t>(std::llround(ms))};
}

distribution_parse_result parse_distribution(std::string_view text, value_kind kind) {
  text = trim(text);
  const auto open = text.find('(');
  if (open == std::string_view::npos) {
    if (auto v = parse_value(text, kind))
      return {distribution::constant(*v, kind), {}};
    return {std::nullopt,
            kind == value_kind::time
              ? "expected a duration such as 2h, or uniform(a, b), exp(mean), normal(mean, "
                "sd), lognormal(median, sigma) of durations"
              : "expected a number, or uniform(a, b), exp(mean), normal(mean, sd), "
                "lognormal(median, sigma) of numbers"};
  }
  const std::string_view name = trim(text.substr(0, open));
  const shape_name* shape = nullptr;
  for (const auto& s : shapes)
    if (s.name == name)
      shape = &s;
  if (shape == nullptr)
    return {std::nullopt, "unknown distribution '" + std::string(name) +
                              "' (known: uniform, exp, normal, lognormal)"};
  if (text.back() != ')')
    return {std::nullopt, "missing ')' after the parameters of " + std::string(name)};
  std::string_view inner = text.substr(open + 1, text.size() - open - 2);
  std::vector<std::string_view> params;
  while (true) {
    const auto comma = inner.find(',');
    params.push_back(trim(inner.substr(0, comma)));
    if (comma == std::string_view::npos)
      break;
    inner.remove_prefix(comma + 1);
  }
  if (params.size() != shape->arity)
    return {std::nullopt, std::string(name) + " takes " + std::to_string(shape->arity) +
                              " parameter" + (shape->arity == 1 ? "" : "s") + ", got " +
                              std::to_string(params.size())};
  distribution d;
  d.form = shape->form;
  d.kind = kind;
  double* values[] = {&d.a, &d.b};
  for (std::size_t i = 0; i < params.size(); ++i) {
    // lognormal's sigma is a plain number, whatever the median is.
    const bool sigma = d.form == distribution::shape::lognormal && i == 1;
    const auto v = parse_value(params[i], sigma ? value_kind::number : kind);
    if (!v)
      return {std::nullopt, sigma ? "sigma of lognormal must be a plain number"
                                  : "parameter '" + std::string(params[i]) + "' of " +
                                      std::string(name) + " is " + not_a(kind)};
    *values[i] = *v;
  }
  if (d.a < 0 || d.b < 0)
    return {std::nullopt, "parameters of " + std::string(name) + " must not be negative"};
  if (d.form == distribution::shape::uniform && d.b < d.a)
    return {std::nullopt, "uniform(a, b) needs a <= b"};
  return {d, {}};
}

std::string describe(const distribution& d) {
  switch (d.form) {
    case distribution::shape::constant:
      return format_value(d.a, d.kind);
    case distribution::shape::uniform:
      return "uniform(" + format_value(d.a, d.kind) + ", " + format_value(d.b, d.kind) + ")";
    case distribution::shape::exponential:
      return "exp(" + format_value(d.a, d.kind) + ")";
    case distribution::shape::normal:
      return "normal(" + format_value(d.a, d.kind) + ", " + format_value(d.b, d.kind) + ")";
    case distribution::shape::lognormal:
      return "lognormal(" + format_value(d.a, d.kind) + ", " +
             format_value(d.b, value_kind::number) + ")";
    case distribution::shape::choice:
      return "choice";
  }
  return "?";
}

} // namespace engine
