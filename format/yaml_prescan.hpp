#pragma once

// What the YAML parser's events tell before any node tree is built:
//
// - yaml-cpp keeps one of two equal keys in a mapping and says nothing, so
//   `horizon: 5d` … `horizon: 1d` would silently run one of them: every key that
//   repeats within its mapping is reported;
// - a scenario is one document: a second one is reported;
// - the nodes of the document are counted, an alias as the nodes it names (the
//   loader walks an alias as often as it is used), and the scan stops where the
//   count passes its limit. yaml-cpp's tree costs about 500 bytes a node, and the
//   loader's work follows the nodes: a file must pass here before it is built.

#include "format/diagnostics.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace sim {

struct yaml_prescan {
  std::vector<diagnostic> errors;
  // Nothing further can be read: a syntax error yaml-cpp would let through (a
  // stray ',' outside a flow collection, a second document it cannot parse), or
  // more nodes than allowed.
  bool unreadable = false;
  std::uint64_t nodes = 0; // counted, aliases expanded; at most max_nodes + 1
};

// `max_nodes`: how many nodes the text may hold; one more is an error at the
// place where the count passed it, which `too_many` words.
yaml_prescan prescan_yaml(const std::string& text, const std::string& file,
                          std::uint64_t max_nodes, const std::string& too_many);

} // namespace sim
