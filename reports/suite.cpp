#include "reports/suite.hpp"

#include "engine/printable.hpp"
#include "reports/console.hpp"
#include "reports/html.hpp"
#include "reports/junit.hpp"
#include "reports/page_script.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <ostream>
#include <pugixml.hpp>
#include <set>
#include <sstream>
#include <unistd.h>

namespace reports {
namespace {

// A suite's wall time, to the hundredth of a second.
std::string suite_seconds(double s) {
  return fmt::format("{:.2f}", s < 0 ? 0.0 : s);
}

std::size_t count(const std::vector<suite_run>& runs, run_verdict verdict) {
  return static_cast<std::size_t>(
      std::count_if(runs.begin(), runs.end(),
                    [&](const suite_run& r) { return r.verdict == verdict; }));
}

// Workflow commands: '%', CR and LF are escaped in data, and also ':' and ',' in
// properties.
std::string escape_data(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '%')
      out += "%25";
    else if (c == '\r')
      out += "%0D";
    else if (c == '\n')
      out += "%0A";
    else
      out += c;
  }
  return out;
}

std::string escape_property(const std::string& text) {
  std::string out;
  for (char c : escape_data(text)) {
    if (c == ':')
      out += "%3A";
    else if (c == ',')
      out += "%2C";
    else
      out += c;
  }
  return out;
}

std::string markdown_cell(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '|')
      out += "\\|";
    else if (c == '\n')
      out += ' ';
    else
      out += c;
  }
  return out;
}

std::string run_label(const suite_run& r) {
  return r.scenario + " (seed " + std::to_string(r.seed) + ")";
}

void error_suite(pugi::xml_node root, const suite_run& r, int id,
                 const std::string& timestamp) {
  auto suite = root.append_child("testsuite");
  suite.append_attribute("package") = "relinksim";
  suite.append_attribute("id") = id;
  suite.append_attribute("name") = xml_text(run_label(r)).c_str();
  suite.append_attribute("timestamp") = timestamp.c_str();
  suite.append_attribute("hostname") = "localhost";
  suite.append_attribute("tests") = 1;
  suite.append_attribute("failures") = 0;
  suite.append_attribute("errors") = 1;
  suite.append_attribute("skipped") = 0;
  suite.append_attribute("time") = junit_seconds(r.wall_seconds).c_str();
  auto properties = suite.append_child("properties");
  auto p = properties.append_child("property");
  p.append_attribute("name") = "file";
  p.append_attribute("value") = xml_text(r.file).c_str();
  auto testcase = suite.append_child("testcase");
  testcase.append_attribute("name") = "run";
  testcase.append_attribute("classname") =
      xml_text(r.scenario.empty() ? "relinksim" : r.scenario).c_str();
  testcase.append_attribute("time") = junit_seconds(r.wall_seconds).c_str();
  auto error = testcase.append_child("error");
  error.append_attribute("message") = xml_text(r.note).c_str();
  error.append_attribute("type") = "run";
  suite.append_child("system-out");
  suite.append_child("system-err").text() = xml_text(r.note).c_str();
}

} // namespace

std::string first_divergence(const std::string& trace_a, const std::string& trace_b) {
  std::ifstream x(trace_a, std::ios::binary), y(trace_b, std::ios::binary);
  if (!x || !y)
    return "not deterministic: a trace is missing (" + (x ? trace_b : trace_a) + ")";
  std::string lx, ly;
  for (std::size_t line = 1;; ++line) {
    const bool more_x = static_cast<bool>(std::getline(x, lx));
    const bool more_y = static_cast<bool>(std::getline(y, ly));
    if (!more_x && !more_y)
      return "";
    if (more_x != more_y || lx != ly)
      return "not deterministic: events.jsonl differs between two runs at line " +
             std::to_string(line) + ":\n       first:  " + (more_x ? lx : "(end)") +
             "\n       second: " + (more_y ? ly : "(end)");
  }
}

