#include "cli/explore.hpp"

#include "cli/child_run.hpp"
#include "cli/exit_codes.hpp"
#include "cli/stop_signals.hpp"
#include "engine/duration.hpp"
#include "engine/printable.hpp"
#include "explore/explorer.hpp"
#include "explore/shrink.hpp"
#include "format/diagnostics.hpp"
#include "format/limits.hpp"
#include "format/loader.hpp"
#include "format/source_text.hpp"
#include "format/yaml_text.hpp"
#include "reports/atomic_file.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <cstdlib>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace cli {
namespace {

namespace fs = std::filesystem;
using explore::run_result;

// The verdict of a `relinksim run` child from its exit code and report.json: the
// failures as its report names them.
explore::verdict verdict_of_run(int code, const fs::path& report, const std::string& log) {
  explore::verdict v;
  if (code == exit_ok)
    return v;
  if (code != exit_failed) {
    v.result = code == exit_invalid ? run_result::invalid : run_result::broken;
    v.message = log;
    return v;
  }
  v.result = run_result::failed;
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(read_text(report));
  } catch (const nlohmann::json::exception& e) {
    v.result = run_result::broken;
    v.message = "no readable report.json (" + std::string(e.what()) + "): " + log;
    return v;
  }
  for (const auto& i : doc.value("invariants", nlohmann::json::array()))
    if (!i.value("passed", true))
      v.failures.push_back(explore::invariant_failure(i.value("name", ""), i.value("message", "")));
  for (const auto& e : doc.value("expectations", nlohmann::json::array()))
    if (!e.value("passed", true))
      v.failures.push_back(explore::expectation_failure(
          e.value("name", ""), e.value("expected", ""), e.value("actual", ""),
          e.value("detail", ""), e.value("reached", true)));
  if (doc.contains("error"))
    v.failures.push_back(explore::run_failure(doc.value("error", "")));
  if (v.failures.empty()) {
    v.result = run_result::broken;
    v.message = "the run failed, and its report names no failure: " + log;
  }
  return v;
}

