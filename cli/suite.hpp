#pragma once

// `relinksim suite`: every scenario of folders and files, once per seed, side by
// side. Each run is a `relinksim run` child process — its own deterministic
// kernel, its own reports — and the suite aggregates what they wrote.

#include <cstdint>
#include <string>
#include <vector>

namespace cli {

struct suite_command {
  std::vector<std::string> paths; // folders (their *.yaml) and files
  unsigned jobs = 1;
  std::string seeds;              // "A..B"; empty: each scenario's own seed
  std::string junit;              // default <out>/junit.xml
  std::string out_dir = "out";
  bool fail_fast = false;
  std::string shard;              // "I/N"
  std::vector<std::string> tags;
  bool check_determinism = false;
  std::uint64_t max_events = 0;   // 0: the run's default
};

// Exit code as DESIGN §7: 0 all passed, 1 a run failed, 2 invalid input (or a
// folder that cannot be written, or in use by another suite), 3 a run met an
// internal error (a check fired), 130 interrupted (SIGINT or SIGTERM, passed on to
// the runs under way, which write what they have).
int run_suite(const suite_command& cmd, const std::string& self);

} // namespace cli
