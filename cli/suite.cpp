#include "cli/suite.hpp"

#include "cli/child_run.hpp"
#include "cli/exit_codes.hpp"
#include "cli/shell.hpp"
#include "cli/stop_signals.hpp"
#include "engine/printable.hpp"
#include "format/limits.hpp"
#include "reports/atomic_file.hpp"
#include "reports/junit.hpp"
#include "reports/report_folder.hpp"
#include "reports/reproduce.hpp"
#include "reports/suite.hpp"
#include "format/diagnostics.hpp"
#include "format/loader.hpp"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#ifdef __linux__
#include <sys/prctl.h>
#endif
#include <ctime>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

namespace cli {
namespace {

namespace fs = std::filesystem;

constexpr std::uint64_t max_seeds = 10'000;
constexpr std::size_t max_annotations = 50;

struct planned_run {
  std::string file;
  std::string scenario;
  std::string title;
  std::vector<std::string> tags;
  std::uint64_t seed = 0;
  bool seed_given = false;
  std::string dir; // relative to the suite's folder
};

struct job {
  std::size_t run = 0;
  bool again = false; // the second run of --check-determinism
};

std::optional<std::pair<unsigned, unsigned>> parse_shard(const std::string& text) {
  const auto slash = text.find('/');
  if (slash == std::string::npos)
    return std::nullopt;
  const std::string a = text.substr(0, slash), b = text.substr(slash + 1);
  if (a.empty() || b.empty() || a.find_first_not_of("0123456789") != std::string::npos ||
      b.find_first_not_of("0123456789") != std::string::npos || a.size() > 6 ||
      b.size() > 6)
    return std::nullopt;
  const auto index = static_cast<unsigned>(std::stoul(a));
  const auto count = static_cast<unsigned>(std::stoul(b));
  if (count == 0 || index == 0 || index > count)
    return std::nullopt;
  return std::pair{index, count};
}

// Folders give their *.yaml and *.yml files (not their subfolders, where shared
// include fragments live, nor hidden files), sorted; files are taken as given.
bool collect_files(const std::vector<std::string>& paths,
                   std::vector<std::string>& files) {
  bool ok = true;
  for (const auto& path : paths) {
    std::error_code error;
    if (fs::is_directory(path, error)) {
      std::vector<std::string> found;
      for (const auto& entry : fs::directory_iterator(path, error)) {
        const auto extension = entry.path().extension();
        // Not hidden files: what explore and shrink run for a moment, editors' copies.
        const bool hidden = entry.path().filename().string().rfind('.', 0) == 0;
        if (entry.is_regular_file() && !hidden && (extension == ".yaml" || extension == ".yml"))
          found.push_back(entry.path().string());
      }
      std::sort(found.begin(), found.end());
      if (found.empty())
        std::cerr << "relinksim: " << path
                  << ": no scenario files (*.yaml) in this folder\n";
      files.insert(files.end(), found.begin(), found.end());
    } else if (fs::is_regular_file(path, error)) {
      files.push_back(path);
    } else {
      std::cerr << "relinksim: " << path << ": no such file or folder\n";
      ok = false;
    }
  }
  return ok;
}

// What a run that exited 3 said: its last "relinksim: internal ..." line (a check
// that fired, or an internal error), without the prefix.
std::string internal_failure_of(const std::string& log) {
  const std::string tool = "relinksim: ", prefix = tool + "internal ";
  std::string found;
  std::size_t at = 0;
  while ((at = log.find(prefix, at)) != std::string::npos) {
    if (at == 0 || log[at - 1] == '\n') {
      const auto from = at + tool.size(), end = log.find('\n', at);
      found = log.substr(from, end == std::string::npos ? std::string::npos : end - from);
    }
    at += prefix.size();
  }
  return found.empty() ? "internal error (see its console.log)" : found;
}

// Held for the suite's life, and its runs' (they inherit it): a second suite on
// the same --out would clear the first one's run folders and read their reports
// as its own. Refused, naming the suite that holds it, rather than waited for: a
// CI job should fail at once, not hang. Returns the lock's descriptor, or -1
// after saying why.
int lock_suite_folder(const fs::path& out) {
  std::error_code error;
  fs::create_directories(out, error);
  if (error) {
    std::cerr << "relinksim: cannot create directory " << out.string() << ": "
              << error.message() << '\n';
    return -1;
  }
  const fs::path lock = out / ".relinksim.lock";
  const int fd = ::open(lock.c_str(), O_RDWR | O_CREAT, 0644);
  if (fd < 0) {
    std::cerr << "relinksim: cannot open " << lock.string() << ": "
              << std::strerror(errno) << '\n';
    return -1;
  }
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int reason = errno;
    std::string holder = read_text(lock);
    while (!holder.empty() && holder.back() == '\n')
      holder.pop_back();
    if (reason == EWOULDBLOCK)
      std::cerr << "relinksim: " << out.string() << " is in use by another relinksim "
                << "suite (" << (holder.empty() ? "it is starting" : holder)
                << "); wait for it to end, or give this one another --out\n";
    else
      std::cerr << "relinksim: cannot lock " << lock.string() << ": "
                << std::strerror(reason) << '\n';
    ::close(fd);
    return -1;
  }
  // Who holds it, for the message above; the lock itself is what counts.
  const std::string holder = "pid " + std::to_string(::getpid()) + "\n";
  const auto size = static_cast<ssize_t>(holder.size());
  if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, holder.data(), holder.size(), 0) != size)
    std::cerr << "relinksim: cannot write " << lock.string() << ": "
              << std::strerror(errno) << '\n';
  return fd;
}

