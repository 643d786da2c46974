#pragma once

// events.jsonl, the trace as a user reads it and tools replay it.

#include "engine/trace.hpp"

#include <cstdint>
#include <iosfwd>

namespace reports {

// One JSON object per line: {"seq", "t" (offset text), "t_ms", "at" (UTC, from
// start_unix_seconds), "type", "entity", then the event's fields as strings}.
void write_events_jsonl(const engine::trace& events, std::int64_t start_unix_seconds,
                        std::ostream& out);

} // namespace reports
