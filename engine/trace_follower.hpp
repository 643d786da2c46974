#pragma once

// Reads a trace on a thread of its own while the run records it: each event once,
// in order, as soon as it is published. What can be folded from the trace (the
// account history, the invariants, the events.jsonl writer) then runs on the
// second core instead of holding up the run.

#include "engine/trace.hpp"

#include <atomic>
#include <condition_variable>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>

namespace engine {

class trace_follower {
public:
  // Starts reading `events`, which must stay where it is until `finish`, and
  // tells it how far it has read (trace::add_reader). Once finished it leaves the
  // trace alone; unfinished, it must go before the trace does.
  trace_follower(trace& events, std::function<void(const trace_event&)> each);
  ~trace_follower();
  trace_follower(const trace_follower&) = delete;
  trace_follower& operator=(const trace_follower&) = delete;

  // Reads up to the last event published so far, then stops; rethrows what `each`
  // threw (it read nothing after that).
  void finish();
  // Returns once it has read the first `n` events (or met an error, which
  // `finish` rethrows).
  void wait_for(std::size_t n) const;
  // How many events it has read so far.
  std::size_t read() const { return read_.load(std::memory_order_acquire); }

private:
  void follow();

  trace& events_;
  std::function<void(const trace_event&)> each_;
  std::atomic<bool> finishing_{false};
  std::atomic<std::size_t> read_{0}; // events read so far
  bool registered_ = true;           // with the trace, as one of its readers
  std::mutex mutex_;
  std::condition_variable wake_;
  std::exception_ptr error_;
  std::thread thread_;
};

} // namespace engine
