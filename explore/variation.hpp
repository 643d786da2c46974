#pragma once

// One variation of a scenario with a `vary:` block, drawn from a seed: the
// faults kept (swarm testing: each listed fault is on in half the runs), a value
// drawn for each varied path, and only the expectations meant to hold under
// variation. It is a plain scenario: the `vary:` block goes, the seed is set.

#include "format/scenario.hpp"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>
#include <yaml-cpp/yaml.h>

namespace explore {

struct variation {
  std::uint64_t seed = 0;
  YAML::Node root; // the scenario to run
  std::vector<std::string> faults_on, faults_off;
  std::vector<std::pair<std::string, std::string>> values; // path, value drawn
  std::vector<double> drawn; // each value as drawn: on its grid, or a choice's index
};

// What `drawn` is written as: a duration, a number, or the choice's YAML text.
std::string value_text(const sim::varied_value& v, double drawn);

// `base` is the file's tree as parse_scenario_yaml reads it (not changed); `vary`
// its block as the loader read it.
variation draw_variation(const YAML::Node& base, const sim::vary_spec& vary,
                         std::uint64_t seed);

// Sets the scenario's seed (after its name, title and tags when it had none).
void set_seed(YAML::Node& root, std::uint64_t seed);

// Removes the timeline entries whose id is one of `ids`.
void remove_timeline_entries(YAML::Node& root, const std::vector<std::string>& ids);

// A mapping's or list's items, as text, or "none": for the headers of written files.
std::string listed(const std::vector<std::string>& names);

} // namespace explore
