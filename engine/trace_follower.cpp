#include "engine/trace_follower.hpp"

#include <chrono>
#include <limits>
#include <utility>

namespace engine {

trace_follower::trace_follower(trace& events, std::function<void(const trace_event&)> each)
  : events_(events), each_(std::move(each)) {
  events.add_reader(&read_);
  thread_ = std::thread([this] { follow(); });
}

trace_follower::~trace_follower() {
  if (thread_.joinable()) {
    finishing_.store(true, std::memory_order_release);
    wake_.notify_one();
    thread_.join();
  }
  if (registered_) // not finished (a run stopped by an exception): let go of the trace
    events_.remove_reader(&read_);
}

void trace_follower::finish() {
  if (thread_.joinable()) {
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      finishing_.store(true, std::memory_order_release);
    }
    wake_.notify_one();
    thread_.join();
  }
  if (registered_) { // finished: it holds nothing back any more
    events_.remove_reader(&read_);
    registered_ = false;
  }
  if (error_)
    std::rethrow_exception(std::exchange(error_, nullptr));
}

void trace_follower::follow() {
  const event_log& log = events_.events();
  std::size_t done = 0;
  try {
    for (;;) {
      // Asked to finish before this look: everything recorded is published.
      const bool last = finishing_.load(std::memory_order_acquire);
      const std::size_t published = log.published();
      for (; done < published; ++done) {
        each_(log[done]);
        if (done % 1024 == 1023)
          read_.store(done + 1, std::memory_order_release);
      }
      read_.store(done, std::memory_order_release);
      if (last)
        return;
      // Caught up: wait for more, a millisecond at a time (the run does not wake
      // this thread for each event it records).
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait_for(lock, std::chrono::milliseconds(1),
                     [this] { return finishing_.load(std::memory_order_acquire); });
    }
  } catch (...) {
    error_ = std::current_exception();
    // It reads no more: the run must not wait for it, nor keep events for it.
    read_.store(std::numeric_limits<std::size_t>::max(), std::memory_order_release);
  }
}

void trace_follower::wait_for(std::size_t n) const {
  // A follower that met an error says it has read everything: no wait for it.
  while (read() < n)
    std::this_thread::yield();
}

} // namespace engine
