#pragma once

// The trace: every state change of a simulation as one event, in the order the
// engine processed them. It is the single source for expectations, invariants,
// metrics and reports.

#include "engine/duration.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <cstddef>
#include <deque>
#include <iterator>
#include <new>
#include <type_traits>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace engine {

// What a field holds: a text, or an instant or a length of virtual time. Times
// stay numbers in the trace; a report writes them as text (format_duration).
enum class field_kind : std::uint8_t { text, time };

// A field as an actor records it: the trace copies the value into its own store.
struct trace_field {
  trace_field(std::string_view key_in, std::string value) : key(key_in), text(std::move(value)) {}
  trace_field(std::string_view key_in, const char* value) : key(key_in), text(value) {}
  trace_field(std::string_view key_in, duration value)
    : key(key_in), kind(field_kind::time), time(value) {}

  // Keys are string literals (static storage): the trace never owns them.
  std::string_view key;
  field_kind kind = field_kind::text;
  std::string text;
  duration time{0};
};

// A field as views: what a hot path hands to `record` without allocating, and what
// reading an event's fields yields. The trace copies a text, unless it `lasts`: a
// string literal, or a text the trace already holds (`keep`, an event's entity) --
// then the trace keeps the view.
class field_view {
public:
  field_view() = default;
  field_view(std::string_view key_in, std::string_view text, bool lasts = false)
    : key(key_in), text_(text), lasts_(lasts) {}
  field_view(std::string_view key_in, duration time)
    : key(key_in), kind_(field_kind::time), time_(time) {}

  std::string_view key; // a string literal

  field_kind kind() const { return kind_; }
  bool lasts() const { return lasts_; }
  // The text of a text field (an internal check fails on a time field).
  std::string_view text() const;
  // The value of a time field (an internal check fails on a text field).
  duration time() const;
  // The value as reports write it: a time as format_duration writes it.
  std::string written() const;
  void append_written(std::string& out) const;
  // Whether `expected`, as a scenario writes a value, is this value: a time
  // compares as a time ("48h" is "2d").
  bool matches(std::string_view expected) const;

private:
  std::string_view text_;
  bool lasts_ = false;
  field_kind kind_ = field_kind::text;
  duration time_{0};
};

// Fields handed to `record`: `count` views from `first`.
struct field_list {
  const field_view* first = nullptr;
  std::size_t count = 0;
};

// Field keys are string literals; the trace keeps a key as a number into one
// table per process.
std::uint16_t field_key_id(std::string_view key);
std::string_view field_key(std::uint16_t id);

// A field as the trace keeps it: 16 bytes, a text in storage that lives as long
// as the trace, or a time as its number of milliseconds.
struct stored_field {
  union {
    const char* text;
    std::int64_t milliseconds;
  };
  std::uint32_t size = 0;
  std::uint16_t key = 0;
  field_kind kind = field_kind::text;

  field_view view() const {
    return kind == field_kind::time
               ? field_view(field_key(key), duration{milliseconds})
               : field_view(field_key(key), std::string_view(text, size), true);
  }
};
static_assert(sizeof(stored_field) == 16, "a stored field is 16 bytes: tens of millions are kept");

// The fields of one event, contiguous in the trace's store; iterating yields
// field_views.
class field_span {
public:
  class iterator {
  public:
    explicit iterator(const stored_field* at) : at_(at) {}
    field_view operator*() const { return at_->view(); }
    iterator& operator++() {
      ++at_;
      return *this;
    }
    bool operator==(const iterator& other) const { return at_ == other.at_; }
    bool operator!=(const iterator& other) const { return at_ != other.at_; }

  private:
    const stored_field* at_;
  };

  field_span() = default;
  field_span(const stored_field* first, std::uint32_t count) : first_(first), count_(count) {}
  iterator begin() const { return iterator(first_); }
  iterator end() const { return iterator(first_ + count_); }
  std::size_t size() const { return count_; }
  bool empty() const { return count_ == 0; }

private:
  const stored_field* first_ = nullptr;
  std::uint32_t count_ = 0;
};

