// relinksim: simulate hosted-relink flows from YAML scenarios and check them.
// Its exit codes are cli/exit_codes.hpp's.

#include "cli/completion.hpp"
#include "cli/exit_codes.hpp"
#include "cli/explore.hpp"
#include "cli/init.hpp"
#include "cli/shell.hpp"
#include "cli/stop_signals.hpp"
#include "cli/suite.hpp"
#include "engine/check.hpp"
#include "engine/printable.hpp"
#include "live/platform_loop.hpp"
#include "live/platform_process.hpp"
#include "reports/atomic_file.hpp"
#include "reports/console.hpp"
#include "reports/events_jsonl.hpp"
#include "reports/json_report.hpp"
#include "reports/junit.hpp"
#include "reports/report_folder.hpp"
#include "reports/report_model.hpp"
#include "reports/reproduce.hpp"
#include "reports/run_reports.hpp"
#include "format/diagnostics.hpp"
#include "format/loader.hpp"
#include "sim/runner.hpp"
#include "format/limits.hpp"
#include "format/schema.hpp"

#include <CLI/CLI.hpp>
#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <fmt/format.h>
#include <iostream>
#include <malloc.h>
#include <map>
#include <optional>
#include <unistd.h>

#ifndef RELINKSIM_VERSION
#define RELINKSIM_VERSION "0.0.0"
#endif

