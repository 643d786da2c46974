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

struct parsed_value {
  double value = 0.0;
  value_kind kind = value_kind::number;
};

std::optional<parsed_value> parse_value(std::string_view text) {
  text = trim(text);
  if (text.empty())
    return std::nullopt;
  if (auto d = parse_duration(text))
    return parsed_value{static_cast<double>(d->count()), value_kind::time};
  const std::string copy(text);
  char* end = nullptr;
  const double number = std::strtod(copy.c_str(), &end);
  if (end != copy.c_str() + copy.size() || !std::isfinite(number))
    return std::nullopt;
  return parsed_value{number, value_kind::number};
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

distribution_parse_result parse_distribution(std::string_view text) {
  text = trim(text);
  const auto open = text.find('(');
  if (open == std::string_view::npos) {
    if (auto v = parse_value(text))
      return {distribution::constant(v->value, v->kind), {}};
    return {std::nullopt, "expected a number, a duration such as 2h, or uniform(a, b), "
                          "exp(mean), normal(mean, sd), lognormal(median, sigma)"};
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
  std::vector<parsed_value> params;
  while (true) {
    const auto comma = inner.find(',');
    auto v = parse_value(inner.substr(0, comma));
    if (!v)
      return {std::nullopt, "parameter '" + std::string(trim(inner.substr(0, comma))) +
                                "' of " + std::string(name) +
                                " is neither a number nor a duration"};
    params.push_back(*v);
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
  d.kind = params[0].kind;
  d.a = params[0].value;
  if (params.size() == 2) {
    d.b = params[1].value;
    // lognormal's sigma is a plain number even for durations.
    const bool mixed_allowed = d.form == distribution::shape::lognormal;
    if (!mixed_allowed && params[1].kind != d.kind)
      return {std::nullopt, "parameters of " + std::string(name) +
                                " mix durations and plain numbers"};
    if (mixed_allowed && params[1].kind != value_kind::number)
      return {std::nullopt, "sigma of lognormal must be a plain number"};
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
