// relinksim: simulate hosted-relink flows from YAML scenarios and check them.
//
// Exit codes: 0 every expectation held; 1 something failed; 2 invalid scenario or
// usage; 3 internal error.

#include "engine/trace.hpp"
#include "reports/atomic_file.hpp"
#include "reports/console.hpp"
#include "reports/webhooks.hpp"
#include "sim/loader.hpp"
#include "sim/runner.hpp"
#include "sim/schema.hpp"

#include <CLI/CLI.hpp>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <unistd.h>

#ifndef RELINKSIM_VERSION
#define RELINKSIM_VERSION "0.0.0"
#endif

namespace {

enum exit_code : int { ok = 0, failed = 1, invalid = 2, internal = 3 };

struct run_command {
  std::vector<std::string> files;
  std::uint64_t seed = 0;
  std::string out_dir;
  std::string follow;
  bool quiet = false;
  std::uint64_t max_events = engine::kernel::default_event_budget;
  std::vector<std::string> overrides; // --set key.path=value
};

bool use_color() {
  return std::getenv("NO_COLOR") == nullptr && ::isatty(STDOUT_FILENO) == 1;
}

// A shell word for the reproduce command.
std::string quoted(const std::string& word) {
  if (word.find_first_of(" '\"$`\\(){}[],;*?!&|<>#") == std::string::npos)
    return word;
  std::string out = "'";
  for (char c : word)
    out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// Loads every file; prints every error of every file. Returns false if any failed.
bool load_all(const std::vector<std::string>& files, std::vector<sim::scenario>& loaded,
              const std::vector<sim::override_value>& overrides = {}) {
  bool all_valid = true;
  for (const auto& file : files) {
    auto result = sim::load_scenario_file(file, overrides);
    for (const auto& d : result.errors)
      sim::print(d, std::cerr);
    if (!result.value) {
      all_valid = false;
      continue;
    }
    loaded.push_back(std::move(*result.value));
  }
  return all_valid;
}

std::string report_dir_for(const run_command& cmd, const sim::scenario& s) {
  namespace fs = std::filesystem;
  if (cmd.out_dir.empty())
    return (fs::path("out") / s.name).string();
  if (cmd.files.size() == 1)
    return cmd.out_dir;
  return (fs::path(cmd.out_dir) / s.name).string();
}

int run(const run_command& cmd, const CLI::App& app) {
  std::vector<sim::override_value> overrides;
  std::string reproduce_extra;
  for (const auto& text : cmd.overrides) {
    auto o = sim::parse_override(text);
    if (!o) {
      std::cerr << "relinksim: --set takes key.path=value, not '" << text << "'\n";
      return invalid;
    }
    overrides.push_back(*o);
    reproduce_extra += (reproduce_extra.empty() ? "" : " ") + std::string("--set ") + quoted(text);
  }
  std::vector<sim::scenario> scenarios;
  if (!load_all(cmd.files, scenarios, overrides))
    return invalid;
  int status = ok;
  for (const auto& s : scenarios) {
    sim::run_options options;
    options.seed_given = app.get_subcommand("run")->count("--seed") > 0;
    options.seed = cmd.seed;
    options.event_budget = cmd.max_events;
    const sim::outcome result = sim::run_scenario(s, options);
    const std::string dir = report_dir_for(cmd, s);
    reports::write_atomically(dir + "/events.jsonl", [&](std::ostream& out) {
      engine::write_jsonl(result.events, s.start_unix_seconds, out);
    });
    reports::write_atomically(dir + "/webhooks.jsonl",
                              [&](std::ostream& out) { reports::write_webhooks(result, out); });
    if (!cmd.follow.empty()) {
      if (!reports::print_story(result, cmd.follow, std::cout))
        std::cerr << "relinksim: '" << cmd.follow << "' never appears in " << s.file << '\n';
    }
    if (!cmd.quiet || !result.passed())
      reports::print_summary(result, dir, {use_color(), reproduce_extra}, std::cout);
    if (!result.passed())
      status = failed;
  }
  return status;
}

int validate(const std::vector<std::string>& files, const std::vector<std::string>& sets) {
  std::vector<sim::override_value> overrides;
  for (const auto& text : sets) {
    auto o = sim::parse_override(text);
    if (!o) {
      std::cerr << "relinksim: --set takes key.path=value, not '" << text << "'\n";
      return invalid;
    }
    overrides.push_back(*o);
  }
  std::vector<sim::scenario> scenarios;
  const bool valid = load_all(files, scenarios, overrides);
  for (const auto& s : scenarios)
    std::cout << s.file << ": ok (" << s.name << ", " << s.accounts.size() << " accounts, "
              << s.timeline.size() << " timeline entries, " << s.expectations.size()
              << " expectations)\n";
  return valid ? ok : invalid;
}

} // namespace

int main(int argc, char** argv) {
  CLI::App app{"relinksim " RELINKSIM_VERSION
               " - simulate and test hosted-relink flows of linked bank accounts",
               "relinksim"};
  app.set_version_flag("--version", "relinksim " RELINKSIM_VERSION);
  app.require_subcommand(0, 1);

  run_command run_args;
  auto* run_cmd = app.add_subcommand("run", "run scenarios and check their expectations");
  run_cmd->add_option("files", run_args.files, "scenario files (YAML)")
    ->required()
    ->check(CLI::ExistingFile);
  run_cmd->add_option("--seed", run_args.seed, "seed for every random draw (default: the "
                                                "scenario's seed)");
  run_cmd->add_option("--out", run_args.out_dir,
                      "report directory (default out/<scenario>; with several files, "
                      "DIR/<scenario>)");
  run_cmd->add_option("--follow", run_args.follow,
                      "print every event of this account (or holder, request, relink)");
  run_cmd->add_flag("-q,--quiet", run_args.quiet, "print only failures");
  run_cmd->add_option("--set", run_args.overrides,
                      "override a scenario value before checking: key.path=value "
                      "(e.g. platform.link_lifetime=3d, timeline[2].at=4d); repeatable");
  run_cmd->add_option("--max-events", run_args.max_events,
                      "stop a run that handles more events than this (default 200000000)")
    ->check(CLI::Range(std::uint64_t{1}, engine::kernel::default_event_budget * 10));

  std::vector<std::string> validate_files;
  auto* validate_cmd =
    app.add_subcommand("validate", "check scenario files without running them");
  validate_cmd->add_option("files", validate_files, "scenario files (YAML)")
    ->required()
    ->check(CLI::ExistingFile);
  std::vector<std::string> validate_overrides;
  validate_cmd->add_option("--set", validate_overrides,
                           "override a scenario value before checking: key.path=value; "
                           "repeatable");

  app.add_subcommand("schema", "print the JSON Schema (draft 2020-12) of the scenario "
                               "format, for editors");

  if (argc <= 1) {
    std::cout << app.help();
    return ok;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return invalid;
  }
  try {
    if (*run_cmd)
      return run(run_args, app);
    if (*validate_cmd)
      return validate(validate_files, validate_overrides);
    if (*app.get_subcommand("schema")) {
      std::cout << sim::scenario_schema();
      return ok;
    }
    std::cout << app.help();
    return ok;
  } catch (const reports::write_error& e) {
    std::cerr << "relinksim: " << e.what() << '\n';
    return invalid;
  } catch (const std::exception& e) {
    std::cerr << "relinksim: internal error: " << e.what() << '\n';
    return internal;
  }
}
