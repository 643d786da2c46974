// End-to-end tests: the relinksim binary as a user runs it. They check exit
// codes, what is printed, and the files written.

#define BOOST_TEST_MODULE e2e
#include <boost/test/unit_test.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <csignal>
#include <map>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace fs = std::filesystem;

namespace {

const std::string binary = RELINKSIM_BINARY;
const std::string source_dir = RELINKSIM_SOURCE_DIR;
const std::string data = source_dir + "/tests/data/";
const std::string library = source_dir + "/scenarios/";

struct result {
  int exit_code = -1;
  std::string out;
  std::string err;
};

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// A fresh working directory per test, so default output paths stay contained.
struct workdir {
  fs::path path;
  workdir() {
    path = fs::temp_directory_path() /
           ("relinksim-e2e-" + std::to_string(::getpid()) + "-" + std::to_string(counter()++));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~workdir() { fs::remove_all(path); }
  static int& counter() {
    static int n = 0;
    return n;
  }
};

// A file of our own for a command's stderr: test runs side by side (several
// builds on one machine, ctest -j) share /tmp, and a fixed name there would mix
// their messages.
fs::path unique_temp_file(const std::string& stem) {
  std::string name = (fs::temp_directory_path() / (stem + "-XXXXXX")).string();
  const int fd = ::mkstemp(name.data());
  BOOST_REQUIRE(fd >= 0);
  ::close(fd);
  return name;
}

// A shell command line, run in `cwd`.
result shell(const std::string& line, const fs::path& cwd = fs::temp_directory_path()) {
  const fs::path err_file = unique_temp_file("relinksim-e2e-stderr");
  const std::string command =
    "cd '" + cwd.string() + "' && { " + line + "; } 2>'" + err_file.string() + "'";
  result r;
  FILE* pipe = ::popen(command.c_str(), "r");
  BOOST_REQUIRE(pipe != nullptr);
  std::array<char, 4096> buffer{};
  std::size_t n = 0;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0)
    r.out.append(buffer.data(), n);
  const int status = ::pclose(pipe);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.err = read_file(err_file);
  fs::remove(err_file);
  return r;
}

// relinksim with these arguments, without colour.
result run(const std::string& args, const fs::path& cwd = fs::temp_directory_path()) {
  return shell("NO_COLOR=1 '" + binary + "' " + args, cwd);
}

std::vector<nlohmann::json> read_webhooks(const fs::path& path) {
  std::istringstream lines(read_file(path));
  std::string line;
  std::vector<nlohmann::json> hooks;
  while (std::getline(lines, line))
    hooks.push_back(nlohmann::json::parse(line));
  return hooks;
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}


// report.json without its `run` object (wall-clock figures), as text.
std::string deterministic_part(const fs::path& report) {
  auto doc = nlohmann::ordered_json::parse(read_file(report));
  doc.erase("run");
  return doc.dump(2);
}

const std::string xsd = source_dir + "/tests/schemas/junit-ant.xsd";


// Long enough to be interrupted, or to show progress: 5,000 generated accounts
// (built in a few milliseconds), each decided on every hour of a quarter, about
// 20 CPU-seconds of work. The tests stop it as soon as it is well into its
// simulation (well_into_the_run), so that its reports stay small.
constexpr std::size_t big_population = 5000;
void write_big_scenario(const fs::path& path) {
  std::ofstream(path) << R"(scenario: big
horizon: 90d
mode: live
institutions: [{ id: bank }]
populations:
  - { name: bulk, customers: 5000, institution: bank }
timeline:
  - { at: 1h, every: 1h, request_relink: { accounts: all } }
expect:
  - { metric: accounts, min: 1 }
)";
}


// A folder of scenarios that are not in the library: two pass, one fails, and a
// subfolder holds something that is not a scenario (it must be left alone).
fs::path make_suite_folder(const workdir& w) {
  const fs::path dir = w.path / "qa";
  fs::create_directories(dir / "shared");
  std::string passing = read_file(data + "random-customers.yaml");
  std::ofstream(dir / "b-random.yaml") << passing;
  std::string tagged = passing;
  tagged.replace(tagged.find("scenario: random-customers"), 26,
                 "scenario: tagged-random\ntags: [nightly]");
  std::ofstream(dir / "c-tagged.yaml") << tagged;
  std::ofstream(dir / "a-wrong.yaml") << read_file(data + "wrong-expectation.yaml");
  std::ofstream(dir / "shared" / "fragment.yaml") << "institutions: [{ id: x }]\n";
  std::ofstream(dir / "notes.txt") << "not a scenario\n";
  return dir;
}

std::size_t occurrences(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
    ++n;
  return n;
}


// A copy of a test scenario under another scenario name (and seed).
void write_renamed(const fs::path& path, const std::string& name, int seed = 1) {
  std::string text = read_file(data + "random-customers.yaml");
  text.replace(text.find("scenario: random-customers"), 26, "scenario: " + name);
  text.replace(text.find("seed: 1"), 7, "seed: " + std::to_string(seed));
  std::ofstream(path) << text;
}

std::string scenario_file_of(const fs::path& report_json) {
  return nlohmann::json::parse(read_file(report_json))["scenario"]["file"].get<std::string>();
}


// A small world with a long trace: two accounts asked to relink every hour for a
// quarter, about 2 MB of events.jsonl beside reports of a few kB.
void write_long_trace_scenario(const fs::path& path) {
  std::ofstream(path) << R"(scenario: long-trace
horizon: 90d
mode: live
institutions: [{ id: bank }]
customers:
  - { id: cus_1, email: one@example.test, accounts: [{ id: fca_1, institution: bank }] }
  - { id: cus_2, email: two@example.test, accounts: [{ id: fca_2, institution: bank }] }
timeline:
  - { at: 1h, every: 1h, request_relink: { accounts: all } }
expect:
  - { metric: accounts, min: 1 }
)";
}

std::map<std::string, std::string> files_in(const fs::path& dir) {
  std::map<std::string, std::string> files;
  for (const auto& entry : fs::directory_iterator(dir))
    files[entry.path().filename().string()] = read_file(entry.path());
  return files;
}

// Names under `dir` that only a write in progress has: temporary files and folders.
std::vector<std::string> leftovers_in(const fs::path& dir) {
  std::vector<std::string> found;
  for (const auto& entry : fs::recursive_directory_iterator(dir))
    if (contains(entry.path().filename().string(), ".tmp.") ||
        contains(entry.path().filename().string(), ".old."))
      found.push_back(entry.path().string());
  return found;
}


// The processes whose parent is `parent`, from /proc.
std::vector<pid_t> children_of(pid_t parent) {
  std::vector<pid_t> children;
  for (const auto& entry : fs::directory_iterator("/proc")) {
    const std::string name = entry.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos)
      continue;
    std::istringstream stat(read_file(entry.path() / "stat"));
    std::string pid, command, state;
    pid_t ppid = 0;
    // pid (command) state ppid ...; a command has no spaces here (relinksim).
    if (stat >> pid >> command >> state >> ppid && ppid == parent)
      children.push_back(static_cast<pid_t>(std::stol(pid)));
  }
  return children;
}

// Running: neither gone nor a zombie that no one has reaped yet.
bool alive(pid_t pid) {
  std::istringstream stat(read_file("/proc/" + std::to_string(pid) + "/stat"));
  std::string id, command, state;
  return stat >> id >> command >> state && state != "Z";
}

// relinksim started in the background in `cwd`, in a process group of its own,
// its stdout and stderr in files named after `name`. Whatever the test does,
// it ends killed and reaped, and so do the runs it started (a suite's children
// live in process groups of their own), so that no test leaves work behind.
struct background {
  pid_t pid = -1;
  fs::path out, err;
  std::vector<pid_t> children; // as seen by children()
  int exit_code = -1;

  // A shell command line that starts relinksim itself (through script(1)).
  struct command_line {
    std::string text;
  };

