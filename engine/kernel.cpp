#include "engine/kernel.hpp"

#include "engine/check.hpp"

#include <caf/atom.hpp>
#include <caf/error.hpp>
#include <caf/exit_reason.hpp>
#include <caf/mailbox_element.hpp>
#include <caf/message.hpp>
#include <caf/scheduler/test_coordinator.hpp>
#include <caf/send.hpp>

#include <chrono>
#include <utility>

namespace engine {
namespace {

caf::actor_system_config& testing_config(caf::actor_system_config& config) {
  config.set("scheduler.policy", caf::atom("testing"));
  config.set("logger.verbosity", caf::atom("quiet"));
  return config;
}

std::string self_free_to_string(const caf::error& e) { return caf::to_string(e); }

// A message as text, cut short: some carry every actor of the world.
std::string message_text(const caf::mailbox_element& element) {
  constexpr std::size_t longest = 300;
  std::string text = caf::to_string(element.copy_content_to_message());
  if (text.size() > longest) {
    text.resize(longest);
    text += "...";
  }
  return text;
}

// What was being handled: the message and its actor, then the last event the
// trace recorded (by this handler or before it), which the trace files show.
std::string while_handling(const std::string& actor, const caf::mailbox_element* handling,
                           const trace& events) {
  std::string text = handling != nullptr ? message_text(*handling) + " in " + actor
                                         : "the start of " + actor;
  if (events.size() == 0)
    return text + ", before any trace event";
  const auto& last = events.events().back();
  return text + ", after trace event #" + std::to_string(last.sequence) + " " +
         std::string(last.type) + " " + std::string(last.entity) + " at " +
         format_duration(last.time);
}

} // namespace

event_budget_exceeded::event_budget_exceeded(std::uint64_t budget_in, duration at_in)
  : std::runtime_error("event budget of " + std::to_string(budget_in) +
                       " events exceeded at virtual time " + format_duration(at_in) +
                       "; the scenario generates more work than its limit allows"),
    budget(budget_in),
    at(at_in) {}

event_budget_exceeded::event_budget_exceeded(const std::string& what,
                                             std::uint64_t budget_in, duration at_in)
  : std::runtime_error(what), budget(budget_in), at(at_in) {}

kernel::kernel(std::uint64_t seed)
  : seed_(seed),
    system_(testing_config(config_)),
    coordinator_(dynamic_cast<caf::scheduler::test_coordinator&>(system_.scheduler())),
    origin_(coordinator_.clock().now()) {}

kernel::~kernel() { shut_down(); }

duration kernel::now() const {
  return std::chrono::duration_cast<duration>(coordinator_.clock().now() - origin_);
}

run_interrupted::run_interrupted(duration at_time, std::uint64_t handled)
  : std::runtime_error("interrupted at " + format_duration(at_time)), at(at_time),
    events(handled) {}

run_stats kernel::run(duration horizon, std::uint64_t event_budget,
                      const std::atomic<bool>* stop) {
  horizon_ = horizon;
  const auto wall_start = std::chrono::steady_clock::now();
  auto& clock = coordinator_.clock();
  const auto horizon_point = origin_ + horizon;
  run_stats stats;
  stats.reason = stop_reason::quiescent;
  auto last_report = wall_start;
  for (;;) {
    while (coordinator_.has_job()) {
      if (events_total_ >= event_budget)
        throw event_budget_exceeded(event_budget, now());
      if (stop != nullptr && stop->load(std::memory_order_relaxed))
        throw run_interrupted(now(), stats.events);
      coordinator_.run_once();
      if (failure_ != nullptr) // a handler threw: nothing after it may run
        std::rethrow_exception(std::exchange(failure_, nullptr));
      ++events_total_;
      ++stats.events;
      if (progress_ && (stats.events & 0x3F) == 0) {
        const auto wall = std::chrono::steady_clock::now();
        if (wall - last_report >= std::chrono::milliseconds(500)) {
          last_report = wall;
          progress_(now(), stats.events,
                    std::chrono::duration<double>(wall - wall_start).count());
        }
      }
    }
    // The instant ends when nothing is ready and no timeout is due at it (the
    // clock fires one timeout at a time, and messages can share an instant).
    if (instant_hook_ &&
        (!clock.has_pending_timeout() ||
         clock.schedule().begin()->first > clock.current_time) &&
        instant_hook_())
      continue; // it gave the actors work at this instant
    if (!clock.has_pending_timeout())
      break;
    if (clock.schedule().begin()->first > horizon_point) {
      stats.reason = stop_reason::horizon;
      break;
    }
    clock.trigger_timeout();
    ++stats.timeouts_fired;
  }
  // Nothing more can happen before the horizon: the clock reads the horizon, so
  // that "at end" and "simulated" mean it.
  if (clock.current_time < horizon_point)
    clock.current_time = horizon_point;
  stats.virtual_time = now();
  if (!internal_errors_.empty())
    throw internal_error(internal_errors_.front() +
                         (internal_errors_.size() > 1
                            ? " (and " + std::to_string(internal_errors_.size() - 1) + " more)"
                            : std::string{}));
  stats.wall_seconds =
    std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  return stats;
}

void kernel::guard(caf::scheduled_actor* self, std::string name) {
  // One copy of the name, kept by the kernel, for both handlers.
  const std::string* kept = &actor_names_.emplace_back(std::move(name));
  self->set_default_handler(
    [this, kept](caf::scheduled_actor*, caf::message_view& x) -> caf::result<caf::message> {
      internal_errors_.push_back(*kept + " received a message it has no handler for: " +
                                 caf::to_string(x.copy_content_to_message()) + " at " +
                                 format_duration(now()));
      return caf::message{};
    });
  self->set_error_handler([this, kept](caf::scheduled_actor*, caf::error& e) {
    internal_errors_.push_back(*kept + " received an error: " +
                               self_free_to_string(e) + " at " + format_duration(now()));
  });
  // CAF calls this inside its catch, while the message is still in the mailbox
  // element it was handling; the actor then quits, and `run` throws.
  self->set_exception_handler(
    [this, kept](caf::scheduled_actor* actor, std::exception_ptr& x) -> caf::error {
      if (failure_ == nullptr)
        failure_ = locate(x, *kept, actor->current_mailbox_element());
      return caf::exit_reason::unhandled_exception;
    });
}

std::exception_ptr kernel::locate(std::exception_ptr failure, const std::string& actor,
                                  const caf::mailbox_element* handling) const {
  const std::string where = while_handling(actor, handling, trace_);
  try {
    std::rethrow_exception(failure);
  } catch (const check_failed& e) {
    check_failed located = e;
    located.locate(now(), where);
    return std::make_exception_ptr(located);
  } catch (const trace_full& e) { // the world's size, not a bug: a budget stop
    return std::make_exception_ptr(event_budget_exceeded(
      std::string(e.what()) + "; reached at virtual time " + format_duration(now()) +
        ": the scenario records more than a run may hold",
      events_total_, now()));
  } catch (const std::exception& e) {
    return std::make_exception_ptr(internal_error(
      std::string("exception in a handler: ") + e.what() + " at " + format_duration(now()) +
      " while handling " + where));
  } catch (...) {
    return std::make_exception_ptr(internal_error(
      "unknown exception in a handler at " + format_duration(now()) + " while handling " + where));
  }
}

void kernel::shut_down() {
  // Pending delayed messages keep their receivers alive, and CAF's own shutdown
  // would fire every one of them (a ticker would never end): drop them first,
  // then stop every actor and let the exits be processed.
  coordinator_.clock().cancel_all();
  for (auto& handle : actors_)
    caf::anon_send_exit(handle, caf::exit_reason::user_shutdown);
  actors_.clear();
  constexpr int max_teardown_jobs = 100'000'000;
  for (int i = 0; i < max_teardown_jobs && coordinator_.has_job(); ++i)
    coordinator_.run_once();
  coordinator_.clock().cancel_all();
}

} // namespace engine
