#pragma once

// Builds the world of a scenario as actors on a fresh kernel, plays its timeline,
// runs to the horizon and judges the expectations from the trace.

#include "actors/rules.hpp"
#include "engine/kernel.hpp"
#include "sim/outcome.hpp"

#include <atomic>
#include <cstdint>
#include <optional>

namespace sim {

// What the platform's endpoint receives, handed over on the follower's thread as
// the run goes: each event in order, then each delivery as soon as no later event
// can arrive before it, in the order the endpoint got them.
class webhook_sink {
public:
  virtual ~webhook_sink() = default;
  // The run's scenario (populations expanded), seed and history, which the sink
  // may read until end_of_trace and not after.
  virtual void start(const scenario& spec, std::uint64_t seed,
                     const account_history& history) = 0;
  // Before the history reads `e`.
  virtual void before(const engine::trace_event& e) = 0;
  // After it: `e`, and how many copies of it reach the endpoint (0 for an event
  // that is no webhook, or one dropped).
  virtual void event(const engine::trace_event& e, std::uint32_t copies) = 0;
  // Whether the webhook of `d` is built (an API session's update is built once
  // its instant has passed).
  virtual bool ready(const webhook_delivery& d) const = 0;
  // One delivery, once it is ready.
  virtual void delivered(const webhook_delivery& d) = 0;
  // The last event was read; every delivery follows.
  virtual void end_of_trace() = 0;
  // The instant of the last event read has ended (a platform in the loop is to
  // get its webhooks now): build what waits for its instant to pass.
  virtual void end_of_instant() = 0;
};

// What a platform outside the simulation may do at the end of an instant.
struct world_access {
  // Applies a timeline action at this instant, as the timeline would; `id` names
  // what it creates (a session). The actors handle it once the hook returns true.
  std::function<void(const timeline_action& action, const std::string& id)> act;
  // Waits until the trace's followers (history, webhooks) have read every event
  // so far, and hands over the webhooks of this instant: what they hold is then
  // the state at this instant.
  std::function<void()> sync;
  // After sync: when the next delivery the platform has not been handed yet is due
  // (a copy, or one held back), if one waits.
  std::function<std::optional<engine::duration>()> next_delivery;
};

// A platform outside the simulation, in lockstep with it (live/: its endpoint
// gets the webhooks, signed, as the run goes, and it calls the API).
class platform_link {
public:
  virtual ~platform_link() = default;
  // At the end of a virtual instant after a webhook event, or when `due`: true
  // when it gave the actors work at this instant (world.act). May record trace
  // events, and throw engine::external_failure to stop the run.
  virtual bool at_instant_end(engine::kernel& k, const world_access& world) = 0;
  // At the end of each virtual instant (cheap): it has something to do (a retry
  // due, a call of the platform's waiting, an answer owed).
  virtual bool due(engine::duration now) const = 0;
  // Before the run: a platform_job of the timeline, due at `at`.
  virtual void plan_job(engine::kernel& k, engine::duration at, const std::string& path) = 0;
  // After the run: why the run fails because of the platform (a webhook it never
  // accepted), or nothing.
  virtual std::string failure() const = 0;
};

struct run_options {
  std::uint64_t seed = 0;
  bool seed_given = false; // --seed overrides the scenario's seed
  std::uint64_t event_budget = engine::kernel::default_event_budget;
  // The rules the actors decide by (actors/rules.hpp): the standard ones, unless a
  // test builds a world with one broken on purpose.
  actors::rulebook rules;
  const std::atomic<bool>* stop = nullptr; // raised by SIGINT: stop, keep what ran
  engine::kernel::progress_callback progress; // for a progress line on a terminal
  // Called with each event of the run, in order, on a thread that follows the
  // trace while the run goes on: where events.jsonl is written as the run goes.
  std::function<void(const engine::trace_event&)> each_event;
  // Keep the whole trace in the outcome (tests that read it). Otherwise the trace
  // frees each event once its followers have read it, and `outcome::events` holds
  // only the last of them.
  bool keep_trace = false;
  // An id whose story is kept besides those the expectations need (`--follow`,
  // `explain`).
  std::string story_of;
  // Called with the finished outcome (judged; only `phases` still grows) on the
  // thread that judged it, while this one tears the actors down: where the
  // reports are written, so that they cost no time of their own.
  std::function<void(const outcome&)> after_judging;
  // Where webhooks.jsonl is written as the run goes, if anywhere.
  webhook_sink* webhooks = nullptr;
  // The platform's own code, when the scenario names its endpoint.
  platform_link* platform = nullptr;
};

outcome run_scenario(const scenario& spec, const run_options& options);

} // namespace sim