  background(const std::string& args, const fs::path& cwd, const std::string& name)
      : background(command_line{"exec '" + binary + "' " + args}, cwd, name) {}
  background(const command_line& line, const fs::path& cwd, const std::string& name)
      : out(cwd / (name + ".out")), err(cwd / (name + ".err")) {
    const std::string command =
      line.text + " >'" + out.string() + "' 2>'" + err.string() + "'";
    pid = ::fork();
    BOOST_REQUIRE(pid >= 0);
    if (pid == 0) {
      ::setpgid(0, 0);
      if (::chdir(cwd.c_str()) != 0)
        ::_exit(127);
      ::setenv("NO_COLOR", "1", 1);
      ::execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
  }
  ~background() {
    if (exit_code < 0 && pid > 0) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, nullptr, 0);
    }
    for (pid_t child : children)
      if (alive(child)) {
        ::kill(child, SIGKILL);
        for (int tries = 0; tries < 100 && alive(child); ++tries)
          ::usleep(50'000);
      }
  }
  // Remembered for the clean-up, and returned.
  const std::vector<pid_t>& children_now() {
    for (pid_t child : children_of(pid))
      if (std::find(children.begin(), children.end(), child) == children.end())
        children.push_back(child);
    return children;
  }
  // Waits at most `seconds` for it to end: its exit code, or -1 (still running).
  int wait_for(double seconds) {
    for (double waited = 0; waited < seconds; waited += 0.05) {
      int status = 0;
      if (::waitpid(pid, &status, WNOHANG) == pid) {
        exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        return exit_code;
      }
      ::usleep(50'000);
    }
    return -1;
  }
};

// CPU seconds (user and system) that `pid` has used, from /proc; 0 once it is gone.
double cpu_seconds(pid_t pid) {
  std::istringstream stat(read_file("/proc/" + std::to_string(pid) + "/stat"));
  std::vector<std::string> fields;
  // pid (command) state ppid ... utime stime: the 14th and 15th fields, in clock
  // ticks; a command has no spaces here (relinksim).
  for (std::string field; stat >> field;)
    fields.push_back(field);
  if (fields.size() < 15)
    return 0;
  return static_cast<double>(std::stoll(fields[13]) + std::stoll(fields[14])) /
         static_cast<double>(::sysconf(_SC_CLK_TCK));
}

// Whether the run `pid` of the big scenario is well into its simulation: it has
// used 0.3 CPU-seconds, where its first request (at 1h) is decided within 0.1 and
// its end is 20 away. A condition on the work done, not on the time waited, holds
// on a slow or loaded machine alike.
bool well_into_the_run(pid_t pid) {
  return cpu_seconds(pid) >= 0.3;
}

// Generous: a loaded CI machine may give a run a fraction of a core.
constexpr double patience_seconds = 60;

// Waits at most `seconds` for `ready`; whether it came.
template <class Condition>
bool eventually(Condition ready, double seconds) {
  for (double waited = 0; waited < seconds; waited += 0.05) {
    if (ready())
      return true;
    ::usleep(50'000);
  }
  return ready();
}


nlohmann::json report_of(const fs::path& dir) {
  BOOST_TEST_REQUIRE(fs::exists(dir / "report.json"), dir);
  return nlohmann::json::parse(read_file(dir / "report.json"));
}

} // namespace

// -- exit codes and messages: what a user types and reads -----------------------------

BOOST_AUTO_TEST_SUITE(cli)

// No command is a usage error: a script that calls relinksim without one has a bug
// to hear of. The usage goes to the error stream.
BOOST_AUTO_TEST_CASE(no_arguments_prints_the_usage_and_exits_2) {
  auto r = run("");
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(r.out.empty());
  BOOST_TEST(contains(r.err, "run"));
  BOOST_TEST(contains(r.err, "validate"));
}

BOOST_AUTO_TEST_CASE(a_command_without_a_file_says_what_to_type) {
  for (const std::string command : {"run", "validate"}) {
    auto r = run(command);
    BOOST_TEST(r.exit_code == 2);
    BOOST_TEST(contains(r.err, "relinksim " + command + ": no scenario file given\n"
                               "usage: relinksim " + command + " FILE..."), r.err);
    BOOST_TEST(!contains(r.err, "is required"), r.err);
  }
}

// A missing file is reported as every other problem with a file: FILE: error: ….
BOOST_AUTO_TEST_CASE(a_missing_file_is_reported_in_the_file_error_form) {
  for (const std::string command : {"run", "validate"}) {
    auto r = run(command + " /nonexistent/scenario.yaml");
    BOOST_TEST(r.exit_code == 2);
    BOOST_TEST(contains(r.err, "/nonexistent/scenario.yaml:1:1: error: cannot read the file: "
                               "no such file"), r.err);
  }
}

// A negative seed is refused, not read as 2^64 - 1; so is one past the format's limit.
BOOST_AUTO_TEST_CASE(seeds_are_whole_numbers_up_to_the_formats_limit) {
  workdir w;
  const std::string file = library + "hosted-relink-repairs-revoked-account.yaml";
  for (const std::string seed : {"-1", "9223372036854775808", "12x", ""}) {
    for (const auto& command :
         {"run " + file, "explain " + file + " --account fca_alice_chk"}) {
      auto r = run(command + " --seed '" + seed + "'", w.path);
      BOOST_TEST(r.exit_code == 2, command << " --seed '" << seed << "'");
      BOOST_TEST(contains(r.err, "--seed: a seed is a whole number from 0 to "
                                 "9223372036854775807, not '" + seed + "'"), r.err);
    }
  }
  BOOST_TEST(run("run " + file + " --seed 9223372036854775807 --out r", w.path).exit_code == 0);
  auto suite = run("suite " + file + " --seeds 1..9223372036854775808", w.path);
  BOOST_TEST(suite.exit_code == 2);
  BOOST_TEST(contains(suite.err, "--seeds takes A..B with whole numbers A <= B <= "
                                 "9223372036854775807"), suite.err);
}

// The loader finds problems pass by pass (a reference after a value); they are
// printed top to bottom.
BOOST_AUTO_TEST_CASE(errors_are_printed_top_to_bottom) {
  workdir w;
  std::ofstream(w.path / "order.yaml")
      << "scenario: s\nhorizon: 5d\nmode: live\ninstitutions: [{ id: bank }]\n"
         "customers:\n  - id: cus_a\n    accounts: [{ id: fca_a, institution: bnak }]\n"
         "timeline:\n  - { at: 1d, outage: { institution: bank, for: 0s } }\n";
  auto r = run("validate order.yaml", w.path);
  BOOST_TEST(r.exit_code == 2);
  const auto reference = r.err.find("order.yaml:7:42: error: unknown institution 'bnak'");
  const auto value = r.err.find("order.yaml:9:49: error: an outage lasts longer than 0s");
  BOOST_TEST_REQUIRE(reference != std::string::npos, r.err);
  BOOST_TEST_REQUIRE(value != std::string::npos, r.err);
  BOOST_TEST(reference < value, r.err);
}

BOOST_AUTO_TEST_CASE(validate_counts_in_words_that_agree_with_their_number) {
  auto r = run("validate " + library + "tan-expiry-window-boundary.yaml");
  BOOST_TEST(r.exit_code == 0);
  BOOST_TEST(contains(r.out, ": ok (tan-expiry-window-boundary, 3 accounts, 1 timeline entry, "
                             "9 expectations)"), r.out);
}

// The version, and the formats a user's files and tools depend on.
BOOST_AUTO_TEST_CASE(version_names_the_tool_and_its_formats) {
  auto r = run("--version");
  BOOST_TEST(r.exit_code == 0);
  BOOST_TEST(r.out.rfind("relinksim ", 0) == 0);
  BOOST_TEST(contains(r.out, " (scenario format 1, reports relinksim.report/2)\n"), r.out);
}

BOOST_AUTO_TEST_CASE(usage_errors_exit_2) {
  BOOST_TEST(run("run").exit_code == 2);
  auto missing = run("run /nonexistent/scenario.yaml");
  BOOST_TEST(missing.exit_code == 2);
  BOOST_TEST(contains(missing.err, "/nonexistent/scenario.yaml"));
  auto unknown = run("run " + data + "wrong-expectation.yaml --bogus");
  BOOST_TEST(unknown.exit_code == 2);
  BOOST_TEST(contains(unknown.err, "--bogus"));
}

BOOST_AUTO_TEST_CASE(passing_scenario_exits_0_and_writes_the_trace) {
  workdir w;
  auto r = run("run " + library + "hosted-relink-repairs-revoked-account.yaml", w.path);
  BOOST_TEST(r.exit_code == 0);
  BOOST_TEST(contains(r.out, "PASS 8/8 expectations passed"));
  BOOST_TEST(contains(r.out, "  funnel (accounts): needed relink 1 → requested 1 → notified 1 → "
                             "opened 1 → relinked 1\n"));
  BOOST_TEST(contains(r.out, "  relinks: emailed 1 → delivered 1 → opened 1"));
  BOOST_TEST(contains(r.out, "reports in out/hosted-relink-repairs-revoked-account/"));
  const auto trace = read_file(w.path / "out/hosted-relink-repairs-revoked-account/events.jsonl");
  BOOST_TEST(contains(trace, "\"type\":\"financial_connections.account.reactivated\""));
  BOOST_TEST(contains(trace, "\"at\":\"2026-03-04T09:00:00Z\""));
}

BOOST_AUTO_TEST_CASE(wrong_expectation_exits_1_and_names_the_account) {
  workdir w;
  const std::string file = data + "wrong-expectation.yaml";
  auto r = run("run " + file, w.path);
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(contains(r.out, "FAIL " + file + ":25  account fca_alice_chk: expected status "
                             "active by 3d, was inactive (access_denied, action "
                             "relink_required) at 3d"));
  BOOST_TEST(contains(r.out, "reproduce: relinksim run " + file + " --seed 7 --follow fca_alice_chk"));
  BOOST_TEST(contains(r.out, "FAIL 1/2 expectations passed"));
}

BOOST_AUTO_TEST_CASE(the_reproduce_command_reproduces_and_tells_the_story) {
  workdir w;
  const std::string file = data + "wrong-expectation.yaml";
  auto r = run("run " + file + " --seed 7 --follow fca_alice_chk", w.path);
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(contains(r.out, "story of fca_alice_chk (holder cus_alice)"));
  BOOST_TEST(contains(r.out, "2026-03-03T09:00:00Z  financial_connections.account.deactivated"));
  BOOST_TEST(contains(r.out, "relink_request.accepted"));
  BOOST_TEST(contains(r.out, "email.delivered"));
}

// Following a holder tells each of its accounts' stories, as --help says.
BOOST_AUTO_TEST_CASE(following_a_holder_tells_each_of_its_accounts_stories) {
  workdir w;
  auto r = run("run " + library + "tan-expiry-window-boundary.yaml --follow cus_tess --out r",
               w.path);
  BOOST_TEST(r.exit_code == 0);
  for (const std::string account : {"fca_tan_expired", "fca_tan_in_30d", "fca_tan_in_30d1m"}) {
    BOOST_TEST(contains(r.out, "story of " + account + " (holder cus_tess)"), r.out);
    BOOST_TEST(contains(r.out, "financial_connections.account.created"), r.out);
  }
  BOOST_TEST(!contains(r.out, "(no events)"), r.out);
  BOOST_TEST(!contains(r.err, "never appears"), r.err);
  auto nobody = run("run " + library + "tan-expiry-window-boundary.yaml --follow cus_nobody "
                    "--out n",
                    w.path);
  BOOST_TEST(contains(nobody.err, "'cus_nobody' never appears"), nobody.err);
}

// One builder: every place that prints how to repeat a run carries what the run
// needs (its budget) and the account its first failure names.
BOOST_AUTO_TEST_CASE(reproduce_commands_carry_the_budget_and_the_failing_account) {
  workdir w;
  const std::string file = data + "wrong-expectation.yaml";
  const std::string expected =
      "relinksim run " + file + " --seed 7 --max-events 100000 --follow fca_alice_chk";
  auto r = run("run " + file + " --max-events 100000 --out r", w.path);
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(contains(r.out, "     reproduce: " + expected + "\n"), r.out);
  const auto doc = nlohmann::json::parse(read_file(w.path / "r/report.json"));
  BOOST_TEST(doc["reproduce"].get<std::string>() == expected);
  BOOST_TEST(contains(read_file(w.path / "r/report.html"), "reproduce: <code>" + expected));
  BOOST_TEST(contains(read_file(w.path / "r/junit.xml"), "reproduce: " + expected));
  auto suite = run("suite " + file + " --max-events 100000 --out s", w.path);
  BOOST_TEST(contains(suite.out, "     reproduce: " + expected + "\n"), suite.out);
  BOOST_TEST(contains(read_file(w.path / "s/index.html"), "<code>" + expected + "</code>"));
  // A passing run has no account to follow, and the suite's index shows how to
  // repeat failures only.
  auto passing = run("run " + library + "tan-expiry-window-boundary.yaml --out p", w.path);
  const auto pdoc = nlohmann::json::parse(read_file(w.path / "p/report.json"));
  BOOST_TEST(!contains(pdoc["reproduce"].get<std::string>(), "--follow"));
  run("suite " + library + "tan-expiry-window-boundary.yaml --out ps", w.path);
  const auto index = read_file(w.path / "ps/index.html");
  BOOST_TEST(contains(index, "<span id=\"verdict\" class=\"verdict pass\">PASS</span>"));
  BOOST_TEST(!contains(index, "<code>relinksim run"));
}

BOOST_AUTO_TEST_CASE(same_seed_twice_gives_byte_identical_traces) {
  workdir w;
  for (const char* dir : {"a", "b"})
    BOOST_TEST(run("run " + data + "random-customers.yaml --out " + dir, w.path).exit_code == 0);
  for (const char* file : {"events.jsonl", "webhooks.jsonl"}) {
    const auto a = read_file(w.path / "a" / file);
    const auto b = read_file(w.path / "b" / file);
    BOOST_TEST(!a.empty());
    BOOST_TEST(a == b);
  }
}

BOOST_AUTO_TEST_CASE(another_seed_gives_another_trace) {
  workdir w;
  BOOST_TEST(run("run " + data + "random-customers.yaml --out a", w.path).exit_code == 0);
  BOOST_TEST(run("run " + data + "random-customers.yaml --seed 2 --out b", w.path).exit_code == 0);
  BOOST_TEST(read_file(w.path / "a/events.jsonl") != read_file(w.path / "b/events.jsonl"));
}

BOOST_AUTO_TEST_CASE(invalid_scenario_exits_2_with_every_error_in_gcc_format) {
  const std::string file = data + "invalid.yaml";
  auto r = run("run " + file);
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(contains(r.err, file + ":10:15: error: unknown key 'acount' (did you mean 'account'?)\n"
                                    "  at timeline[0].revoke\n"));
  BOOST_TEST(contains(r.err, file + ":11:9: error: time 3d is past the horizon (2d)\n"));
  BOOST_TEST(contains(r.err, file + ":12:24: error: unknown account 'fca_b' (did you mean 'fca_a'?)\n"));
  BOOST_TEST(r.out.empty()); // nothing was run
}

BOOST_AUTO_TEST_CASE(validate_checks_without_running) {
  workdir w;
  auto good = run("validate " + library + "every-rejection-reason.yaml", w.path);
  BOOST_TEST(good.exit_code == 0);
  BOOST_TEST(contains(good.out, "every-rejection-reason.yaml: ok (every-rejection-reason, 7 accounts"));
  BOOST_TEST(!fs::exists(w.path / "out"));
  auto bad = run("validate " + data + "invalid.yaml " + library + "every-rejection-reason.yaml");
  BOOST_TEST(bad.exit_code == 2);
  BOOST_TEST(contains(bad.err, "invalid.yaml:10:15: error: unknown key 'acount'"));
}

BOOST_AUTO_TEST_CASE(a_misspelt_event_filter_fails_instead_of_matching_nothing) {
  workdir w;
  std::ofstream(w.path / "filter.yaml")
    << read_file(library + "cooldown-48h-boundary.yaml")
    << "  - event: financial_connections.account.deactivated\n"
       "    where: { stauts: inactive }\n"
       "    count: 0\n";
  auto r = run("run filter.yaml", w.path);
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(contains(r.out, "filter where.stauts matches nothing: no "
                             "financial_connections.account.deactivated event has a field 'stauts'"));
}

BOOST_AUTO_TEST_CASE(populations_selectors_and_webhook_faults_are_byte_reproducible) {
  workdir w;
  std::ofstream(w.path / "mix.yaml") << R"(scenario: mix
seed: 5
horizon: 10d
mode: live
institutions: [{ id: bank, auth: { success: 0.8, latency: exp(1m) } }]
behaviors:
  mixed: { opens: 0.7, open_after: lognormal(3h, 0.8), completes: 0.9, cancels: 0.1 }
customers:
  - { id: cus_lia, behavior: mixed, accounts: [{ id: fca_lia_chk, institution: bank }, { id: fca_lia_sav, institution: bank }] }
populations:
  - { name: crowd, customers: 300, accounts_per_customer: uniform(1, 3), institution: bank, email: 0.9, behavior: mixed }
timeline:
  - { at: 0s, webhook_faults: { duplicates: 0.2, reorder: 0.3 } }
  - { at: 1d, outage: { institution: bank, for: 2h, deactivates: 0.5, recovers: 0.2 } }
  - { at: 1d3h, request_relink: { accounts: { select: inactive, sample: 0.5 } } }
  - { at: 2d, create_relink_session: { authorization: fcauth_cus_lia_bank, delivery: url } }
)";
  for (const char* dir : {"a", "b"})
    BOOST_TEST(run("run mix.yaml -q --out " + std::string(dir), w.path).exit_code == 0);
  for (const char* file : {"events.jsonl", "webhooks.jsonl"}) {
    const auto a = read_file(w.path / "a" / file);
    BOOST_TEST(a.size() > 1000u);
    BOOST_TEST(a == read_file(w.path / "b" / file));
  }
}