std::string to_string(run_verdict verdict) {
  switch (verdict) {
  case run_verdict::passed:
    return "passed";
  case run_verdict::failed:
    return "failed";
  case run_verdict::error:
    return "error";
  case run_verdict::not_run:
    return "not run";
  }
  return "error";
}

bool read_run_report(const std::string& report_json, suite_run& run) {
  std::ifstream in(report_json);
  if (!in) {
    run.verdict = run_verdict::error;
    return false;
  }
  try {
    const auto doc = nlohmann::json::parse(in);
    run.scenario = doc["scenario"]["name"].get<std::string>();
    run.seed = doc["scenario"]["seed"].get<std::uint64_t>();
    const auto verdict = doc["verdict"].get<std::string>();
    if (verdict != "passed" && verdict != "failed")
      throw std::runtime_error("verdict '" + verdict + "' is neither passed nor failed");
    run.verdict = verdict == "passed" ? run_verdict::passed : run_verdict::failed;
    run.expectations = doc["summary"]["expectations"]["total"].get<std::size_t>();
    run.expectations_passed = doc["summary"]["expectations"]["passed"].get<std::size_t>();
    run.invariants_violated = doc["summary"]["invariants"]["violated"].get<std::size_t>();
    run.events = doc["summary"]["events"].get<std::uint64_t>();
    run.wall_seconds = doc["run"]["wall_seconds"].get<double>();
    run.reproduce = doc["reproduce"].get<std::string>();
    if (doc.contains("error"))
      run.note = doc["error"].get<std::string>();
    for (const auto& e : doc["expectations"]) {
      if (e["passed"].get<bool>())
        continue;
      std::string message =
          e["subject"].get<std::string>() + ": " + e["detail"].get<std::string>();
      run.failures.push_back({run.file, e["line"].get<int>(), message});
    }
    for (const auto& i : doc["invariants"])
      if (!i["passed"].get<bool>())
        run.failures.push_back({run.file, 0,
                                "invariant " + i["name"].get<std::string>() +
                                    " violated: " + i["message"].get<std::string>()});
    return true;
  } catch (const std::exception& e) {
    run.verdict = run_verdict::error;
    run.note = std::string("unreadable report.json: ") + e.what();
    return false;
  }
}

void print_suite_table(const std::vector<suite_run>& runs, double wall_seconds,
                       bool color, std::ostream& out) {
  const char* red = color ? "\033[31m" : "";
  const char* green = color ? "\033[32m" : "";
  const char* reset = color ? "\033[0m" : "";
  std::size_t width = 8;
  for (const auto& r : runs)
    width = std::max(width, r.scenario.size());
  out << fmt::format("{:<{}} {:>8}  {:<7} {:>12} {:>12} {:>9}\n", "scenario", width,
                     "seed", "verdict", "expectations", "events", "seconds");
  for (const auto& r : runs) {
    const std::string expectations =
        std::to_string(r.expectations_passed) + "/" + std::to_string(r.expectations);
    out << fmt::format("{:<{}} {:>8}  ", engine::printable(r.scenario), width, r.seed)
        << (r.verdict == run_verdict::passed ? green : red)
        << fmt::format("{:<7}", to_string(r.verdict)) << reset;
    const bool ran = r.verdict == run_verdict::passed || r.verdict == run_verdict::failed;
    out << fmt::format(" {:>12} {:>12} {:>9}\n", ran ? expectations : "-",
                       ran ? with_thousands(r.events) : "-",
                       ran ? junit_seconds(r.wall_seconds) : "-");
  }
  bool heading = false;
  for (const auto& r : runs) {
    if (r.verdict == run_verdict::passed || r.verdict == run_verdict::not_run)
      continue;
    if (!heading)
      out << "\nfailing runs:\n";
    heading = true;
    // Names, messages and notes come from the scenarios and their runs' logs:
    // their control characters are printed escaped.
    out << red << "FAIL" << reset << ' ' << engine::printable(run_label(r)) << '\n';
    for (const auto& f : r.failures)
      out << "     " << engine::printable(f.file)
          << (f.line > 0 ? ":" + std::to_string(f.line) : "") << "  "
          << engine::printable(f.message) << '\n';
    if (!r.note.empty())
      out << "     " << engine::printable(r.note, true) << '\n';
    if (!r.reproduce.empty())
      out << "     reproduce: " << engine::printable(r.reproduce) << '\n';
  }
  const auto passed = count(runs, run_verdict::passed);
  out << '\n'
      << (passed == runs.size() ? green : red)
      << (passed == runs.size() ? "PASS" : "FAIL") << reset << ' ' << passed << '/'
      << runs.size() << " runs passed";
  if (const auto failed = count(runs, run_verdict::failed))
    out << " · " << failed << " failed";
  if (const auto errors = count(runs, run_verdict::error))
    out << " · " << errors << " errors";
  if (const auto skipped = count(runs, run_verdict::not_run))
    out << " · " << skipped << " not run";
  out << " · " << suite_seconds(wall_seconds) << " s\n";
}

