#include "reports/html.hpp"

#include "engine/duration.hpp"
#include "reports/console.hpp"
#include "reports/page_script.hpp"
#include "reports/reproduce.hpp"
#include "sim/metrics.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <map>
#include <optional>
#include <set>
#include <ostream>
#include <vector>

namespace reports {
namespace {

std::string px(double value) {
  return fmt::format("{:.1f}", value);
}

// A metric for people, as the console writes it: a count with thousands separators
// ("3,971"), a share as a percentage, a time as a duration ("2d8h"); "-" for a share
// or time of nothing (no account went inactive, none was repaired).
std::string metric_text(std::string_view name, double v, const sim::run_metrics& m) {
  const auto ends_with = [&](std::string_view tail) {
    return name.size() >= tail.size() && name.substr(name.size() - tail.size()) == tail;
  };
  if (ends_with("_share"))
    return m.accounts_deactivated == 0 ? "-" : fmt::format("{:.1f}%", 100.0 * v);
  if (ends_with("_hours"))
    return m.accounts_repaired == 0
               ? "-"
               : rounded(engine::duration{static_cast<std::int64_t>(v * 3'600'000.0 + 0.5)});
  if (v >= 0 && v == static_cast<double>(static_cast<std::uint64_t>(v)))
    return with_thousands(static_cast<std::uint64_t>(v));
  return fmt::format("{:.3f}", v);
}

const char* style_sheet = R"(
:root { --ok: #1a7f37; --bad: #cf222e; --ink: #1f2328; --muted: #656d76; --line: #d0d7de;
        --active: #2da44e; --inactive: #e16f24; --disconnected: #8c959f; --bar: #0969da; }
* { box-sizing: border-box; }
body { font: 14px/1.45 "DejaVu Sans", system-ui, sans-serif; color: var(--ink); margin: 0;
       background: #f6f8fa; }
header { background: #fff; border-bottom: 1px solid var(--line); padding: 16px 24px; }
h1 { font-size: 20px; margin: 0 8px 4px 0; display: inline-block; }
h2 { font-size: 16px; margin: 0 0 8px; }
main { padding: 16px 24px; display: grid; gap: 16px;
       grid-template-columns: repeat(auto-fit, minmax(min(600px, 100%), 1fr)); }
section { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 12px 16px;
          min-width: 0; overflow-x: auto; }
section.wide { grid-column: 1 / -1; }
.verdict { display: inline-block; padding: 2px 10px; border-radius: 12px; color: #fff;
           font-weight: bold; vertical-align: 3px; }
.passed { background: var(--ok); } .failed { background: var(--bad); }
.meta { color: var(--muted); margin: 4px 0 0; }
code, .mono { font-family: "DejaVu Sans Mono", monospace; font-size: 12.5px;
              overflow-wrap: anywhere; }
td.mono { white-space: nowrap; } td.fields { overflow-wrap: anywhere; }
#failures ol { margin: 0; padding-left: 20px; } #failures li { margin: 0 0 10px; }
#failures .what { font-weight: bold; }
button.copy { font: inherit; font-size: 12px; padding: 0 6px; margin-left: 6px; }
tr.checked td { background: #fff8c5; font-weight: bold; }
@media (max-width: 700px) { header, main { padding: 10px; } }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { color: var(--muted); font-weight: normal; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.fail td { background: #ffebe9; }
.ok { color: var(--ok); font-weight: bold; } .bad { color: var(--bad); font-weight: bold; }
svg text { font: 12px "DejaVu Sans", sans-serif; fill: var(--ink); }
section svg { min-width: 540px; } /* on a phone the chart scrolls in its section, legible */
svg .marker { stroke: #8250df; stroke-dasharray: 3 3; }
svg .axis { stroke: var(--line); }
.legend span { display: inline-block; margin-right: 12px; }
.swatch { display: inline-block; width: 10px; height: 10px; margin-right: 4px; }
details { margin: 6px 0; }
summary { cursor: pointer; font-weight: bold; }
)";

void funnel_chart(const report_model& m, std::ostream& out) {
  const double width = 400, row = 26;
  std::uint64_t top = 1;
  for (const auto& s : m.funnel)
    top = std::max(top, s.accounts);
  out << "<svg id=\"funnel\" role=\"img\" aria-label=\"relink funnel\" width=\"100%\" "
         "viewBox=\"0 0 560 "
      << px(row * static_cast<double>(m.funnel.size()) + 4) << "\">\n";
  double y = 2;
  for (const auto& s : m.funnel) {
    const double w = width * static_cast<double>(s.accounts) / static_cast<double>(top);
    out << "<text x=\"0\" y=\"" << px(y + 15) << "\">" << html_escape(s.name) << "</text>"
        << "<rect class=\"bar\" x=\"90\" y=\"" << px(y) << "\" width=\""
        << px(std::max(w, 1.0)) << "\" height=\"20\" fill=\"#0969da\"><title>"
        << html_escape(s.name) << ": " << with_thousands(s.accounts)
        << " accounts</title></rect>"
        << "<text data-stage=\"" << html_escape(s.key) << "\" x=\"" << px(96 + w)
        << "\" y=\"" << px(y + 15) << "\">" << with_thousands(s.accounts) << "</text>\n";
    y += row;
  }
  out << "</svg>\n";
}

void status_chart(const sim::outcome& run, const report_model& m, std::ostream& out) {
  const auto& s = m.statuses;
  const double left = 50, width = 500, height = 180, top_pad = 8;
  std::uint64_t top = 1;
  for (std::size_t i = 0; i < s.t_ms.size(); ++i)
    top = std::max({top, s.active[i], s.inactive[i], s.disconnected[i]});
  const double end =
      s.t_ms.empty() ? 1 : std::max<double>(1, static_cast<double>(s.t_ms.back()));
  auto x = [&](std::size_t i) {
    return left + width * static_cast<double>(s.t_ms[i]) / end;
  };
  auto y = [&](std::uint64_t v) {
    return top_pad + height - height * static_cast<double>(v) / static_cast<double>(top);
  };
  out << "<svg id=\"status-chart\" role=\"img\" aria-label=\"accounts by status over "
         "virtual time\" "
         "width=\"100%\" viewBox=\"0 0 560 215\">\n";
  out << "<line class=\"axis\" x1=\"" << left << "\" y1=\"" << px(y(0)) << "\" x2=\""
      << left + width << "\" y2=\"" << px(y(0)) << "\"/>"
      << "<line class=\"axis\" x1=\"" << left << "\" y1=\"" << top_pad << "\" x2=\""
      << left << "\" y2=\"" << px(y(0)) << "\"/>\n";
  out << "<text id=\"status-top\" x=\"" << left - 6 << "\" y=\"" << px(top_pad + 10)
      << "\" text-anchor=\"end\">" << with_thousands(top) << "</text>"
      << "<text x=\"" << left - 6 << "\" y=\"" << px(y(0))
      << "\" text-anchor=\"end\">0</text>\n";
  if (top >= 2) { // a middle tick, with its grid line
    const std::uint64_t middle = top / 2;
    out << "<line class=\"axis\" stroke-dasharray=\"2 4\" x1=\"" << left << "\" y1=\""
        << px(y(middle)) << "\" x2=\"" << left + width << "\" y2=\"" << px(y(middle))
        << "\"/><text class=\"tick\" x=\"" << left - 6 << "\" y=\"" << px(y(middle) + 4)
        << "\" text-anchor=\"end\">" << with_thousands(middle) << "</text>\n";
  }
  // Hover, beneath the markers and series: a transparent band per sample, from it
  // to the next, naming its counts.
  for (std::size_t i = 0; i < s.t_ms.size(); ++i) {
    const double from = x(i), to = i + 1 < s.t_ms.size() ? x(i + 1) : left + width;
    out << "<rect class=\"hover\" x=\"" << px(from) << "\" y=\"" << top_pad
        << "\" width=\"" << px(std::max(to - from, 0.5)) << "\" height=\"" << px(height)
        << "\" fill=\"transparent\"><title>"
        << engine::format_duration(engine::duration{s.t_ms[i]}) << ": "
        << with_thousands(s.active[i]) << " active, " << with_thousands(s.inactive[i])
        << " inactive, " << with_thousands(s.disconnected[i])
        << " disconnected</title></rect>\n";
  }
  // The timeline's instants, one marker each, named by the entries' lines and ids;
  // not those of a repeating entry (`every`: a marker an hour says nothing), and at
  // most max_markers.
  constexpr std::size_t max_markers = 48;
  std::map<int, std::set<std::int64_t>> instants_of_line;
  for (const auto& entry : run.spec.timeline)
    instants_of_line[entry.where.line].insert(entry.at.count());
  std::map<std::int64_t, std::string> instants;
  for (const auto& entry : run.spec.timeline) {
    if (instants_of_line[entry.where.line].size() > 1 ||
        (instants.size() >= max_markers && instants.count(entry.at.count()) == 0))
      continue;
    auto& names = instants[entry.at.count()];
    const std::string name =
        "line " + std::to_string(entry.where.line) + (entry.id.empty() ? "" : " " + entry.id);
    if (names.find(name) == std::string::npos && names.size() < 200)
      names += (names.empty() ? "" : ", ") + name;
  }
  for (const auto& [at, names] : instants) {
    if (at <= 0 || static_cast<double>(at) > end)
      continue;
    const double mx = left + width * static_cast<double>(at) / end;
    out << "<line class=\"marker\" x1=\"" << px(mx) << "\" y1=\"" << top_pad << "\" x2=\""
        << px(mx) << "\" y2=\"" << px(y(0)) << "\"><title>"
        << engine::format_duration(engine::duration{at}) << ": timeline "
        << html_escape(names) << "</title></line>\n";
  }
  for (int tick = 0; tick <= 4; ++tick) {
    const double t = end * tick / 4;
    out << "<text x=\"" << px(left + width * tick / 4) << "\" y=\"" << px(y(0) + 16)
        << "\" text-anchor=\"middle\">"
        << engine::format_duration(
               engine::duration{static_cast<std::int64_t>(t) / 60000 * 60000})
        << "</text>";
  }
  out << '\n';
  const std::pair<const std::vector<std::uint64_t>*, const char*> lines[] = {
      {&s.active, "#2da44e"}, {&s.inactive, "#e16f24"}, {&s.disconnected, "#8c959f"}};
  const char* names[] = {"active", "inactive", "disconnected"};
  for (std::size_t k = 0; k < 3; ++k) {
    out << "<polyline class=\"series\" data-status=\"" << names[k]
        << "\" fill=\"none\" stroke=\"" << lines[k].second
        << "\" stroke-width=\"2\" points=\"";
    // Steps: a count holds until the next sample.
    for (std::size_t i = 0; i < s.t_ms.size(); ++i) {
      if (i > 0)
        out << ' ' << px(x(i)) << ',' << px(y((*lines[k].first)[i - 1]));
      out << (i ? " " : "") << px(x(i)) << ',' << px(y((*lines[k].first)[i]));
    }
    out << "\"><title>" << names[k] << "</title></polyline>\n";
  }
  out << "</svg>\n<div class=\"legend\"><span><i class=\"swatch\" "
         "style=\"background:#2da44e\"></i>active</span>"
         "<span><i class=\"swatch\" style=\"background:#e16f24\"></i>inactive</span>"
         "<span><i class=\"swatch\" "
         "style=\"background:#8c959f\"></i>disconnected</span>"
         "<span><i class=\"swatch\" style=\"background:#8250df\"></i>a timeline "
         "entry (hover for its lines)</span></div>\n";
}

void repair_chart(const report_model& m, std::ostream& out) {
  const auto& r = m.repairs;
  std::uint64_t top = 1;
  for (const auto& b : r.buckets)
    top = std::max(top, b.accounts);
  const double bar = 70, gap = 14, height = 125;
  out << "<svg id=\"repair-chart\" role=\"img\" aria-label=\"time to repair\" "
         "width=\"100%\" "
         "viewBox=\"0 0 560 180\">\n";
  double x = 10;
  for (const auto& b : r.buckets) {
    const double h = height * static_cast<double>(b.accounts) / static_cast<double>(top);
    out << "<rect class=\"bar\" x=\"" << px(x) << "\" y=\"" << px(150 - h)
        << "\" width=\"" << bar << "\" height=\"" << px(std::max(h, 0.5))
        << "\" fill=\"#0969da\"><title>" << html_escape(b.label) << ": "
        << with_thousands(b.accounts) << "</title></rect>"
        << "<text x=\"" << px(x + bar / 2) << "\" y=\"166\" text-anchor=\"middle\">"
        << html_escape(b.label) << "</text>"
        << "<text data-range=\"" << html_escape(b.label) << "\" x=\"" << px(x + bar / 2)
        << "\" y=\"" << px(146 - h) << "\" text-anchor=\"middle\">"
        << with_thousands(b.accounts) << "</text>\n";
    x += bar + gap;
  }
  out << "</svg>\n";
}

void rejections(const sim::outcome& run, std::ostream& out) {
  const auto& by_reason = run.metrics().rejected_by_reason;
  out << "<table id=\"rejections\"><tr><th>reason</th><th "
         "class=\"num\">accounts</th></tr>\n";
  if (by_reason.empty())
    out << "<tr><td colspan=\"2\">no account was rejected</td></tr>\n";
  for (const auto& [reason, n] : by_reason)
    out << "<tr data-reason=\"" << html_escape(reason) << "\"><td><code>"
        << html_escape(reason) << "</code></td><td class=\"num\">" << with_thousands(n)
        << "</td></tr>\n";
  out << "</table>\n";
}

void expectations(const sim::outcome& run, std::ostream& out) {
  out << "<p>in <code>" << html_escape(run.spec.file) << "</code></p>\n";
  out << "<table "
         "id=\"expectations\"><tr><th>line</th><th>verdict</th><th>expectation</th>"
         "<th>expected</th><th>actual</th></tr>\n";
  for (const auto& r : run.results) {
    out << "<tr data-kind=\"expectation\" class=\"" << (r.passed ? "pass" : "fail")
        << "\"><td class=\"num\">line " << r.where.line << "</td><td class=\""
        << (r.passed    ? "ok\">pass"
            : r.reached ? "bad\">FAIL"
                        : "bad\">not reached")
        << "</td><td>" << html_escape(r.subject) << "</td><td>" << html_escape(r.expected)
        << "</td><td>" << html_escape(r.actual) << "</td></tr>\n";
  }
  for (const auto& i : run.invariants) {
    out << "<tr data-kind=\"invariant\" class=\"" << (i.passed ? "pass" : "fail")
        << "\"><td>invariant</td><td class=\""
        << (i.passed ? "ok\">holds" : "bad\">VIOLATED") << "</td><td>"
        << html_escape(i.name) << "</td><td>" << html_escape(i.description) << "</td><td>"
        << (i.passed ? std::string("never violated")
                     : html_escape(
                           std::to_string(i.violations) + " violation(s); first at seq " +
                           std::to_string(i.first_bad_sequence) + ": " + i.message))
        << "</td></tr>\n";
  }
  out << "</table>\n";
}

void failing_accounts(const sim::outcome& run, const report_model& m, std::ostream& out) {
  if (m.failing_accounts.empty()) {
    out << "<p>No failed expectation names an account.</p>\n";
    return;
  }
  for (const auto& story : m.failing_accounts) {
    out << "<details open class=\"account-timeline\" id=\"account-"
        << html_escape(story.account) << "\"><summary>" << html_escape(story.account)
        << " — " << story.events.size()
        << " events</summary>\n<table><tr><th>virtual time</th><th>date "
           "(UTC)</th><th>event</th>"
           "<th>entity</th><th>fields</th></tr>\n";
    // Where each failed expectation about this account was judged: marked between
    // the events before and after its instant.
    std::vector<const sim::expectation_result*> checks;
    for (const auto& r : run.results)
      if (!r.passed && r.reached && r.account == story.account && r.checked_at)
        checks.push_back(&r);
    std::stable_sort(checks.begin(), checks.end(), [](const auto* x, const auto* y) {
      return *x->checked_at < *y->checked_at;
    });
    std::size_t next_check = 0;
    const auto mark_checks_before = [&](std::optional<engine::duration> t) {
      for (; next_check < checks.size() && (!t || *checks[next_check]->checked_at < *t);
           ++next_check) {
        const auto& r = *checks[next_check];
        out << "<tr class=\"checked\"><td class=\"mono\">"
            << engine::format_duration(*r.checked_at) << "</td><td class=\"mono\">"
            << engine::format_utc_timestamp(run.spec.start_unix_seconds +
                                            r.checked_at->count() / 1000)
            << "</td><td colspan=\"3\">checked here (line " << r.where.line
            << "): expected " << html_escape(r.expected) << "; "
            << html_escape(r.actual) << "</td></tr>\n";
      }
    };
    for (const auto* e : story.events) {
      mark_checks_before(e->time);
      std::string fields;
      for (const auto& f : e->fields())
        fields +=
            (fields.empty() ? "" : " ") + std::string(f.key) + "=" + f.written();
      out << "<tr><td class=\"mono\">" << engine::format_duration(e->time)
          << "</td><td class=\"mono\">"
          << engine::format_utc_timestamp(run.spec.start_unix_seconds +
                                          e->time.count() / 1000)
          << "</td><td><code>" << html_escape(std::string(e->type)) << "</code></td><td>"
          << html_escape(std::string(e->entity)) << "</td><td class=\"mono fields\">"
          << html_escape(fields) << "</td></tr>\n";
    }
    if (story.omitted == 0)
      mark_checks_before(std::nullopt);
    if (story.omitted > 0)
      out << "<tr><td colspan=\"5\">… " << story.omitted
          << " more in events.jsonl</td></tr>\n";
    out << "</table></details>\n";
  }
}

void metrics(const sim::outcome& run, std::ostream& out) {
  out << "<table id=\"metrics\"><tr><th>metric</th><th "
         "class=\"num\">value</th><th>meaning</th></tr>\n";
  for (const auto& m : sim::metric_catalogue()) {
    const double v = m.value(run.metrics());
    out << "<tr data-metric=\"" << html_escape(std::string(m.name)) << "\"><td><code>"
        << html_escape(std::string(m.name)) << "</code></td><td class=\"num\">"
        << metric_text(m.name, v, run.metrics()) << "</td><td>"
        << html_escape(std::string(m.meaning))
        << "</td></tr>\n";
  }
  out << "</table>\n";
}

// What failed, first on the page: each failed expectation or violated invariant,
// what was expected and what happened, where, the account's story, and the command
// that repeats the run following it (with a copy button).
void failure_summary(const sim::outcome& run, const run_context& context,
                     std::ostream& out) {
  out << "<section class=\"wide\" id=\"failures\"><h2>What failed</h2>\n<ol>\n";
  for (const auto& r : run.results) {
    if (r.passed)
      continue;
    out << "<li data-kind=\"expectation\"><span class=\"what\">"
        << (r.reached ? "FAIL" : "NOT REACHED") << "</span> <code>"
        << html_escape(run.spec.file) << ':' << r.where.line << "</code> "
        << html_escape(r.subject) << "<br>expected: " << html_escape(r.expected)
        << "<br>actual: " << html_escape(r.actual);
    if (!r.account.empty())
      out << "<br><a href=\"#account-" << html_escape(r.account) << "\">the story of "
          << html_escape(r.account) << "</a>";
    if (r.reached)
      out << "<br>reproduce: <code>"
          << html_escape(context.command.empty()
                             ? context.reproduce
                             : reproduce_following(context.command, r.account))
          << "</code><button type=\"button\" class=\"copy\">copy</button>";
    out << "</li>\n";
  }
  for (const auto& i : run.invariants) {
    if (i.passed)
      continue;
    out << "<li data-kind=\"invariant\"><span class=\"what\">INVARIANT</span> "
        << html_escape(i.name) << " violated " << i.violations
        << (i.violations == 1 ? " time" : " times") << ": " << html_escape(i.description)
        << "<br>first at event seq " << i.first_bad_sequence << ": "
        << html_escape(i.message) << "<br>reproduce: <code>"
        << html_escape(context.reproduce)
        << "</code><button type=\"button\" class=\"copy\">copy</button></li>\n";
  }
  if (!run.run_error.empty())
    out << "<li data-kind=\"run\"><span class=\"what\">RUN STOPPED</span> "
        << html_escape(run.run_error) << "</li>\n";
  out << "</ol>\n</section>\n";
}

} // namespace

std::string html_escape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
    case '&':
      out += "&amp;";
      break;
    case '<':
      out += "&lt;";
      break;
    case '>':
      out += "&gt;";
      break;
    case '"':
      out += "&quot;";
      break;
    case '\'':
      out += "&#39;";
      break;
    default:
      out += c;
    }
  }
  return out;
}

void write_html_report(const sim::outcome& run, const report_model& model,
                       const run_context& context, std::ostream& out) {
  const auto& spec = run.spec;
  const bool passed = run.passed();
  out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta http-equiv=\"Content-Security-Policy\" content=\""
      << content_security_policy(copy_buttons_script, true) << "\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      << "<title>" << html_escape(spec.name) << " — relinksim "
      << (passed ? "passed" : "FAILED") << "</title>\n<style>" << style_sheet
      << "</style>\n</head>\n<body>\n";
  out << "<header><h1 id=\"scenario-name\">" << html_escape(spec.name) << "</h1>"
      << "<span id=\"verdict\" class=\"verdict "
      << (passed ? "passed\">PASSED" : "failed\">FAILED") << "</span>"
      << (run.complete ? "" : " <span class=\"verdict failed\">INCOMPLETE</span>")
      << "\n<p id=\"scenario-title\">" << html_escape(spec.title) << "</p>\n"
      << "<p class=\"meta\">file <code>" << html_escape(spec.file)
      << "</code> · seed <span id=\"seed\">" << run.seed << "</span> · "
      << html_escape(spec.start_text) << " + " << engine::format_duration(spec.horizon)
      << " · <span id=\"events\">" << with_thousands(run.stats.events)
      << "</span> events · <span id=\"accounts\">"
      << with_thousands(run.metrics().accounts) << "</span> "
      << (run.metrics().accounts == 1 ? "account" : "accounts")
      << " · <span id=\"expectations-passed\">"
      << run.results.size() - run.failed_count() << '/' << run.results.size()
      << "</span> expectations passed · relinksim " << html_escape(context.version)
      << "</p>\n"
      << "<p class=\"meta\">reproduce: <code>" << html_escape(context.reproduce)
      << "</code></p>\n";
  if (!run.run_error.empty())
    out << "<p class=\"bad\">run stopped: " << html_escape(run.run_error) << "</p>\n";
  out << "</header>\n<main>\n";
  if (!passed || !run.run_error.empty())
    failure_summary(run, context, out);
  out << "<section><h2>Relink funnel (distinct accounts)</h2>\n";
  funnel_chart(model, out);
  out << "</section>\n<section><h2>Accounts by status over virtual time</h2>\n";
  status_chart(run, model, out);
  out << "</section>\n<section><h2>Time to repair</h2>\n<p id=\"repair-summary\"><span "
         "id=\"repairs\">"
      << with_thousands(model.repairs.count) << "</span> "
      << (model.repairs.count == 1 ? "repair" : "repairs") << " by relink";
  if (model.repairs.p50)
    out << " · p50 <span id=\"repair-p50\">" << rounded(*model.repairs.p50)
        << "</span> · p90 <span id=\"repair-p90\">" << rounded(*model.repairs.p90)
        << "</span>";
  out << "</p>\n";
  repair_chart(model, out);
  out << "</section>\n<section><h2>Rejections by reason</h2>\n";
  rejections(run, out);
  out << "</section>\n<section class=\"wide\"><h2>Expectations and invariants</h2>\n";
  expectations(run, out);
  out << "</section>\n<section class=\"wide\"><h2>Accounts behind failures</h2>\n";
  failing_accounts(run, model, out);
  out << "</section>\n<section class=\"wide\"><h2>Metrics</h2>\n";
  metrics(run, out);
  out << "</section>\n</main>\n<script>" << copy_buttons_script
      << "</script>\n</body>\n</html>\n";
}

} // namespace reports
