#pragma once

// yaml-cpp keeps one of two equal keys in a mapping and says nothing, so
// `horizon: 5d` … `horizon: 1d` would silently run one of them. This pass walks
// the parser's events and reports every key that repeats within its mapping.

#include "sim/diagnostics.hpp"

#include <string>
#include <vector>

namespace sim {

// `text` must already parse as YAML. Positions are those of the repeated key.
std::vector<diagnostic> find_duplicate_keys(const std::string& text, const std::string& file);

} // namespace sim