BOOST_AUTO_TEST_CASE(set_overrides_a_value_and_the_reproduce_command_keeps_it) {
  workdir w;
  const std::string file = data + "wrong-expectation.yaml";
  // Moving the revocation from 1d to 4d changes the run: the request at 1d1h now meets an
  // active account, and the reproduce command carries the override.
  auto moved = run("run " + file + " --set 'timeline[0].at=4d'", w.path);
  BOOST_TEST(moved.exit_code == 1); // the request at 1d1h now meets an active account…
  BOOST_TEST(contains(moved.out, "request ask: fca_alice_chk expected accepted, was rejected "
                                  "(not_inactive_or_expiring)"));
  BOOST_TEST(contains(moved.out, "--seed 7 --set 'timeline[0].at=4d' --follow fca_alice_chk"));
  auto fixed = run("run " + file + " --set expect[1].status=inactive", w.path);
  BOOST_TEST(fixed.exit_code == 0); // …and with the expectation corrected, all holds
}

BOOST_AUTO_TEST_CASE(a_bad_override_is_named_in_the_error) {
  const std::string file = data + "wrong-expectation.yaml";
  auto r = run("run " + file + " --set horizon=soon --set timline.x=1 --set 'expect[9].at=1d'");
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(contains(r.err, "--set horizon=soon:1:1: error: bad duration 'soon'"));
  BOOST_TEST(contains(r.err, "--set timline.x=1:1:1: error: unknown key 'timline' (did you mean "
                             "'timeline'?)"));
  BOOST_TEST(contains(r.err, "--set expect[9].at=1d:1:1: error: 'expect[9]' does not exist"));
  auto no_equals = run("run " + file + " --set horizon");
  BOOST_TEST(no_equals.exit_code == 2);
  BOOST_TEST(contains(no_equals.err, "relinksim: --set takes key.path=value, not 'horizon'"));
}

BOOST_AUTO_TEST_CASE(includes_bring_shared_fragments_in) {
  workdir w;
  auto r = run("run " + data + "include/with-fragments.yaml -q", w.path);
  BOOST_TEST(r.exit_code == 0);
  BOOST_TEST(r.err.empty());
}

BOOST_AUTO_TEST_CASE(includes_stay_inside_the_scenario_folder_and_never_loop) {
  const std::string dir = data + "include/";
  auto r = run("validate " + dir + "bad-includes.yaml");
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(contains(r.err, dir + "bad-includes.yaml:3:11: error: '../wrong-expectation.yaml' is "
                             "outside the scenario's folder"));
  BOOST_TEST(contains(r.err, dir + "bad/loop.yaml:3:11: error: include cycle: "
                             "'../bad-includes.yaml' is already being read"));
  BOOST_TEST(contains(r.err, dir + "bad/loop.yaml:2:61: error: unknown institution 'nowhere_bank'"));
  BOOST_TEST(contains(r.err, dir + "bad-includes.yaml:3:53: error: cannot read 'bad/missing.yaml'"));
}

BOOST_AUTO_TEST_CASE(colour_only_on_a_terminal_and_never_with_no_color) {
  workdir w;
  const std::string file = library + "hosted-relink-repairs-revoked-account.yaml";
  // Not a terminal: plain text even without NO_COLOR.
  auto piped = shell("env -u NO_COLOR '" + binary + "' run '" + file + "'", w.path);
  BOOST_TEST(!contains(piped.out, "\033["));
  // A terminal (script(1) gives one): colour, unless NO_COLOR is set.
  auto tty = shell("env -u NO_COLOR script -qec \"'" + binary + "' run '" + file +
                   "'\" /dev/null",
                 w.path);
  BOOST_TEST(contains(tty.out, "\033[32mPASS"));
  auto no_color = shell("env NO_COLOR=1 script -qec \"'" + binary + "' run '" + file +
                        "'\" /dev/null",
                      w.path);
  BOOST_TEST(contains(no_color.out, "PASS"));
  BOOST_TEST(!contains(no_color.out, "\033["));
}

BOOST_AUTO_TEST_CASE(explain_tells_one_accounts_story) {
  workdir w;
  auto r = run("explain " + data + "wrong-expectation.yaml --account fca_alice_chk", w.path);
  BOOST_TEST(r.exit_code == 0);
  BOOST_TEST(contains(r.out, "story of fca_alice_chk (holder cus_alice)"));
  BOOST_TEST(contains(r.out, "1d               2026-03-03T09:00:00Z  "
                             "financial_connections.account.deactivated"));
  BOOST_TEST(contains(r.out, "email.sent  [email_1] to=alice@example.test"));
  BOOST_TEST(!fs::exists(w.path / "out"));
  auto unknown = run("explain " + data + "wrong-expectation.yaml --account fca_alice_chq", w.path);
  BOOST_TEST(unknown.exit_code == 2);
  BOOST_TEST(contains(unknown.err, "no account 'fca_alice_chq' in " + data +
                                     "wrong-expectation.yaml (did you mean 'fca_alice_chk'?)"));
}

BOOST_AUTO_TEST_CASE(timings_name_every_phase_on_stderr_only_when_asked) {
  workdir w;
  const std::string file = library + "hosted-relink-repairs-revoked-account.yaml";
  auto r = run("run '" + file + "' --out r --timings", w.path);
  BOOST_TEST(r.exit_code == 0);
  BOOST_TEST(contains(r.err, "hosted-relink-repairs-revoked-account: timings (wall seconds)"),
             r.err);
  for (const char* phase : {"expand populations", "build the world", "  run\n",
                            "the trace's followers catch up", "tear down the actors",
                            "finish the checks", "total", "report model",
                            "events.jsonl, webhooks.jsonl and accounts.jsonl"})
    BOOST_TEST(contains(r.err, phase), phase);
  BOOST_TEST(!contains(r.out, "timings"));
  auto plain = run("run '" + file + "' --out r2", w.path);
  BOOST_TEST(!contains(plain.err, "timings"));
}

BOOST_AUTO_TEST_CASE(special_files_are_refused_without_waiting_or_filling_memory) {
  workdir w;
  BOOST_TEST_REQUIRE(shell("mkfifo fifo.yaml", w.path).exit_code == 0);
  std::ofstream(w.path / "main.yaml") << "scenario: s\nhorizon: 1d\ninclude: [fifo.yaml]\n";
  // `timeout` turns a hang into exit 124, ulimit a slurp of /dev/zero into a crash.
  const std::string bounded = "ulimit -v 4000000; timeout 20 ";
  auto fifo = shell(bounded + "'" + binary + "' validate fifo.yaml", w.path);
  BOOST_TEST(fifo.exit_code == 2);
  BOOST_TEST(fifo.err == "fifo.yaml:1:1: error: cannot read the file: it is a named pipe (FIFO), "
                         "not a regular file; for standard input, write '-'\n");
  auto included = shell(bounded + "'" + binary + "' validate main.yaml", w.path);
  BOOST_TEST(included.exit_code == 2);
  BOOST_TEST(included.err == "main.yaml:3:11: error: cannot read 'fifo.yaml': it is a named pipe "
                             "(FIFO), not a regular file; for standard input, write '-'\n"
                             "  at include[0]\n");
  auto zero = shell(bounded + "'" + binary + "' validate /dev/zero", w.path);
  BOOST_TEST(zero.exit_code == 2);
  BOOST_TEST(zero.err == "/dev/zero:1:1: error: cannot read the file: it is a device, not a "
                         "regular file\n");
  auto piped = shell("echo 'scenario: s' | '" + binary + "' validate /dev/stdin", w.path);
  BOOST_TEST(piped.exit_code == 2);
  BOOST_TEST(contains(piped.err, "/dev/stdin:1:1: error: cannot read the file: it is a named "
                                 "pipe (FIFO), not a regular file; for standard input, write '-'"));
}

BOOST_AUTO_TEST_CASE(validate_reads_standard_input_from_a_dash_within_the_limit) {
  workdir w;
  const std::string file = library + "every-rejection-reason.yaml";
  auto piped = shell("cat '" + file + "' | '" + binary + "' validate -", w.path);
  BOOST_TEST(piped.exit_code == 0, piped.err);
  BOOST_TEST(contains(piped.out, "<stdin>: ok (every-rejection-reason, 7 accounts"));
  auto redirected = shell("'" + binary + "' validate - < '" + file + "'", w.path);
  BOOST_TEST(redirected.exit_code == 0, redirected.err);
  auto invalid = shell("printf 'scenario: s\\nhorizon: 1x\\n' | '" + binary + "' validate -",
                       w.path);
  BOOST_TEST(invalid.exit_code == 2);
  BOOST_TEST(contains(invalid.err, "<stdin>:2:10: error: bad duration '1x'"));
  // A stream has no size to check first: it is read in steps and stopped at the limit.
  auto endless = shell("ulimit -v 4000000; timeout 20 '" + binary + "' validate - < /dev/zero",
                       w.path);
  BOOST_TEST(endless.exit_code == 2);
  BOOST_TEST(endless.err == "<stdin>:1:1: error: cannot read the file: it is larger than the "
                            "limit of 16 MiB\n");
  auto run_dash = run("run -", w.path);
  BOOST_TEST(run_dash.exit_code == 2);
  BOOST_TEST(contains(run_dash.err, "run reads scenario files, not standard input"));
}

