#include "explore/verdict.hpp"

#include <cstdlib>

namespace explore {
namespace {

// The number at the start of `text`, if there is one.
bool number_at(const std::string& text, std::size_t from, double& value) {
  if (from >= text.size())
    return false;
  char* end = nullptr;
  value = std::strtod(text.c_str() + from, &end);
  return end != text.c_str() + from;
}

// Whether the metric's value `actual` is below or above the bounds `expected` states ("= 5", ">= 3", "<= 8", ">= 3 and
// <= 8").
std::string side_of(const std::string& expected, const std::string& actual) {
  double value = 0, bound = 0;
  if (!number_at(actual, 0, value))
    return actual;
  if (expected.rfind("= ", 0) == 0 && number_at(expected, 2, bound))
    return value < bound ? "below its bound" : "above its bound";
  const auto min = expected.find(">= ");
  if (min != std::string::npos && number_at(expected, min + 3, bound) && value < bound)
    return "below its bound";
  return "above its bound";
}

} // namespace

std::string expectation_reason(const std::string& name, const std::string& expected,
                               const std::string& actual) {
  const std::string kind = name.substr(0, name.find(' '));
  if (kind == "metric")
    return side_of(expected, actual);
  if (kind == "account") // "was inactive (…) at 3d; last: …": the state
    return actual.substr(0, actual.find(" at "));
  return actual;
}

failure invariant_failure(const std::string& name, const std::string& message) {
  return {"invariant " + name, message, ""};
}

failure expectation_failure(const std::string& name, const std::string& expected,
                            const std::string& actual, const std::string& detail,
                            bool reached) {
  if (!reached)
    return {"expectation " + name, "not reached: the run stopped before it", "not reached"};
  return {"expectation " + name, detail, expectation_reason(name, expected, actual)};
}

failure run_failure(const std::string& error) { return {"run error", error, ""}; }

} // namespace explore
