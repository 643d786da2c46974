#define BOOST_TEST_MODULE engine
#include <boost/test/unit_test.hpp>

#include "engine/check.hpp"
#include "engine/kernel.hpp"
#include "engine/trace_follower.hpp"

#include <caf/all.hpp>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

using namespace engine;

namespace {

using note_atom = caf::atom_constant<caf::atom("note")>;
using tick_atom = caf::atom_constant<caf::atom("tick")>;

// Records every message it gets, with the virtual time it got it.
caf::behavior recorder(caf::event_based_actor* self, kernel* k,
                       std::vector<std::string>* seen) {
  return {[=](note_atom, const std::string& what) {
    seen->push_back(format_duration(k->now()) + " " + what);
    (void)self;
  }};
}

// Re-arms itself forever: the hazard a kernel must survive at teardown.
caf::behavior ticker(caf::event_based_actor* self, int* ticks) {
  self->delayed_send(self, std::chrono::minutes(1), tick_atom::value);
  return {[=](tick_atom) {
    ++*ticks;
    self->delayed_send(self, std::chrono::minutes(1), tick_atom::value);
  }};
}

} // namespace

BOOST_AUTO_TEST_CASE(delivers_delayed_messages_in_virtual_time_order) {
  std::vector<std::string> seen;
  kernel k(1);
  auto r = k.spawn(recorder, &k, &seen);
  caf::delayed_anon_send(r, std::chrono::hours(48), note_atom::value, std::string("c"));
  caf::delayed_anon_send(r, std::chrono::minutes(90), note_atom::value, std::string("a"));
  caf::delayed_anon_send(r, std::chrono::hours(3), note_atom::value, std::string("b"));
  auto stats = k.run(days(10));
  BOOST_TEST(seen == (std::vector<std::string>{"1h30m a", "3h b", "2d c"}),
             boost::test_tools::per_element());
  BOOST_TEST(stats.timeouts_fired == 3u);
  BOOST_CHECK(stats.reason == stop_reason::quiescent);
  BOOST_TEST(format_duration(stats.virtual_time) == "10d"); // quiet until the horizon
}