BOOST_AUTO_TEST_CASE(a_run_whose_picks_pass_the_timeline_limit_exits_2_before_it_starts) {
  workdir w;
  std::ofstream(w.path / "picks.yaml") << R"(scenario: picks
horizon: 5d
mode: live
institutions: [{ id: bank }]
populations: [{ name: bulk, customers: 1000, institution: bank }]
timeline:
  - { at: 1d, request_relink: { accounts: all } }
  - { at: 0s, every: 1m, until: 999m, revoke: { accounts: { population: bulk } } }
)";
  auto r = shell("timeout 60 '" + binary + "' run picks.yaml", w.path);
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(r.err == "picks.yaml:8:5: error: the timeline has more than 1000000 entries with "
                      "the accounts this pick drew (one entry per account): pick fewer accounts "
                      "(sample, limit)\n");
  BOOST_TEST(!fs::exists(w.path / "out"));
}

BOOST_AUTO_TEST_CASE(control_characters_from_a_scenario_are_printed_escaped) {
  workdir w;
  // YAML's "\e" is ESC and "\a" BEL: a title that would set the terminal's title and
  // clear its screen, an address that would turn the rest of the output red.
  std::ofstream(w.path / "esc.yaml") << R"(scenario: esc
title: "\e]0;pwned\a \e[2J cleared"
horizon: 2d
mode: live
institutions: [{ id: bank }]
customers:
  - { id: cus_a, email: "a@x.test", accounts: [{ id: fca_a, institution: bank }] }
timeline:
  - { at: 1h, set_email: { customer: cus_a, email: "b\e[31m@x.test" } }
  - { at: 1d, revoke: { account: fca_a } }
expect:
  - { account: fca_a, status: active, at: end }
)";
  const auto no_control = [](const std::string& text) {
    return text.find_first_of("\x1b\x07\r") == std::string::npos;
  };
  auto ran = run("run esc.yaml --follow fca_a", w.path);
  BOOST_TEST(ran.exit_code == 1);
  BOOST_TEST(no_control(ran.out), ran.out);
  BOOST_TEST(contains(ran.out, "  \\x1b]0;pwned\\x07 \\x1b[2J cleared\n"), ran.out);
  BOOST_TEST(contains(ran.out, "email=b\\x1b[31m@x.test"), ran.out);
  auto suite = run("suite esc.yaml --out s", w.path);
  BOOST_TEST(suite.exit_code == 1);
  BOOST_TEST(no_control(suite.out), suite.out);
  std::ofstream(w.path / "bad.yaml") << "scenario: bad\nhorizon: 1d\n\"\\e[2Jkey\": 1\n";
  auto bad = run("validate bad.yaml", w.path);
  BOOST_TEST(bad.exit_code == 2);
  BOOST_TEST(no_control(bad.err), bad.err);
  BOOST_TEST(contains(bad.err, "bad.yaml:3:1: error: unknown key '\\x1b[2Jkey'"), bad.err);
}

BOOST_AUTO_TEST_CASE(reproduce_lines_quote_paths_for_the_shell_and_reproduce) {
  workdir w;
  fs::create_directories(w.path / "my scenarios");
  const std::string name = "my scenarios/it's $HOME & (copy).yaml";
  fs::copy_file(data + "wrong-expectation.yaml", w.path / name);
  const std::string quoted = "'my scenarios/it'\\''s $HOME & (copy).yaml'";
  auto r = run("run " + quoted + " --set 'timeline[0].at=1d' --out r", w.path);
  BOOST_TEST(r.exit_code == 1);
  const std::string reproduce =
    "relinksim run " + quoted + " --seed 7 --set 'timeline[0].at=1d' --follow fca_alice_chk";
  BOOST_TEST(contains(r.out, "     reproduce: " + reproduce + "\n"), r.out);
  // The same command in report.json (following the first failure's account), and
  // pasted into a shell it repeats the run.
  const auto doc = nlohmann::json::parse(read_file(w.path / "r/report.json"));
  BOOST_TEST(doc["reproduce"].get<std::string>() == reproduce);
  auto again = shell("NO_COLOR=1 '" + binary + "'" + reproduce.substr(9) + " --out again", w.path);
  BOOST_TEST(again.exit_code == 1, again.err);
  BOOST_TEST(contains(again.out, "story of fca_alice_chk"));
}

BOOST_AUTO_TEST_SUITE_END() // cli

// -- the reports: webhooks, report.json, JUnit, JSON on stdout ------------------------

BOOST_AUTO_TEST_SUITE(reports)

BOOST_AUTO_TEST_CASE(webhooks_are_stripe_shaped_events) {
  workdir w;
  BOOST_TEST(run("run " + library + "scheduled-deactivation-notice-and-slip.yaml --out o -q",
                 w.path).exit_code == 0);
  const auto hooks = read_webhooks(w.path / "o/webhooks.jsonl");
  BOOST_TEST_REQUIRE(hooks.size() == 11u); // three accounts created, then 8 changes
  const std::int64_t start = 1772442000; // 2026-03-02T09:00:00Z
  for (std::size_t i = 0; i < 3; ++i) {
    BOOST_TEST(hooks[i].at("type") == "financial_connections.account.created");
    BOOST_TEST(hooks[i].at("created") == start);
  }
  for (const auto& h : hooks) {
    BOOST_TEST(h.at("object") == "event");
    BOOST_TEST(h.at("id").get<std::string>().rfind("evt_", 0) == 0);
    BOOST_TEST(h.at("livemode") == true); // mode: live
    BOOST_TEST(h.at("type").get<std::string>().rfind("financial_connections.account.", 0) == 0);
    const auto& a = h.at("data").at("object");
    BOOST_TEST(a.at("object") == "financial_connections.account");
    BOOST_TEST(a.at("account_holder").at("type") == "customer");
    BOOST_TEST(a.at("account_holder").at("customer") == "cus_lee");
    BOOST_TEST(a.at("authorization") == "fcauth_cus_lee_first_bank");
    BOOST_TEST(a.at("account_numbers").at(0).at("supported_networks") == nlohmann::json::array({"ach"}));
  }
  // The notice for fca_lee_chk: 15 days in, the deactivation 45 days in.
  const auto& notice = hooks.at(5);
  BOOST_TEST(notice.at("type") == "financial_connections.account.upcoming_deactivation");
  BOOST_TEST(notice.at("created") == start + 15 * 86400);
  const auto& details = notice.at("data").at("object").at("status_details").at("active");
  BOOST_TEST(details.at("cause") == "access_expired");
  BOOST_TEST(details.at("expected_deactivation_date") == start + 45 * 86400);
  // A deactivation carries status_details.inactive with Stripe's enum values.
  bool saw_inactive = false;
  for (const auto& h : hooks)
    if (h.at("type") == "financial_connections.account.deactivated") {
      const auto& inactive = h.at("data").at("object").at("status_details").at("inactive");
      BOOST_TEST(inactive.at("action") == "relink_required");
      BOOST_TEST(h.at("data").at("object").at("status") == "inactive");
      saw_inactive = true;
    }
  BOOST_TEST(saw_inactive);
}

BOOST_AUTO_TEST_CASE(webhooks_carry_the_tan_and_sandbox_livemode) {
  workdir w;
  BOOST_TEST(run("run " + library + "hosted-relink-repairs-revoked-account.yaml --out o -q",
                 w.path).exit_code == 0);
  const auto hooks = read_webhooks(w.path / "o/webhooks.jsonl");
  // created, deactivated, TAN deactivated, reactivated, new TAN
  BOOST_TEST_REQUIRE(hooks.size() == 5u);
  BOOST_TEST(hooks[0].at("livemode") == false); // mode: sandbox
  BOOST_TEST(hooks[0].at("type") == "financial_connections.account.created");
  const auto& linked = hooks[0].at("data").at("object").at("account_numbers").at(0);
  BOOST_TEST(linked.at("status") == "transactable");
  const auto& numbers = hooks[2].at("data").at("object").at("account_numbers").at(0);
  BOOST_TEST(numbers.at("identifier_type") == "tokenized_account_number");
  BOOST_TEST(numbers.at("status") == "deactivated");
  BOOST_TEST(hooks[3].at("type") == "financial_connections.account.reactivated");
  // Active again with nothing announced: Stripe leaves status_details out.
  BOOST_TEST(!hooks[3].at("data").at("object").contains("status_details"));
  const auto& renewed = hooks[4].at("data").at("object").at("account_numbers").at(0);
  BOOST_TEST(renewed.at("status") == "transactable");
  BOOST_TEST(renewed.at("expected_expiry_date").get<std::int64_t>() >
             hooks[4].at("created").get<std::int64_t>() + 179 * 86400);
}

BOOST_AUTO_TEST_CASE(session_webhooks_carry_the_session_object) {
  workdir w;
  BOOST_TEST(run("run " + library + "api-relink-sessions.yaml --out o -q", w.path).exit_code == 0);
  std::map<std::string, nlohmann::json> sessions;
  for (const auto& h : read_webhooks(w.path / "o/webhooks.jsonl")) {
    if (h.at("type") == "financial_connections.session.updated")
      sessions[h.at("data").at("object").at("id").get<std::string>()] = h.at("data").at("object");
  }
  BOOST_TEST_REQUIRE(sessions.size() == 4u);
  const auto& una = sessions.at("una_in_app");
  BOOST_TEST(una.at("object") == "financial_connections.session");
  BOOST_TEST(una.at("status") == "succeeded");
  BOOST_TEST(una.at("hosted").at("delivery_method") == "url");
  BOOST_TEST(una.at("url").is_null()); // the link is gone once the session has ended
  BOOST_TEST(una.at("relink_result").at("authorization") == "fcauth_cus_una_first_bank");
  BOOST_TEST(una.at("relink_options").at("account").is_null());
  // The whole authorization came back: both accounts are listed, active again.
  const auto& linked = una.at("accounts").at("data");
  BOOST_TEST_REQUIRE(linked.size() == 2u);
  BOOST_TEST(linked.at(0).at("id") == "fca_una_chk");
  BOOST_TEST(linked.at(1).at("status") == "active");
  BOOST_TEST(una.at("account_holder").at("customer") == "cus_una");
  const auto& vic = sessions.at("vic_session");
  BOOST_TEST(vic.at("status") == "failed");
  BOOST_TEST(vic.at("relink_result").at("failure_reason") == "no_authorization");
  BOOST_TEST(vic.at("accounts").at("data").empty());
  BOOST_TEST(!vic.contains("status_details")); // only a cancelled session has them
  const auto& wes = sessions.at("wes_session");
  BOOST_TEST(wes.at("status_details").at("cancelled").at("reason") == "custom_manual_entry");
  BOOST_TEST(wes.at("relink_options").at("account") == "fca_wes_chk");
  BOOST_TEST(sessions.at("xia_session").at("status_details").at("cancelled").at("reason") == "other");
}

