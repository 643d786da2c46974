#pragma once

// The JSON Schema (draft 2020-12) of the scenario format, for editors: it checks
// the shape of a file as it is typed. Names of enums (causes, reasons, event
// types, metrics) come from the same tables the loader reads, so they cannot
// drift; `relinksim validate` remains the judge of ids, times and limits.

#include <string>

namespace sim {

// The schema as indented JSON, ending in a newline.
std::string scenario_schema();

// The tables of docs/scenario-format.md made from the same declarations (the
// timeline's actions, the expectations), in markdown, each followed by a blank
// line: the page must hold each one verbatim.
std::string reference_tables();

} // namespace sim
