#pragma once

// The console: one screen per run, and one account's story event by event.

#include "sim/outcome.hpp"

#include <iosfwd>
#include <string>
#include <vector>

namespace reports {

struct funnel_stage;

struct console_style {
  bool color = false;
  // Extra words for the reproduce command (such as --set overrides), quoted
  // for the shell (see reports/reproduce.hpp).
  std::string reproduce_extra;
  // The account funnel (needed relink → … → relinked), when the caller built it.
  const std::vector<funnel_stage>* funnel = nullptr;
  // Only what failed and the verdict line (`run --quiet`), not what was simulated.
  bool failures_only = false;
};

// What was simulated, the funnel, rejections by reason, every failed
// expectation with its source line and the command that reproduces it, and the
// verdict.
void print_summary(const sim::outcome& run, const std::string& report_dir,
                   const console_style& style, std::ostream& out);

// Every event of one account, its holder's emails and its requests, with virtual
// offsets and calendar dates; of a holder, each of its accounts' in turn. Returns
// false when the id never appears.
bool print_story(const sim::outcome& run, const std::string& id, std::ostream& out);

// "12,345".
std::string with_thousands(std::uint64_t n);

// A duration for people, as every report shows it: to the second below an hour,
// to the minute above ("3h51m", "4d1h31m").
std::string rounded(engine::duration d);

} // namespace reports