BOOST_AUTO_TEST_CASE(webhooks_show_what_the_scenario_says_of_an_account) {
  workdir w;
  std::ofstream(w.path / "profile.yaml") << R"(scenario: profile
horizon: 2d
mode: live
institutions: [{ id: first_bank, name: First Bank }]
customers:
  - id: cus_ida
    accounts:
      - id: fca_ida_sav
        institution: first_bank
        display_name: Rainy Day Savings
        subcategory: savings
        last4: "0042"
        permissions: [payment_method, balances, transactions]
        subscriptions: [transactions]
        balance: 125000
      - { id: fca_ida_chk, institution: first_bank }
timeline:
  - { at: 1d, refresh: { account: fca_ida_sav } }
  - { at: 1d, revoke: { account: fca_ida_chk } }
)";
  BOOST_TEST(run("run profile.yaml --out o -q", w.path).exit_code == 0);
  std::map<std::string, nlohmann::json> last; // each account's latest object
  for (const auto& h : read_webhooks(w.path / "o/webhooks.jsonl"))
    last[h.at("data").at("object").at("id").get<std::string>()] = h.at("data").at("object");
  const auto& savings = last.at("fca_ida_sav");
  BOOST_TEST(savings.at("display_name") == "Rainy Day Savings");
  BOOST_TEST(savings.at("institution_name") == "First Bank");
  BOOST_TEST(savings.at("category") == "cash");
  BOOST_TEST(savings.at("subcategory") == "savings");
  BOOST_TEST(savings.at("last4") == "0042");
  BOOST_TEST(savings.at("permissions") ==
             nlohmann::json::array({"balances", "payment_method", "transactions"}));
  BOOST_TEST(savings.at("subscriptions") == nlohmann::json::array({"transactions"}));
  BOOST_TEST(savings.at("balance").at("current").at("usd") == 125000);
  BOOST_TEST(savings.at("balance").at("as_of") == savings.at("balance_refresh").at("last_attempted_at"));
  BOOST_TEST(savings.at("balance_refresh").at("status") == "succeeded");
  BOOST_TEST(savings.at("transaction_refresh").is_null());
  const auto& checking = last.at("fca_ida_chk"); // stated nothing: the defaults
  BOOST_TEST(checking.at("display_name") == "Checking");
  BOOST_TEST(checking.at("last4").get<std::string>().size() == 4u);
  BOOST_TEST(checking.at("permissions") == nlohmann::json::array({"payment_method"}));
  BOOST_TEST(checking.at("subscriptions") == nlohmann::json::array());
  BOOST_TEST(checking.at("balance").is_null());
  BOOST_TEST(checking.at("status_details").at("inactive").at("cause") == "access_denied");
}

BOOST_AUTO_TEST_CASE(a_url_session_is_opened_from_the_platforms_notification_not_an_email) {
  workdir w;
  BOOST_TEST(run("run " + library + "api-relink-sessions.yaml --out o -q", w.path).exit_code == 0);
  // una's session is delivered by url: the platform notified cus_una itself.
  std::vector<std::string> una_steps;
  for (const auto& e : read_webhooks(w.path / "o/events.jsonl"))
    if (e.at("entity") == "cus_una")
      una_steps.push_back(e.at("type").get<std::string>());
  BOOST_TEST(una_steps == (std::vector<std::string>{"relink_session.notification_opened",
                                                    "relink_session.link_clicked"}),
             boost::test_tools::per_element());
  // The funnel's `opened` counts the notification as it counts an email: una, vic, wes.
  const auto doc = nlohmann::json::parse(read_file(w.path / "o/report.json"));
  BOOST_TEST(doc["funnel"][3]["stage"] == "opened");
  BOOST_TEST(doc["funnel"][3]["accounts"] == 3);
}

BOOST_AUTO_TEST_CASE(every_report_is_written_and_report_json_is_byte_identical_apart_from_run) {
  workdir w;
  const std::string file = library + "population-outage-and-dashboard-filters.yaml";
  for (const char* dir : {"a", "b"})
    BOOST_TEST(run("run " + file + " --out " + dir, w.path).exit_code == 0);
  for (const char* name : {"events.jsonl", "webhooks.jsonl", "report.json", "junit.xml",
                           "report.html"})
    BOOST_TEST(fs::file_size(w.path / "a" / name) > 0u, name);
  for (const auto& entry : fs::directory_iterator(w.path / "a"))
    BOOST_TEST(entry.path().extension() != ".tmp", "left behind: " << entry.path());
  const auto a = deterministic_part(w.path / "a/report.json");
  BOOST_TEST(a == deterministic_part(w.path / "b/report.json"));
  BOOST_TEST(read_file(w.path / "a/report.html") == read_file(w.path / "b/report.html"));

  auto doc = nlohmann::json::parse(read_file(w.path / "a/report.json"));
  BOOST_TEST(doc["format"] == "relinksim.report/2");
  BOOST_TEST(doc["complete"] == true);
  BOOST_TEST(doc["verdict"] == "passed");
  BOOST_TEST(doc["scenario"]["seed"] == 47);
  BOOST_TEST(doc["scenario"]["hash"].get<std::string>().rfind("fnv1a64:", 0) == 0);
  BOOST_TEST(doc["summary"]["events"] == 9290);
  BOOST_TEST(doc["funnel"].size() == 5u);
  BOOST_TEST(doc["funnel"][0]["stage"] == "needed_relink");
  BOOST_TEST(doc["rejections"]["cooldown_48h"] == 86);
  BOOST_TEST(doc["metrics"]["inactive_peak"] == 803);
  BOOST_TEST(doc["expectations"].size() == 8u);
  BOOST_TEST(doc["expectations"][0]["line"] == 45);
  BOOST_TEST(doc["run"]["wall_seconds"].is_number());
}

BOOST_AUTO_TEST_CASE(report_json_of_a_failure_holds_the_accounts_events) {
  workdir w;
  BOOST_TEST(run("run " + data + "wrong-expectation.yaml --out r", w.path).exit_code == 1);
  auto doc = nlohmann::json::parse(read_file(w.path / "r/report.json"));
  BOOST_TEST(doc["verdict"] == "failed");
  BOOST_TEST(doc["reproduce"] ==
             "relinksim run " + data + "wrong-expectation.yaml --seed 7 --follow fca_alice_chk");
  const auto& failed = doc["expectations"][1];
  BOOST_TEST(failed["passed"] == false);
  BOOST_TEST(failed["account"] == "fca_alice_chk");
  BOOST_TEST(contains(failed["detail"].get<std::string>(), "expected status active by 3d"));
  BOOST_TEST_REQUIRE(doc["failing_accounts"].size() == 1u);
  const auto& events = doc["failing_accounts"][0]["events"];
  BOOST_TEST(events[1]["type"] == "financial_connections.account.deactivated");
  BOOST_TEST(events[1]["at"] == "2026-03-03T09:00:00Z");
  BOOST_TEST(events[1]["fields"]["cause"] == "access_denied");
  // Every account's end is in accounts.jsonl, one line each; report.json counts them.
  BOOST_TEST(doc["accounts"]["count"] == 1);
  BOOST_TEST(doc["accounts"]["file"] == "accounts.jsonl");
  BOOST_TEST(doc["files"]["accounts"] == "accounts.jsonl");
  BOOST_TEST(read_file(w.path / "r/accounts.jsonl") ==
             "{\"id\":\"fca_alice_chk\",\"holder\":\"cus_alice\",\"institution\":"
             "\"first_bank\",\"status\":\"inactive\",\"cause\":\"access_denied\","
             "\"action\":\"relink_required\",\"relink\":\"delivered\"}\n");
}

BOOST_AUTO_TEST_CASE(junit_validates_and_names_every_expectation_and_invariant) {
  workdir w;
  BOOST_TEST(run("run " + data + "wrong-expectation.yaml --out r", w.path).exit_code == 1);
  const auto lint = shell("xmllint --noout --schema '" + xsd + "' r/junit.xml 2>&1", w.path);
  BOOST_TEST(lint.exit_code == 0, lint.out);
  const auto xml = read_file(w.path / "r/junit.xml");
  BOOST_TEST(contains(xml, "tests=\"8\" failures=\"1\" errors=\"0\""));
  BOOST_TEST(contains(xml, "<testcase name=\"expect: request ask accepted [fca_alice_chk]\" "
                           "classname=\"wrong-expectation.expectations\""));
  BOOST_TEST(contains(xml, "<testcase name=\"invariant: cooldown_respected\""));
  BOOST_TEST(contains(xml, "<failure message=\"expected status active by 3d, was inactive"));
  BOOST_TEST(contains(xml, "1d  2026-03-03T09:00:00Z  financial_connections.account.deactivated"));
  BOOST_TEST(contains(xml, "<property name=\"seed\" value=\"7\" />"));
  BOOST_TEST(contains(xml, "<property name=\"scenario_hash\" value=\"fnv1a64:"));
  BOOST_TEST(contains(xml, "<property name=\"relinksim_version\""));
  BOOST_TEST(contains(xml, "time=\"0.0"));
}

BOOST_AUTO_TEST_CASE(junit_names_stay_unique_when_two_expectations_read_alike) {
  workdir w;
  std::string text = read_file(data + "wrong-expectation.yaml");
  text += "  - account: fca_alice_chk\n    status: active\n    by: 3d\n";
  std::ofstream(w.path / "twice.yaml") << text;
  BOOST_TEST(run("run twice.yaml --out r", w.path).exit_code == 1);
  const auto xml = read_file(w.path / "r/junit.xml");
  BOOST_TEST(contains(xml, "name=\"expect: account fca_alice_chk status active by 3d (line 25)\""));
  BOOST_TEST(contains(xml, "name=\"expect: account fca_alice_chk status active by 3d (line 28)\""));
  BOOST_TEST(shell("xmllint --noout --schema '" + xsd + "' r/junit.xml", w.path).exit_code == 0);
}

BOOST_AUTO_TEST_CASE(format_json_prints_the_summary_as_json) {
  workdir w;
  auto r = run("run " + data + "wrong-expectation.yaml --format json", w.path);
  BOOST_TEST(r.exit_code == 1);
  auto doc = nlohmann::json::parse(r.out);
  BOOST_TEST(doc["format"] == "relinksim.report/2");
  BOOST_TEST(doc["verdict"] == "failed");
  BOOST_TEST(doc["summary"]["expectations"]["failed"] == 1);
  BOOST_TEST(!doc.contains("failing_accounts"));
  BOOST_TEST(run("run " + data + "wrong-expectation.yaml --format yaml", w.path).exit_code == 2);
}

// Several runs: one summary per line (JSON Lines), each a whole document.
BOOST_AUTO_TEST_CASE(format_json_of_several_runs_is_json_lines) {
  workdir w;
  auto r = run("run " + data + "wrong-expectation.yaml " + library +
                   "tan-expiry-window-boundary.yaml --format json --out r",
               w.path);
  BOOST_TEST(r.exit_code == 1);
  std::istringstream lines(r.out);
  std::vector<nlohmann::json> docs;
  for (std::string line; std::getline(lines, line);)
    docs.push_back(nlohmann::json::parse(line));
  BOOST_TEST_REQUIRE(docs.size() == 2u);
  BOOST_TEST(docs[0]["verdict"] == "failed");
  BOOST_TEST(docs[1]["verdict"] == "passed");
  BOOST_TEST(docs[1]["scenario"]["name"] == "tan-expiry-window-boundary");
}

