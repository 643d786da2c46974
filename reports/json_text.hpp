#pragma once

// Compact JSON text of an nlohmann value, byte for byte what `dump()` writes, at a
// fraction of its cost: strings go through one escaping pass over whole runs
// instead of nlohmann's per-character UTF-8 state machine (which made it most of
// the time spent writing webhooks.jsonl). Scenario text is valid UTF-8 already
// (yaml-cpp reads it so), so nothing is lost.

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace reports {

// A JSON string literal with the escapes RFC 8259 requires: backspace, form feed,
// line feed, carriage return, tab, quote and backslash by name, other control
// characters as u00xx escapes, everything else as is.
void append_json_string(std::string_view text, std::string& out);

void append_compact(const nlohmann::ordered_json& value, std::string& out);

} // namespace reports