namespace {

using namespace cli; // the exit codes

struct run_command {
  std::vector<std::string> files;
  std::uint64_t seed = 0;
  std::string out_dir;
  std::string follow;
  bool quiet = false;
  bool timings = false;
  std::uint64_t max_events = engine::kernel::default_event_budget;
  std::vector<std::string> overrides; // --set key.path=value
  std::string format = "text";        // console: text | json
};

// Loads every file; prints every error of every file. Returns false if any failed.
bool load_all(const std::vector<std::string>& files, std::vector<sim::scenario>& loaded,
              const std::vector<sim::override_value>& overrides = {}) {
  bool all_valid = true;
  for (const auto& file : files) {
    auto result = sim::load_scenario_file(file, overrides);
    sim::print_all(result.errors, std::cerr);
    if (!result.value) {
      all_valid = false;
      continue;
    }
    loaded.push_back(std::move(*result.value));
  }
  return all_valid;
}

// One report folder per scenario: `--out DIR` itself for one file, otherwise
// DIR/<scenario> (default out/<scenario>), named as `suite` names them, so
// that two files with one scenario name never share a folder.
std::vector<std::string> report_dirs(const run_command& cmd,
                                     const std::vector<sim::scenario>& scenarios) {
  namespace fs = std::filesystem;
  if (!cmd.out_dir.empty() && scenarios.size() == 1)
    return {cmd.out_dir};
  const fs::path base = cmd.out_dir.empty() ? "out" : cmd.out_dir;
  reports::folder_names names;
  std::vector<std::string> dirs;
  for (const auto& s : scenarios)
    dirs.push_back((base / names.claim(s.name)).string());
  return dirs;
}

// The files of `scenarios` from the `first`-th on: what a stop left unrun.
std::string listed(const std::vector<sim::scenario>& scenarios, std::size_t first) {
  std::string text;
  for (std::size_t i = first; i < scenarios.size(); ++i)
    text += (text.empty() ? "" : ", ") + scenarios[i].file;
  return text;
}

// One line on stderr, rewritten in place: how far the run got, how fast, how
// long it should still take.
void print_progress(const sim::scenario& s, engine::duration reached,
                    std::uint64_t events, double wall) {
  const double done = s.horizon.count() > 0 ? static_cast<double>(reached.count()) /
                                                  static_cast<double>(s.horizon.count())
                                            : 0.0;
  const double rate = wall > 0 ? static_cast<double>(events) / wall : 0.0;
  std::cerr << fmt::format("\r{}: {} of {} ({:.0f}%) · {} events · {:.0f}k events/s",
                           s.name, engine::format_duration(reached),
                           engine::format_duration(s.horizon), done * 100.0,
                           reports::with_thousands(events), rate / 1000.0);
  if (done > 0.01)
    std::cerr << " · ~" << static_cast<long long>(wall * (1.0 - done) / done + 0.5)
              << " s left";
  std::cerr << "\033[K" << std::flush;
}

void print_timings(const sim::scenario& s,
                   const std::vector<std::pair<std::string, double>>& phases,
                   std::ostream& out) {
  double total = 0.0;
  for (const auto& [name, seconds] : phases)
    total += seconds;
  out << s.name << ": timings (wall seconds)\n";
  for (const auto& [name, seconds] : phases)
    out << fmt::format("  {:8.3f}  {:5.1f}%  {}\n", seconds,
                       total > 0 ? 100.0 * seconds / total : 0.0, name);
  out << fmt::format("  {:8.3f}          total\n", total);
}

std::optional<std::vector<sim::override_value>>
parse_overrides(const std::vector<std::string>& texts,
                std::string* reproduce_extra = nullptr) {
  std::vector<sim::override_value> overrides;
  for (const auto& text : texts) {
    auto o = sim::parse_override(text);
    if (!o) {
      std::cerr << "relinksim: --set takes key.path=value, not '"
                << engine::printable(text) << "'\n";
      return std::nullopt;
    }
    overrides.push_back(*o);
    if (reproduce_extra != nullptr)
      *reproduce_extra += (reproduce_extra->empty() ? "" : " ") + std::string("--set ") +
                          reports::shell_quoted(text);
  }
  return overrides;
}

// What the platform's command finds in its environment: where to send webhooks
// from (its endpoint) and the keys to check them and call with.
std::map<std::string, std::string> platform_environment(const sim::scenario& s,
                                                        const sim::endpoint_spec& e,
                                                        int api_port) {
  return {{"STRIPE_SECRET_KEY", e.secret_key},
          {"STRIPE_WEBHOOK_SECRET", e.signing_secret},
          {"RELINKSIM_WEBHOOK_URL", e.url},
          {"RELINKSIM_API_BASE", "http://127.0.0.1:" + std::to_string(api_port)},
          {"RELINKSIM_API_HOST", "127.0.0.1"},
          {"RELINKSIM_API_PORT", std::to_string(api_port)},
          {"RELINKSIM_SCENARIO", s.name}};
}

int run(const run_command& cmd, const CLI::App& app) {
  catch_stop_signals(
      second_interrupt::kills); // first: one that comes while loading stops, never kills
  std::string reproduce_extra;
  auto overrides = parse_overrides(cmd.overrides, &reproduce_extra);
  if (!overrides)
    return exit_invalid;
  // What the run needs to be repeated: a budget that stopped it is part of it.
  if (app.get_subcommand("run")->count("--max-events") > 0)
    reproduce_extra += (reproduce_extra.empty() ? "" : " ") + std::string("--max-events ") +
                       std::to_string(cmd.max_events);
  std::vector<sim::scenario> scenarios;
  if (!load_all(cmd.files, scenarios, *overrides))
    return exit_invalid;
  const std::vector<std::string> dirs = report_dirs(cmd, scenarios);
  for (const auto& dir : dirs) // before anything runs, not after a long run
    reports::check_replaceable(dir);
  int status = exit_ok;
  for (std::size_t i = 0; i < scenarios.size(); ++i) {
    if (stop_requested()) {
      std::cerr << "relinksim: interrupted by " << cli::signal_name(last_stop_signal())
                << "; not run: " << listed(scenarios, i) << '\n';
      return exit_interrupted;
    }
    const sim::scenario& s = scenarios[i];
    const std::string& dir = dirs[i];
    reports::staged_folder staged(dir);
    sim::run_options options;
    options.seed_given = app.get_subcommand("run")->count("--seed") > 0;
    options.seed = cmd.seed;
    options.event_budget = cmd.max_events;
    options.stop = &stop_requested();
    options.story_of = cmd.follow;
    // events.jsonl and webhooks.jsonl are written on the second core as the run
    // records the trace.
    reports::run_streams streams(staged, s.start_unix_seconds);
    streams.attach(options);
    // The platform's own code, when the scenario names its endpoint: started
    // now, stopped when this run is over (docs/platform-in-the-loop.md).
    // Declared first, gone last: the API answers until the platform has stopped.
    std::optional<live::platform_loop> lockstep;
    std::optional<live::platform_process> platform;
    if (s.platform.endpoint) {
      const auto folder = std::filesystem::path(s.file).parent_path();
      try {
        const sim::endpoint_spec endpoint = live::with_free_port(*s.platform.endpoint);
        lockstep.emplace(endpoint, streams.webhooks());
        platform.emplace(endpoint, folder.empty() ? "." : folder.string(),
                         staged.path() + "/platform.log",
                         platform_environment(s, endpoint, lockstep->api_port()));
      } catch (const std::runtime_error& e) { // the platform failed to start, or the API to listen
        // With its lines (the end of the platform's output), made safe for a terminal.
        std::cerr << s.file << ": " << engine::printable(e.what(), true) << '\n';
        return exit_invalid;
      }
      streams.webhooks().on_sent([&lockstep](const sim::webhook_delivery& d,
                                             std::string_view body) { lockstep->sent(d, body); });
      options.platform = &*lockstep;
    }
    bool progress_shown = false;
    if (::isatty(STDERR_FILENO) == 1)
      options.progress = [&](engine::duration reached, std::uint64_t events,
                             double wall) {
        print_progress(s, reached, events, wall);
        progress_shown = true;
      };
    // The reports are written while the actors are torn down.
    std::optional<reports::run_context> context;
    std::optional<reports::written_run> written;
    options.after_judging = [&](const sim::outcome& finished) {
      const auto command =
          reports::reproduce_command(finished.spec.file, finished.seed, reproduce_extra);
      context.emplace(reports::run_context{RELINKSIM_VERSION,
                                           reports::reproduce_run(finished, command),
                                           reports::junit_timestamp_now() + "Z", command});
      written.emplace(reports::write_run_folder(finished, *context, staged, dir, streams));
    };
    // A fired check, or an exception out of an actor, is a bug of relinksim's:
    // no outcome, so no report that could read as a pass; what fired, where, and
    // how to reproduce it instead.
    std::optional<sim::outcome> ran;
    std::string internal_failure;
    try {
      ran.emplace(sim::run_scenario(s, options));
    } catch (const engine::check_failed& e) {
      internal_failure = e.what();
    } catch (const engine::internal_error& e) {
      internal_failure = std::string("internal error: ") + e.what();
    }
    if (progress_shown)
      std::cerr << "\r\033[K" << std::flush;
    if (!ran) {
      std::cerr << "relinksim: " << engine::printable(internal_failure)
                << "\nrelinksim: reproduce: "
                << engine::printable(reports::reproduce_command(
                       s.file, options.seed_given ? options.seed : s.seed,
                       reproduce_extra))
                << '\n';
      return exit_internal;
    }
    const sim::outcome& result = *ran;
    const reports::report_model& model = written->model;
    if (cmd.timings) {
      print_timings(s, result.phases, std::cerr);
      std::cerr << fmt::format("  of which, beside the teardown: {:.3f} s the report model "
                               "and the small reports, {:.3f} s what events.jsonl, webhooks.jsonl "
                               "and accounts.jsonl still took\n",
                               written->model_and_reports_seconds,
                               written->streams_left_seconds);
    }
    if (!cmd.follow.empty()) {
      if (!reports::print_story(result, cmd.follow, std::cout))
        std::cerr << "relinksim: '" << engine::printable(cmd.follow)
                  << "' never appears in " << engine::printable(s.file) << '\n';
    }
    if (cmd.format == "json") {
      reports::write_json_summary(result, model, *context, std::cout);
    } else if (!cmd.quiet || !result.passed()) {
      reports::console_style style{cli::use_color(), reproduce_extra, &model.funnel};
      style.failures_only = cmd.quiet;
      reports::print_summary(result, dir, style, std::cout);
    }
    if (result.interrupted) { // stopped by the signal, not by a budget
      std::cerr << "relinksim: interrupted at "
                << engine::format_duration(result.stats.virtual_time) << " of "
                << engine::format_duration(s.horizon) << " by "
                << cli::signal_name(last_stop_signal()) << "; partial reports in " << dir
                << "/";
      if (i + 1 < scenarios.size())
        std::cerr << "; not run: " << listed(scenarios, i + 1);
      std::cerr << '\n';
      return exit_interrupted;
    }
    if (!result.passed())
      status = exit_failed;
  }
  return status;
}

// One account's story: every event of it, its holder, emails, requests and payments.
int explain(const std::string& file, const std::string& account, std::uint64_t seed,
            bool seed_given, const std::vector<std::string>& sets) {
  catch_stop_signals(second_interrupt::kills);
  auto overrides = parse_overrides(sets);
  if (!overrides)
    return exit_invalid;
  std::vector<sim::scenario> scenarios;
  if (!load_all({file}, scenarios, *overrides))
    return exit_invalid;
  sim::run_options options;
  options.seed_given = seed_given;
  options.seed = seed;
  options.stop = &stop_requested();
  options.story_of = account;
  const sim::outcome result = sim::run_scenario(scenarios.front(), options);
  if (!reports::print_story(result, account, std::cout)) {
    std::vector<std::string> ids;
    for (const auto& a : result.spec.accounts)
      ids.push_back(a.id);
    const std::string near = sim::did_you_mean(account, ids);
    std::cerr << "relinksim: no account '" << engine::printable(account) << "' in "
              << engine::printable(file)
              << (near.empty() ? "" : " (did you mean '" + near + "'?)") << '\n';
    return exit_invalid;
  }
  return result.interrupted ? exit_interrupted : exit_ok;
}

// "1 account", "2 accounts".
std::string counted(std::size_t n, const char* one, const char* many) {
  return std::to_string(n) + ' ' + (n == 1 ? one : many);
}

int validate(const std::vector<std::string>& files,
             const std::vector<std::string>& sets) {
  auto overrides = parse_overrides(sets);
  if (!overrides)
    return exit_invalid;
  std::vector<sim::scenario> scenarios;
  const bool valid = load_all(files, scenarios, *overrides);
  for (const auto& s : scenarios)
    std::cout << engine::printable(s.file) << ": ok (" << s.name << ", "
              << counted(s.accounts.size(), "account", "accounts")
              << (s.populations.empty()
                      ? std::string()
                      : " listed + " +
                            counted(s.populations.size(), "population", "populations"))
              << ", " << counted(s.timeline.size(), "timeline entry", "timeline entries")
              << ", " << counted(s.expectations.size(), "expectation", "expectations")
              << (s.vary ? "; explore varies " +
                               counted(s.vary->faults.size(), "fault", "faults") + " and " +
                               counted(s.vary->values.size(), "value", "values")
                         : std::string())
              << ")\n";
  return valid ? exit_ok : exit_invalid;
}

// `-` (standard input) only where the command can take it. A run cannot: its
// reports and reproduce commands name the file it ran. A file that is missing or
// unreadable is the loader's to report, in the `FILE: error: …` form of every
// other problem with a file.
CLI::Validator scenario_file(bool standard_input) {
  return CLI::Validator(
      [standard_input](std::string& name) -> std::string {
        if (name == "-" && !standard_input)
          return "run reads scenario files, not standard input ('-'): its "
                 "reports and reproduce commands name the file";
        return {};
      },
      "FILE");
}

// A seed as the scenario format takes it: a whole number from 0 to max_seed (a
// signed 64-bit integer, as report readers expect); never a negative number read
// as a huge one.
CLI::Validator seed_value() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        std::uint64_t value = 0;
        const char* end = text.data() + text.size();
        const auto [at, error] = std::from_chars(text.data(), end, value);
        if (text.empty() || error != std::errc() || at != end || value > sim::max_seed)
          return "a seed is a whole number from 0 to " + std::to_string(sim::max_seed) +
                 ", not '" + text + "'";
        return {};
      },
      "SEED");
}

