#pragma once

// Loads and checks a scenario file. Every problem found is reported, not only the
// first; a scenario with any error is never run.

#include "sim/diagnostics.hpp"
#include "sim/scenario.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sim {

// Limits that keep a mistyped number from turning into an endless run.
inline constexpr engine::duration max_horizon = engine::days(5 * 366);
// Bytes of a scenario and every fragment it includes, together.
inline constexpr std::size_t max_file_bytes = 16 * 1024 * 1024;
// YAML nodes of a scenario and its fragments together, an alias counted as the
// nodes it names. yaml-cpp's tree costs about 500 bytes a node: this keeps it
// near 500 MB, and the loader's walk over it short.
inline constexpr std::uint64_t max_yaml_nodes = 1'000'000;
inline constexpr std::size_t max_include_depth = 8;
inline constexpr std::size_t max_included_files = 64;

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