BOOST_AUTO_TEST_CASE(the_instant_hook_runs_at_the_end_of_each_instant_and_may_add_work) {
  std::vector<std::string> seen;
  kernel k(1);
  auto r = k.spawn(recorder, &k, &seen);
  caf::delayed_anon_send(r, std::chrono::hours(1), note_atom::value, std::string("a"));
  caf::delayed_anon_send(r, std::chrono::hours(1), note_atom::value, std::string("b"));
  caf::delayed_anon_send(r, std::chrono::hours(2), note_atom::value, std::string("c"));
  int added = 0;
  k.at_each_instant([&] {
    seen.push_back(format_duration(k.now()) + " end");
    // At 1h, once: a message at the same instant, and one 30 minutes on (an
    // instant no actor asked for, which the clock must stop at).
    if (k.now() == hours(1) && added++ == 0) {
      caf::anon_send(r, note_atom::value, std::string("same instant"));
      caf::delayed_anon_send(r, std::chrono::minutes(30), note_atom::value,
                             std::string("later"));
      return true;
    }
    return false;
  });
  k.run(days(1));
  BOOST_TEST(seen == (std::vector<std::string>{"0s end", "1h a", "1h b", "1h end",
                                               "1h same instant", "1h end", "1h30m later",
                                               "1h30m end", "2h c", "2h end"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(equal_timestamps_fire_in_scheduling_order) {
  std::vector<std::string> seen;
  kernel k(1);
  auto r = k.spawn(recorder, &k, &seen);
  for (std::string name : {"first", "second", "third", "fourth"})
    caf::delayed_anon_send(r, std::chrono::hours(1), note_atom::value, name);
  k.run(days(1));
  BOOST_TEST(seen == (std::vector<std::string>{"1h first", "1h second", "1h third",
                                               "1h fourth"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(stops_at_the_horizon_and_leaves_later_timeouts_pending) {
  std::vector<std::string> seen;
  kernel k(1);
  auto r = k.spawn(recorder, &k, &seen);
  caf::delayed_anon_send(r, std::chrono::hours(1), note_atom::value, std::string("in"));
  caf::delayed_anon_send(r, std::chrono::hours(30), note_atom::value, std::string("out"));
  auto stats = k.run(days(1));
  BOOST_TEST(seen == std::vector<std::string>{"1h in"}, boost::test_tools::per_element());
  BOOST_CHECK(stats.reason == stop_reason::horizon);
  BOOST_TEST(format_duration(k.now()) == "1d");
}

BOOST_AUTO_TEST_CASE(a_message_due_exactly_at_the_horizon_is_delivered) {
  std::vector<std::string> seen;
  kernel k(1);
  auto r = k.spawn(recorder, &k, &seen);
  caf::delayed_anon_send(r, std::chrono::hours(24), note_atom::value, std::string("edge"));
  k.run(days(1));
  BOOST_TEST(seen == std::vector<std::string>{"1d edge"}, boost::test_tools::per_element());
}

// Schedules notes through send_later at 1h, 1d (the horizon) and 2d.
caf::behavior planner(caf::event_based_actor* self, kernel* k) {
  for (const auto hours : {1, 24, 48})
    k->send_later(self, self, std::chrono::hours(hours), note_atom::value,
                  std::to_string(hours) + "h");
  return {[=](note_atom, const std::string& what) {
    k->events().record(k->now(), "note", what);
  }};
}

BOOST_AUTO_TEST_CASE(send_later_drops_what_would_arrive_after_the_horizon) {
  kernel k(1);
  k.set_horizon(days(1));
  k.spawn(planner, &k);
  auto& clock =
    dynamic_cast<caf::scheduler::test_coordinator&>(k.system().scheduler()).clock();
  k.run(days(1));
  std::vector<std::string> seen;
  for (const auto& e : k.events().events())
    seen.push_back(format_duration(e.time) + " " + std::string(e.entity));
  BOOST_TEST(seen == (std::vector<std::string>{"1h 1h", "1d 24h"}),
             boost::test_tools::per_element());
  BOOST_TEST(!clock.has_pending_timeout()); // 48h was never scheduled
}

BOOST_AUTO_TEST_CASE(event_budget_stops_a_runaway_with_a_clear_error) {
  int ticks = 0;
  kernel k(1);
  k.spawn(ticker, &ticks);
  try {
    k.run(days(365), 100);
    BOOST_FAIL("expected event_budget_exceeded");
  } catch (const event_budget_exceeded& e) {
    BOOST_TEST(std::string(e.what()).find("event budget of 100 events exceeded") !=
               std::string::npos);
    BOOST_TEST(e.budget == 100u);
  }
  BOOST_TEST(ticks <= 100);
}

// Records three state changes per message, as an outage records one per account.
caf::behavior triple_recorder(caf::event_based_actor* self, kernel* k) {
  k->guard(self, "recorder");
  return {[=](note_atom, const std::string& what) {
    for (int i = 0; i < 3; ++i)
      k->events().record(k->now(), "note", what);
  }};
}

BOOST_AUTO_TEST_CASE(a_full_trace_stops_the_run_as_the_event_budget_does) {
  kernel k(1);
  k.events().limit_capacity(7);
  auto r = k.spawn(triple_recorder, &k);
  for (int minutes = 1; minutes <= 3; ++minutes)
    caf::delayed_anon_send(r, std::chrono::minutes(minutes), note_atom::value,
                           std::string("x"));
  try {
    k.run(days(1));
    BOOST_FAIL("expected event_budget_exceeded");
  } catch (const event_budget_exceeded& e) {
    BOOST_TEST(std::string(e.what()) ==
               "the trace is full: a run records at most 7 state changes; reached at virtual "
               "time 3m: the scenario records more than a run may hold");
    BOOST_TEST(e.budget == 3u); // handled before the note that filled it: its start, two notes
    BOOST_TEST(format_duration(e.at) == "3m");
  }
  BOOST_TEST(k.events().size() == 7u);
}

BOOST_AUTO_TEST_CASE(teardown_with_pending_timers_finishes) {
  // A self-rescheduling ticker plus long pending timers: destroying the kernel
  // must neither hang nor fire them.
  int ticks = 0;
  std::vector<std::string> seen;
  {
    kernel k(1);
    k.spawn(ticker, &ticks);
    auto r = k.spawn(recorder, &k, &seen);
    caf::delayed_anon_send(r, std::chrono::hours(24 * 300), note_atom::value,
                           std::string("never"));
    k.run(hours(1));
  }
  BOOST_TEST(ticks == 60);
  BOOST_TEST(seen.empty());
}

BOOST_AUTO_TEST_CASE(random_streams_are_per_entity_and_reproducible) {
  kernel a(7), b(7), c(8);
  auto x1 = a.stream("cus_alice"), x2 = b.stream("cus_alice");
  auto y = a.stream("cus_bob"), z = c.stream("cus_alice");
  const auto first = x1.next();
  BOOST_TEST(first == x2.next());
  BOOST_TEST(first != y.next());
  BOOST_TEST(first != z.next());
}

namespace {

caf::behavior guarded_recorder(caf::event_based_actor* self, kernel* k) {
  k->guard(self, "recorder");
  return {[](note_atom, const std::string&) {}};
}

} // namespace

BOOST_AUTO_TEST_CASE(an_unexpected_message_is_an_internal_error_not_a_silent_drop) {
  kernel k(1);
  auto r = k.spawn(guarded_recorder, &k);
  caf::delayed_anon_send(r, std::chrono::hours(2), tick_atom::value);
  try {
    k.run(days(1));
    BOOST_FAIL("expected internal_error");
  } catch (const internal_error& e) {
    const std::string what = e.what();
    BOOST_TEST(what.rfind("recorder received a message it has no handler for: ", 0) == 0);
    BOOST_TEST(what.find("tick") != std::string::npos);
    BOOST_TEST(what.find(" at 2h") != std::string::npos);
  }
}

namespace {

using row_atom = caf::atom_constant<caf::atom("row")>;

// Rows 0..2 exist; each handled row is recorded in the trace first.
caf::behavior checked_rows(caf::event_based_actor* self, kernel* k) {
  k->guard(self, "rows");
  return {[=](row_atom, std::uint32_t row) {
    k->events().record(k->now(), "row.handled", "rows", {{"row", std::to_string(row)}});
    ENGINE_CHECK(row < 3u, "no row " + std::to_string(row));
  }};
}

caf::behavior throwing(caf::event_based_actor* self, kernel* k) {
  k->guard(self, "thrower");
  return {[](note_atom, const std::string& what) { throw std::out_of_range(what); }};
}

} // namespace

BOOST_AUTO_TEST_CASE(a_check_in_a_handler_stops_the_run_naming_the_check_and_the_event) {
  kernel k(1);
  auto r = k.spawn(checked_rows, &k);
  caf::delayed_anon_send(r, std::chrono::hours(1), row_atom::value, std::uint32_t{2});
  caf::delayed_anon_send(r, std::chrono::hours(2), row_atom::value, std::uint32_t{7});
  caf::delayed_anon_send(r, std::chrono::hours(3), row_atom::value, std::uint32_t{1});
  try {
    k.run(days(1));
    BOOST_FAIL("expected check_failed");
  } catch (const check_failed& e) {
    BOOST_TEST(e.condition() == "row < 3u");
    BOOST_TEST(e.file() == "tests/engine/kernel_test.cpp");
    BOOST_TEST(e.message() == "no row 7");
    BOOST_TEST(e.located());
    BOOST_TEST(format_duration(e.at()) == "2h");
    // The message being handled, the actor, and the last event it recorded.
    BOOST_TEST(e.while_handling() ==
               "('row', 7) in rows, after trace event #2 row.handled rows at 2h");
    const std::string what = e.what();
    BOOST_TEST(what.rfind("internal check failed: row < 3u (tests/engine/kernel_test.cpp:", 0) ==
               0);
    BOOST_TEST(what.find(": no row 7) at 2h while handling ('row', 7) in rows") !=
               std::string::npos);
  }
  // The run stopped at the check: the row due at 3h was never handled.
  BOOST_TEST(k.events().size() == 2u);
}

BOOST_AUTO_TEST_CASE(any_exception_in_a_handler_stops_the_run_instead_of_killing_one_actor) {
  kernel k(1);
  auto r = k.spawn(throwing, &k);
  caf::delayed_anon_send(r, std::chrono::minutes(90), note_atom::value, std::string("boom"));
  try {
    k.run(days(1));
    BOOST_FAIL("expected internal_error");
  } catch (const internal_error& e) {
    BOOST_TEST(std::string(e.what()) ==
               "exception in a handler: boom at 1h30m while handling ('note', \"boom\") in thrower, "
               "before any trace event");
  }
}

// -- the trace keeps times as numbers ------------------------------------------

BOOST_AUTO_TEST_CASE(a_time_field_stays_a_number_until_a_report_writes_it) {
  engine::trace t;
  const auto& e = t.record(hours(1), "outage.started", "ins_1",
                           {{"kind", "full"}, {"until", hours(48)}});
  BOOST_TEST(e.time_field("until").value().count() == hours(48).count());
  BOOST_TEST(e.field("kind") == "full");
  BOOST_TEST(!e.time_field("absent").has_value());
  const auto until = e.find("until");
  BOOST_REQUIRE(until.has_value());
  BOOST_TEST(until->written() == "2d");
  // A scenario's value compares as a time: 48h is 2d; text does not match a time.
  BOOST_TEST(until->matches("48h"));
  BOOST_TEST(until->matches("2d"));
  BOOST_TEST(!until->matches("2d1s"));
  BOOST_TEST(!until->matches("two days"));
  BOOST_TEST(!e.find("kind")->matches("ful"));
}

BOOST_AUTO_TEST_CASE(reading_a_time_field_as_text_is_an_internal_error) {
  engine::trace t;
  const auto& e = t.record(hours(1), "outage.started", "ins_1",
                           {{"kind", "full"}, {"until", hours(48)}});
  BOOST_CHECK_THROW(e.field("until"), engine::check_failed);
  BOOST_CHECK_THROW(e.time_field("kind"), engine::check_failed);
}

// -- following a trace on another thread ----------------------------------------

BOOST_AUTO_TEST_CASE(a_follower_reads_every_event_once_in_order_while_the_trace_grows) {
  engine::trace t;
  std::vector<std::uint32_t> seen;
  engine::trace_follower follower(t, [&seen](const engine::trace_event& e) {
    seen.push_back(e.sequence);
    BOOST_REQUIRE(e.field("n") == std::to_string(e.sequence));
  });
  // Past one chunk of the event log, so that the follower crosses into a new one.
  const std::size_t n = engine::event_log::chunk_events + 1000;
  for (std::size_t i = 1; i <= n; ++i)
    t.record(hours(1), "note", "x", {{"n", std::to_string(i)}});
  follower.finish();
  BOOST_TEST_REQUIRE(seen.size() == n);
  for (std::size_t i = 0; i < n; ++i)
    BOOST_REQUIRE(seen[i] == i + 1);
}

BOOST_AUTO_TEST_CASE(a_follower_hands_back_what_its_reader_threw_and_reads_no_further) {
  engine::trace t;
  std::size_t read = 0;
  engine::trace_follower follower(t, [&read](const engine::trace_event& e) {
    ++read;
    ENGINE_CHECK(e.sequence != 3, "event 3 is wrong");
  });
  for (int i = 0; i < 10; ++i)
    t.record(hours(1), "note", "x");
  BOOST_CHECK_THROW(follower.finish(), engine::check_failed);
  BOOST_TEST(read == 3u);
}

BOOST_AUTO_TEST_CASE(a_trace_frees_what_its_followers_have_read_and_keeps_the_texts) {
  engine::trace t;
  t.release_read(true);
  const std::string_view kept = t.keep("fca_kept");
  std::vector<std::string> entities;
  engine::trace_follower follower(t, [&entities](const engine::trace_event& e) {
    entities.emplace_back(e.entity);
  });
  const std::size_t chunk = engine::event_log::chunk_events;
  auto record = [&](std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) {
      const std::string number = std::to_string(t.size());
      const engine::field_view fields[2] = {{"n", number}, {"same", kept, true}};
      t.record(hours(1), "note", "fca_" + number, engine::field_list{fields, 2});
    }
  };
  record(3 * chunk);
  while (follower.read() < 3 * chunk) // all read before the next chunk starts
    std::this_thread::yield();
  record(chunk / 2);
  follower.finish();
  // The three chunks read by then are freed; what came after is held.
  BOOST_TEST(t.events().first_held() == 2 * chunk); // never the chunk of the last event
  BOOST_TEST(t.events().begin()->sequence == 2 * chunk + 1);
  BOOST_TEST(t.size() == 3 * chunk + chunk / 2);
  BOOST_TEST(t.events().back().field("n") == std::to_string(3 * chunk + chunk / 2 - 1));
  BOOST_TEST(t.events().back().field("same") == "fca_kept");
  // The follower read every event, in order, while the trace freed behind it.
  BOOST_TEST_REQUIRE(entities.size() == 3 * chunk + chunk / 2);
  BOOST_TEST(entities[chunk + 7] == "fca_" + std::to_string(chunk + 7));
}

// The run waits for a follower that falls more than max_unread_chunks behind, so
// that memory stays bounded whatever the followers' speed; it goes on once the
// follower catches up, and nothing is lost.
BOOST_AUTO_TEST_CASE(a_trace_waits_for_a_follower_that_falls_too_far_behind) {
  engine::trace t;
  t.release_read(true);
  std::atomic<bool> gate{false};
  std::size_t seen = 0;
  engine::trace_follower follower(t, [&](const engine::trace_event& e) {
    ++seen;
    while (e.sequence == 1 && !gate.load())
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
  });
  const std::size_t chunk = engine::event_log::chunk_events;
  const std::size_t stop_at = (engine::trace::max_unread_chunks + 1) * chunk;
  const std::size_t n = stop_at + 2 * chunk + 5;
  std::thread run([&] {
    for (std::size_t i = 0; i < n; ++i)
      t.record(hours(1), "note", "x");
  });
  // The run gets no further than the limit while the follower is held at event 1.
  std::size_t reached = 0;
  for (;;) {
    reached = t.events().published();
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    if (t.events().published() == reached)
      break;
  }
  BOOST_TEST(reached == stop_at);
  gate.store(true);
  run.join();
  follower.finish();
  BOOST_TEST(seen == n);
  BOOST_TEST(t.size() == n);
}

// A follower whose reader threw reads no more; the run neither waits for it nor
// keeps events for it.
BOOST_AUTO_TEST_CASE(a_follower_that_failed_holds_the_run_back_no_more) {
  engine::trace t;
  t.release_read(true);
  engine::trace_follower follower(t, [](const engine::trace_event& e) {
    ENGINE_CHECK(e.sequence != 3, "event 3 is wrong");
  });
  const std::size_t chunk = engine::event_log::chunk_events;
  const std::size_t n = (engine::trace::max_unread_chunks + 4) * chunk;
  for (std::size_t i = 0; i < n; ++i)
    t.record(hours(1), "note", "x");
  BOOST_TEST(t.events().first_held() > 0u);
  BOOST_CHECK_THROW(follower.finish(), engine::check_failed);
}

BOOST_AUTO_TEST_CASE(a_trace_frees_nothing_unless_asked) {
  engine::trace t;
  engine::trace_follower follower(t, [](const engine::trace_event&) {});
  for (std::size_t i = 0; i < 2 * engine::event_log::chunk_events + 5; ++i)
    t.record(hours(1), "note", "x");
  follower.finish();
  BOOST_TEST(t.events().first_held() == 0u);
  BOOST_TEST(t.events().begin()->sequence == 1u);
}
