#include "cli/stop_signals.hpp"

namespace cli {
namespace {

std::atomic<bool> requested{false};
std::atomic<int> received{0};
std::atomic<int> last{0};

extern "C" void on_stop_signal(int signal) {
  last.store(signal);
  received.fetch_add(1);
  requested.store(true);
}

} // namespace

void catch_stop_signals(second_interrupt second) {
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  sigemptyset(&action.sa_mask);
  // No SA_RESTART: a suite's waitpid returns at once to pass the signal on.
  action.sa_flags = second == second_interrupt::kills ? SA_RESETHAND : 0;
  ::sigaction(SIGINT, &action, nullptr);
  action.sa_flags = 0;
  ::sigaction(SIGTERM, &action, nullptr);
  unblock_stop_signals();
}

const std::atomic<bool>& stop_requested() {
  return requested;
}

int stop_signals_received() {
  return received.load();
}

int last_stop_signal() {
  return last.load();
}

} // namespace cli
