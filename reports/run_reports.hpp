#pragma once

// Every file of a run's report folder: report.json, junit.xml, report.html, and
// the streams events.jsonl and webhooks.jsonl, each written by one thread, into a
// staged folder that replaces the target whole.

#include "reports/events_jsonl.hpp"
#include "reports/json_report.hpp"
#include "reports/report_folder.hpp"
#include "reports/report_model.hpp"
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
// `streamed_events`: the stream that wrote events.jsonl into `staged` as the run
// went, finished here; without it events.jsonl is written from the trace.
written_run write_run_folder(const sim::outcome& result, const run_context& context,
                             staged_folder& staged, const std::string& dir,
                             events_jsonl_stream* streamed_events = nullptr);

} // namespace reports
