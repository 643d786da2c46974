#include "engine/trace.hpp"

#include "engine/check.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <limits>
#include <mutex>
#include <thread>
#include <cstdio>
#include <cstring>
#include <new>
#include <ostream>
#include <stdexcept>
#include <utility>

namespace engine {

namespace {

// The process's field keys: a key's number never changes, and a number is
// published (key_count) only after its text is in place, so readers need no lock.
constexpr std::size_t max_field_keys = 1 << 16;
std::array<std::string_view, max_field_keys> key_texts;
std::atomic<std::size_t> key_count{0};
std::mutex key_mutex;

std::uint16_t register_key(std::string_view key) {
  const std::lock_guard<std::mutex> lock(key_mutex);
  const std::size_t n = key_count.load(std::memory_order_acquire);
  for (std::size_t i = 0; i < n; ++i)
    if (key_texts[i] == key)
      return static_cast<std::uint16_t>(i);
  if (n == max_field_keys)
    throw std::length_error("more than 65536 distinct trace field keys");
  key_texts[n] = key;
  key_count.store(n + 1, std::memory_order_release);
  return static_cast<std::uint16_t>(n);
}

} // namespace

std::uint16_t field_key_id(std::string_view key) {
  // Keys are literals: most calls find their address in this thread's cache.
  struct cached {
    const char* data = nullptr;
    std::size_t size = 0;
    std::uint16_t id = 0;
  };
  thread_local std::array<cached, 256> cache{};
  auto& slot = cache[(reinterpret_cast<std::uintptr_t>(key.data()) >> 3) % cache.size()];
  if (slot.data != key.data() || slot.size != key.size() || slot.data == nullptr)
    slot = {key.data(), key.size(), register_key(key)};
  return slot.id;
}

std::string_view field_key(std::uint16_t id) { return key_texts[id]; }

std::string_view field_view::text() const {
  ENGINE_CHECK(kind_ == field_kind::text,
               "field " + std::string(key) + " holds a time, not a text");
  return text_;
}

duration field_view::time() const {
  ENGINE_CHECK(kind_ == field_kind::time,
               "field " + std::string(key) + " holds a text, not a time");
  return time_;
}

void field_view::append_written(std::string& out) const {
  if (kind_ == field_kind::time)
    out += format_duration(time_);
  else
    out.append(text_);
}

std::string field_view::written() const {
  std::string out;
  append_written(out);
  return out;
}

bool field_view::matches(std::string_view expected) const {
  if (kind_ == field_kind::text)
    return text_ == expected;
  const auto parsed = parse_duration(expected);
  return parsed && *parsed == time_;
}

std::optional<field_view> trace_event::find(std::string_view key) const {
  for (const auto& f : fields())
    if (f.key == key)
      return f;
  return std::nullopt;
}

std::string_view trace_event::field(std::string_view key) const {
  const auto f = find(key);
  return f ? f->text() : std::string_view{};
}

std::optional<duration> trace_event::time_field(std::string_view key) const {
  const auto f = find(key);
  if (!f)
    return std::nullopt;
  return f->time();
}

namespace {
constexpr std::size_t text_block = 1 << 20;   // bytes
constexpr std::size_t field_block = 1 << 16;  // fields
} // namespace

event_log& event_log::operator=(event_log&& other) noexcept {
  chunks_ = std::move(other.chunks_);
  size_.store(other.size_.exchange(0));
  released_chunks_ = std::exchange(other.released_chunks_, 0);
  return *this;
}

void event_log::release_before(std::size_t index) {
  // Never the chunk of the last event (kept for messages about it).
  const std::size_t last = size() == 0 ? 0 : (size() - 1) / chunk_events;
  while (released_chunks_ < last && (released_chunks_ + 1) * chunk_events <= index)
    chunks_[released_chunks_++].reset();
}

trace_event& event_log::next_slot() {
  const std::size_t n = size_.load(std::memory_order_relaxed);
  if (!chunks_)
    chunks_ = std::make_unique<chunk_ptr[]>(max_chunks);
  auto& chunk = chunks_[n / chunk_events];
  if (!chunk)
    chunk.reset(static_cast<trace_event*>(::operator new(chunk_events * sizeof(trace_event))));
  return *new (chunk.get() + n % chunk_events) trace_event();
}

void event_log::clear() {
  chunks_.reset();
  size_.store(0);
  released_chunks_ = 0;
}

trace& trace::operator=(trace&& other) noexcept {
  events_ = std::move(other.events_);
  capacity_ = other.capacity_;
  texts_ = std::exchange(other.texts_, text_arena{});
  kept_texts_ = std::exchange(other.kept_texts_, text_arena{});
  field_blocks_ = std::move(other.field_blocks_);
  readers_ = std::move(other.readers_);
  release_read_ = std::exchange(other.release_read_, false);
  other.readers_.clear();
  fields_used_ = std::exchange(other.fields_used_, 0);
  fields_capacity_ = std::exchange(other.fields_capacity_, 0);
  observer_ = std::move(other.observer_);
  other.observer_ = nullptr;
  other.events_.clear();
  other.field_blocks_.clear();
  return *this;
}

std::string_view trace::text_arena::store(std::string_view text, std::size_t event) {
  if (text.empty())
    return {};
  if (used + text.size() > capacity) {
    const std::size_t size = std::max(text_block, text.size());
    blocks.emplace_back(std::unique_ptr<char[]>(new char[size]), 0); // untouched until used
    used = 0;
    capacity = size;
  }
  auto& [block, last_event] = blocks.back();
  last_event = event;
  char* at = block.get() + used;
  std::memcpy(at, text.data(), text.size());
  used += text.size();
  return {at, text.size()};
}

void trace::text_arena::release_before(std::size_t event) {
  while (blocks.size() > 1 && blocks.front().second < event)
    blocks.pop_front();
}

stored_field* trace::store_fields(std::size_t count) {
  if (fields_used_ + count > fields_capacity_) {
    const std::size_t size = std::max(field_block, count);
    field_blocks_.emplace_back(
        static_cast<stored_field*>(::operator new(size * sizeof(stored_field))), 0);
    fields_used_ = 0;
    fields_capacity_ = size;
  }
  auto& [block, last_event] = field_blocks_.back();
  last_event = events_.size(); // the index of the event being recorded
  stored_field* at = block.get() + fields_used_;
  for (std::size_t i = 0; i < count; ++i) // made as used: untouched pages stay so
    new (at + i) stored_field();
  fields_used_ += count;
  return at;
}

std::size_t trace::slowest_read() const {
  std::size_t read = events_.size();
  for (const auto* reader : readers_)
    read = std::min(read, reader->load(std::memory_order_acquire));
  return read;
}

void trace::release_what_was_read() {
  constexpr std::size_t max_unread = max_unread_chunks * event_log::chunk_events;
  while (events_.size() - slowest_read() > max_unread)
    std::this_thread::sleep_for(std::chrono::microseconds(100));
  const std::size_t read = slowest_read();
  events_.release_before(read);
  // Every block but the one being filled, once each event it holds was read.
  while (field_blocks_.size() > 1 && field_blocks_.front().second < read)
    field_blocks_.pop_front();
  texts_.release_before(read);
}

const trace_event& trace::record_copy(const trace_event& original) {
  std::vector<field_view> fields;
  for (const auto& f : original.fields()) // texts copied: the original's are not ours
    fields.push_back(f.kind() == field_kind::text ? field_view(f.key, f.text())
                                                  : field_view(f.key, f.time()));
  return append(original.time, original.type, original.entity,
                field_list{fields.data(), fields.size()}, false, original.sequence);
}

const trace_event& trace::record(duration time, std::string_view type, std::string_view entity,
                                 const std::vector<trace_field>& fields, bool entity_lasts) {
  // Events have a handful of fields: their views fit on the stack.
  constexpr std::size_t on_stack = 12;
  field_view small[on_stack];
  std::vector<field_view> large;
  field_view* views = small;
  if (fields.size() > on_stack) {
    large.resize(fields.size());
    views = large.data();
  }
  for (std::size_t i = 0; i < fields.size(); ++i)
    views[i] = fields[i].kind == field_kind::time ? field_view(fields[i].key, fields[i].time)
                                                  : field_view(fields[i].key, fields[i].text);
  return record(time, type, entity, field_list{views, fields.size()}, entity_lasts);
}


const trace_event& trace::record(duration time, std::string_view type, std::string_view entity,
                                 field_list fields, bool entity_lasts) {
  return append(time, type, entity, fields, entity_lasts, 0);
}

const trace_event& trace::append(duration time, std::string_view type, std::string_view entity,
                                 field_list fields, bool entity_lasts, std::uint32_t sequence) {
  if (events_.size() >= capacity_)
    throw trace_full("the trace is full: a run records at most " +
                     std::to_string(capacity_) + " state changes");
  stored_field* stored = fields.count == 0 ? nullptr : store_fields(fields.count);
  for (std::size_t i = 0; i < fields.count; ++i) {
    const auto& f = fields.first[i];
    stored_field& s = stored[i];
    s.key = field_key_id(f.key);
    s.kind = f.kind();
    if (f.kind() == field_kind::time) {
      s.milliseconds = f.time().count();
      s.size = 0;
      continue;
    }
    const std::string_view text = f.text();
    if (text.size() > std::numeric_limits<std::uint32_t>::max())
      throw std::length_error("a trace field value over 4 GiB");
    const std::string_view kept = f.lasts() ? text : store(text);
    s.text = kept.data();
    s.size = static_cast<std::uint32_t>(kept.size());
  }
  if (release_read_ && !readers_.empty() && events_.size() % event_log::chunk_events == 0)
    release_what_was_read();
  trace_event& e = events_.next_slot();
  e.sequence = sequence != 0 ? sequence : static_cast<std::uint32_t>(events_.size() + 1);
  e.time = time;
  e.type = type;
  e.entity = entity_lasts ? entity : store(entity);
  e.first_field = stored;
  e.field_count = static_cast<std::uint32_t>(fields.count);
  events_.publish_next();
  if (observer_)
    observer_(e);
  return e;
}

} // namespace engine
