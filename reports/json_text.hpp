#pragma once

// Compact JSON text of an nlohmann value, byte for byte what `dump()` writes, at a
// fraction of its cost: strings go through one escaping pass over whole runs
// instead of nlohmann's per-character UTF-8 state machine (which made it most of
// the time spent writing webhooks.jsonl). Scenario text is valid UTF-8 already
// (yaml-cpp reads it so), so nothing is lost.

#include <nlohmann/json.hpp>

#include <string>

namespace reports {

void append_compact(const nlohmann::ordered_json& value, std::string& out);

} // namespace reports
