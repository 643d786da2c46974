#pragma once

// The deterministic kernel: a CAF actor system on the test coordinator, whose
// clock is virtual. `run` drains every ready message, then fires the earliest
// pending timeout (which moves virtual time to it), until the horizon, quiescence,
// or the event budget. Nothing here knows about banks.
//
// An *event* is one message handled by an actor; delayed messages count once,
// when they are handled.

#include "engine/duration.hpp"
#include "engine/random.hpp"
#include "engine/run_stats.hpp"
#include "engine/trace.hpp"

#include <caf/actor.hpp>
#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/scheduled_actor.hpp>

#include <atomic>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

namespace caf::scheduler {
class test_coordinator;
}

namespace engine {

// Thrown when a run handles more events than its budget allows: a runaway
// scenario (or a self-rescheduling actor) stops with this instead of hanging.
// Thrown too when the trace is full (trace::max_events state changes): `budget`
// is then the number of events handled before the one that filled it.
class event_budget_exceeded : public std::runtime_error {
public:
  event_budget_exceeded(std::uint64_t budget, duration at);
  event_budget_exceeded(const std::string& what, std::uint64_t budget, duration at);
  std::uint64_t budget;
  duration at;
};

// Thrown when the run's stop flag is raised (the user pressed Ctrl-C): the run
// stops between two events, so what it recorded is consistent up to `at`.
class run_interrupted : public std::runtime_error {
public:
  run_interrupted(duration at, std::uint64_t events);
  duration at;
  std::uint64_t events; // handled before the stop
};

// Thrown by an instant hook when something outside the simulation it waits for
// fails (the platform's endpoint, its time limit): the run stops at `at`, and the
// message says why. Never a bug of the simulation's.
class external_failure : public std::runtime_error {
public:
  external_failure(const std::string& what, duration at_in)
    : std::runtime_error(what), at(at_in) {}
  duration at;
};

// Thrown after a run in which an actor received a message it has no handler
// for, or an error reply, and at once when a handler throws anything but a
// check_failed (which the run throws itself, located): a programmer error in the
// simulation, never the scenario's fault.
class internal_error : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

class kernel {
public:
  static constexpr std::uint64_t default_event_budget = 200'000'000;

  explicit kernel(std::uint64_t seed);
  ~kernel();
  kernel(const kernel&) = delete;
  kernel& operator=(const kernel&) = delete;

  // Spawns an event-based actor and keeps its handle so teardown can stop it.
  // Returns the handle `fun` types: a typed actor's accepts only its interface.
  template <class F, class... Ts>
  auto spawn(F fun, Ts&&... xs) {
    auto handle = system_.spawn(fun, std::forward<Ts>(xs)...);
    actors_.push_back(caf::actor_cast<caf::actor>(handle));
    return handle;
  }

  caf::actor_system& system() { return system_; }
  trace& events() { return trace_; }
  const trace& events() const { return trace_; }
  std::uint64_t seed() const { return seed_; }
  random_stream stream(std::string_view entity_id) const { return {seed_, entity_id}; }

  // Virtual time since the kernel was created.
  duration now() const;

  // The end of the run, when known before actors are built (run() sets it too).
  void set_horizon(duration horizon) { horizon_ = horizon; }
  // Whether a message `delay` from now would still be handled in the run.
  bool within_horizon(duration delay) const { return now() + delay <= horizon_; }

  // A delayed message from `self` to `to`, unless it would arrive after the
  // horizon: it could never be handled, and would only hold memory (a TAN's expiry
  // a year out, for every account) and cost time to tear down.
  template <class Self, class Dest, class... Ts>
  void send_later(Self* self, const Dest& to, duration delay, Ts&&... xs) {
    if (within_horizon(delay))
      self->delayed_send(to, delay, std::forward<Ts>(xs)...);
  }

  // Every actor calls this first: a message it cannot handle, or an error reply,
  // is recorded and makes `run` throw internal_error, instead of CAF's default of
  // printing and dropping it while the simulation goes quietly wrong. An
  // exception thrown by a handler (a failed check above all), which CAF would
  // print and turn into the death of one actor while the run goes on, stops the
  // run at once: `run` throws it, located at the virtual time and the message
  // being handled.
  void guard(caf::scheduled_actor* self, std::string name);

  // Called about twice a second of wall time during `run` with the virtual time
  // reached and the events handled so far (for a progress line; never for
  // anything the simulation depends on).
  using progress_callback = std::function<void(duration reached, std::uint64_t events,
                                               double wall_seconds)>;
  void on_progress(progress_callback callback) { progress_ = std::move(callback); }

  // Called at the end of each virtual instant: every message due at it handled,
  // before the clock moves on (and once more before the run ends). It may give
  // the actors more to do at the same instant (messages, delayed ones); it
  // returns true when it did, and is called again once that is handled too.
  // What a platform outside the simulation does, in lockstep, goes through here.
  using instant_hook = std::function<bool()>;
  void at_each_instant(instant_hook hook) { instant_hook_ = std::move(hook); }

  // Runs until `horizon` (timeouts due later stay pending) or quiescence.
  // Throws event_budget_exceeded when more than `event_budget` events would run.
  // Throws run_interrupted when `stop` (if given) becomes true.
  // Throws check_failed (located) or internal_error when a handler threw.
  run_stats run(duration horizon, std::uint64_t event_budget = default_event_budget,
                const std::atomic<bool>* stop = nullptr);

private:
  void shut_down();
  // `failure`, thrown while `actor` handled `handling` (null: while it started),
  // as `run` throws it: where and when it happened, in the exception's words.
  std::exception_ptr locate(std::exception_ptr failure, const std::string& actor,
                            const caf::mailbox_element* handling) const;

  std::uint64_t seed_;
  caf::actor_system_config config_; // must outlive system_
  // For guard's handlers, which actors keep until the system ends: a deque never
  // moves them, and it outlives system_.
  std::deque<std::string> actor_names_;
  caf::actor_system system_;
  caf::scheduler::test_coordinator& coordinator_;
  caf::actor_clock::time_point origin_;
  std::vector<caf::actor> actors_;
  std::vector<std::string> internal_errors_;
  // The first exception a handler threw; `run` throws it after that event.
  std::exception_ptr failure_;
  trace trace_;
  std::uint64_t events_total_ = 0;
  duration horizon_ = duration::max();
  progress_callback progress_;
  instant_hook instant_hook_;
};

} // namespace engine