// Runs scenario texts as `relinksim run` children, `jobs` at a time. Each text is
// a hidden file in the scenario's folder while it runs, so that its includes and
// its platform's command are found as the scenario's are; the reports go to a
// work folder. Both go when the judge does.
class child_judge {
public:
  child_judge(std::string self, const std::string& scenario_file, std::uint64_t max_events)
      : self_(std::move(self)), max_events_(max_events) {
    const fs::path folder = fs::path(scenario_file).parent_path();
    folder_ = folder.empty() ? fs::path(".") : folder;
    stem_ = "." + fs::path(scenario_file).stem().string() + ".relinksim-" +
            std::to_string(::getpid()) + "-";
    std::string pattern = (fs::temp_directory_path() / "relinksim-explore-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr)
      throw std::runtime_error("cannot make a work folder in " +
                               fs::temp_directory_path().string());
    work_ = pattern;
  }
  ~child_judge() {
    std::error_code ignored;
    fs::remove_all(work_, ignored);
    for (std::size_t i = 0; i < inputs_; ++i)
      fs::remove(input(i), ignored);
  }
  child_judge(const child_judge&) = delete;
  child_judge& operator=(const child_judge&) = delete;

  std::vector<explore::verdict> operator()(const std::vector<std::string>& texts) {
    std::vector<pid_t> pids;
    for (std::size_t i = 0; i < texts.size(); ++i) {
      inputs_ = std::max(inputs_, i + 1);
      std::ofstream written(input(i), std::ios::binary);
      written << texts[i];
      written.close();
      if (!written)
        throw reports::write_error("cannot write " + input(i).string() +
                                   ": the scenario's folder must be writable");
      std::vector<std::string> args{"run", input(i).string(), "--quiet", "--out",
                                    report(i).string()};
      if (max_events_ > 0)
        args.insert(args.end(), {"--max-events", std::to_string(max_events_)});
      std::error_code ignored;
      fs::remove_all(report(i), ignored); // never the report of an earlier run
      pids.push_back(spawn(self_, args, {log(i).string(), "", "", true}));
      if (pids.back() < 0) {
        const std::string reason = std::strerror(errno);
        for (const pid_t pid : pids)
          if (pid > 0 && ::kill(-pid, SIGTERM) == 0)
            ::waitpid(pid, nullptr, 0);
        throw std::runtime_error("cannot start " + self_ + ": " + reason);
      }
    }
    std::vector<int> codes(texts.size(), exit_internal);
    std::size_t left = texts.size();
    bool passed_on = false;
    while (left > 0) {
      for (std::size_t i = 0; i < pids.size(); ++i) {
        int status = 0;
        if (pids[i] <= 0 || ::waitpid(pids[i], &status, WNOHANG) != pids[i])
          continue;
        codes[i] = WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
        pids[i] = 0, --left;
      }
      if (stop_requested() && !passed_on) { // the runs write what they have and stop
        for (const pid_t pid : pids)
          if (pid > 0)
            ::kill(-pid, SIGINT);
        passed_on = true;
      }
      if (left > 0)
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    std::vector<explore::verdict> verdicts;
    for (std::size_t i = 0; i < texts.size(); ++i) {
      std::string log_text = read_text(log(i));
      if (codes[i] < 0) // killed by a signal, which its log cannot say
        log_text += "relinksim run was killed by signal " + std::to_string(-codes[i]) + " (" +
                    ::strsignal(-codes[i]) + ")\n";
      verdicts.push_back(verdict_of_run(codes[i], report(i) / "report.json", log_text));
    }
    return verdicts;
  }

  // What a run said of the file it ran, said of `file` instead.
  std::string naming(std::string text, const std::string& file) const {
    const std::string prefix = (folder_ / stem_).string();
    for (auto at = text.find(prefix); at != std::string::npos; at = text.find(prefix, at)) {
      auto end = at + prefix.size();
      while (end < text.size() && std::isdigit(static_cast<unsigned char>(text[end])))
        ++end;
      if (text.compare(end, 5, ".yaml") == 0)
        end += 5;
      text.replace(at, end - at, file);
      at += file.size();
    }
    return text;
  }

private:
  fs::path input(std::size_t i) const {
    return folder_ / (stem_ + std::to_string(i) + ".yaml");
  }
  fs::path log(std::size_t i) const { return work_ / (std::to_string(i) + ".log"); }
  fs::path report(std::size_t i) const { return work_ / ("run-" + std::to_string(i)); }

  std::string self_;
  std::uint64_t max_events_;
  fs::path folder_;
  std::string stem_;
  std::size_t inputs_ = 0;
  fs::path work_;
};

// The file and its tree, after the loader accepted it; nullopt once the errors
// are printed.
struct loaded_file {
  sim::scenario spec;
  YAML::Node root;
};

std::optional<loaded_file> load_for(const std::string& command, const std::string& file) {
  if (file == "-") {
    std::cerr << "relinksim " << command
              << ": give a file, not standard input: its variations run in its folder\n";
    return std::nullopt;
  }
  auto loaded = sim::load_scenario_file(file);
  sim::print_all(loaded.errors, std::cerr);
  if (!loaded.value)
    return std::nullopt;
  const auto text = sim::read_source_file(file, sim::max_file_bytes);
  std::string error;
  auto root = text.text ? sim::parse_scenario_yaml(*text.text, error) : std::nullopt;
  if (!root) { // read and parsed a moment ago
    std::cerr << "relinksim " << command << ": " << file << ": cannot read it again\n";
    return std::nullopt;
  }
  return loaded_file{std::move(*loaded.value), std::move(*root)};
}

// Where a written scenario goes: `out`, or beside `file` as STEM.SUFFIX.yaml, so
// that its includes and its platform's command are where they were.
fs::path written_path(const std::string& file, const std::string& out, const std::string& suffix) {
  const fs::path path(file);
  const std::string name = path.stem().string() + "." + suffix + ".yaml";
  std::error_code error;
  if (!out.empty() && (out.back() == '/' || fs::is_directory(out, error)))
    return fs::path(out) / name; // a folder: the file goes in it, named as beside the scenario
  if (!out.empty())
    return out;
  return path.parent_path() / name;
}

// Include paths are relative to the file that names them: a file written
// elsewhere names the same fragments from there.
void rebase_includes(YAML::Node& root, const std::string& from_file, const fs::path& to_file) {
  YAML::Node list = root["include"];
  if (!list || !list.IsSequence())
    return;
  // The folders of the absolute paths: a file named without one is in this folder.
  const fs::path from = fs::absolute(from_file).parent_path();
  const fs::path to = fs::absolute(to_file).parent_path();
  if (from.lexically_normal() == to.lexically_normal())
    return;
  for (std::size_t i = 0; i < list.size(); ++i)
    if (list[i].IsScalar())
      list[i] = (from / list[i].Scalar()).lexically_normal().lexically_relative(to).string();
}

// Why a scenario written to `to_file` could not run as `from_file` does, or
// nothing: includes stay inside their scenario's folder tree, and a platform's
// command runs in the scenario's folder.
std::string out_of_reach(const YAML::Node& root, const std::string& from_file,
                         const fs::path& to_file) {
  const YAML::Node platform = root["platform"];
  const YAML::Node endpoint = platform && platform.IsMap() ? platform["endpoint"] : YAML::Node();
  if (endpoint && endpoint.IsMap() && endpoint["command"] &&
      fs::absolute(from_file).parent_path().lexically_normal() !=
          fs::absolute(to_file).parent_path().lexically_normal())
    return from_file + " starts its platform (platform.endpoint.command) in its own folder, "
                       "and a file written in " +
           to_file.parent_path().string() +
           " would start it there: give --out a path in the scenario's folder, or leave it out";
  YAML::Node copy = YAML::Clone(root);
  rebase_includes(copy, from_file, to_file);
  const YAML::Node list = copy["include"];
  if (!list || !list.IsSequence())
    return {};
  for (const auto& item : list)
    if (item.IsScalar() && item.Scalar().rfind("..", 0) == 0)
      return from_file + " has includes, which a file written in " +
             to_file.parent_path().string() +
             " cannot reach (includes stay inside their scenario's folder): give --out a "
             "path in the scenario's folder, or leave it out";
  return {};
}

// Each line of `text` as an indented comment.
std::string commented(const std::string& text) {
  std::string out;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);)
    out += "#   " + line + "\n";
  return out;
}

