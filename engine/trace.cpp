#include "engine/trace.hpp"

#include <cstdio>
#include <ostream>
#include <stdexcept>

namespace engine {

std::string_view trace_event::field(std::string_view key) const {
  for (const auto& f : fields)
    if (f.key == key)
      return f.value;
  return {};
}

const trace_event& trace::record(duration time, std::string_view type, std::string entity,
                                 std::vector<trace_field> fields) {
  if (events_.size() >= max_events)
    throw std::length_error("trace is full (" + std::to_string(max_events) + " events)");
  trace_event& e = events_.emplace_back();
  e.sequence = events_.size();
  e.time = time;
  e.type = type;
  e.entity = std::move(entity);
  e.fields = std::move(fields);
  return e;
}

void write_json_string(std::string_view text, std::ostream& out) {
  out.put('"');
  for (char c : text) {
    switch (c) {
      case '"': out << "\\\""; break;
      case '\\': out << "\\\\"; break;
      case '\n': out << "\\n"; break;
      case '\r': out << "\\r"; break;
      case '\t': out << "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char escaped[8];
          std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(c));
          out << escaped;
        } else {
          out.put(c);
        }
    }
  }
  out.put('"');
}

void write_jsonl_event(const trace_event& e, std::int64_t start_unix_seconds,
                       std::ostream& out) {
  const std::int64_t ms = e.time.count();
  out << "{\"seq\":" << e.sequence << ",\"t\":";
  write_json_string(format_duration(e.time), out);
  out << ",\"t_ms\":" << ms << ",\"at\":";
  write_json_string(format_utc_timestamp(start_unix_seconds + ms / 1000), out);
  out << ",\"type\":";
  write_json_string(e.type, out);
  out << ",\"entity\":";
  write_json_string(e.entity, out);
  for (const auto& f : e.fields) {
    out.put(',');
    write_json_string(f.key, out);
    out.put(':');
    write_json_string(f.value, out);
  }
  out << "}\n";
}

void write_jsonl(const trace& events, std::int64_t start_unix_seconds, std::ostream& out) {
  for (const auto& e : events.events())
    write_jsonl_event(e, start_unix_seconds, out);
}

} // namespace engine
