#include "reports/junit.hpp"

#include "engine/duration.hpp"
#include "engine/utf8.hpp"
#include "reports/json_text.hpp"
#include "sim/metrics.hpp"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <fmt/format.h>
#include <map>
#include <ostream>
#include <pugixml.hpp>
#include <unistd.h>

namespace reports {
namespace {

// xs:token: no line breaks or tabs, no leading, trailing or doubled spaces.
std::string token(const std::string& raw) {
  const std::string text = xml_text(raw);
  std::string out;
  for (char c : text) {
    const char d = (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
    if (d == ' ' && (out.empty() || out.back() == ' '))
      continue;
    out.push_back(d);
  }
  while (!out.empty() && out.back() == ' ')
    out.pop_back();
  return out.empty() ? "-" : out;
}

std::string hostname() {
  char name[256] = {};
  if (::gethostname(name, sizeof name - 1) != 0 || name[0] == '\0')
    return "localhost";
  return token(name);
}

std::string event_line(const engine::trace_event& e, std::int64_t start) {
  std::string line = engine::format_duration(e.time) + "  " +
                     engine::format_utc_timestamp(start + e.time.count() / 1000) + "  " +
                     std::string(e.type) + "  [" + std::string(e.entity) + "]";
  for (const auto& f : e.fields())
    line += " " + std::string(f.key) + "=" + f.written();
  return line;
}

// The last events of the account a failure names: what led to the state it was in.
std::string excerpt(const sim::outcome& run, const std::string& account) {
  if (account.empty())
    return "";
  const auto story = account_story(run, account);
  constexpr std::size_t shown = 20;
  std::string out = "events of " + account;
  if (story.size() > shown)
    out +=
        " (last " + std::to_string(shown) + " of " + std::to_string(story.size()) + ")";
  out += ":\n";
  for (std::size_t i = story.size() > shown ? story.size() - shown : 0; i < story.size();
       ++i)
    out += "  " + event_line(*story[i], run.spec.start_unix_seconds) + "\n";
  return out;
}

void add_property(pugi::xml_node properties, const char* name, const std::string& value) {
  auto p = properties.append_child("property");
  p.append_attribute("name") = name;
  p.append_attribute("value") = xml_text(value).c_str();
}

void add_suite(pugi::xml_node root, const junit_run& r, int id,
               const std::string& timestamp, const std::string& host) {
  const auto& run = *r.run;
  const auto& spec = run.spec;
  const std::string classname = token(spec.name);
  auto suite = root.append_child("testsuite");
  suite.append_attribute("package") = "relinksim";
  suite.append_attribute("id") = id;
  suite.append_attribute("name") = token(r.suite_name).c_str();
  suite.append_attribute("timestamp") = timestamp.c_str();
  suite.append_attribute("hostname") = host.c_str();
  const std::size_t tests =
      run.results.size() + run.invariants.size() + (run.run_error.empty() ? 0 : 1);
  const auto not_reached = static_cast<std::size_t>(std::count_if(
      run.results.begin(), run.results.end(), [](auto& e) { return !e.reached; }));
  const std::size_t failures =
      run.failed_count() - not_reached + run.violated_invariants();
  suite.append_attribute("tests") = static_cast<unsigned long long>(tests);
  suite.append_attribute("failures") = static_cast<unsigned long long>(failures);
  suite.append_attribute("errors") = run.run_error.empty() ? 0 : 1;
  suite.append_attribute("skipped") = static_cast<unsigned long long>(not_reached);
  suite.append_attribute("time") = junit_seconds(run.stats.wall_seconds).c_str();

  auto properties = suite.append_child("properties");
  add_property(properties, "scenario", spec.name);
  add_property(properties, "title", spec.title);
  add_property(properties, "file", spec.file);
  add_property(properties, "seed", std::to_string(run.seed));
  add_property(properties, "scenario_hash", spec.source_hash);
  add_property(properties, "relinksim_version", r.context.version);
  add_property(properties, "complete", run.complete ? "true" : "false");
  // Every metric, as report.json's `metrics` writes it ("2.0", "3.3213583333333334").
  for (const auto& m : sim::metric_catalogue()) {
    std::string value;
    append_compact(nlohmann::ordered_json(m.value(run.metrics())), value);
    add_property(properties, ("metric." + std::string(m.name)).c_str(), value);
  }

  // Expectation names come from their content; two equal ones get their line.
  std::map<std::string, int> uses;
  for (const auto& e : run.results)
    ++uses[e.name];
  // Per-test time is not measured; the suite's time is spread evenly.
  const std::string each =
      junit_seconds(tests ? run.stats.wall_seconds / double(tests) : 0.0);
  for (const auto& e : run.results) {
    auto testcase = suite.append_child("testcase");
    std::string name = "expect: " + e.name;
    if (uses[e.name] > 1)
      name += " (line " + std::to_string(e.where.line) + ")";
    testcase.append_attribute("name") = token(name).c_str();
    testcase.append_attribute("classname") = (classname + ".expectations").c_str();
    testcase.append_attribute("time") = each.c_str();
    if (e.passed)
      continue;
    if (!e.reached) { // the run stopped before its instant: neither held nor broken
      testcase.append_child("skipped").append_attribute("message") =
          xml_text(e.detail).c_str();
      continue;
    }
    auto failure = testcase.append_child("failure");
    failure.append_attribute("message") = xml_text(e.detail).c_str();
    failure.append_attribute("type") = "expectation";
    const std::string text = spec.file + ":" + std::to_string(e.where.line) + ": " +
                             e.subject + ": " + e.detail +
                             "\nreproduce: " + r.context.reproduce +
                             (e.account.empty() ? "" : " --follow " + e.account) + "\n" +
                             excerpt(run, e.account);
    failure.text() = xml_text(text).c_str();
  }
  for (const auto& i : run.invariants) {
    auto testcase = suite.append_child("testcase");
    testcase.append_attribute("name") = token("invariant: " + i.name).c_str();
    testcase.append_attribute("classname") = (classname + ".invariants").c_str();
    testcase.append_attribute("time") = each.c_str();
    if (i.passed)
      continue;
    auto failure = testcase.append_child("failure");
    const std::string message = i.description + ": violated " +
                                std::to_string(i.violations) +
                                " time(s); first at event seq " +
                                std::to_string(i.first_bad_sequence) + ": " + i.message;
    failure.append_attribute("message") = xml_text(message).c_str();
    failure.append_attribute("type") = "invariant";
    failure.text() =
        xml_text(message + "\nreproduce: " + r.context.reproduce + "\n").c_str();
  }
  if (!run.run_error.empty()) { // counted in `errors`: a run that did not finish
    auto testcase = suite.append_child("testcase");
    testcase.append_attribute("name") = "run";
    testcase.append_attribute("classname") = classname.c_str();
    testcase.append_attribute("time") = junit_seconds(run.stats.wall_seconds).c_str();
    auto error = testcase.append_child("error");
    error.append_attribute("message") = xml_text("run stopped: " + run.run_error).c_str();
    error.append_attribute("type") = run.interrupted ? "interrupted" : "budget";
  }
  std::string out = spec.name + " seed " + std::to_string(run.seed) + ": " +
                    std::to_string(run.stats.events) + " events, " +
                    engine::format_duration(run.stats.virtual_time) +
                    " simulated\nreproduce: " + r.context.reproduce + "\n";
  suite.append_child("system-out").text() = xml_text(out).c_str();
  suite.append_child("system-err").text() =
      run.run_error.empty() ? ""
                            : xml_text("run stopped: " + run.run_error + "\n").c_str();
}

} // namespace

void write_junit(const std::vector<junit_run>& runs, const std::string& timestamp,
                 std::ostream& out) {
  pugi::xml_document doc;
  auto declaration = doc.append_child(pugi::node_declaration);
  declaration.append_attribute("version") = "1.0";
  declaration.append_attribute("encoding") = "UTF-8";
  auto root = doc.append_child("testsuites");
  const std::string host = hostname();
  int id = 0;
  for (const auto& r : runs)
    add_suite(root, r, id++, timestamp, host);
  doc.save(out, "  ", pugi::format_default, pugi::encoding_utf8);
}

std::string xml_text(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t length = engine::utf8_sequence(text, i);
    const char32_t code = length > 0 ? engine::utf8_code_point(text, i, length) : 0;
    const bool allowed = length > 0 &&
                         (code >= 0x20 || code == '\n' || code == '\r' || code == '\t') &&
                         code != 0xFFFE && code != 0xFFFF;
    if (allowed)
      out.append(text, i, length);
    else
      out.push_back('?');
    i += length > 0 ? length : 1;
  }
  return out;
}

std::string junit_seconds(double s) {
  return fmt::format("{:.3f}", s < 0 ? 0.0 : s);
}

std::string junit_timestamp_now() {
  const std::time_t now =
      std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  ::gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &utc);
  return text;
}

} // namespace reports