// A command given no scenario file: what to type instead, and exit 2.
int no_file_given(const std::string& command, const char* usage) {
  std::cerr << "relinksim " << command << ": no scenario file given\n"
            << "usage: relinksim " << command << ' ' << usage << "\n"
            << "see: relinksim " << command << " --help\n";
  return exit_invalid;
}

} // namespace

int main(int argc, char** argv) {
  // The build links mimalloc, which this does not concern. Where glibc's allocator
  // is the one in use (the sanitizer builds, RELINKSIM_MIMALLOC=OFF): one malloc
  // arena for every thread, so that the report threads reuse what the torn-down
  // actors freed instead of growing arenas of their own (about 15 % more peak
  // memory otherwise).
#ifdef M_ARENA_MAX
  mallopt(M_ARENA_MAX, 1);
#endif
  CLI::App app{"relinksim " RELINKSIM_VERSION
               " - simulate and test hosted-relink flows of linked bank accounts",
               "relinksim"};
  app.set_version_flag("--version", std::string("relinksim " RELINKSIM_VERSION) +
                                        " (scenario format " +
                                        std::to_string(sim::scenario_format) +
                                        ", reports " + reports::report_format + ")");
  app.require_subcommand(0, 1);
  app.footer(fmt::format("Exit codes: {} every expectation held; {} something failed (an "
                         "expectation, an invariant, a run stopped early); {} invalid "
                         "scenario or usage; {} internal error; {} interrupted.",
                         int(exit_ok), int(exit_failed), int(exit_invalid),
                         int(exit_internal), int(exit_interrupted)));

  run_command run_args;
  auto* run_cmd = app.add_subcommand("run", "run scenarios and check their expectations");
  run_cmd->add_option("files", run_args.files, "scenario files (YAML)")
      ->check(scenario_file(false));
  run_cmd
      ->add_option("--seed", run_args.seed,
                   "seed for every random draw (default: the "
                   "scenario's seed)")
      ->check(seed_value());
  run_cmd->add_option("--out", run_args.out_dir,
                      "report directory (default out/<scenario>; with several files, "
                      "DIR/<scenario>)");
  run_cmd->add_option("--follow", run_args.follow,
                      "print every event of this account (or holder, request, relink)");
  run_cmd->add_flag("-q,--quiet", run_args.quiet, "print only failures");
  run_cmd->add_flag("--timings", run_args.timings,
                    "print the wall time of each phase of the run on stderr");
  run_cmd->add_option("--set", run_args.overrides,
                      "override a scenario value before checking: key.path=value "
                      "(e.g. platform.link_lifetime=3d, timeline[2].at=4d); repeatable");
  run_cmd
      ->add_option("--format", run_args.format,
                   "console output: text (one screen) or json (the summary as JSON)")
      ->check(CLI::IsMember({"text", "json"}));
  run_cmd
      ->add_option("--max-events", run_args.max_events,
                   "stop a run that handles more events than this (default 200000000)")
      ->check(CLI::Range(std::uint64_t{1}, engine::kernel::default_event_budget * 10));

  std::vector<std::string> validate_files;
  auto* validate_cmd =
      app.add_subcommand("validate", "check scenario files without running them");
  validate_cmd
      ->add_option("files", validate_files,
                   "scenario files (YAML); - reads standard input")
      ->check(scenario_file(true));
  std::vector<std::string> validate_overrides;
  validate_cmd->add_option("--set", validate_overrides,
                           "override a scenario value before checking: key.path=value; "
                           "repeatable");

  std::string explain_file, explain_account;
  std::uint64_t explain_seed = 0;
  std::vector<std::string> explain_overrides;
  auto* explain_cmd = app.add_subcommand(
      "explain", "run a scenario and tell one account's story, event by event");
  explain_cmd->add_option("file", explain_file, "scenario file (YAML)")
      ->required()
      ->check(CLI::ExistingFile);
  explain_cmd->add_option("--account", explain_account, "the account to follow")
      ->required();
  explain_cmd->add_option("--seed", explain_seed, "seed (default: the scenario's)")
      ->check(seed_value());
  explain_cmd->add_option("--set", explain_overrides,
                          "override a scenario value: key.path=value");

  cli::suite_command suite_args;
  auto* suite_cmd = app.add_subcommand(
      "suite",
      "run folders of scenarios side by side, once per seed, into one JUnit file");
  suite_cmd
      ->add_option("paths", suite_args.paths, "folders (their *.yaml files) and files")
      ->required();
  suite_cmd->add_option("-j,--jobs", suite_args.jobs, "runs side by side (default 1)")
      ->check(CLI::Range(1u, 256u));
  suite_cmd->add_option("--seeds", suite_args.seeds,
                        "run each scenario once per seed A..B (default: its own seed)");
  suite_cmd->add_option("--junit", suite_args.junit,
                        "the aggregated JUnit file (default "
                        "OUT/junit.xml)");
  suite_cmd->add_option("--out", suite_args.out_dir, "report folder (default out)");
  suite_cmd->add_flag("--fail-fast", suite_args.fail_fast,
                      "start no new run after a failure");
  suite_cmd->add_option(
      "--shard", suite_args.shard,
      "run only part I of N of the runs (I/N, 1-based), for parallel CI jobs");
  suite_cmd->add_option("--tag", suite_args.tags,
                        "only scenarios with this tag; repeatable");
  suite_cmd->add_flag(
      "--check-determinism", suite_args.check_determinism,
      "run each twice and report the first event where the traces differ");
  suite_cmd->add_option("--max-events", suite_args.max_events,
                        "event budget of each run");

  cli::explore_command explore_args;
  auto* explore_cmd = app.add_subcommand(
      "explore", "run variations of a scenario's vary: block, one per seed, until one "
                 "fails; write it as a scenario of its own");
  explore_cmd->add_option("file", explore_args.file, "a scenario file with a vary: block")
      ->required();
  explore_cmd->add_option("--runs", explore_args.runs,
                          "how many variations (default 100; with --seeds, at most this many)")
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1'000'000}));
  explore_cmd->add_option("--seeds", explore_args.seeds, "the seeds A..B to draw from (default 1..RUNS)");
  explore_cmd->add_option("-j,--jobs", explore_args.jobs, "runs side by side (default 1)")
      ->check(CLI::Range(1u, 256u));
  explore_cmd->add_option("--time-budget", explore_args.time_budget,
                          "stop starting runs after this much real time (90s, 10m, 2h)");
  explore_cmd->add_option("--out", explore_args.out,
                          "where to write the failing variation (default FILE's folder, "
                          "STEM.seed-N.yaml)");
  explore_cmd->add_option("--max-events", explore_args.max_events, "event budget of each run");
  explore_cmd->add_flag("-q,--quiet", explore_args.quiet, "no progress line");

  cli::shrink_command shrink_args;
  auto* shrink_cmd = app.add_subcommand(
      "shrink", "cut a failing scenario down to a small one that fails the same way");
  shrink_cmd->add_option("file", shrink_args.file, "a failing scenario file")->required();
  shrink_cmd->add_option("--seed", shrink_args.seed, "run it with this seed");
  shrink_cmd->add_option("--out", shrink_args.out,
                         "where to write the result (default FILE's folder, STEM.shrunk.yaml)");
  shrink_cmd->add_option("--failure", shrink_args.failure,
                         "the failure to keep, by a part of its name (default: the first "
                         "the report lists)");
  shrink_cmd->add_option("-j,--jobs", shrink_args.jobs, "candidates run side by side (default 1)")
      ->check(CLI::Range(1u, 256u));
  shrink_cmd->add_flag("-v,--verbose", shrink_args.verbose, "show every step that kept a change");
  shrink_cmd->add_option("--max-runs", shrink_args.max_runs,
                         "stop after this many runs, keeping the smallest so far (default 5000)")
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1'000'000}));
  shrink_cmd->add_option("--max-events", shrink_args.max_events, "event budget of each run");

  auto* schema_cmd = app.add_subcommand("schema", "print the JSON Schema (draft 2020-12) of "
                                                 "the scenario format, for editors");
  bool schema_tables = false;
  schema_cmd->add_flag("--tables", schema_tables,
                       "print instead the tables docs/scenario-format.md holds verbatim");
  bool schema_path = false;
  schema_cmd->add_flag("--path", schema_path,
                       "print instead where the installed copy is (for a modeline)");

  std::string init_dir = ".";
  auto* init_cmd = app.add_subcommand(
      "init", "write a first suite: an example scenario, and CI jobs for GitHub Actions "
              "and GitLab CI (never overwrites a file)");
  init_cmd->add_option("dir", init_dir, "the suite's folder (default: this one)");

  std::string completion_shell;
  auto* completion_cmd = app.add_subcommand(
      "completion", "print the shell completion script: source <(relinksim completion bash)");
  completion_cmd->add_option("shell", completion_shell, "bash or zsh")
      ->required()
      ->check(CLI::IsMember(std::vector<std::string>(std::begin(completion_shells),
                                                     std::end(completion_shells))));

  // No command: the usage, on the error stream, and exit 2 (a script that calls
  // relinksim without one has a bug to hear of).
  if (argc <= 1) {
    std::cerr << app.help();
    return exit_invalid;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return exit_invalid;
  }
  try {
    if (*run_cmd && run_args.files.empty())
      return no_file_given("run", "FILE... [--seed N] [--out DIR] [OPTIONS]");
    if (*validate_cmd && validate_files.empty())
      return no_file_given("validate", "FILE... ('-' reads standard input)");
    if (*run_cmd)
      return run(run_args, app);
    if (*validate_cmd)
      return validate(validate_files, validate_overrides);
    if (*suite_cmd) {
      std::error_code error;
      auto self = std::filesystem::read_symlink("/proc/self/exe", error);
      return cli::run_suite(suite_args, error ? std::string(argv[0]) : self.string());
    }
    if (*explore_cmd || *shrink_cmd) {
      std::error_code error;
      auto self = std::filesystem::read_symlink("/proc/self/exe", error);
      const std::string binary = error ? std::string(argv[0]) : self.string();
      if (*explore_cmd)
        return cli::run_explore(explore_args, binary);
      shrink_args.seed_given = shrink_cmd->count("--seed") > 0;
      return cli::run_shrink(shrink_args, binary);
    }
    if (*explain_cmd)
      return explain(explain_file, explain_account, explain_seed,
                     explain_cmd->count("--seed") > 0, explain_overrides);
    if (*schema_cmd && schema_path) {
      if (auto installed = installed_schema()) {
        std::cout << installed->string() << '\n';
        return exit_ok;
      }
      std::cerr << "relinksim schema: this relinksim is not installed (no "
                   "share/relinksim/scenario.schema.json beside it); "
                   "`relinksim schema > FILE` writes the schema anywhere\n";
      return exit_failed;
    }
    if (*schema_cmd) {
      std::cout << (schema_tables ? sim::reference_tables() : sim::scenario_schema());
      return exit_ok;
    }
    if (*init_cmd)
      return init_suite(init_dir, std::cout, std::cerr);
    if (*completion_cmd) {
      std::cout << completion_script(app, completion_shell);
      return exit_ok;
    }
    std::cerr << app.help();
    return exit_invalid;
  } catch (
      const sim::limit_exceeded& e) { // known only as the run began: what a pick drew
    sim::print(e.where, std::cerr);
    return exit_invalid;
  } catch (const reports::write_error& e) {
    std::cerr << "relinksim: " << engine::printable(e.what()) << '\n';
    return exit_invalid;
  } catch (const engine::check_failed& e) {
    // "internal check failed: <check> at <virtual time> while handling <message>"
    std::cerr << "relinksim: " << engine::printable(e.what()) << '\n';
    return exit_internal;
  } catch (const std::exception& e) {
    std::cerr << "relinksim: internal error: " << engine::printable(e.what()) << '\n';
    return exit_internal;
  }
}