// --quiet prints what failed and the verdict, not what was simulated.
BOOST_AUTO_TEST_CASE(quiet_prints_only_the_failures_and_the_verdict) {
  workdir w;
  const std::string file = data + "wrong-expectation.yaml";
  auto r = run("run " + file + " --quiet --out r", w.path);
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(r.out == "FAIL " + file + ":25  account fca_alice_chk: expected status active by "
                      "3d, was inactive (access_denied, action relink_required) at 3d; last: "
                      "email.delivered at 1d1h30s\n"
                      "     reproduce: relinksim run " + file + " --seed 7 --follow "
                      "fca_alice_chk\n"
                      "FAIL 1/2 expectations passed · invariants hold · reports in r/\n");
  auto passing = run("run " + library + "tan-expiry-window-boundary.yaml --quiet --out p",
                     w.path);
  BOOST_TEST(passing.exit_code == 0);
  BOOST_TEST(passing.out.empty(), passing.out);
}

BOOST_AUTO_TEST_CASE(text_xml_cannot_hold_is_replaced_and_bytes_that_are_not_utf8_are_refused) {
  workdir w;
  std::string text = read_file(data + "wrong-expectation.yaml");
  text.replace(text.find("title: A scenario"), 17, "title: \"A \\uFFFE\\u0001 scenario\"\n# x");
  std::ofstream(w.path / "odd.yaml") << text;
  BOOST_TEST(run("run odd.yaml --out r", w.path).exit_code == 1);
  BOOST_TEST(shell("xmllint --noout --schema '" + xsd + "' r/junit.xml", w.path).exit_code == 0);
  BOOST_TEST(nlohmann::json::parse(read_file(w.path / "r/report.json"))["format"] ==
             "relinksim.report/2");
  std::ofstream(w.path / "latin1.yaml") << "scenario: caf\xe9\nhorizon: 1d\n";
  auto bad = run("validate latin1.yaml", w.path);
  BOOST_TEST(bad.exit_code == 2);
  BOOST_TEST(contains(bad.err, "latin1.yaml:1:14: error: the file is not UTF-8 text"));
}

BOOST_AUTO_TEST_SUITE_END() // reports

// -- runs stopped by their event budget -----------------------------------------------

BOOST_AUTO_TEST_SUITE(budgets)

BOOST_AUTO_TEST_CASE(event_budget_stops_the_run_with_a_clear_error) {
  workdir w;
  auto r = run("run " + library + "every-rejection-reason.yaml --max-events 5", w.path);
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(contains(r.out, "ERROR " + library + "every-rejection-reason.yaml: run stopped: event "
                             "budget of 5 events exceeded at virtual time 0s"));
}

// Stopped at 2d3h50m, after the request at 2d1h and before the repair: what the
// run never reached is neither held nor broken, and the link that would expire at
// 9d1h is not judged expired.
BOOST_AUTO_TEST_CASE(a_stopped_run_judges_nothing_past_where_it_stopped) {
  workdir w;
  auto r = run("run " + library + "hosted-relink-repairs-revoked-account.yaml --max-events 18 "
               "--out r",
               w.path);
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(contains(r.out, "hosted-relink-repairs-revoked-account.yaml:46  account "
                             "fca_alice_chk status active by 2d6h: not reached: the run stopped "
                             "at 2d3h50m10.533s, before 2d6h\n"),
             r.out);
  BOOST_TEST(contains(r.out, "NOT REACHED "));
  BOOST_TEST(!contains(r.out, "INVARIANT"));
  BOOST_TEST(contains(r.out, "invariants hold"));
  // The request at 2d1h was reached and is judged.
  BOOST_TEST(!contains(r.out, ":43  request"));
  auto doc = nlohmann::json::parse(read_file(w.path / "r/report.json"));
  BOOST_TEST(doc["complete"] == false);
  BOOST_TEST(doc["verdict"] == "failed");
  std::size_t not_reached = 0;
  for (const auto& e : doc["expectations"])
    not_reached += e.value("reached", true) ? 0 : 1;
  BOOST_TEST(not_reached == 5u);
  const auto junit = read_file(w.path / "r/junit.xml");
  BOOST_TEST(contains(junit, "skipped=\"5\""), junit);
  BOOST_TEST(contains(junit, "type=\"budget\""));
}

BOOST_AUTO_TEST_CASE(a_run_stopped_during_an_instant_leaves_that_instant_unjudged) {
  workdir w;
  auto r = run("run " + library + "hosted-relink-repairs-revoked-account.yaml --max-events 12 "
               "--out r",
               w.path);
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(contains(r.out, ":43  request repair_request accepted [fca_alice_chk]: not reached: "
                             "the run stopped during 2d1h\n"),
             r.out);
}

BOOST_AUTO_TEST_CASE(every_library_scenario_stopped_by_its_budget_exits_1_with_valid_reports) {
  workdir w;
  for (const auto& entry : fs::directory_iterator(library)) {
    for (const char* budget : {"1", "10", "50"}) {
      const std::string name = entry.path().stem().string() + "-" + budget;
      auto r = run("run '" + entry.path().string() + "' --max-events " + budget + " --out " + name,
                   w.path);
      BOOST_TEST((r.exit_code == 1 || r.exit_code == 0), name << ": exit " << r.exit_code);
      if (r.exit_code != 1)
        continue;
      const auto junit = read_file(w.path / name / "junit.xml");
      BOOST_TEST(contains(junit, "<testcase name=\"run\""), name);
      BOOST_TEST(contains(junit, "<error message=\"run stopped: event budget of"), name);
    }
  }
  BOOST_TEST(shell("xmllint --noout --schema '" + xsd + "' */junit.xml", w.path).exit_code == 0);
}

BOOST_AUTO_TEST_SUITE_END() // budgets

// -- runs stopped by signals, and the progress line --------------------------------

BOOST_AUTO_TEST_SUITE(signals)

BOOST_AUTO_TEST_CASE(progress_only_on_a_terminal) {
  workdir w;
  write_big_scenario(w.path / "big.yaml");
  // Side by side: one run on a terminal (script(1) gives one), one piped.
  background tty(background::command_line{"script -qec \"exec '" + binary +
                                          "' run big.yaml --out t\" /dev/null"},
                 w.path, "tty");
  background piped("run big.yaml --out p", w.path, "piped");
  BOOST_TEST_REQUIRE(eventually([&] { return tty.children_now().size() == 1; }, patience_seconds));
  const pid_t on_terminal = tty.children.front(); // relinksim, under script
  BOOST_TEST(eventually([&] { return contains(read_file(tty.out), "k events/s"); },
                        patience_seconds),
             read_file(tty.out));
  // A progress line comes every 0.5 s of a run's simulation; the piped run has
  // simulated for longer than that once it has used 0.8 CPU-seconds, the world
  // built in 0.1 of them.
  BOOST_TEST(eventually([&] { return cpu_seconds(piped.pid) >= 0.8; }, patience_seconds));
  ::kill(on_terminal, SIGINT);
  ::kill(piped.pid, SIGINT);
  BOOST_TEST(tty.wait_for(patience_seconds) != -1); // script(1) ends with its run
  BOOST_TEST(piped.wait_for(patience_seconds) == 130);
  const auto shown = read_file(tty.out);
  BOOST_TEST(contains(shown, "big: "), shown);
  BOOST_TEST(contains(shown, " of 90d ("), shown);
  BOOST_TEST(contains(shown, "k events/s"));
  const auto err = read_file(piped.err);
  BOOST_TEST(contains(err, "relinksim: interrupted at "), err); // stopped in its simulation
  BOOST_TEST(!contains(err, "events/s"), err);
}

BOOST_AUTO_TEST_CASE(sigint_stops_the_run_writes_partial_reports_and_exits_130) {
  workdir w;
  write_big_scenario(w.path / "big.yaml");
  background run("run big.yaml --out r", w.path, "run");
  BOOST_TEST(eventually([&] { return well_into_the_run(run.pid); }, patience_seconds));
  ::kill(run.pid, SIGINT);
  BOOST_TEST(run.wait_for(patience_seconds) == 130, read_file(run.err));
  BOOST_TEST(contains(read_file(run.err), "relinksim: interrupted at "));
  auto doc = nlohmann::json::parse(read_file(w.path / "r/report.json"));
  BOOST_TEST(doc["complete"] == false);
  BOOST_TEST(contains(doc["error"].get<std::string>(), "interrupted at"));
  // Events are messages handled, as in every run, not the trace lines kept (here
  // one request message decides every account of the population).
  std::size_t lines = 0;
  std::istringstream trace(read_file(w.path / "r/events.jsonl"));
  for (std::string line; std::getline(trace, line);)
    ++lines;
  const auto events = doc["summary"]["events"].get<std::size_t>();
  BOOST_TEST(events > 0u);
  BOOST_TEST(lines > big_population); // it was stopped during the run, not before
  BOOST_TEST(events != lines);
  BOOST_TEST(contains(read_file(w.path / "r/junit.xml"), "name=\"complete\" value=\"false\""));
  for (const auto& entry : fs::directory_iterator(w.path / "r"))
    BOOST_TEST(entry.path().extension() != ".tmp");
}

BOOST_AUTO_TEST_CASE(sigterm_stops_the_run_writes_partial_reports_and_exits_130) {
  workdir w;
  write_big_scenario(w.path / "big.yaml");
  write_renamed(w.path / "next.yaml", "next");
  background run("run big.yaml next.yaml --out r", w.path, "run");
  BOOST_TEST(eventually([&] { return well_into_the_run(run.pid); }, patience_seconds));
  // Twice, as when a suite passes it on and a CI runner sends it to every process.
  ::kill(run.pid, SIGTERM);
  ::kill(run.pid, SIGTERM);
  BOOST_TEST(run.wait_for(60) == 130);
  const auto err = read_file(run.err);
  BOOST_TEST(contains(err, "relinksim: interrupted at "), err);
  BOOST_TEST(contains(err, " by SIGTERM; partial reports in r/big/; not run: next.yaml\n"), err);
  const auto doc = report_of(w.path / "r/big");
  BOOST_TEST(doc["complete"] == false);
  BOOST_TEST(contains(read_file(w.path / "r/big/junit.xml"), "name=\"complete\" value=\"false\""));
  BOOST_TEST(!fs::exists(w.path / "r/next"));
  BOOST_TEST(leftovers_in(w.path).empty());
}

BOOST_AUTO_TEST_SUITE_END() // signals

// -- suites stopped by signals: passed on to their runs, which write what they have --

BOOST_AUTO_TEST_SUITE(suite_signals)

BOOST_AUTO_TEST_CASE(suite_ctrl_c_lets_every_run_write_what_it_has) {
  workdir w;
  write_big_scenario(w.path / "big.yaml");
  background suite("suite big.yaml --out o", w.path, "suite");
  BOOST_TEST_REQUIRE(eventually([&] { return suite.children_now().size() == 1; }, patience_seconds));
  BOOST_TEST(eventually([&] { return well_into_the_run(suite.children.front()); },
                        patience_seconds));
  // The whole process group gets the signal, as from a terminal.
  ::kill(-suite.pid, SIGINT);
  BOOST_TEST(suite.wait_for(patience_seconds) == 130, read_file(suite.err));
  auto doc = nlohmann::json::parse(read_file(w.path / "o/big/report.json"));
  BOOST_TEST(doc["complete"] == false);
  BOOST_TEST(shell("xmllint --noout --schema '" + xsd + "' o/junit.xml", w.path).exit_code == 0);
}