// One event: 56 bytes, no allocation of its own; its entity and field texts live
// in the trace's store.
struct trace_event {
  duration time{0};
  // Event types are string literals from the domain's catalogue.
  std::string_view type;
  std::string_view entity;
  const stored_field* first_field = nullptr;
  std::uint32_t field_count = 0;
  std::uint32_t sequence = 0; // from 1; a trace holds at most trace::max_events

  field_span fields() const { return {first_field, field_count}; }
  // The text of a text field, or an empty view when the event has no such field
  // (an internal check fails if it is a time field: read that with time_field).
  std::string_view field(std::string_view key) const;
  // The value of a time field, if the event has it.
  std::optional<duration> time_field(std::string_view key) const;
  // The field named `key`, if the event has it.
  std::optional<field_view> find(std::string_view key) const;
};
static_assert(sizeof(trace_event) == 56, "a trace event is 56 bytes: millions are kept");

// The events of a trace, in chunks that never move: appending never copies an
// event, and another thread may read every event published before it (see
// trace::published) while the run appends more.
class event_log {
public:
  static constexpr std::size_t chunk_events = std::size_t{1} << 16;
  static constexpr std::size_t max_chunks = 16384; // 1.07 G events, above trace::max_events

  class iterator {
  public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = trace_event;
    using difference_type = std::ptrdiff_t;
    using pointer = const trace_event*;
    using reference = const trace_event&;
    iterator(const event_log* log, std::size_t at) : log_(log), at_(at) {}
    const trace_event& operator*() const { return (*log_)[at_]; }
    const trace_event* operator->() const { return &(*log_)[at_]; }
    iterator& operator++() {
      ++at_;
      return *this;
    }
    bool operator==(const iterator& other) const { return at_ == other.at_; }
    bool operator!=(const iterator& other) const { return at_ != other.at_; }

  private:
    const event_log* log_;
    std::size_t at_;
  };

  event_log() = default;
  event_log(event_log&& other) noexcept { *this = std::move(other); }
  event_log& operator=(event_log&& other) noexcept;
  event_log(const event_log&) = delete;
  event_log& operator=(const event_log&) = delete;

  const trace_event& operator[](std::size_t i) const {
    return chunks_[i / chunk_events].get()[i % chunk_events];
  }
  // Every event recorded, released or not.
  std::size_t size() const { return size_.load(std::memory_order_relaxed); }
  bool empty() const { return size() == 0; }
  const trace_event& back() const { return (*this)[size() - 1]; }
  // The events still held: from the first one not released.
  iterator begin() const { return {this, first_held()}; }
  iterator end() const { return {this, size()}; }
  std::size_t first_held() const { return released_chunks_ * chunk_events; }

  // Frees the chunks whose every event comes before `index` (by the thread that
  // appends).
  void release_before(std::size_t index);

  // The events another thread may read: all those appended before the last
  // `publish`, with everything they point to.
  std::size_t published() const { return size_.load(std::memory_order_acquire); }

  // The slot of the next event (by the thread that appends), then its publication
  // once it is filled.
  trace_event& next_slot();
  void publish_next() { size_.store(size() + 1, std::memory_order_release); }
  void clear();

private:
  // Chunks are raw memory, each event made in its slot as it is appended: a small
  // run touches only the pages it uses (3.6 MB per chunk otherwise).
  struct free_chunk {
    void operator()(trace_event* chunk) const { ::operator delete(chunk); }
  };
  static_assert(std::is_trivially_destructible_v<trace_event>);
  using chunk_ptr = std::unique_ptr<trace_event, free_chunk>;
  // max_chunks pointers, made with the first event: they never move, so another
  // thread reads a chunk while the log grows.
  std::unique_ptr<chunk_ptr[]> chunks_;
  std::atomic<std::size_t> size_{0};
  std::size_t released_chunks_ = 0;
};

// Thrown by a trace asked to record past its capacity. Inside a handler the
// kernel stops the run with it as it does at the event budget: a world that
// records more state changes than a run may hold is the scenario's size, not a
// bug.
class trace_full : public std::length_error {
public:
  using std::length_error::length_error;
};

class trace {
public:
  // Refuses to grow past this many events: a run that records more stops, as at
  // its event budget. Events read by every follower are freed as the run goes
  // (release_read), so this bounds a run's length, not its memory; a trace kept
  // whole (tests) holds 56 bytes per event with their texts.
  static constexpr std::size_t max_events = 1'000'000'000; // fits trace_event::sequence
  static_assert(max_events <= event_log::max_chunks * event_log::chunk_events);