// A failure as the user reads it: what failed, and how when that is part of it.
std::string described(const explore::failure& f) {
  return f.reason.empty() ? f.what : f.what + " (" + f.reason + ")";
}

std::string first_line(const std::string& text) {
  return text.substr(0, text.find('\n'));
}

bool write_scenario(const fs::path& path, const std::string& text) {
  try {
    reports::write_atomically(path.string(), [&](std::ostream& out) { out << text; });
    return true;
  } catch (const std::exception& e) {
    std::cerr << "relinksim: " << engine::printable(e.what()) << '\n';
    return false;
  }
}

// The messages of a refused or broken run, naming the file written for it.
std::string about(const explore::verdict& v, const child_judge& judge, const fs::path& file) {
  return engine::printable(judge.naming(v.message, file.string()), true);
}

// Runs the written file on its own, as a user would, and says whether it fails as
// `target`: the tool's own check that what it wrote is what it found.
bool fails_on_its_own(const std::string& self, std::uint64_t max_events,
                      const fs::path& written, const explore::failure& target,
                      std::string& seen) {
  child_judge judge(self, written.string(), max_events);
  const auto verdict = judge({read_text(written)}).front();
  seen = verdict.failures.empty() ? judge.naming(verdict.message, written.string())
                                  : verdict.failures.front().what;
  return verdict.fails_as(target);
}

// A stop signal that came while the written file was checked: the file goes, as
// nothing is written when explore or shrink is interrupted.
int interrupted_while_checking(const char* command, const fs::path& written) {
  std::error_code ignored;
  fs::remove(written, ignored);
  std::cerr << "relinksim " << command << ": interrupted by "
            << signal_name(last_stop_signal()) << "; nothing written\n";
  return exit_interrupted;
}

void print_explore_progress(const std::string& name, const explore::explore_tally& t,
                            std::uint64_t total, double seconds) {
  const std::string of = total >= sim::max_seed ? "" : " of " + std::to_string(total);
  std::cerr << fmt::format("\rexplore {}: {}{} runs · {} failed · {:.0f} s\033[K", name,
                           t.runs, of, t.failed, seconds)
            << std::flush;
}

// The seeds to run and the real time they may take, from the options; nullopt once
// what is wrong is said.
struct explore_range {
  std::pair<std::uint64_t, std::uint64_t> seeds;
  std::optional<std::chrono::steady_clock::duration> budget;
};

