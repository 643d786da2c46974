#pragma once

// `relinksim explore` and `relinksim shrink` (docs/explore-and-shrink.md): each
// variation or candidate runs as a `relinksim run` child process in the
// scenario's own folder, so that it runs exactly as the file written for it will
// (its includes, a platform's command), and side by side with -j.

#include <cstdint>
#include <string>

namespace cli {

struct explore_command {
  std::string file;
  std::uint64_t runs = 0;   // 0: 100, or the --seeds range
  std::string seeds;        // "A..B"
  unsigned jobs = 1;
  std::string time_budget;  // a duration of real time; empty: none
  std::string out;          // the failing variation; default beside the file
  std::uint64_t max_events = 0;
  bool quiet = false;
};

struct shrink_command {
  std::string file;
  std::uint64_t seed = 0;
  bool seed_given = false;
  std::string out; // default beside the file
  std::string failure; // which failure to keep (a part of its name); default the first
  unsigned jobs = 1;
  bool verbose = false;
  std::uint64_t max_runs = 5000;
  std::uint64_t max_events = 0;
};

// Exit codes: explore 0 every variation passed, 1 one failed (written), 2 invalid
// input or a variation the loader refuses, 3 internal error, 130 interrupted;
// shrink 0 written, 2 invalid input or a scenario that passes, 3 the written file
// does not fail as the original did, 130 interrupted.
int run_explore(const explore_command& cmd, const std::string& self);
int run_shrink(const shrink_command& cmd, const std::string& self);

} // namespace cli
