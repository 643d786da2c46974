#pragma once

// Reports of a suite: many runs (scenarios × seeds) side by side. Each run wrote
// its own reports; these read them back and aggregate: the console table, one
// JUnit file, an index.html linking every run's report, and the CI dialects
// (GitHub annotations and step summary).

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

namespace reports {

struct suite_failure {
  std::string file;
  int line = 0;
  std::string message;
};

// What became of one run of a suite. `error`: it wrote no report that can be read
// (it crashed, or a check fired); `not_run`: the suite stopped before it began.
enum class run_verdict { passed, failed, error, not_run };
std::string to_string(run_verdict); // passed | failed | error | not run

struct suite_run {
  std::string scenario;
  std::string title;
  std::vector<std::string> tags;
  std::string file;
  std::uint64_t seed = 0;
  std::string dir; // its report folder, relative to the suite's folder
  run_verdict verdict = run_verdict::not_run;
  std::size_t expectations = 0, expectations_passed = 0, invariants_violated = 0;
  std::uint64_t events = 0;
  double wall_seconds = 0;
  std::string reproduce;
  std::vector<suite_failure> failures;
  std::string note; // why it is an error, or how two runs diverged
  // Run twice by --check-determinism and its traces compared (`note` says how they
  // diverged, when they did).
  bool determinism_checked = false;
};

// Reads `<dir>/report.json` into `run`; false (verdict "error") when it is missing
// or unreadable.
bool read_run_report(const std::string& report_json, suite_run& run);

// One line per run, then the failures with their reproduce commands.
void print_suite_table(const std::vector<suite_run>& runs, double wall_seconds,
                       bool color, std::ostream& out);

// Every run's junit.xml as one `testsuites` document; a run without one (it
// crashed) becomes a suite with one error. `suite_dir` prefixes each run's dir.
void merge_junit(const std::vector<suite_run>& runs, const std::string& suite_dir,
                 const std::string& timestamp, std::ostream& out);

// index.html: a table of every run linking its report.html.
void write_suite_index(const std::vector<suite_run>& runs, double wall_seconds,
                       std::ostream& out);

// `::error file=…,line=…::` workflow commands, at most `limit`.
void write_github_annotations(const std::vector<suite_run>& runs, std::size_t limit,
                              std::ostream& out);

// For --check-determinism: empty when the two traces are byte-identical, else the
// first line where they differ, both versions.
std::string first_divergence(const std::string& trace_a, const std::string& trace_b);

// A Markdown summary for $GITHUB_STEP_SUMMARY.
void write_step_summary(const std::vector<suite_run>& runs, double wall_seconds,
                        std::ostream& out);

} // namespace reports