std::optional<explore_range> range_of(const explore_command& cmd) {
  explore_range range;
  // Without --runs or --seeds: 100 runs, or with a time budget as many as it allows.
  range.seeds = {1, cmd.runs > 0                 ? cmd.runs
                    : !cmd.time_budget.empty() ? sim::max_seed
                                                 : 100};
  if (!cmd.seeds.empty()) {
    const auto given = parse_seeds(cmd.seeds);
    if (!given) {
      std::cerr << "relinksim explore: --seeds takes A..B with whole numbers A <= B <= "
                << sim::max_seed << ", not '" << engine::printable(cmd.seeds) << "'\n";
      return std::nullopt;
    }
    range.seeds = *given;
    if (cmd.runs > 0) // from A, at most --runs of them
      range.seeds.second = std::min(range.seeds.second, range.seeds.first + cmd.runs - 1);
  }
  if (!cmd.time_budget.empty()) {
    const auto d = engine::parse_duration(cmd.time_budget);
    if (!d || d->count() == 0) {
      std::cerr << "relinksim explore: --time-budget takes a duration such as 90s, 10m "
                   "or 2h, not '"
                << engine::printable(cmd.time_budget) << "'\n";
      return std::nullopt;
    }
    range.budget = *d;
  }
  return range;
}

// How many runs, passed and failed; how often each fault was on; what each value drew.
void print_explore_summary(const std::string& file, const explore::explore_tally& t,
                           std::uint64_t first_seed, bool out_of_time,
                           const sim::vary_spec& vary) {
  std::cout << fmt::format("explore {}: {} runs (seeds {}..{}), {} passed, {} failed{}\n",
                           file, t.runs, first_seed, first_seed + t.runs - (t.runs > 0),
                           t.passed, t.failed,
                           out_of_time ? "; stopped by the time budget" : "");
  for (const auto& f : t.faults)
    std::cout << fmt::format("  fault {}: on in {} of {} runs\n", f.id, f.on, t.runs);
  for (std::size_t i = 0; i < t.values.size() && t.runs > 0; ++i) {
    const auto& value = t.values[i];
    const auto& spec = vary.values[i];
    std::string drawn;
    if (value.choice_counts.empty())
      drawn = explore::value_text(spec, value.lowest) + " to " +
              explore::value_text(spec, value.highest);
    else
      for (std::size_t c = 0; c < value.choice_counts.size(); ++c)
        drawn += (c == 0 ? "" : ", ") + spec.choices[c] + " " +
                 std::to_string(value.choice_counts[c]) + "x";
    std::cout << "  value " << value.path << ": " << engine::printable(drawn) << '\n';
  }
}

// What a variation's file says of itself before its YAML: where it came from, what
// was drawn, how it failed.
std::string variation_header(const std::string& file, const explore::variation& found,
                             const explore::verdict& v) {
  std::string header = fmt::format(
      "# A variation of {} drawn by `relinksim explore` from seed {}.\n"
      "# Faults on: {}; off: {}.\n",
      fs::path(file).filename().string(), found.seed, explore::listed(found.faults_on),
      explore::listed(found.faults_off));
  for (const auto& [path, value] : found.values)
    header += "# " + path + ": " + value + "\n";
  if (v.result == run_result::failed)
    header += "# It fails: " + v.failures.front().what + "\n" +
              commented(first_line(v.failures.front().detail));
  return header;
}

// The variation that failed (or did not run): written, said, and checked to fail
// on its own.
int report_found(const explore_command& cmd, const std::string& self, const child_judge& judge,
                 const explore::variation& found, const explore::verdict& v) {
  const fs::path written = written_path(cmd.file, cmd.out, "seed-" + std::to_string(found.seed));
  YAML::Node root = YAML::Clone(found.root);
  rebase_includes(root, cmd.file, written);
  if (!write_scenario(written, variation_header(cmd.file, found, v) + sim::scenario_yaml_text(root)))
    return exit_invalid;
  if (v.result == run_result::invalid) { // the loader's words, of the file as written
    std::cerr << "relinksim explore: the variation of seed " << found.seed
              << " is refused; it is written to " << written.string() << ":\n";
    const auto reloaded = sim::load_scenario_file(written.string());
    if (reloaded.errors.empty()) // refused by the run, not the loader (a platform that
      std::cerr << about(v, judge, written) << '\n'; // would not start, say)
    sim::print_all(reloaded.errors, std::cerr);
    return exit_invalid;
  }
  if (v.result != run_result::failed) {
    std::cerr << "relinksim explore: the variation of seed " << found.seed
              << " did not run; it is written to " << written.string() << ":\n"
              << about(v, judge, written) << '\n';
    return exit_internal;
  }
  std::cout << fmt::format("FAIL seed {}: {}\n", found.seed, v.failures.front().what);
  std::cout << "  " << engine::printable(first_line(v.failures.front().detail)) << '\n';
  std::cout << "  faults on: " << explore::listed(found.faults_on) << "; off: "
            << explore::listed(found.faults_off) << '\n';
  for (const auto& [path, value] : found.values)
    std::cout << "  " << path << ": " << value << '\n';
  std::string seen;
  const bool confirmed = fails_on_its_own(self, cmd.max_events, written, v.failures.front(), seen);
  if (stop_requested())
    return interrupted_while_checking("explore", written);
  if (!confirmed) {
    std::cerr << "relinksim explore: internal error: " << written.string()
              << " does not fail on its own as its run did (" << seen
              << "); the variation is not reproducible\n";
    return exit_internal;
  }
  std::cout << "wrote " << written.string() << " (it fails on its own)\n"
            << "  run it:    relinksim run " << written.string() << '\n'
            << "  shrink it: relinksim shrink " << written.string() << '\n';
  return exit_failed;
}