  trace() = default;
  // A moved-from trace is empty and can record again (actors may still record
  // while their kernel shuts down after its trace was taken).
  trace(trace&& other) noexcept { *this = std::move(other); }
  trace& operator=(trace&& other) noexcept;
  trace(const trace&) = delete;
  trace& operator=(const trace&) = delete;

  const trace_event& record(duration time, std::string_view type, std::string_view entity,
                            const std::vector<trace_field>& fields = {},
                            bool entity_lasts = false);
  // `entity_lasts`: the entity is a text the trace already holds (see field_view).
  const trace_event& record(duration time, std::string_view type, std::string_view entity,
                            field_list fields, bool entity_lasts = false);
  // A copy of an event of another trace, keeping its sequence: a trace of the few
  // events a report may show, kept apart from the run's.
  const trace_event& record_copy(const trace_event& e);
  // Called with each event as it is recorded, in order: whoever reads the trace
  // as the run goes (the simulation's account history) reads it there, once.
  void observe(std::function<void(const trace_event&)> observer) {
    observer_ = std::move(observer);
  }
  // Readers that follow the trace on other threads (trace_follower): each says how
  // many events it has read. Once `release_read` is on, the trace frees the events
  // every reader has read, with their fields and texts, as it grows (texts from
  // `keep` stay): whoever holds on to a text of an event copies it. The trace then
  // also waits, at a new chunk, while the slowest reader is more than
  // `max_unread_chunks` behind: the run never outruns its readers by more than
  // that much memory. Readers are added and removed by the thread that grows the
  // trace (trace_follower does); one that stops reading says it has read all.
  void add_reader(const std::atomic<std::size_t>* read) { readers_.push_back(read); }
  void remove_reader(const std::atomic<std::size_t>* read) {
    readers_.erase(std::remove(readers_.begin(), readers_.end(), read), readers_.end());
  }
  void release_read(bool on) { release_read_ = on; }
  static constexpr std::size_t max_unread_chunks = 8;
  // A copy of `text` that lives as long as the trace (never released), for
  // events and fields that repeat it: ids.
  std::string_view keep(std::string_view text) { return kept_texts_.store(text, 0); }
  const event_log& events() const { return events_; }
  std::size_t size() const { return events_.size(); }
  // Tests: a capacity below max_events, so that a full trace is cheap to reach.
  void limit_capacity(std::size_t events) { capacity_ = std::min(events, max_events); }
  std::size_t capacity() const { return capacity_; }

private:
  // `sequence` 0: the next number.
  const trace_event& append(duration time, std::string_view type, std::string_view entity,
                            field_list fields, bool entity_lasts, std::uint32_t sequence);
  // An event's text, in the blocks released behind the readers.
  std::string_view store(std::string_view text) { return texts_.store(text, events_.size()); }
  stored_field* store_fields(std::size_t count);

  event_log events_; // never moves an event: no copy as it grows
  std::size_t capacity_ = max_events;
  std::function<void(const trace_event&)> observer_;
  // Texts in blocks that never move, so that views into them stay valid while the
  // trace grows; each block knows the last event whose texts it holds.
  struct text_arena {
    std::deque<std::pair<std::unique_ptr<char[]>, std::size_t>> blocks;
    std::size_t used = 0, capacity = 0;
    std::string_view store(std::string_view text, std::size_t event);
    void release_before(std::size_t event); // every block but the last
  };
  text_arena texts_;      // the events'
  text_arena kept_texts_; // keep()'s
  // Field blocks, each with the index of the last event whose fields it holds.
  struct free_fields {
    void operator()(stored_field* block) const { ::operator delete(block); }
  };
  static_assert(std::is_trivially_destructible_v<stored_field>);
  std::deque<std::pair<std::unique_ptr<stored_field, free_fields>, std::size_t>> field_blocks_;
  std::size_t fields_used_ = 0, fields_capacity_ = 0;
  std::vector<const std::atomic<std::size_t>*> readers_;
  bool release_read_ = false;
  // The fewest events a reader has read (all recorded, without readers).
  std::size_t slowest_read() const;
  void release_what_was_read();
};

} // namespace engine