void merge_junit(const std::vector<suite_run>& runs, const std::string& suite_dir,
                 const std::string& timestamp, std::ostream& out) {
  pugi::xml_document doc;
  auto declaration = doc.append_child(pugi::node_declaration);
  declaration.append_attribute("version") = "1.0";
  declaration.append_attribute("encoding") = "UTF-8";
  auto root = doc.append_child("testsuites");
  // A scenario run with several seeds: each test case names its seed, since CI
  // pages know a test case by its class and name and would merge the seeds' runs.
  std::map<std::string, std::set<std::uint64_t>> seeds_of;
  for (const auto& r : runs)
    seeds_of[r.scenario].insert(r.seed);
  const auto name_the_seed = [&](pugi::xml_node suite, const suite_run& r) {
    if (seeds_of[r.scenario].size() < 2)
      return;
    const std::string suffix = " [seed " + std::to_string(r.seed) + "]";
    for (auto testcase : suite.children("testcase"))
      testcase.attribute("name") =
          (std::string(testcase.attribute("name").as_string()) + suffix).c_str();
  };
  int id = 0;
  for (const auto& r : runs) {
    if (r.verdict == run_verdict::not_run)
      continue;
    pugi::xml_document one;
    const std::string path = suite_dir + "/" + r.dir + "/junit.xml";
    pugi::xml_node suite;
    if (r.verdict != run_verdict::error && one.load_file(path.c_str()))
      suite = one.child("testsuites").child("testsuite");
    if (!suite) {
      error_suite(root, r, id++, timestamp);
      name_the_seed(root.last_child(), r);
      continue;
    }
    auto copy = root.append_copy(suite);
    copy.attribute("id") = id++;
    copy.attribute("name") = xml_text(run_label(r)).c_str();
    copy.attribute("timestamp") = timestamp.c_str();
    if (r.determinism_checked) { // found by the suite, not the run: a case of its own
      auto testcase = copy.insert_child_before("testcase", copy.child("system-out"));
      testcase.append_attribute("name") = "determinism";
      testcase.append_attribute("classname") = xml_text(r.scenario).c_str();
      testcase.append_attribute("time") = "0.000";
      copy.attribute("tests") = copy.attribute("tests").as_int() + 1;
      if (r.note.rfind("not deterministic", 0) == 0) {
        auto failure = testcase.append_child("failure");
        failure.append_attribute("message") = xml_text(r.note).c_str();
        failure.append_attribute("type") = "determinism";
        copy.attribute("failures") = copy.attribute("failures").as_int() + 1;
      }
    }
    name_the_seed(copy, r);
  }
  doc.save(out, "  ", pugi::format_default, pugi::encoding_utf8);
}

