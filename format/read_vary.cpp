// `vary:`: what `relinksim explore` changes from run to run. A run plays the
// scenario as written; the explorer draws each variation from the file's own
// tree (explore/variation.cpp), so every path here names what the file writes.

#include "format/expectation_kinds.hpp"
#include "format/key_path.hpp"
#include "format/reader.hpp"
#include "format/yaml_text.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace sim::reading {
namespace {

bool whole(const std::string& text) {
  return text.find_first_not_of("0123456789-") == std::string::npos;
}

// `node` with its scalars as written: the loader reads a distribution call's
// commas as ';' until a reader asks for the text.
YAML::Node as_written(const YAML::Node& node, const protected_commas& commas) {
  if (node.IsScalar())
    return YAML::Node(commas.restore(node));
  if (!node.IsMap() && !node.IsSequence())
    return YAML::Clone(node);
  YAML::Node out(node.IsMap() ? YAML::NodeType::Map : YAML::NodeType::Sequence);
  out.SetStyle(node.Style());
  for (const auto& item : node) {
    if (node.IsMap())
      out[as_written(item.first, commas)] = as_written(item.second, commas);
    else
      out.push_back(as_written(item, commas));
  }
  return out;
}

// Keys a varied path must not name: what the explorer itself sets or reads.
const keys unvaried_sections{"scenario", "seed", "vary", "include", "format"};

} // namespace

void scenario_reader::read_vary(const YAML::Node& node, const YAML::Node& root) {
  if (!check_map(node, "vary", {"faults", "values", "keep"}))
    return;
  vary_spec v;
  v.where = where(node);
  if (auto n = node["faults"]) {
    keys ids; // of the file's own timeline entries
    if (const YAML::Node timeline = root["timeline"]; timeline && timeline.IsSequence())
      for (const auto& entry : timeline)
        if (entry.IsMap() && entry["id"] && entry["id"].IsScalar())
          ids.push_back(entry["id"].Scalar());
    if (!n.IsSequence()) {
      error(n, "vary.faults", "expected a list of timeline entry ids");
    } else {
      for (std::size_t i = 0; i < n.size(); ++i) {
        const std::string path = "vary.faults[" + std::to_string(i) + "]";
        auto id = identifier(n[i], path);
        if (!id)
          continue;
        if (std::find(ids.begin(), ids.end(), *id) == ids.end())
          error(n[i], path,
                "no timeline entry of this file has the id '" + *id + "'" +
                    suggestion_suffix(*id, ids));
        else if (std::find(v.faults.begin(), v.faults.end(), *id) != v.faults.end())
          error(n[i], path, "'" + *id + "' is listed twice");
        else
          v.faults.push_back(*id);
      }
    }
  }
  if (auto n = node["values"]) {
    if (!n.IsMap())
      error(n, "vary.values", "expected a mapping from key paths to {between} or {one_of}");
    else
      for (const auto& item : n)
        if (auto value = read_varied_value(item.first, item.second, root))
          v.values.push_back(std::move(*value));
  }
  if (auto n = node["keep"]) {
    const keys kinds = expectation_names();
    if (!n.IsSequence()) {
      error(n, "vary.keep", "expected a list of expectation kinds: " + join(kinds));
    } else {
      for (std::size_t i = 0; i < n.size(); ++i) {
        const std::string path = "vary.keep[" + std::to_string(i) + "]";
        auto kind = scalar(n[i], path, "an expectation kind");
        if (!kind)
          continue;
        if (std::find(kinds.begin(), kinds.end(), *kind) == kinds.end())
          error(n[i], path,
                "unknown expectation kind '" + *kind + "'" + suggestion_suffix(*kind, kinds) +
                    "; expected one of " + join(kinds));
        else if (std::find(v.keep.begin(), v.keep.end(), *kind) == v.keep.end())
          v.keep.push_back(*kind);
      }
    }
  }
  if (v.faults.empty() && v.values.empty()) {
    error(node, "vary", "nothing varies: list faults, or values with their ranges");
    return;
  }
  s_.vary = std::move(v);
}

