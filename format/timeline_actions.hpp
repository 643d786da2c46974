#pragma once

// The table of timeline action kinds (timeline_actions.cpp): what the loader,
// the JSON Schema and the reference page know of each action.

#include "format/reader.hpp"

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace sim::reading {

using action_reader = std::optional<timeline_action> (scenario_reader::*)(
    const YAML::Node& body, const std::string& path);

struct action_kind {
  std::string_view name;
  action_reader read;
  nlohmann::ordered_json (*schema)(); // the action's body, for the JSON Schema
  std::string_view keys_doc;          // markdown: the reference page's "keys" cell
  std::string_view effect_doc;        // markdown: its "effect" cell
};

const std::vector<action_kind>& action_kinds();
const action_kind* find_action_kind(std::string_view name); // nullptr: no such action
keys action_names();                                        // in the table's order
// The reference page's table of actions, header included.
std::string action_table_markdown();

} // namespace sim::reading
