#include <boost/test/unit_test.hpp>

#include "reports/reproduce.hpp"

#include "reports/suite.hpp"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

BOOST_AUTO_TEST_SUITE(suite)

namespace {

std::string write_temp(const std::string& name, const std::string& text) {
  const std::string path = "/tmp/relinksim-suite-test-" + name;
  std::ofstream(path) << text;
  return path;
}

} // namespace

BOOST_AUTO_TEST_CASE(identical_traces_do_not_diverge) {
  const auto a = write_temp("a", "{\"seq\":1}\n{\"seq\":2}\n");
  const auto b = write_temp("b", "{\"seq\":1}\n{\"seq\":2}\n");
  BOOST_TEST(reports::first_divergence(a, b) == "");
}

BOOST_AUTO_TEST_CASE(the_first_divergent_event_is_named_with_both_versions) {
  const auto a = write_temp("c", "{\"seq\":1}\n{\"seq\":2,\"to\":\"x\"}\n{\"seq\":3}\n");
  const auto b = write_temp("d", "{\"seq\":1}\n{\"seq\":2,\"to\":\"y\"}\n{\"seq\":3}\n");
  BOOST_TEST(reports::first_divergence(a, b) ==
             "not deterministic: events.jsonl differs between two runs at line 2:\n"
             "       first:  {\"seq\":2,\"to\":\"x\"}\n"
             "       second: {\"seq\":2,\"to\":\"y\"}");
}

BOOST_AUTO_TEST_CASE(a_shorter_trace_diverges_where_it_ends) {
  const auto a = write_temp("e", "{\"seq\":1}\n{\"seq\":2}\n");
  const auto b = write_temp("f", "{\"seq\":1}\n");
  BOOST_TEST(reports::first_divergence(a, b) ==
             "not deterministic: events.jsonl differs between two runs at line 2:\n"
             "       first:  {\"seq\":2}\n"
             "       second: (end)");
  BOOST_TEST(reports::first_divergence(a, "/nonexistent/trace") ==
             "not deterministic: a trace is missing (/nonexistent/trace)");
}

// --check-determinism is a test case of its own in the suite's JUnit: passing when
// the two traces were the same, failing with how they diverged otherwise.
BOOST_AUTO_TEST_CASE(a_determinism_check_is_a_test_case_that_passes_or_fails) {
  const std::string dir = "/tmp/relinksim-suite-test-junit";
  std::remove((dir + "/same/junit.xml").c_str());
  std::system(("mkdir -p " + dir + "/same " + dir + "/differs " + dir + "/unchecked").c_str());
  for (const char* run : {"same", "differs", "unchecked"})
    std::ofstream(dir + "/" + run + "/junit.xml")
        << "<testsuites><testsuite name=\"x\" tests=\"1\" failures=\"0\">"
           "<testcase name=\"expect: e\" classname=\"x.expectations\"/>"
           "<system-out/></testsuite></testsuites>";
  std::vector<reports::suite_run> runs(3);
  const char* names[] = {"same", "differs", "unchecked"};
  for (std::size_t i = 0; i < runs.size(); ++i) {
    runs[i].scenario = names[i];
    runs[i].dir = names[i];
    runs[i].verdict = reports::run_verdict::passed;
    runs[i].determinism_checked = i < 2;
  }
  runs[1].verdict = reports::run_verdict::failed;
  runs[1].note = "not deterministic: events.jsonl differs between two runs at line 3";
  std::ostringstream out;
  reports::merge_junit(runs, dir, "2026-11-30T00:00:00", out);
  const std::string xml = out.str();
  const auto suite_of = [&](const std::string& name) {
    const auto from = xml.find("name=\"" + name + " (seed 0)\"");
    BOOST_TEST_REQUIRE(from != std::string::npos, name);
    return xml.substr(from, xml.find("</testsuite>", from) - from);
  };
  BOOST_TEST(suite_of("same").find("<testcase name=\"determinism\" classname=\"same\" "
                                   "time=\"0.000\" />") != std::string::npos, xml);
  BOOST_TEST(suite_of("same").find("tests=\"2\" failures=\"0\"") != std::string::npos, xml);
  BOOST_TEST(suite_of("differs").find("<failure message=\"not deterministic: events.jsonl "
                                      "differs") != std::string::npos, xml);
  BOOST_TEST(suite_of("differs").find("tests=\"2\" failures=\"1\"") != std::string::npos,
             xml);
  BOOST_TEST(suite_of("unchecked").find("determinism") == std::string::npos, xml);
}

BOOST_AUTO_TEST_CASE(a_report_with_a_verdict_other_than_passed_or_failed_is_an_error) {
  const auto report = write_temp("report.json", R"({"scenario":{"name":"s","seed":1},
    "verdict":"maybe","summary":{"expectations":{"total":0,"passed":0},
    "invariants":{"violated":0},"events":0},"run":{"wall_seconds":0},"reproduce":"",
    "expectations":[],"invariants":[]})");
  reports::suite_run run;
  BOOST_TEST(!reports::read_run_report(report, run));
  BOOST_TEST(reports::to_string(run.verdict) == "error");
  BOOST_TEST(run.note ==
             "unreadable report.json: verdict 'maybe' is neither passed nor failed");
}

BOOST_AUTO_TEST_CASE(github_annotations_escape_and_stop_at_the_limit) {
  std::vector<reports::suite_run> runs(1);
  runs[0].scenario = "s";
  runs[0].seed = 3;
  runs[0].verdict = reports::run_verdict::failed;
  runs[0].reproduce = "relinksim run a,b.yaml --seed 3";
  for (int i = 1; i <= 3; ++i)
    runs[0].failures.push_back({"dir/a,b.yaml", i, "100% wrong\nsecond line"});
  std::ostringstream out;
  reports::write_github_annotations(runs, 2, out);
  BOOST_TEST(out.str() ==
             "::error file=dir/a%2Cb.yaml,line=1,title=relinksim s (seed 3)::100%25 wrong%0Asecond "
             "line%0Areproduce: relinksim run a,b.yaml --seed 3\n"
             "::error file=dir/a%2Cb.yaml,line=2,title=relinksim s (seed 3)::100%25 wrong%0Asecond "
             "line%0Areproduce: relinksim run a,b.yaml --seed 3\n"
             "::warning::1 more failures not annotated (limit 2); see the job log or junit.xml\n");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_CASE(reproduce_commands_quote_every_word_a_shell_would_change) {
  using reports::shell_quoted;
  BOOST_TEST(shell_quoted("scenarios/outage-then-relink_2.yaml") ==
             "scenarios/outage-then-relink_2.yaml");
  BOOST_TEST(shell_quoted("timeline[0].at=4d") == "'timeline[0].at=4d'");
  BOOST_TEST(shell_quoted("my scenarios/a.yaml") == "'my scenarios/a.yaml'");
  BOOST_TEST(shell_quoted("it's") == "'it'\\''s'");
  for (const std::string word : {"$HOME", "`id`", "a;b", "a&b", "a|b", "*.yaml", "~/a", "a\nb",
                                 "a\\b", "!x", "#x", "a\"b", "", "a^b", "{a,b}"})
    BOOST_TEST(shell_quoted(word).front() == '\'', word);
  BOOST_TEST(reports::reproduce_command("a b.yaml", 7, "--set 'x=1'") ==
             "relinksim run 'a b.yaml' --seed 7 --set 'x=1'");
}
