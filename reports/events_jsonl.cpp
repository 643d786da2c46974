#include "reports/events_jsonl.hpp"

#include "engine/duration.hpp"
#include "reports/atomic_file.hpp"
#include "reports/json_text.hpp"

#include <cerrno>
#include <fstream>
#include <ostream>
#include <string>

namespace reports {

namespace {

// One trace line into `line`; the calendar text of the last second is reused,
// since consecutive events mostly share it.
class line_writer {
public:
  explicit line_writer(std::int64_t start) : start_(start) {}

  void write(const engine::trace_event& e, std::ostream& out) {
    line_.clear();
    const std::int64_t ms = e.time.count();
    line_ += "{\"seq\":";
    line_ += std::to_string(e.sequence);
    line_ += ",\"t\":";
    if (e.time != cached_time_ || cached_offset_.empty()) {
      cached_time_ = e.time;
      cached_offset_.clear();
      append_json_string(engine::format_duration(e.time), cached_offset_);
    }
    line_ += cached_offset_;
    line_ += ",\"t_ms\":";
    line_ += std::to_string(ms);
    line_ += ",\"at\":";
    const std::int64_t second = start_ + ms / 1000;
    if (second != cached_second_ || cached_text_.empty()) {
      cached_second_ = second;
      cached_text_ = engine::format_utc_timestamp(second);
    }
    append_json_string(cached_text_, line_);
    line_ += ",\"type\":";
    append_json_string(e.type, line_);
    line_ += ",\"entity\":";
    append_json_string(e.entity, line_);
    for (const auto& f : e.fields()) {
      line_.push_back(',');
      append_json_string(f.key, line_);
      line_.push_back(':');
      if (f.kind() == engine::field_kind::time)
        append_json_string(engine::format_duration(f.time()), line_);
      else
        append_json_string(f.text(), line_);
    }
    line_ += "}\n";
    out.write(line_.data(), static_cast<std::streamsize>(line_.size()));
  }

private:
  std::int64_t start_;
  std::string line_;
  std::int64_t cached_second_ = 0;
  std::string cached_text_;
  engine::duration cached_time_{0}; // and of the last offset: a payment round shares one
  std::string cached_offset_;
};

} // namespace

void write_events_jsonl(const engine::trace& events, std::int64_t start_unix_seconds,
                        std::ostream& out) {
  line_writer writer(start_unix_seconds);
  for (const auto& e : events.events())
    writer.write(e, out);
}

struct events_jsonl_stream::impl {
  impl(const std::string& path_in, std::int64_t start) : path(path_in), writer(start) {}
  std::string path;
  std::ofstream out;
  line_writer writer;
};

events_jsonl_stream::events_jsonl_stream(const std::string& path,
                                         std::int64_t start_unix_seconds)
  : impl_(std::make_unique<impl>(path, start_unix_seconds)) {
  errno = 0;
  impl_->out.open(path, std::ios::binary | std::ios::trunc);
  if (!impl_->out)
    throw write_error("cannot write " + path + ": " + reason_of(errno));
}

events_jsonl_stream::~events_jsonl_stream() = default;

void events_jsonl_stream::write(const engine::trace_event& e) {
  impl_->writer.write(e, impl_->out);
}

void events_jsonl_stream::finish() {
  errno = 0;
  impl_->out.close();
  if (!impl_->out)
    throw write_error("cannot write " + impl_->path + ": " + reason_of(errno));
}

} // namespace reports
