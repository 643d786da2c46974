#include "explore/variation.hpp"

#include "engine/check.hpp"
#include "engine/duration.hpp"
#include "engine/random.hpp"
#include "format/expectation_kinds.hpp"
#include "format/key_path.hpp"
#include "format/yaml_text.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

namespace explore {
namespace {

// How many decimals `x` has (0.25: 2), up to 12.
int decimals_of(double x) {
  int d = 0;
  for (double scaled = std::fabs(x); d < 12; ++d, scaled *= 10)
    if (std::fabs(scaled - std::round(scaled)) < 1e-9 * std::max(1.0, scaled))
      break;
  return d;
}

// A number drawn on the grid low + k × step, with as many decimals as the grid has.
std::string number_text(double value, const sim::varied_value& v) {
  const int decimals = std::max(decimals_of(v.step), decimals_of(v.low));
  std::string text = fmt::format("{:.{}f}", value, decimals);
  if (text.find('.') != std::string::npos) {
    while (text.back() == '0')
      text.pop_back();
    if (text.back() == '.')
      text.pop_back();
  }
  return text == "-0" ? "0" : text;
}

// What is drawn for `v`: a value of its grid, or a choice's index.
double draw(const sim::varied_value& v, engine::random_stream& random) {
  if (v.kind == sim::varied_kind::choice)
    return static_cast<double>(
        random.integer(0, static_cast<std::int64_t>(v.choices.size()) - 1));
  const auto steps = static_cast<std::int64_t>(std::floor((v.high - v.low) / v.step + 1e-9));
  return v.low + static_cast<double>(random.integer(0, steps)) * v.step;
}

} // namespace

std::string value_text(const sim::varied_value& v, double drawn) {
  switch (v.kind) {
  case sim::varied_kind::choice:
    return v.choices[static_cast<std::size_t>(drawn)];
  case sim::varied_kind::duration:
    return engine::format_duration(engine::duration(static_cast<std::int64_t>(std::llround(drawn))));
  case sim::varied_kind::integer:
    return std::to_string(std::llround(drawn));
  default:
    return number_text(drawn, v);
  }
}

namespace {

// The expectations of the kinds in `keep`; the others do not hold under variation.
// One about a request or session that is a fault switched off goes too: it names
// an entry the variation does not have.
void keep_expectations(YAML::Node& root, const std::vector<std::string>& keep,
                       const std::vector<std::string>& faults_off) {
  const YAML::Node expect = root["expect"];
  if (!expect || !expect.IsSequence())
    return;
  YAML::Node kept(YAML::NodeType::Sequence);
  kept.SetStyle(expect.Style());
  for (const auto& item : expect) {
    const auto* kind = sim::reading::find_expectation_kind(item);
    const auto names_removed = [&](const char* key) {
      const YAML::Node id = item[key];
      return id && id.IsScalar() &&
             std::find(faults_off.begin(), faults_off.end(), id.Scalar()) != faults_off.end();
    };
    if (kind != nullptr &&
        std::find(keep.begin(), keep.end(), std::string(kind->name)) != keep.end() &&
        !names_removed("request") && !names_removed("session"))
      kept.push_back(item);
  }
  if (kept.size() == 0)
    root.remove("expect");
  else
    root["expect"] = kept;
}

} // namespace

void remove_timeline_entries(YAML::Node& root, const std::vector<std::string>& ids) {
  const YAML::Node timeline = root["timeline"];
  if (ids.empty() || !timeline || !timeline.IsSequence())
    return;
  YAML::Node kept(YAML::NodeType::Sequence);
  kept.SetStyle(timeline.Style());
  for (const auto& entry : timeline) {
    const YAML::Node id = entry.IsMap() ? entry["id"] : YAML::Node();
    if (!id || !id.IsScalar() || std::find(ids.begin(), ids.end(), id.Scalar()) == ids.end())
      kept.push_back(entry);
  }
  root["timeline"] = kept;
}

variation draw_variation(const YAML::Node& base, const sim::vary_spec& vary,
                         std::uint64_t seed) {
  variation v;
  v.seed = seed;
  v.root = YAML::Clone(base);
  // Its own stream: the run's draws, from the same seed, stay those of `relinksim
  // run --seed` on the file written.
  engine::random_stream random(seed, "relinksim.vary");
  for (const auto& fault : vary.faults)
    (random.chance(0.5) ? v.faults_on : v.faults_off).push_back(fault);
  for (const auto& value : vary.values) {
    const double drawn = draw(value, random);
    const std::string text = value_text(value, drawn);
    std::string error;
    const auto node = sim::parse_scenario_yaml(text, error);
    ENGINE_CHECK(node.has_value(), error); // a value the loader read, or one of its grid
    const auto path = sim::parse_key_path(value.path);
    ENGINE_CHECK(path.has_value(), value.path); // the loader read it
    // Items named as the file names them, whatever an earlier value changed.
    const auto indexed = sim::indexed_key_path(base, *path, error);
    ENGINE_CHECK(indexed.has_value(), error); // ... and found it in this very tree
    const std::string why = sim::put_at_key_path(v.root, *indexed, *node);
    ENGINE_CHECK(why.empty(), why);
    v.values.emplace_back(value.path, text);
    v.drawn.push_back(drawn);
  }
  // Values first: a path through a fault's entry stays right.
  remove_timeline_entries(v.root, v.faults_off);
  keep_expectations(v.root, vary.keep, v.faults_off);
  v.root.remove("vary");
  set_seed(v.root, seed);
  return v;
}

void set_seed(YAML::Node& root, std::uint64_t seed) {
  if (root["seed"]) {
    root["seed"] = std::to_string(seed);
    return;
  }
  // Where a reader looks for it: after the scenario's name, title and tags.
  YAML::Node ordered(YAML::NodeType::Map);
  bool placed = false;
  for (const auto& item : root) {
    const std::string key = item.first.IsScalar() ? item.first.Scalar() : "";
    if (!placed && key != "scenario" && key != "title" && key != "tags" && key != "format") {
      ordered["seed"] = std::to_string(seed);
      placed = true;
    }
    ordered[item.first] = item.second;
  }
  if (!placed)
    ordered["seed"] = std::to_string(seed);
  root = ordered;
}

std::string listed(const std::vector<std::string>& names) {
  return names.empty() ? "none" : sim::reading::join(names);
}

} // namespace explore