BOOST_AUTO_TEST_CASE(a_second_suite_on_the_same_folder_is_refused_naming_the_first) {
  workdir w;
  write_big_scenario(w.path / "big.yaml");
  background first("suite big.yaml --out o", w.path, "first");
  const std::string holder = "pid " + std::to_string(first.pid) + "\n";
  BOOST_TEST(eventually([&] { return read_file(w.path / "o/.relinksim.lock") == holder; }, 20));
  write_renamed(w.path / "quick.yaml", "quick");
  auto second = run("suite quick.yaml --out o", w.path);
  BOOST_TEST(second.exit_code == 2);
  BOOST_TEST(contains(second.err, "relinksim: o is in use by another relinksim suite (pid " +
                                    std::to_string(first.pid) +
                                    "); wait for it to end, or give this one another --out\n"),
             second.err);
  BOOST_TEST(!fs::exists(w.path / "o/quick"));
  first.children_now();
  ::kill(first.pid, SIGINT);
  BOOST_TEST(first.wait_for(60) == 130);
  // Once the first has ended, the folder is free.
  BOOST_TEST(run("suite quick.yaml --out o", w.path).exit_code == 0);
}

BOOST_AUTO_TEST_CASE(suite_sigterm_is_passed_on_and_the_suite_waits_for_its_runs) {
  workdir w;
  write_big_scenario(w.path / "big.yaml");
  std::string other = read_file(w.path / "big.yaml");
  other.replace(other.find("scenario: big"), 13, "scenario: big-2");
  std::ofstream(w.path / "big-2.yaml") << other;
  background suite("suite big.yaml big-2.yaml -j 2 --out o", w.path, "suite");
  BOOST_TEST_REQUIRE(eventually([&] { return suite.children_now().size() == 2; }, 20));
  for (pid_t child : suite.children)
    BOOST_TEST(eventually([&] { return well_into_the_run(child); }, patience_seconds));
  const auto runs = suite.children;
  ::kill(suite.pid, SIGTERM); // only the suite, as `timeout` does
  BOOST_TEST(suite.wait_for(60) == 130);
  for (pid_t child : runs)
    BOOST_TEST(!alive(child), "run " << child << " outlived its suite");
  BOOST_TEST(contains(read_file(suite.err), "relinksim: interrupted by SIGTERM; the runs under "
                                            "way stopped and wrote what they had\n"));
  for (const char* name : {"big", "big-2"}) {
    BOOST_TEST(report_of(w.path / "o" / name)["complete"] == false, name);
    BOOST_TEST(contains(read_file(w.path / "o" / name / "console.log"), "by SIGTERM"), name);
  }
  BOOST_TEST(shell("xmllint --noout --schema '" + xsd + "' o/junit.xml", w.path).exit_code == 0);
  BOOST_TEST(!fs::exists(w.path / "o/.relinksim-suite"));
  BOOST_TEST(leftovers_in(w.path).empty());
}

BOOST_AUTO_TEST_CASE(a_suite_killed_outright_still_stops_its_runs) {
  workdir w;
  write_big_scenario(w.path / "big.yaml");
  background suite("suite big.yaml --out o", w.path, "suite");
  BOOST_TEST_REQUIRE(eventually([&] { return suite.children_now().size() == 1; }, 20));
  const pid_t run = suite.children.front();
  BOOST_TEST(eventually([&] { return well_into_the_run(run); }, patience_seconds));
  ::kill(suite.pid, SIGKILL); // nothing can be passed on
  BOOST_TEST(suite.wait_for(10) == 128 + SIGKILL);
  // The run stops (the rest of its quarter would take 20 CPU-seconds) and writes.
  BOOST_TEST(eventually([&] { return !alive(run); }, 30), "the run went on without its suite");
  BOOST_TEST(report_of(w.path / "o/big")["complete"] == false);
}

BOOST_AUTO_TEST_SUITE_END() // suite_signals

// -- suite: many runs, one JUnit file -------------------------------------------------

BOOST_AUTO_TEST_SUITE(suite)

// CI pages know a test case by its class and name: with several seeds each names
// its seed, so that no two runs' cases merge; with one seed, names stay as they are.
BOOST_AUTO_TEST_CASE(several_seeds_give_each_test_case_a_name_of_its_own) {
  workdir w;
  make_suite_folder(w);
  run("suite qa --seeds 1..3 --out many", w.path);
  const std::string xml = read_file(w.path / "many/junit.xml");
  const std::regex testcase("<testcase name=\"([^\"]*)\" classname=\"([^\"]*)\"");
  std::set<std::pair<std::string, std::string>> pairs;
  std::size_t cases = 0;
  for (auto m = std::sregex_iterator(xml.begin(), xml.end(), testcase);
       m != std::sregex_iterator(); ++m) {
    ++cases;
    const std::string name = (*m)[1];
    pairs.emplace((*m)[2], name);
    BOOST_TEST(std::regex_search(name, std::regex(" \\[seed [123]\\]$")), name);
  }
  BOOST_TEST(cases > 9u);
  BOOST_TEST(pairs.size() == cases);
  run("suite qa --out one", w.path);
  BOOST_TEST(!contains(read_file(w.path / "one/junit.xml"), "[seed "));
}

// A tag no scenario has is refused before anything runs, with the nearest tag and
// the list: a typo must not pass a suite that left out what it asked for.
BOOST_AUTO_TEST_CASE(a_tag_no_scenario_has_is_refused_with_a_suggestion) {
  workdir w;
  auto r = run("suite " + library + " --tag outgae --tag tan --out s", w.path);
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(contains(r.err, "no scenario has the tag 'outgae' (did you mean 'outage'?); "
                             "their tags: "), r.err);
  BOOST_TEST(contains(r.err, ", outage, "), r.err);
  BOOST_TEST(!fs::exists(w.path / "s"));
}

BOOST_AUTO_TEST_CASE(suite_runs_a_folder_side_by_side_into_one_valid_junit_file) {
  workdir w;
  make_suite_folder(w);
  auto r = run("suite qa -j 2 --out reports", w.path);
  BOOST_TEST(r.exit_code == 1, r.out << r.err); // one scenario fails
  BOOST_TEST(contains(r.out, "wrong-expectation        7  failed           1/2"));
  BOOST_TEST(contains(r.out, "random-customers         1  passed           1/1"));
  BOOST_TEST(contains(r.out, "FAIL wrong-expectation (seed 7)"));
  BOOST_TEST(contains(r.out, "qa/a-wrong.yaml:25  account fca_alice_chk: expected status active"));
  BOOST_TEST(contains(r.out, "reproduce: relinksim run qa/a-wrong.yaml --seed 7"));
  BOOST_TEST(contains(r.out, "FAIL 2/3 runs passed · 1 failed"));
  BOOST_TEST(contains(r.out, "reports: reports/index.html · junit: reports/junit.xml"));
  const auto junit = read_file(w.path / "reports/junit.xml");
  BOOST_TEST(occurrences(junit, "<testsuite ") == 3u);
  BOOST_TEST(contains(junit, "name=\"wrong-expectation (seed 7)\""));
  BOOST_TEST(shell("xmllint --noout --schema '" + xsd + "' reports/junit.xml", w.path).exit_code == 0);
  const auto index = read_file(w.path / "reports/index.html");
  BOOST_TEST(contains(index, "<a href=\"wrong-expectation/report.html\">report</a>"));
  BOOST_TEST(contains(index, "<a href=\"random-customers/report.html\">report</a>"));
  BOOST_TEST(fs::exists(w.path / "reports/tagged-random/report.html"));
}

BOOST_AUTO_TEST_CASE(suite_seeds_give_one_test_suite_per_scenario_and_seed) {
  workdir w;
  make_suite_folder(w);
  auto r = run("suite qa/b-random.yaml qa/a-wrong.yaml --seeds 1..3 -j 2 --junit all.xml "
               "--out o",
               w.path);
  BOOST_TEST(r.exit_code == 1);
  const auto junit = read_file(w.path / "all.xml");
  BOOST_TEST(occurrences(junit, "<testsuite ") == 6u);
  for (const char* seed : {"1", "2", "3"}) {
    BOOST_TEST(contains(junit, std::string("name=\"random-customers (seed ") + seed + ")\""));
    BOOST_TEST(contains(r.out, std::string("reproduce: relinksim run qa/a-wrong.yaml --seed ") + seed));
    BOOST_TEST(fs::exists(w.path / "o/random-customers" / (std::string("seed-") + seed) / "report.json"));
  }
  BOOST_TEST(shell("xmllint --noout --schema '" + xsd + "' all.xml", w.path).exit_code == 0);
  // Other seeds, other traces.
  BOOST_TEST(read_file(w.path / "o/random-customers/seed-1/events.jsonl") !=
             read_file(w.path / "o/random-customers/seed-2/events.jsonl"));
}

BOOST_AUTO_TEST_CASE(suite_checks_every_file_before_running_any) {
  workdir w;
  const auto dir = make_suite_folder(w);
  std::ofstream(dir / "d-broken.yaml") << "scenario: broken\nhorizon: 5d\nexpect:\n  - emails: 3\n";
  auto r = run("suite qa --out o", w.path);
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(contains(r.err, "qa/d-broken.yaml:4:13: error:"));
  BOOST_TEST(!fs::exists(w.path / "o"));
  auto usage = run("suite qa --seeds 3..1", w.path);
  BOOST_TEST(usage.exit_code == 2);
  BOOST_TEST(contains(usage.err, "--seeds takes A..B with whole numbers A <= B <= "
                                 "9223372036854775807, not '3..1'"));
  auto shard = run("suite qa --shard 3/2", w.path);
  BOOST_TEST(shard.exit_code == 2);
  BOOST_TEST(contains(shard.err, "--shard takes I/N with 1 <= I <= N, not '3/2'"));
  auto missing = run("suite nowhere", w.path);
  BOOST_TEST(missing.exit_code == 2);
  BOOST_TEST(contains(missing.err, "relinksim: nowhere: no such file or folder"));
  fs::create_directories(w.path / "empty");
  auto empty = run("suite empty", w.path);
  BOOST_TEST(empty.exit_code == 2);
  BOOST_TEST(contains(empty.err, "relinksim: empty: no scenario files (*.yaml) in this folder\n"
                                 "relinksim: nothing to run\n"));
  auto too_many = run("suite qa/b-random.yaml --seeds 1..10001", w.path);
  BOOST_TEST(too_many.exit_code == 2);
  BOOST_TEST(contains(too_many.err,
                      "relinksim: --seeds 1..10001 asks for more than 10000 seeds per scenario"));
  auto idle_shard = run("suite qa/b-random.yaml --shard 2/2", w.path);
  BOOST_TEST(idle_shard.exit_code == 2);
  BOOST_TEST(contains(idle_shard.err, "relinksim: nothing to run in this shard"));
}

BOOST_AUTO_TEST_CASE(suite_fail_fast_starts_nothing_after_a_failure) {
  workdir w;
  make_suite_folder(w);
  auto r = run("suite qa --fail-fast --out o", w.path); // a-wrong runs first, alone
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(contains(r.out, "random-customers         1  not run            -            -         -"));
  BOOST_TEST(contains(r.out, "FAIL 0/3 runs passed · 1 failed · 2 not run"));
  BOOST_TEST(occurrences(read_file(w.path / "o/junit.xml"), "<testsuite ") == 1u);
}

