#pragma once

// Loads and checks a scenario file. Every problem found is reported, not only the
// first; a scenario with any error is never run.

#include "sim/diagnostics.hpp"
#include "sim/scenario.hpp"

#include <optional>
#include <string>
#include <vector>

namespace sim {

// Limits that keep a mistyped number from turning into an endless run.
inline constexpr engine::duration max_horizon = engine::days(5 * 366);
inline constexpr std::size_t max_file_bytes = 64 * 1024 * 1024;

struct load_result {
  std::optional<scenario> value;
  std::vector<diagnostic> errors;
};

load_result load_scenario_file(const std::string& path);
// `file` names the text in diagnostics.
load_result load_scenario_text(const std::string& text, const std::string& file);

} // namespace sim