// The shrunk scenario: written with its header, and checked to fail on its own.
int write_shrunk(const shrink_command& cmd, const std::string& self, child_judge& judge,
                 const YAML::Node& start, const explore::shrink_result& result,
                 const explore::failure& target, std::uint64_t seed) {
  const fs::path written = written_path(cmd.file, cmd.out, "shrunk");
  YAML::Node root = YAML::Clone(result.root);
  // What the reports of the shrunk file say it shows.
  if (root["title"])
    root["title"] = "Shrunk from " + fs::path(cmd.file).filename().string() + ": " + target.what;
  rebase_includes(root, cmd.file, written);
  const std::string body = sim::scenario_yaml_text(root);
  const auto final_verdict = judge({body}).front();
  const auto lines_of = [](const std::string& text) {
    return std::count(text.begin(), text.end(), '\n');
  };
  const std::string detail = [&] {
    for (const auto& f : final_verdict.failures)
      if (f.what == target.what)
        return first_line(f.detail);
    return std::string();
  }();
  const std::string header = fmt::format(
      "# Shrunk by `relinksim shrink` from {} (seed {}) in {} runs{}:\n"
      "# {} entries -> {} (timeline entries, expectations, customers, accounts,\n"
      "# populations, institutions, behaviours); {} lines of YAML -> {}.\n"
      "# It still fails the same way: {}\n",
      fs::path(cmd.file).filename().string(), seed, result.runs,
      result.stopped ? " (stopped at the limit of runs)" : "", explore::entries_of(start),
      explore::entries_of(result.root), lines_of(sim::scenario_yaml_text(start)),
      lines_of(body), described(target)) + commented(detail);
  if (!write_scenario(written, header + body))
    return exit_invalid;
  std::string seen;
  const bool confirmed = fails_on_its_own(self, cmd.max_events, written, target, seen);
  if (stop_requested())
    return interrupted_while_checking("shrink", written);
  if (!confirmed) {
    std::cerr << "relinksim shrink: internal error: " << written.string()
              << " does not fail on its own as " << cmd.file << " did (" << seen << ")\n";
    return exit_internal;
  }
  std::cout << fmt::format("shrunk {} entries to {} in {} runs; wrote {} (it fails on its "
                           "own: {})\n",
                           explore::entries_of(start), explore::entries_of(result.root),
                           result.runs, written.string(), described(target));
  return exit_ok;
}

} // namespace

