#pragma once

// Loads and checks a scenario file. Every problem found is reported, not only the
// first; a scenario with any error is never run.

#include "format/diagnostics.hpp"
#include "format/limits.hpp"
#include "format/scenario.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sim {

struct load_result {
  std::optional<scenario> value;
  std::vector<diagnostic> errors;
};

// A `--set key.path=value` override: the value (YAML) replaces or adds the key at
// that path (`seed`, `platform.link_lifetime`, `timeline[2].at`) before checking.
struct override_value {
  std::string path;
  std::string value;
};

// Parses `key.path=value`; nullopt when there is no '=' or no path.
std::optional<override_value> parse_override(const std::string& text);

// Reads a regular file (or standard input for "-", named "<stdin>" in
// diagnostics, its includes relative to the current folder) and loads it; a
// folder, FIFO or device is refused unread.
load_result load_scenario_file(const std::string& path,
                               const std::vector<override_value>& overrides = {});
// `file` names the text in diagnostics.
load_result load_scenario_text(const std::string& text, const std::string& file,
                               const std::vector<override_value>& overrides = {});

} // namespace sim
