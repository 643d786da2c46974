#pragma once

// report.json ("format": "relinksim.report/2", see docs/report-format.md): the whole
// verdict of one run for programs. Byte-identical for the same scenario and seed,
// except the `run` object, which holds the wall-clock figures.

#include "reports/report_model.hpp"
#include "sim/outcome.hpp"

#include <iosfwd>
#include <string>

namespace reports {

inline constexpr const char* report_format = "relinksim.report/2";

struct run_context {
  std::string version;         // relinksim's
  std::string reproduce;       // the command that repeats the run (reproduce_run)
  std::string finished_at_utc; // wall clock, for the `run` object only
  // The same command without --follow: what each failure follows its own account
  // with (reproduce_following).
  std::string command;
};

void write_json_report(const sim::outcome& run, const report_model& model,
                       const run_context& context, std::ostream& out);

// The console summary as JSON (`--format json`): the same document without the
// failing accounts' events, on one line (several runs: JSON Lines).
void write_json_summary(const sim::outcome& run, const report_model& model,
                        const run_context& context, std::ostream& out);

} // namespace reports
