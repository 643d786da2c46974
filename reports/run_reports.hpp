#pragma once

// Every file of a run's report folder: report.json, junit.xml, report.html, and
// the streams events.jsonl and webhooks.jsonl, each written by one thread, into a
// staged folder that replaces the target whole.

#include "reports/events_jsonl.hpp"
#include "reports/json_report.hpp"
#include "reports/report_folder.hpp"
#include "reports/report_model.hpp"
#include "reports/webhooks.hpp"
#include "sim/runner.hpp"

#include <string>

namespace reports {

// What writing a run's folder took: the model (which the console needs too) and
// the wall time of each phase, for --timings.
struct written_run {
  report_model model;
  double model_and_reports_seconds = 0;
  double streams_left_seconds = 0; // then what the streams still took, and the swap
};

// Every file goes into `staged`, which replaces its target `dir` whole once all
// are written: a run that fails half-way (a full disk) leaves the target as the
// previous run left it, never half of each. Throws write_error saying so.
// The files a run writes as it goes, in its staged folder: events.jsonl and
// webhooks.jsonl, each fed on the thread that follows the trace.
class run_streams {
public:
  // Throws write_error when a file cannot be made.
  run_streams(const staged_folder& staged, std::int64_t start_unix_seconds);
  // Hands the run's events and webhooks to the files.
  void attach(sim::run_options& options);
  // Closes both files; throws write_error if any of them could not be written.
  void finish();
  webhooks_stream& webhooks() { return webhooks_; }

private:
  events_jsonl_stream events_;
  webhooks_stream webhooks_;
};

// `streams`: the files the run wrote as it went, finished here.
written_run write_run_folder(const sim::outcome& result, const run_context& context,
                             staged_folder& staged, const std::string& dir,
                             run_streams& streams);

} // namespace reports