// Where a suite's files go. Each run reports into OUT/<its dir>, a folder the run
// swaps in whole when it has written every file (reports/report_folder.hpp); what
// the suite keeps meanwhile (each run's console output, the second run of
// --check-determinism) waits in a work folder of its own and joins the run's
// folder once the run is over. No scenario name starts with '.', so no run's
// folder is ever the work folder.
struct suite_folders {
  fs::path out;
  fs::path work;

  explicit suite_folders(const std::string& out_dir)
      : out(out_dir), work(fs::path(out_dir) / ".relinksim-suite") {}
  fs::path of(const planned_run& p) const { return out / p.dir; }
  fs::path of(const job& j, const planned_run& p) const {
    return j.again ? work / (std::to_string(j.run) + "-again") : of(p);
  }
  fs::path log(const job& j) const {
    return work / (std::to_string(j.run) + (j.again ? "-again" : "") + ".log");
  }
};

// The work folder goes when the suite is done, however it ends.
struct removed_at_exit {
  fs::path path;
  ~removed_at_exit() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
};

// Starts one job, its folder first cleared of an earlier suite's reports, so
// that a run which writes none (it crashed) never shows older ones as its own.
// The folders were found replaceable before anything ran. Returns the child's
// pid, or -1 with `note` saying why.
pid_t launch(const job& j, const planned_run& p, const suite_folders& folders,
             const suite_command& cmd, const std::string& self, std::string& note) {
  const fs::path dir = folders.of(j, p);
  std::error_code error;
  fs::remove_all(dir, error);
  if (error) {
    note =
        "cannot remove the earlier reports in " + dir.string() + ": " + error.message();
    return -1;
  }
  std::vector<std::string> args{"run", p.file, "--out", dir.string(), "--quiet"};
  if (p.seed_given)
    args.insert(args.end(), {"--seed", std::to_string(p.seed)});
  if (cmd.max_events > 0)
    args.insert(args.end(), {"--max-events", std::to_string(cmd.max_events)});
  const pid_t pid = spawn(self, args, {folders.log(j).string(), "", "", true});
  if (pid < 0)
    note = std::string("cannot start a run: ") + std::strerror(errno);
  return pid;
}

// What the suite itself writes into its folder: no run's folder may take these
// names (a scenario called junit.xml would turn the JUnit file into a folder).
std::set<std::string> files_of_the_suite(const suite_command& cmd) {
  std::set<std::string> names{"junit.xml", "index.html"};
  if (!cmd.junit.empty()) {
    std::error_code junit_error, out_error;
    const auto junit = fs::weakly_canonical(cmd.junit, junit_error);
    const auto out = fs::weakly_canonical(cmd.out_dir, out_error);
    if (!junit_error && !out_error && junit.parent_path() == out)
      names.insert(junit.filename().string());
  }
  return names;
}

} // namespace