namespace {

// Failures first: the order of verdicts on the index.
int rank(run_verdict v) {
  switch (v) {
  case run_verdict::error:
    return 0;
  case run_verdict::failed:
    return 1;
  case run_verdict::not_run:
    return 2;
  case run_verdict::passed:
    return 3;
  }
  return 3;
}

const char* const index_style = R"(
body { font: 14px/1.45 "DejaVu Sans", system-ui, sans-serif; margin: 24px; color: #1f2328; }
h1 { font-size: 20px; margin: 0 0 4px; }
.verdict { display: inline-block; padding: 2px 10px; border-radius: 6px; color: #fff;
  font-weight: bold; margin-right: 8px; }
.verdict.pass { background: #1a7f37; } .verdict.fail { background: #cf222e; }
#controls { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin: 14px 0; }
#controls button { font: inherit; padding: 3px 10px; border: 1px solid #d0d7de;
  border-radius: 6px; background: #f6f8fa; cursor: pointer; }
#controls button[aria-pressed="true"] { background: #0969da; color: #fff; border-color: #0969da; }
#controls input, #controls select { font: inherit; padding: 3px 6px; }
#runs-box { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; }
th, td { padding: 5px 10px; border-bottom: 1px solid #d0d7de; text-align: left;
  vertical-align: top; }
td.num { text-align: right; white-space: nowrap; }
tbody.group th { background: #f6f8fa; font-weight: normal; }
.passed { color: #1a7f37; font-weight: bold; } .failed, .error { color: #cf222e; font-weight: bold; }
.not-run { color: #656d76; font-weight: bold; }
.title { color: #656d76; font-size: 12.5px; }
.tag { display: inline-block; padding: 0 6px; margin: 1px 2px 1px 0; border-radius: 10px;
  background: #ddf4ff; font-size: 12px; }
code { font-size: 12.5px; overflow-wrap: anywhere; }
button.copy { font: inherit; font-size: 12px; padding: 0 6px; margin-left: 6px; }
@media (max-width: 700px) { .wide { display: none; } body { margin: 10px; } }
)";

// Filters by verdict, tag and text; the URL's fragment (#verdict=failed&tag=x&q=y)
// sets them when the page opens, so a filtered view can be linked to.
const char* const index_script = R"(
const state = { verdict: 'all', tag: '', q: '' };
for (const part of location.hash.slice(1).split('&')) {
  const [k, v] = part.split('=');
  if (k in state && v !== undefined) state[k] = decodeURIComponent(v);
}
function apply() {
  document.querySelectorAll('#controls button[data-verdict]').forEach(b =>
    b.setAttribute('aria-pressed', String(b.dataset.verdict === state.verdict)));
  document.getElementById('tag').value = state.tag;
  document.getElementById('search').value = state.q;
  const q = state.q.toLowerCase();
  let shown = 0;
  document.querySelectorAll('tbody.group').forEach(group => {
    let any = false;
    group.querySelectorAll('tr.run').forEach(row => {
      const ok = (state.verdict === 'all' || row.dataset.verdict === state.verdict) &&
        (!state.tag || row.dataset.tags.split(' ').includes(state.tag)) &&
        (!q || row.dataset.text.includes(q));
      row.hidden = !ok;
      if (ok) { any = true; shown++; }
    });
    group.hidden = !any;
  });
  document.getElementById('shown').textContent = shown;
}
document.querySelectorAll('#controls button[data-verdict]').forEach(b =>
  b.addEventListener('click', () => { state.verdict = b.dataset.verdict; apply(); }));
document.getElementById('tag').addEventListener('change', e => { state.tag = e.target.value; apply(); });
document.getElementById('search').addEventListener('input', e => { state.q = e.target.value; apply(); });
document.querySelectorAll('button.copy').forEach(b => b.addEventListener('click', () => {
  navigator.clipboard.writeText(b.previousElementSibling.textContent)
    .then(() => { b.textContent = 'copied'; });
}));
apply();
)";

} // namespace

void write_suite_index(const std::vector<suite_run>& runs, double wall_seconds,
                       std::ostream& out) {
  const auto passed = count(runs, run_verdict::passed);
  const bool all_passed = passed == runs.size();
  // Runs grouped by scenario (its seeds together), groups and runs failures first.
  std::map<std::string, std::vector<const suite_run*>> by_scenario;
  std::set<std::string> tags;
  for (const auto& r : runs) {
    by_scenario[r.scenario].push_back(&r);
    tags.insert(r.tags.begin(), r.tags.end());
  }
  std::vector<std::vector<const suite_run*>> groups;
  for (auto& [name, group] : by_scenario) {
    std::stable_sort(group.begin(), group.end(), [](const auto* x, const auto* y) {
      return std::make_pair(rank(x->verdict), x->seed) < std::make_pair(rank(y->verdict), y->seed);
    });
    groups.push_back(group);
  }
  std::stable_sort(groups.begin(), groups.end(), [](const auto& x, const auto& y) {
    return rank(x.front()->verdict) < rank(y.front()->verdict);
  });

  out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
         "<meta http-equiv=\"Content-Security-Policy\" content=\""
      << content_security_policy(index_script) << "\">\n<title>relinksim suite — "
      << passed << '/' << runs.size() << " passed</title>\n<style>" << index_style
      << "</style>\n</head>\n<body>\n<h1><span id=\"verdict\" class=\"verdict "
      << (all_passed ? "pass\">PASS" : "fail\">FAIL") << "</span>relinksim suite</h1>\n"
      << "<p id=\"totals\">" << passed << " of " << runs.size() << " runs passed";
  for (const auto v : {run_verdict::failed, run_verdict::error, run_verdict::not_run})
    if (const auto n = count(runs, v))
      out << " · " << n << ' ' << to_string(v);
  out << " · " << suite_seconds(wall_seconds) << " s</p>\n"
      << "<div id=\"controls\">";
  for (const char* v : {"all", "failed", "error", "passed", "not run"})
    out << "<button type=\"button\" data-verdict=\"" << v << "\">" << v << "</button>";
  out << "<select id=\"tag\" aria-label=\"tag\"><option value=\"\">every tag</option>";
  for (const auto& t : tags)
    out << "<option>" << html_escape(t) << "</option>";
  out << "</select><input id=\"search\" type=\"search\" placeholder=\"search\" "
         "aria-label=\"search\"><span><span id=\"shown\">"
      << runs.size() << "</span> shown</span></div>\n"
      << "<div id=\"runs-box\"><table id=\"runs\">\n<thead><tr><th>scenario</th><th class=\"num\">seed</th>"
         "<th>verdict</th><th class=\"num\">expectations</th>"
         "<th class=\"num wide\">events</th><th class=\"num wide\">seconds</th>"
         "<th>reports</th><th>reproduce</th></tr></thead>\n";
  for (const auto& group : groups) {
    const auto& first = *group.front();
    out << "<tbody class=\"group\">";
    if (group.size() > 1) {
      std::size_t group_passed = 0;
      for (const auto* r : group)
        group_passed += r->verdict == run_verdict::passed ? 1 : 0;
      out << "<tr><th colspan=\"8\">" << html_escape(first.scenario) << " — "
          << group.size() << " seeds, " << group_passed << " passed</th></tr>";
    }
    for (const auto* r : group) {
      std::string tag_list, text = r->scenario + ' ' + r->title;
      for (const auto& t : r->tags) {
        tag_list += (tag_list.empty() ? "" : " ") + t;
        text += ' ' + t;
      }
      std::transform(text.begin(), text.end(), text.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      const std::string verdict = to_string(r->verdict);
      out << "\n<tr class=\"run\" data-verdict=\"" << verdict << "\" data-tags=\""
          << html_escape(tag_list) << "\" data-text=\"" << html_escape(text) << "\"><td>"
          << html_escape(r->scenario);
      if (!r->title.empty())
        out << "<div class=\"title\">" << html_escape(r->title) << "</div>";
      if (!r->tags.empty()) {
        out << "<div>";
        for (const auto& t : r->tags)
          out << "<span class=\"tag\">" << html_escape(t) << "</span>";
        out << "</div>";
      }
      const bool ran = r->verdict != run_verdict::not_run;
      out << "</td><td class=\"num\">" << r->seed << "</td><td class=\""
          << (r->verdict == run_verdict::not_run ? "not-run" : verdict) << "\">" << verdict
          << "</td><td class=\"num\">" << r->expectations_passed << '/' << r->expectations
          << "</td><td class=\"num wide\">" << (ran ? with_thousands(r->events) : "-")
          << "</td><td class=\"num wide\">" << (ran ? suite_seconds(r->wall_seconds) : "-")
          << "</td><td>";
      if (ran)
        out << "<a href=\"" << html_escape(r->dir) << "/report.html\">report</a> · <a href=\""
            << html_escape(r->dir) << "/junit.xml\">junit</a>";
      out << "</td><td>";
      // How to repeat it: for what did not pass only.
      if (r->verdict != run_verdict::passed && !r->reproduce.empty())
        out << "<code>" << html_escape(r->reproduce)
            << "</code><button type=\"button\" class=\"copy\">copy</button>";
      if (!r->note.empty())
        out << "<div>" << html_escape(r->note) << "</div>";
      out << "</td></tr>";
    }
    out << "</tbody>\n";
  }
  out << "</table></div>\n<script>" << index_script << "</script>\n</body>\n</html>\n";
}

void write_github_annotations(const std::vector<suite_run>& runs, std::size_t limit,
                              std::ostream& out) {
  std::size_t written = 0, total = 0;
  for (const auto& r : runs) {
    auto annotate = [&](const std::string& file, int line, const std::string& message) {
      ++total;
      if (written >= limit)
        return;
      ++written;
      out << "::error file=" << escape_property(file);
      if (line > 0)
        out << ",line=" << line;
      // CI logs render ANSI sequences too: control characters stay escaped.
      out << ",title=" << escape_property("relinksim " + engine::printable(run_label(r)))
          << "::"
          << escape_data(engine::printable(
                 message + (r.reproduce.empty() ? "" : "\nreproduce: " + r.reproduce),
                 true))
          << '\n';
    };
    for (const auto& f : r.failures)
      annotate(f.file, f.line, f.message);
    if (r.verdict == run_verdict::error)
      annotate(r.file, 0, r.note.empty() ? "the run did not finish" : r.note);
    else if (r.verdict == run_verdict::failed && !r.note.empty())
      annotate(r.file, 0, r.note); // stopped early, or not deterministic
  }
  if (total > written)
    out << "::warning::" << total - written << " more failures not annotated (limit "
        << limit << "); see the job log or junit.xml\n";
}

void write_step_summary(const std::vector<suite_run>& runs, double wall_seconds,
                        std::ostream& out) {
  const auto passed = count(runs, run_verdict::passed);
  out << "## relinksim: " << passed << '/' << runs.size() << " runs passed ("
      << suite_seconds(wall_seconds) << " s)\n\n"
      << "| scenario | seed | verdict | expectations | events |\n"
         "|---|---:|---|---:|---:|\n";
  for (const auto& r : runs)
    out << "| " << markdown_cell(r.scenario) << " | " << r.seed << " | "
        << (r.verdict == run_verdict::passed ? "✅ passed" : "❌ " + to_string(r.verdict))
        << " | " << r.expectations_passed << '/' << r.expectations << " | "
        << with_thousands(r.events) << " |\n";
  bool heading = false;
  for (const auto& r : runs) {
    if (r.verdict == run_verdict::passed || r.verdict == run_verdict::not_run)
      continue;
    if (!heading)
      out << "\n### Failures\n\n";
    heading = true;
    out << "- **" << markdown_cell(run_label(r)) << "**";
    if (!r.reproduce.empty())
      out << " — `" << r.reproduce << '`';
    out << '\n';
    for (const auto& f : r.failures)
      out << "  - `" << f.file << (f.line > 0 ? ":" + std::to_string(f.line) : "") << "` "
          << markdown_cell(f.message) << '\n';
    if (!r.note.empty())
      out << "  - " << markdown_cell(r.note) << '\n';
  }
}

} // namespace reports
