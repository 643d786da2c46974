#pragma once

// yaml-cpp keeps one of two equal keys in a mapping and says nothing, so
// `horizon: 5d` … `horizon: 1d` would silently run one of them. This pass walks
// the parser's events and reports every key that repeats within its mapping.

#include "sim/diagnostics.hpp"

#include <string>
#include <vector>

namespace sim {

// `text` must already parse as YAML. Positions are those of the repeated key. A
// second document is reported too; `unreadable` is set for a syntax error that
// yaml-cpp lets through (a stray ',' outside a flow collection).
std::vector<diagnostic> find_duplicate_keys(const std::string& text, const std::string& file,
                                            bool& unreadable);

} // namespace sim