int run_suite(const suite_command& cmd, const std::string& self) {
  // Counted: each passed on to the runs (which stop and write what they have) while
  // the suite waits for them; it never dies of one, and always writes its reports.
  catch_stop_signals(second_interrupt::is_counted);
  const auto started = std::chrono::steady_clock::now();
  std::optional<std::pair<std::uint64_t, std::uint64_t>> seeds;
  if (!cmd.seeds.empty()) {
    seeds = parse_seeds(cmd.seeds);
    if (!seeds) {
      std::cerr << "relinksim: --seeds takes A..B with whole numbers A <= B <= "
                << sim::max_seed << ", not '"
                << cmd.seeds << "'\n";
      return exit_invalid;
    }
    if (seeds->second - seeds->first >= max_seeds) {
      std::cerr << "relinksim: --seeds " << cmd.seeds << " asks for more than "
                << max_seeds << " seeds per scenario\n";
      return exit_invalid;
    }
  }
  std::optional<std::pair<unsigned, unsigned>> shard;
  if (!cmd.shard.empty() && !(shard = parse_shard(cmd.shard))) {
    std::cerr << "relinksim: --shard takes I/N with 1 <= I <= N, not '" << cmd.shard
              << "'\n";
    return exit_invalid;
  }

  // Every file is checked before anything runs: a suite with an invalid scenario
  // does not half-run.
  std::vector<std::string> files;
  if (!collect_files(cmd.paths, files))
    return exit_invalid;
  bool valid = true;
  std::vector<planned_run> plan;
  std::set<std::string> tags_seen;
  reports::folder_names dirs(files_of_the_suite(cmd));
  for (const auto& file : files) {
    auto loaded = sim::load_scenario_file(file);
    sim::print_all(loaded.errors, std::cerr);
    if (!loaded.value) {
      valid = false;
      continue;
    }
    const auto& s = *loaded.value;
    tags_seen.insert(s.tags.begin(), s.tags.end());
    if (!cmd.tags.empty() &&
        std::none_of(cmd.tags.begin(), cmd.tags.end(), [&](const std::string& t) {
          return std::find(s.tags.begin(), s.tags.end(), t) != s.tags.end();
        }))
      continue;
    const std::string name = dirs.claim(s.name);
    const auto first = seeds ? seeds->first : s.seed;
    const auto last = seeds ? seeds->second : s.seed;
    for (auto seed = first;; ++seed) {
      planned_run r{file, s.name, s.title, s.tags, seed, seeds.has_value(), name};
      if (seeds && first != last)
        r.dir += "/seed-" + std::to_string(seed);
      plan.push_back(std::move(r));
      if (seed == last)
        break;
    }
  }
  if (!valid)
    return exit_invalid;
  // A tag no scenario has is a typo until shown otherwise: running the others would
  // pass a suite that left out what was asked for.
  const std::vector<std::string> known(tags_seen.begin(), tags_seen.end());
  for (const auto& t : cmd.tags)
    if (tags_seen.count(t) == 0) {
      std::cerr << "relinksim: no scenario has the tag '" << engine::printable(t) << "'"
                << sim::suggestion_suffix(t, known) << "; their tags: ";
      for (std::size_t i = 0; i < known.size(); ++i)
        std::cerr << (i ? ", " : "") << engine::printable(known[i]);
      std::cerr << (known.empty() ? "none" : "") << '\n';
      valid = false;
    }
  if (!valid)
    return exit_invalid;
  if (shard) {
    std::vector<planned_run> mine;
    for (std::size_t i = 0; i < plan.size(); ++i)
      if (i % shard->second == shard->first - 1)
        mine.push_back(std::move(plan[i]));
    plan = std::move(mine);
  }
  if (plan.empty()) {
    // Every tag asked for belongs to a scenario (checked above): only a shard can
    // be empty.
    std::cerr << "relinksim: nothing to run" << (shard ? " in this shard" : "") << '\n';
    return exit_invalid;
  }

  std::vector<reports::suite_run> runs(plan.size());
  std::vector<job> jobs;
  for (std::size_t i = 0; i < plan.size(); ++i) {
    runs[i].scenario = plan[i].scenario;
    runs[i].title = plan[i].title;
    runs[i].tags = plan[i].tags;
    runs[i].file = plan[i].file;
    runs[i].seed = plan[i].seed;
    runs[i].dir = plan[i].dir;
    runs[i].verdict = reports::run_verdict::not_run;
    runs[i].reproduce = reports::reproduce_command(plan[i].file, plan[i].seed);
    jobs.push_back({i, false});
    if (cmd.check_determinism)
      jobs.push_back({i, true});
  }

  if (stop_signals_received() > 0) {
    std::cerr << "relinksim: interrupted by " << signal_name(last_stop_signal())
              << " before any run started\n";
    return exit_interrupted;
  }
  if (lock_suite_folder(cmd.out_dir) < 0)
    return exit_invalid;
  // Every folder is checked before anything runs, as every file is: a run's
  // reports replace its folder, which must hold nothing else.
  const suite_folders folders(cmd.out_dir);
  bool replaceable = true;
  for (const auto& p : plan) {
    try {
      reports::check_replaceable(folders.of(p).string());
    } catch (const reports::write_error& e) {
      std::cerr << "relinksim: " << e.what() << '\n';
      replaceable = false;
    }
  }
  if (!replaceable)
    return exit_invalid;
  std::error_code work_error;
  fs::remove_all(folders.work, work_error); // what a killed suite left
  fs::create_directories(folders.work, work_error);
  if (work_error) {
    std::cerr << "relinksim: cannot create directory " << folders.work.string() << ": "
              << work_error.message() << '\n';
    return exit_invalid;
  }
  const removed_at_exit work_folder{folders.work};

  const bool live = ::isatty(STDERR_FILENO) == 1;
  std::map<pid_t, job> running;
  std::size_t next = 0, finished = 0;
  int forwarded = 0; // signals passed on to the runs
  bool stop_launching = false, broken = false;
  std::vector<std::pair<std::size_t, std::string>> internal_failures; // run, what fired
  while (true) {
    for (const int received = stop_signals_received(); forwarded < received;
         ++forwarded) {
      for (const auto& [child, _] : running)
        ::kill(child, last_stop_signal()); // each writes what it has
      stop_launching = true;
    }
    while (!stop_launching && stop_signals_received() == 0 &&
           running.size() < std::max(1u, cmd.jobs) && next < jobs.size()) {
      const job j = jobs[next++];
      std::string note;
      const pid_t pid = launch(j, plan[j.run], folders, cmd, self, note);
      if (pid < 0) {
        runs[j.run].verdict = reports::run_verdict::error;
        runs[j.run].note = note;
        std::cerr << "relinksim: " << note << '\n';
        broken = stop_launching = true;
        break;
      }
      running[pid] = j;
    }
    if (running.empty())
      break;
    // Polled, so that a signal at any moment is passed on at once.
    int status = 0;
    const pid_t pid = ::waitpid(-1, &status, WNOHANG);
    if (pid < 0 && errno == ECHILD) { // cannot happen; never spin on it
      for (const auto& [child, j] : running) {
        runs[j.run].verdict = reports::run_verdict::error;
        runs[j.run].note = "lost track of its process";
      }
      running.clear();
      continue;
    }
    if (pid <= 0) {
      if (pid == 0 || errno == EINTR) {
        const timespec pause{0, 10'000'000};
        ::nanosleep(&pause, nullptr);
      }
      continue;
    }
    const auto found = running.find(pid);
    if (found == running.end())
      continue;
    const job j = found->second;
    running.erase(found);
    // Its console output joins its folder (made here when the run wrote none).
    const fs::path dir = folders.of(j, plan[j.run]);
    std::error_code error;
    fs::create_directories(dir, error);
    fs::rename(folders.log(j), dir / "console.log", error);
    if (j.again)
      continue;
    auto& r = runs[j.run];
    const int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    if (code == exit_interrupted && !fs::exists(dir / "report.json")) {
      r.verdict = reports::run_verdict::not_run; // stopped before its run began
      r.note = "interrupted before it started";
    } else if (code == 0 || code == 1 || code == exit_interrupted) {
      reports::read_run_report((dir / "report.json").string(), r);
      r.file = plan[j.run].file;
      for (auto& f : r.failures)
        f.file = r.file;
    } else {
      r.verdict = reports::run_verdict::error;
      std::string log = read_text(dir / "console.log");
      while (!log.empty() && log.back() == '\n')
        log.pop_back();
      r.note =
          (WIFSIGNALED(status) ? "killed by signal " + std::to_string(WTERMSIG(status))
                               : "exit " + std::to_string(code)) +
          (log.empty() ? "" : ": " + log.substr(log.size() > 600 ? log.size() - 600 : 0));
      if (code ==
          exit_internal) { // what fired, without the reproduce line the table prints
        internal_failures.emplace_back(j.run, internal_failure_of(log));
        r.note = "exit 3: " + internal_failures.back().second;
      }
    }
    ++finished;
    if (live)
      std::cerr << "\r[" << finished << '/' << runs.size() << "] "
                << reports::to_string(r.verdict) << ' ' << r.scenario << " seed "
                << r.seed << "\033[K" << std::flush;
    if (cmd.fail_fast && r.verdict != reports::run_verdict::passed)
      stop_launching = true;
  }
  if (live)
    std::cerr << "\r\033[K" << std::flush;

  if (cmd.check_determinism)
    for (std::size_t i = 0; i < runs.size(); ++i) {
      // The second run's folder joins the first's, as determinism-check/.
      const fs::path dir = folders.of(plan[i]), again = folders.of({i, true}, plan[i]);
      std::error_code error;
      if (fs::exists(again, error))
        fs::rename(again, dir / "determinism-check", error);
      auto& r = runs[i];
      if (r.verdict == reports::run_verdict::not_run ||
          r.verdict == reports::run_verdict::error)
        continue;
      const auto divergence = reports::first_divergence(
          (dir / "events.jsonl").string(),
          (dir / "determinism-check" / "events.jsonl").string());
      r.determinism_checked = true;
      if (!divergence.empty()) {
        r.verdict = reports::run_verdict::failed;
        r.note = divergence;
      } else { // the same bytes twice: the second set of reports tells nothing new
        fs::remove_all(dir / "determinism-check", error);
      }
    }

  const double wall =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  reports::print_suite_table(runs, wall, use_color(), std::cout);
  if (cmd.check_determinism) {
    std::size_t checked = 0, same = 0;
    for (const auto& r : runs)
      if (r.determinism_checked) {
        ++checked;
        same += r.note.rfind("not deterministic", 0) != 0 ? 1 : 0;
      }
    std::cout << "determinism: " << same << " of " << checked
              << (checked == 1 ? " run" : " runs")
              << " gave the same events.jsonl twice"
              << (same < checked ? " (the others keep the second run in determinism-check/)"
                                 : "")
              << '\n';
  }
  const std::string junit =
      cmd.junit.empty() ? (fs::path(cmd.out_dir) / "junit.xml").string() : cmd.junit;
  reports::write_atomically(junit, [&](std::ostream& out) {
    reports::merge_junit(runs, cmd.out_dir, reports::junit_timestamp_now(), out);
  });
  const std::string index = (fs::path(cmd.out_dir) / "index.html").string();
  reports::write_atomically(
      index, [&](std::ostream& out) { reports::write_suite_index(runs, wall, out); });
  std::cout << "reports: " << index << " · junit: " << junit << '\n';
  if (const char* gha = std::getenv("GITHUB_ACTIONS");
      gha != nullptr && std::string(gha) == "true") {
    reports::write_github_annotations(runs, max_annotations, std::cout);
    if (const char* summary = std::getenv("GITHUB_STEP_SUMMARY");
        summary != nullptr && *summary) {
      std::ofstream out(summary, std::ios::app);
      reports::write_step_summary(runs, wall, out);
    }
  }
  // A bug of relinksim's outweighs any verdict on the scenarios: said last, on
  // stderr, with the command that reproduces it.
  for (const auto& [run, failure] : internal_failures)
    std::cerr << "relinksim: " << runs[run].scenario << " seed " << runs[run].seed << ": "
              << failure << "\nrelinksim: reproduce: " << runs[run].reproduce << '\n';
  if (stop_signals_received() > 0) {
    std::cerr << "relinksim: interrupted by " << signal_name(last_stop_signal())
              << "; the runs under way stopped and wrote what they had\n";
    return exit_interrupted;
  }
  if (!internal_failures.empty())
    return exit_internal;
  if (broken)
    return exit_invalid;
  const bool all_passed =
      std::all_of(runs.begin(), runs.end(), [](const reports::suite_run& r) {
        return r.verdict == reports::run_verdict::passed;
      });
  return all_passed ? exit_ok : exit_failed;
}

} // namespace cli
