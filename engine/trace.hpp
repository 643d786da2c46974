#pragma once

// The trace: every state change of a simulation as one event, in the order the
// engine processed them. It is the single source for expectations, invariants,
// metrics and reports.

#include "engine/duration.hpp"

#include <cstdint>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

namespace engine {

struct trace_field {
  // Keys are string literals (static storage): the trace never owns them.
  std::string_view key;
  std::string value;
};

struct trace_event {
  std::uint64_t sequence = 0;
  duration time{0};
  // Event types are string literals from the domain's catalogue.
  std::string_view type;
  std::string entity;
  std::vector<trace_field> fields;

  // The value of a field, or an empty view when the event has no such field.
  std::string_view field(std::string_view key) const;
};

class trace {
public:
  // Refuses to grow past this many events; the kernel's event budget normally
  // stops a run long before.
  static constexpr std::size_t max_events = 50'000'000;

  const trace_event& record(duration time, std::string_view type, std::string entity,
                            std::vector<trace_field> fields = {});
  const std::vector<trace_event>& events() const { return events_; }
  std::size_t size() const { return events_.size(); }

private:
  std::vector<trace_event> events_;
};

// One JSON object per line: {"seq", "t" (offset text), "t_ms", "at" (UTC, from
// start_unix_seconds), "type", "entity", then the event's fields as strings}.
void write_jsonl(const trace& events, std::int64_t start_unix_seconds, std::ostream& out);
void write_jsonl_event(const trace_event& event, std::int64_t start_unix_seconds,
                       std::ostream& out);

// JSON string literal with the escapes RFC 8259 requires: backspace, form feed,
// line feed, carriage return, tab, quote and backslash by name, other control
// characters as u00xx escapes, everything else as is.
void write_json_string(std::string_view text, std::ostream& out);
void append_json_string(std::string_view text, std::string& out);

} // namespace engine