std::optional<varied_value> scenario_reader::read_varied_value(const YAML::Node& key,
                                                               const YAML::Node& body,
                                                               const YAML::Node& root) {
  auto text = scalar(key, "vary.values", "a key path such as timeline[outage].at");
  if (!text)
    return std::nullopt;
  const std::string path = "vary.values." + *text;
  const auto steps = parse_key_path(*text);
  if (!steps) {
    error(key, path, "malformed key path: write keys, indexes and item ids like "
                     "timeline[2].at or populations[bulk].customers");
    return std::nullopt;
  }
  if (!steps->front().key.empty() &&
      std::find(unvaried_sections.begin(), unvaried_sections.end(), steps->front().key) !=
          unvaried_sections.end()) {
    error(key, path, "'" + steps->front().key + "' cannot vary (explore sets the seed itself)");
    return std::nullopt;
  }
  std::string why;
  if (!find_at_key_path(root, *steps, why)) {
    error(key, path, why + ": vary only what this file writes");
    return std::nullopt;
  }
  if (!check_map(body, path, {"between", "step", "one_of"}))
    return std::nullopt;
  varied_value v;
  v.path = *text;
  v.where = where(key);
  if (body["between"] && body["one_of"]) {
    error(body, path, "use either between or one_of, not both");
    return std::nullopt;
  }
  if (const YAML::Node choices = body["one_of"]) {
    if (!choices.IsSequence() || choices.size() == 0) {
      error(choices, path + ".one_of", "expected a list of the values to choose from");
      return std::nullopt;
    }
    if (body["step"]) {
      error(body["step"], path + ".step", "step goes with between, not one_of");
      return std::nullopt;
    }
    v.kind = varied_kind::choice;
    for (const auto& choice : choices)
      v.choices.push_back(scenario_yaml_line(as_written(choice, commas_)));
    return v;
  }
  const YAML::Node range = body["between"];
  if (!range) {
    error(body, path, "missing 'between: [low, high]' or 'one_of: [...]'");
    return std::nullopt;
  }
  const std::string range_path = path + ".between";
  if (!range.IsSequence() || range.size() != 2) {
    error(range, range_path, "expected [low, high]: two durations or two numbers");
    return std::nullopt;
  }
  auto low_text = scalar(range[0], range_path + "[0]", "a duration or a number");
  auto high_text = scalar(range[1], range_path + "[1]", "a duration or a number");
  if (!low_text || !high_text)
    return std::nullopt;
  const auto low_number = plain_number(*low_text), high_number = plain_number(*high_text);
  if (low_number && high_number) {
    v.kind = whole(*low_text) && whole(*high_text) ? varied_kind::integer : varied_kind::number;
    v.low = *low_number, v.high = *high_number;
    v.step = v.kind == varied_kind::integer ? 1.0 : 0.001;
  } else {
    auto low = duration_value(range[0], range_path + "[0]");
    auto high = duration_value(range[1], range_path + "[1]");
    if (!low || !high)
      return std::nullopt;
    v.kind = varied_kind::duration;
    v.low = static_cast<double>(low->count()), v.high = static_cast<double>(high->count());
    // To the minute when both ends are whole minutes, else to the second.
    const bool minutes = low->count() % 60000 == 0 && high->count() % 60000 == 0;
    const bool seconds = low->count() % 1000 == 0 && high->count() % 1000 == 0;
    v.step = minutes ? 60000.0 : seconds ? 1000.0 : 1.0;
  }
  if (v.low > v.high) {
    error(range, range_path, "low is above high");
    return std::nullopt;
  }
  if (const YAML::Node step = body["step"]) {
    auto step_text = scalar(step, path + ".step", "a step");
    if (!step_text)
      return std::nullopt;
    std::optional<double> given;
    if (v.kind == varied_kind::duration) {
      if (auto d = duration_value(step, path + ".step"))
        given = static_cast<double>(d->count());
      else
        return std::nullopt;
    } else {
      given = plain_number(*step_text);
      // [0, 1] in steps of 0.05 is a range of numbers, not of whole numbers.
      if (given && v.kind == varied_kind::integer && !whole(*step_text))
        v.kind = varied_kind::number;
    }
    if (!given || *given <= 0) {
      error(step, path + ".step",
            std::string("expected a step above 0, ") +
                (v.kind == varied_kind::duration ? "a duration" : "a number"));
      return std::nullopt;
    }
    v.step = *given;
  }
  // Values are drawn on the grid as whole numbers of steps, exactly.
  if ((v.high - v.low) / v.step > 9007199254740992.0) { // 2^53
    error(range, range_path, "the range holds more than 2^53 steps: give a larger step");
    return std::nullopt;
  }
  return v;
}

} // namespace sim::reading
