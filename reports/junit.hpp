#pragma once

// junit.xml for CI, written with pugixml and valid against the Ant JUnit schema
// (../shared/schemas/junit-ant.xsd): one testsuite per run, one testcase per
// expectation and per invariant with unique, stable names; a failure carries its
// message and an excerpt of the events that explain it.

#include "reports/json_report.hpp"
#include "reports/report_model.hpp"
#include "sim/outcome.hpp"

#include <iosfwd>
#include <string>
#include <vector>

namespace reports {

struct junit_run {
  const sim::outcome* run = nullptr;
  const report_model* model = nullptr;
  run_context context;
  std::string suite_name; // unique within the file, e.g. "scenario" or "scenario@seed 3"
};

// `timestamp`: wall clock of the runs, "YYYY-MM-DDTHH:MM:SS" (UTC, no zone, as the
// schema wants).
void write_junit(const std::vector<junit_run>& runs, const std::string& timestamp,
                 std::ostream& out);

// Text XML 1.0 can hold: control characters (but tab and line breaks), U+FFFE,
// U+FFFF and bytes that are not UTF-8 become '?'.
std::string xml_text(const std::string& text);

// The current wall clock in that form.
std::string junit_timestamp_now();

// A `time` attribute: seconds to the millisecond, never negative.
std::string junit_seconds(double s);

} // namespace reports
