#pragma once

// What stops relinksim without killing it: SIGINT (Ctrl-C) and SIGTERM (what
// `timeout`, CI runners and service managers send). A run stops between two
// events and writes its reports from what ran, marked incomplete; a suite passes
// the signal on to its runs and waits for them to write. Both exit 130. SIGKILL
// is the one that does not wait.

#include <atomic>
#include <csignal>
#include <string>

namespace cli {

// What a second SIGINT does: `run` lets it kill the process as usual (Ctrl-C
// twice); `suite` passes each one on to its runs, which then die of it, and writes
// its own reports whatever comes. SIGTERM never kills either: SIGKILL is there for
// that, and a suite passing it on and a CI runner sending it to every process may
// both send it.
enum class second_interrupt { kills, is_counted };

// Puts the handlers in place, then unblocks the signals.
void catch_stop_signals(second_interrupt second);

// Set by the first stop signal: a run stops between two events when it is.
const std::atomic<bool>& stop_requested();
// How many stop signals came, and which came last.
int stop_signals_received();
int last_stop_signal();

inline sigset_t stop_signal_set() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  return set;
}

// Once the handlers are in place. A suite starts its runs with the signals
// blocked, so that one sent before a run could catch it waits for the handler
// instead of killing the run before it wrote anything.
inline void unblock_stop_signals() {
  const sigset_t set = stop_signal_set();
  ::sigprocmask(SIG_UNBLOCK, &set, nullptr);
}

inline std::string signal_name(int signal) {
  if (signal == SIGINT)
    return "SIGINT";
  if (signal == SIGTERM)
    return "SIGTERM";
  return "signal " + std::to_string(signal);
}

} // namespace cli