BOOST_AUTO_TEST_CASE(suite_shards_split_the_runs_and_tags_select_scenarios) {
  workdir w;
  make_suite_folder(w);
  auto first = run("suite qa --seeds 1..2 --shard 1/2 --out o1", w.path);
  auto second = run("suite qa --seeds 1..2 --shard 2/2 --out o2", w.path);
  const auto a = read_file(w.path / "o1/junit.xml"), b = read_file(w.path / "o2/junit.xml");
  BOOST_TEST(occurrences(a, "<testsuite ") == 3u);
  BOOST_TEST(occurrences(b, "<testsuite ") == 3u);
  BOOST_TEST(contains(a, "wrong-expectation (seed 1)"));
  BOOST_TEST(contains(b, "wrong-expectation (seed 2)"));
  BOOST_TEST(!contains(a, "wrong-expectation (seed 2)"));
  auto tagged = run("suite qa --tag nightly --out o3", w.path);
  BOOST_TEST(tagged.exit_code == 0);
  BOOST_TEST(contains(tagged.out, "PASS 1/1 runs passed"));
  BOOST_TEST(contains(tagged.out, "tagged-random"));
  auto none = run("suite qa --tag nope", w.path);
  BOOST_TEST(none.exit_code == 2);
  BOOST_TEST(contains(none.err, "no scenario has the tag 'nope'; their tags: nightly"), none.err);
}

BOOST_AUTO_TEST_CASE(suite_speaks_github_actions) {
  workdir w;
  make_suite_folder(w);
  auto r = shell("GITHUB_ACTIONS=true GITHUB_STEP_SUMMARY=summary.md NO_COLOR=1 '" + binary +
                   "' suite qa/a-wrong.yaml --seeds 1..60 -j 2 --out o",
                 w.path);
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(occurrences(r.out, "::error file=qa/a-wrong.yaml,line=25,title=relinksim "
                                "wrong-expectation (seed ") == 50u);
  BOOST_TEST(contains(r.out, "::warning::10 more failures not annotated (limit 50)"));
  const auto summary = read_file(w.path / "summary.md");
  BOOST_TEST(contains(summary, "## relinksim: 0/60 runs passed"));
  BOOST_TEST(contains(summary, "| wrong-expectation | 60 | ❌ failed | 1/2 | 15 |"));
  BOOST_TEST(contains(summary, "- **wrong-expectation (seed 1)** — `relinksim run qa/a-wrong.yaml "
                              "--seed 1 --follow fca_alice_chk`"));
  auto quiet = run("suite qa/a-wrong.yaml --out o2", w.path); // not on GitHub: no commands
  BOOST_TEST(!contains(quiet.out, "::error"));
}

BOOST_AUTO_TEST_CASE(suite_check_determinism_runs_twice_and_compares) {
  workdir w;
  auto r = run("suite " + library + "population-outage-and-dashboard-filters.yaml " +
                 data + "random-customers.yaml --check-determinism -j 2 --out o",
               w.path);
  BOOST_TEST(r.exit_code == 0, r.out);
  BOOST_TEST(contains(r.out, "PASS 2/2 runs passed"));
  BOOST_TEST(contains(r.out, "determinism: 2 of 2 runs gave the same events.jsonl twice\n"));
  // A second set of reports that says nothing new is not kept.
  BOOST_TEST(!fs::exists(w.path / "o/random-customers/determinism-check"));
  BOOST_TEST(occurrences(read_file(w.path / "o/junit.xml"), "<testcase name=\"determinism\"") ==
             2u);
}

BOOST_AUTO_TEST_CASE(suite_gives_every_run_its_own_folder) {
  workdir w;
  fs::create_directories(w.path / "col");
  const std::string wrong = read_file(data + "wrong-expectation.yaml");
  std::string renamed = wrong;
  renamed.replace(renamed.find("scenario: wrong-expectation"), 27, "scenario: wrong-expectation-2");
  std::ofstream(w.path / "col/a1.yaml") << wrong;
  std::ofstream(w.path / "col/a2.yaml") << wrong;
  std::ofstream(w.path / "col/a3.yaml") << renamed;
  auto r = run("suite col -j 2 --out o", w.path);
  BOOST_TEST(r.exit_code == 1);
  const auto junit = read_file(w.path / "o/junit.xml");
  for (const char* file : {"col/a1.yaml", "col/a2.yaml", "col/a3.yaml"})
    BOOST_TEST(occurrences(junit, std::string("value=\"") + file + "\"") == 1u, file);
}

BOOST_AUTO_TEST_SUITE_END() // suite

// -- output folders: each one run's, never shared, never in the way -------------------

BOOST_AUTO_TEST_SUITE(folders)

BOOST_AUTO_TEST_CASE(several_files_report_into_one_folder_each) {
  workdir w;
  auto r = run("run " + library + "cooldown-48h-boundary.yaml " + library +
                 "link-expires-before-the-click.yaml --out reports -q",
               w.path);
  BOOST_TEST(r.exit_code == 0);
  BOOST_TEST(r.out.empty()); // --quiet prints failures only
  BOOST_TEST(fs::exists(w.path / "reports/cooldown-48h-boundary/events.jsonl"));
  BOOST_TEST(fs::exists(w.path / "reports/link-expires-before-the-click/events.jsonl"));
}

BOOST_AUTO_TEST_CASE(one_failing_file_among_several_makes_the_exit_code_1) {
  workdir w;
  auto r = run("run " + library + "cooldown-48h-boundary.yaml " + data +
                 "wrong-expectation.yaml --out reports",
               w.path);
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(contains(r.out, "PASS 5/5 expectations passed"));
  BOOST_TEST(contains(r.out, "FAIL 1/2 expectations passed"));
}

BOOST_AUTO_TEST_CASE(an_unwritable_report_folder_is_a_usage_error) {
  workdir w;
  std::ofstream(w.path / "file") << "not a folder";
  auto r = run("run " + library + "cooldown-48h-boundary.yaml --out file/reports", w.path);
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(contains(r.err, "relinksim: cannot create directory file/reports"));
}

BOOST_AUTO_TEST_CASE(a_report_that_cannot_be_moved_into_place_says_why) {
  workdir w;
  fs::create_directories(w.path / "j/taken"); // a folder where the JUnit file must go
  auto r = run("suite " + library + "cooldown-48h-boundary.yaml --junit j --out o", w.path);
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(contains(r.err, " to j: Is a directory\n"), r.err);
  BOOST_TEST(!contains(r.err, "Success"), r.err);
  for (const auto& entry : fs::directory_iterator(w.path))
    BOOST_TEST(!contains(entry.path().filename().string(), ".tmp."), entry.path());
}

BOOST_AUTO_TEST_CASE(run_gives_two_files_with_one_scenario_name_a_folder_each) {
  workdir w;
  write_renamed(w.path / "a.yaml", "same", 1);
  write_renamed(w.path / "b.yaml", "same", 2);
  auto r = run("run a.yaml b.yaml --out r", w.path);
  BOOST_TEST(r.exit_code == 0, r.out << r.err);
  BOOST_TEST(scenario_file_of(w.path / "r/same/report.json") == "a.yaml");
  BOOST_TEST(scenario_file_of(w.path / "r/same-2/report.json") == "b.yaml");
  BOOST_TEST(contains(r.out, "reports in r/same/"));
  BOOST_TEST(contains(r.out, "reports in r/same-2/"));
  auto unnamed = run("run a.yaml b.yaml -q", w.path); // the default folder too
  BOOST_TEST(unnamed.exit_code == 0);
  BOOST_TEST(scenario_file_of(w.path / "out/same/report.json") == "a.yaml");
  BOOST_TEST(scenario_file_of(w.path / "out/same-2/report.json") == "b.yaml");
}

BOOST_AUTO_TEST_CASE(suite_runs_named_like_its_own_files_get_folders_of_their_own) {
  workdir w;
  fs::create_directories(w.path / "qa");
  write_renamed(w.path / "qa/a.yaml", "junit.xml");
  write_renamed(w.path / "qa/b.yaml", "index.html");
  write_renamed(w.path / "qa/c.yaml", "all.xml");
  auto r = run("suite qa --out o", w.path);
  BOOST_TEST(r.exit_code == 0, r.out << r.err);
  BOOST_TEST(fs::is_regular_file(w.path / "o/junit.xml"));
  BOOST_TEST(fs::is_regular_file(w.path / "o/index.html"));
  BOOST_TEST(scenario_file_of(w.path / "o/junit.xml-2/report.json") == "qa/a.yaml");
  BOOST_TEST(scenario_file_of(w.path / "o/index.html-2/report.json") == "qa/b.yaml");
  BOOST_TEST(contains(read_file(w.path / "o/index.html"), "<a href=\"junit.xml-2/report.html\">"));
  BOOST_TEST(shell("xmllint --noout --schema '" + xsd + "' o/junit.xml", w.path).exit_code == 0);
  // --junit into the suite's folder reserves that name too.
  auto named = run("suite qa --out p --junit p/all.xml", w.path);
  BOOST_TEST(named.exit_code == 0, named.out << named.err);
  BOOST_TEST(fs::is_regular_file(w.path / "p/all.xml"));
  BOOST_TEST(scenario_file_of(w.path / "p/all.xml-2/report.json") == "qa/c.yaml");
}

BOOST_AUTO_TEST_CASE(a_run_that_fails_half_way_leaves_the_previous_reports_whole) {
  workdir w;
  write_long_trace_scenario(w.path / "long.yaml");
  BOOST_TEST_REQUIRE(run("run long.yaml --out r -q", w.path).exit_code == 0);
  const auto before = files_in(w.path / "r");
  // A disk that fills up after the small reports: files may grow to 100 kB at
  // most (200 blocks of 512 bytes in sh), so the 2 MB trace fails half-way.
  auto r = shell("ulimit -f 200; trap '' XFSZ; exec '" + binary +
                   "' run long.yaml --out r --set horizon=60d -q",
                 w.path);
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(contains(r.err, "events.jsonl: File too large (r is left as it was)\n"), r.err);
  BOOST_TEST(files_in(w.path / "r") == before); // every file still the first run's
  BOOST_TEST(leftovers_in(w.path).empty());
}

BOOST_AUTO_TEST_CASE(a_report_folder_is_replaced_whole_and_only_when_it_holds_reports_only) {
  workdir w;
  write_long_trace_scenario(w.path / "long.yaml");
  BOOST_TEST_REQUIRE(run("run long.yaml --out r -q --set horizon=2d", w.path).exit_code == 0);
  std::ofstream(w.path / "r/events.jsonl.tmp.999999") << "what a killed run left";
  BOOST_TEST(run("run long.yaml --out r -q --set horizon=3d", w.path).exit_code == 0);
  BOOST_TEST(leftovers_in(w.path).empty());
  BOOST_TEST(nlohmann::json::parse(read_file(w.path / "r/report.json"))["scenario"]["horizon"] ==
             "3d");
  // A folder holding anything else is not taken, before anything runs.
  std::ofstream(w.path / "r/notes.txt") << "mine";
  auto foreign = run("run long.yaml --out r", w.path);
  BOOST_TEST(foreign.exit_code == 2);
  BOOST_TEST(contains(foreign.err, "relinksim: cannot write reports into r: a run's reports "
                                   "replace their folder as a whole, and it holds 'notes.txt', "
                                   "which relinksim does not write"),
             foreign.err);
  BOOST_TEST(foreign.out.empty()); // nothing ran
  BOOST_TEST(read_file(w.path / "r/notes.txt") == "mine");
  auto here = run("run ../long.yaml --out .", w.path / "r");
  BOOST_TEST(here.exit_code == 2);
  BOOST_TEST(contains(here.err, "relinksim: cannot write reports into ."), here.err);
  fs::create_directories(w.path / "o/long-trace");
  std::ofstream(w.path / "o/long-trace/notes.txt") << "mine";
  auto suite = run("suite long.yaml --out o", w.path);
  BOOST_TEST(suite.exit_code == 2);
  BOOST_TEST(contains(suite.err, "relinksim: cannot write reports into o/long-trace: "), suite.err);
  BOOST_TEST(!fs::exists(w.path / "o/junit.xml")); // nothing ran
}

BOOST_AUTO_TEST_SUITE_END() // folders
