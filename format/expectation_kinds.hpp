#pragma once

// The table of expectation kinds (expectation_kinds.cpp): what the loader, the
// JSON Schema and the reference page know of each kind.

#include "format/reader.hpp"

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace sim::reading {

using expectation_reader = std::optional<expectation_body> (scenario_reader::*)(
    const YAML::Node& item, const std::string& path);

struct expectation_kind {
  std::string_view name; // the word that gives an entry its kind
  // When an entry holds the words of several kinds, the lowest wins: `account` is
  // also a filter of `event` and `payments`, so it names the kind only alone.
  int precedence;
  expectation_reader read;
  nlohmann::ordered_json (*schema)(); // the entry, for the JSON Schema
  std::string_view kind_doc;          // markdown: the reference page's "kind" cell
  std::string_view keys_doc;          // its "keys" cell
  std::string_view passes_doc;        // its "passes when" cell
};

const std::vector<expectation_kind>& expectation_kinds();
// The kind of an entry, by the words it holds; nullptr when it names none.
const expectation_kind* find_expectation_kind(const YAML::Node& item);
keys expectation_names(); // in the table's order
// The reference page's table of expectations, header included.
std::string expectation_table_markdown();

} // namespace sim::reading
