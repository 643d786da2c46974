#include "reports/run_reports.hpp"

#include "reports/accounts_jsonl.hpp"
#include "reports/atomic_file.hpp"
#include "reports/events_jsonl.hpp"
#include "reports/html.hpp"
#include "reports/junit.hpp"
#include "reports/webhooks.hpp"

#include <chrono>
#include <future>
#include <optional>

namespace reports {
namespace {

// What the run streamed, finished, and every account's end: the largest files,
// which need no report model, on a thread of their own.
void write_streams(const sim::outcome& result, const std::string& dir, run_streams& streams) {
  streams.finish();
  write_atomically(dir + "/accounts.jsonl",
                   [&](std::ostream& out) { write_accounts_jsonl(result, out); });
}

// The reports built on the model.
void write_reports(const sim::outcome& result, const report_model& model,
                   const run_context& context, const std::string& dir) {
  const auto& s = result.spec;
  write_atomically(dir + "/report.json", [&](std::ostream& out) {
    write_json_report(result, model, context, out);
  });
  write_atomically(dir + "/junit.xml", [&](std::ostream& out) {
    write_junit({{&result, &model, context, s.name}}, junit_timestamp_now(), out);
  });
  write_atomically(dir + "/report.html", [&](std::ostream& out) {
    write_html_report(result, model, context, out);
  });
}

} // namespace

run_streams::run_streams(const staged_folder& staged, std::int64_t start_unix_seconds)
  : events_(staged.path() + "/events.jsonl", start_unix_seconds),
    webhooks_(staged.path() + "/webhooks.jsonl") {}

void run_streams::attach(sim::run_options& options) {
  options.each_event = [this](const engine::trace_event& e) { events_.write(e); };
  options.webhooks = &webhooks_;
}

void run_streams::finish() {
  events_.finish();
  webhooks_.finish();
}

written_run write_run_folder(const sim::outcome& result, const run_context& context,
                             staged_folder& staged, const std::string& dir,
                             run_streams& streams) {
  const auto seconds_since = [](std::chrono::steady_clock::time_point from) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - from).count();
  };
  const auto started = std::chrono::steady_clock::now();
  std::optional<written_run> written;
  auto left = started; // when the model and the reports were done
  try {
    // Each file is written by one thread: the streams on another core while the
    // model is built and the other reports written.
    auto streamed =
        std::async(std::launch::async,
                   [&] { write_streams(result, staged.path(), streams); });
    written.emplace(written_run{build_model(result)});
    write_reports(result, written->model, context, staged.path());
    written->model_and_reports_seconds = seconds_since(started);
    left = std::chrono::steady_clock::now();
    streamed.get();
  } catch (const write_error& e) {
    throw write_error(std::string(e.what()) + " (" + dir + " is left as it was)");
  }
  staged.commit();
  written->streams_left_seconds = seconds_since(left);
  return std::move(*written);
}

} // namespace reports
