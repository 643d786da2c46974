#pragma once

// A scenario's YAML as a tree to change and write back (explore, shrink): read
// as the loader reads it, so that `{ latency: uniform(20s, 2m) }` is one value,
// and written so that the loader reads back the same values.

#include <optional>
#include <string>
#include <yaml-cpp/yaml.h>

namespace sim {

// The tree of `text`, its scalars as written; nullopt with `error` said when it is
// no YAML.
std::optional<YAML::Node> parse_scenario_yaml(const std::string& text, std::string& error);

// The tree as block YAML (flow where it was written in flow), ending in a newline.
std::string scenario_yaml_text(const YAML::Node& root);

// A value as YAML on one line (flow style), without a newline.
std::string scenario_yaml_line(const YAML::Node& value);

// A value's text as a plain number ("12", "0.25", "1e3"; not "1d", not "nan");
// nullopt for anything else.
std::optional<double> plain_number(const std::string& text);

} // namespace sim