int run_explore(const explore_command& cmd, const std::string& self) {
  catch_stop_signals(second_interrupt::is_counted);
  const auto range = range_of(cmd);
  if (!range)
    return exit_invalid;
  auto file = load_for("explore", cmd.file);
  if (!file)
    return exit_invalid;
  if (!file->spec.vary) {
    std::cerr << "relinksim explore: " << cmd.file
              << " has no vary: block, so nothing varies from run to run; "
                 "docs/explore-and-shrink.md shows how to write one\n";
    return exit_invalid;
  }
  if (const auto why = out_of_reach(file->root, cmd.file,
                                    written_path(cmd.file, cmd.out, "seed-1"));
      !why.empty()) {
    std::cerr << "relinksim explore: " << why << '\n';
    return exit_invalid;
  }
  child_judge judge(self, cmd.file, cmd.max_events);
  const auto started = std::chrono::steady_clock::now();
  explore::explore_plan plan;
  plan.first_seed = range->seeds.first;
  plan.last_seed = range->seeds.second;
  plan.jobs = cmd.jobs;
  bool out_of_time = false;
  plan.keep_going = [&] {
    out_of_time = range->budget && std::chrono::steady_clock::now() - started >= *range->budget;
    return !out_of_time && !stop_requested();
  };
  const bool terminal = ::isatty(STDERR_FILENO) == 1 && !cmd.quiet;
  if (terminal)
    plan.progress = [&](const explore::explore_tally& t) {
      const std::chrono::duration<double> wall = std::chrono::steady_clock::now() - started;
      print_explore_progress(file->spec.name, t, range->seeds.second - range->seeds.first + 1,
                             wall.count());
    };
  const auto result = explore::explore_variations(file->root, *file->spec.vary, plan,
                                                  [&](const auto& texts) { return judge(texts); });
  if (terminal)
    std::cerr << "\r\033[K" << std::flush;
  if (stop_requested()) {
    std::cerr << "relinksim explore: interrupted by " << signal_name(last_stop_signal())
              << " after " << result.tally.runs << " runs\n";
    return exit_interrupted;
  }
  print_explore_summary(cmd.file, result.tally, range->seeds.first, out_of_time,
                        *file->spec.vary);
  if (!result.found)
    return exit_ok;
  return report_found(cmd, self, judge, *result.found, result.found_verdict);
}

int run_shrink(const shrink_command& cmd, const std::string& self) {
  catch_stop_signals(second_interrupt::is_counted);
  auto file = load_for("shrink", cmd.file);
  if (!file)
    return exit_invalid;
  YAML::Node start = YAML::Clone(file->root);
  start.remove("vary"); // what a run plays: the file as written
  if (cmd.seed_given)
    explore::set_seed(start, cmd.seed);
  const std::uint64_t seed = cmd.seed_given ? cmd.seed : file->spec.seed;
  if (const auto why =
          out_of_reach(file->root, cmd.file, written_path(cmd.file, cmd.out, "shrunk"));
      !why.empty()) {
    std::cerr << "relinksim shrink: " << why << '\n';
    return exit_invalid;
  }
  child_judge judge(self, cmd.file, cmd.max_events);
  const auto first = judge({sim::scenario_yaml_text(start)}).front();
  if (stop_requested()) {
    std::cerr << "relinksim shrink: interrupted by " << signal_name(last_stop_signal())
              << "; nothing written\n";
    return exit_interrupted;
  }
  if (first.result == run_result::passed) {
    std::cerr << "relinksim shrink: " << cmd.file << " passes with seed " << seed
              << ": there is no failure to keep while shrinking\n";
    return exit_invalid;
  }
  if (first.result != run_result::failed) {
    std::cerr << "relinksim shrink: " << cmd.file << " did not run: "
              << about(first, judge, cmd.file) << '\n';
    return first.result == run_result::invalid ? exit_invalid : exit_internal;
  }
  const auto chosen = std::find_if(first.failures.begin(), first.failures.end(),
                                   [&](const explore::failure& f) {
                                     return f.what.find(cmd.failure) != std::string::npos;
                                   });
  if (chosen == first.failures.end()) {
    std::cerr << "relinksim shrink: no failure of " << cmd.file << " matches --failure '"
              << engine::printable(cmd.failure) << "'; it fails as:\n";
    for (const auto& f : first.failures)
      std::cerr << "  " << f.what << '\n';
    return exit_invalid;
  }
  const explore::failure target = *chosen;
  std::cout << "shrink " << cmd.file << " (seed " << seed << "): keeping "
            << engine::printable(described(target)) << '\n';
  explore::shrink_plan plan;
  plan.jobs = cmd.jobs;
  plan.max_runs = cmd.max_runs;
  plan.keep_going = [] { return !stop_requested(); };
  if (cmd.verbose)
    plan.step = [](const std::string& line) {
      std::cout << "  " << engine::printable(line) << '\n' << std::flush;
    };
  const auto result = explore::shrink_scenario(
      start, target, plan, [&](const auto& texts) { return judge(texts); });
  if (stop_requested()) {
    std::cerr << "relinksim shrink: interrupted by " << signal_name(last_stop_signal())
              << " after " << result.runs << " runs; nothing written\n";
    return exit_interrupted;
  }
  return write_shrunk(cmd, self, judge, start, result, target, seed);
}

} // namespace cli
