#include "reports/json_report.hpp"

#include "engine/duration.hpp"
#include "sim/metrics.hpp"

#include <nlohmann/json.hpp>

#include <ostream>

namespace reports {
namespace {

using json = nlohmann::ordered_json;

json time_value(engine::duration d) { return engine::format_duration(d); }

// Hours of a repair-time figure; null when nothing was repaired.
json hours(const std::optional<engine::duration>& d) {
  if (!d)
    return nullptr;
  return static_cast<double>(d->count()) / 3'600'000.0;
}

json event_json(const engine::trace_event& e, std::int64_t start) {
  json fields = json::object();
  for (const auto& f : e.fields())
    fields[std::string(f.key)] = f.written();
  return {{"seq", e.sequence},
          {"t", engine::format_duration(e.time)},
          {"t_ms", e.time.count()},
          {"at", engine::format_utc_timestamp(start + e.time.count() / 1000)},
          {"type", std::string(e.type)},
          {"entity", e.entity},
          {"fields", std::move(fields)}};
}

json document(const sim::outcome& run, const report_model& model, const run_context& context,
              bool with_events) {
  const auto& spec = run.spec;
  json doc;
  doc["format"] = report_format;
  doc["complete"] = run.complete;
  doc["relinksim_version"] = context.version;
  doc["scenario"] = {{"name", spec.name},
                     {"title", spec.title},
                     {"file", spec.file},
                     {"hash", spec.source_hash},
                     {"tags", spec.tags},
                     {"seed", run.seed},
                     {"start", spec.start_text},
                     {"horizon", time_value(spec.horizon)},
                     {"mode", std::string(actors::to_string(spec.mode))}};
  doc["verdict"] = run.passed() ? "passed" : "failed";
  if (!run.run_error.empty())
    doc["error"] = run.run_error;
  doc["reproduce"] = context.reproduce;
  const std::size_t failed = run.failed_count();
  doc["summary"] = {
    {"events", run.stats.events},
    {"virtual_time", time_value(run.stats.virtual_time)},
    {"virtual_time_ms", run.stats.virtual_time.count()},
    {"accounts", run.metrics().accounts},
    {"expectations", {{"total", run.results.size()}, {"passed", run.results.size() - failed},
                      {"failed", failed}}},
    {"invariants", {{"total", run.invariants.size()},
                    {"held", run.invariants.size() - run.violated_invariants()},
                    {"violated", run.violated_invariants()}}}};
  json funnel = json::array();
  for (const auto& s : model.funnel)
    funnel.push_back({{"stage", s.key}, {"accounts", s.accounts}});
  doc["funnel"] = std::move(funnel);
  json rejections = json::object();
  for (const auto& [reason, n] : run.metrics().rejected_by_reason)
    rejections[reason] = n;
  doc["rejections"] = std::move(rejections);
  // Two counts the console shows that are not metrics: failed debits by ACH return
  // code, and relink sessions the platform told its customer about itself.
  json payment_failures = json::object();
  for (const auto& [code, n] : run.metrics().payments_failed_by_code)
    payment_failures[code] = n;
  doc["payment_failures"] = std::move(payment_failures);
  doc["platform_notifications"] = run.metrics().notified;
  doc["status_over_time"] = {{"t_ms", model.statuses.t_ms},
                             {"active", model.statuses.active},
                             {"inactive", model.statuses.inactive},
                             {"disconnected", model.statuses.disconnected}};
  json buckets = json::array();
  for (const auto& b : model.repairs.buckets)
    buckets.push_back({{"range", b.label}, {"accounts", b.accounts}});
  doc["time_to_repair"] = {{"repairs", model.repairs.count},
                           {"p50_hours", hours(model.repairs.p50)},
                           {"p90_hours", hours(model.repairs.p90)},
                           {"max_hours", hours(model.repairs.max)},
                           {"buckets", std::move(buckets)}};
  json metrics = json::object();
  for (const auto& m : sim::metric_catalogue())
    metrics[std::string(m.name)] = m.value(run.metrics());
  doc["metrics"] = std::move(metrics);
  json expectations = json::array();
  for (const auto& r : run.results) {
    json item{{"name", r.name},
              {"line", r.where.line},
              {"column", r.where.column},
              {"passed", r.passed},
              {"subject", r.subject},
              {"expected", r.expected},
              {"actual", r.actual}};
    if (!r.passed)
      item["detail"] = r.detail;
    if (!r.reached)
      item["reached"] = false;
    if (!r.account.empty())
      item["account"] = r.account;
    expectations.push_back(std::move(item));
  }
  doc["expectations"] = std::move(expectations);
  json invariants = json::array();
  for (const auto& i : run.invariants) {
    json item{{"name", i.name}, {"description", i.description}, {"passed", i.passed},
              {"violations", i.violations}};
    if (!i.passed) {
      item["first_bad_seq"] = i.first_bad_sequence;
      item["message"] = i.message;
    }
    invariants.push_back(std::move(item));
  }
  doc["invariants"] = std::move(invariants);
  const auto& w = run.webhooks;
  doc["webhooks"] = {{"sent", w.events},       {"deliveries", w.delivered.size()},
                     {"duplicates", w.duplicates}, {"out_of_order", w.out_of_order},
                     {"retried", w.retried},   {"dropped", w.dropped}};
  if (with_events) {
    json accounts = json::array();
    for (const auto& story : model.failing_accounts) {
      json events = json::array();
      for (const auto* e : story.events)
        events.push_back(event_json(*e, spec.start_unix_seconds));
      accounts.push_back({{"account", story.account},
                          {"events", std::move(events)},
                          {"omitted_events", story.omitted}});
    }
    doc["failing_accounts"] = std::move(accounts);
    doc["accounts"] = {{"count", spec.accounts.size()}, {"file", "accounts.jsonl"}};
    doc["files"] = {{"events", "events.jsonl"},
                    {"accounts", "accounts.jsonl"},
                    {"webhooks", "webhooks.jsonl"},
                    {"junit", "junit.xml"},
                    {"html", "report.html"}};
  }
  const double wall = run.stats.wall_seconds;
  doc["run"] = {{"wall_seconds", wall},
                {"events_per_second",
                 wall > 0 ? static_cast<double>(run.stats.events) / wall : 0.0},
                {"finished_at", context.finished_at_utc}};
  return doc;
}

} // namespace

void write_json_report(const sim::outcome& run, const report_model& model,
                       const run_context& context, std::ostream& out) {
  out << document(run, model, context, true).dump(2, ' ', false, json::error_handler_t::replace)
      << '\n';
}

void write_json_summary(const sim::outcome& run, const report_model& model,
                        const run_context& context, std::ostream& out) {
  // One line: a run's summary is one JSON document, several runs' are JSON Lines.
  out << document(run, model, context, false).dump(-1, ' ', false, json::error_handler_t::replace)
      << '\n';
}

} // namespace reports
