#pragma once

// events.jsonl, the trace as a user reads it and tools replay it.

#include "engine/trace.hpp"

#include <cstdint>
#include <iosfwd>
#include <memory>
#include <string>

namespace reports {

// One JSON object per line: {"seq", "t" (offset text), "t_ms", "at" (UTC, from
// start_unix_seconds), "type", "entity", then the event's fields as strings}.
void write_events_jsonl(const engine::trace& events, std::int64_t start_unix_seconds,
                        std::ostream& out);

// events.jsonl written as the run goes: each event as it is handed over, by one
// thread at a time.
class events_jsonl_stream {
public:
  // Throws write_error when `path` cannot be written.
  events_jsonl_stream(const std::string& path, std::int64_t start_unix_seconds);
  ~events_jsonl_stream();
  events_jsonl_stream(const events_jsonl_stream&) = delete;
  events_jsonl_stream& operator=(const events_jsonl_stream&) = delete;

  void write(const engine::trace_event& e);
  // Closes the file; throws write_error if any of it could not be written (a full
  // disk shows only here).
  void finish();

private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

} // namespace reports
