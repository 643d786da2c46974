// Explore and shrink find a rule broken on purpose. The library scenario with a
// `vary:` block is explored in process, with the world built on a rulebook whose
// cooldown rule is missing (as tests/sim/invariants_test.cpp breaks rules): the
// broken rule shows only in some variations (the repeat request on, inside 48h,
// the first one still pending), and explore must find one within a stated number
// of runs; shrink must then cut it down to a handful of entries that fail the same
// way, and pass with the standard rules.

#include "actors/rules.hpp"
#include "explore/explorer.hpp"
#include "explore/shrink.hpp"
#include "format/loader.hpp"
#include "format/source_text.hpp"
#include "format/yaml_text.hpp"
#include "sim/runner.hpp"

#include <boost/test/unit_test.hpp>
#include <string>

namespace {

const std::string library_scenario =
    std::string(RELINKSIM_SOURCE_DIR) + "/scenarios/swarm-of-faults-keeps-every-rule.yaml";

// The stated bounds: a broken cooldown is found within this many variations, and
// shrunk to at most this many entries (timeline entries, expectations, customers,
// accounts, populations, institutions, behaviours).
constexpr std::uint64_t runs_to_find = 60;
constexpr std::size_t shrunk_entries_at_most = 7;

std::optional<actors::rejection_reason>
without_cooldown(const actors::eligibility_facts& facts) {
  const auto reason = actors::check_eligibility(facts);
  return reason == actors::rejection_reason::cooldown_48h ? std::nullopt : reason;
}

actors::rulebook broken_cooldown() {
  actors::rulebook rules;
  rules.request_eligibility = without_cooldown;
  return rules;
}

// A run in process, judged as `relinksim run` judges it (cli/explore.cpp reads the
// same from report.json): invariants first, then expectations, then the run.
explore::verdict judged(const std::string& text, const actors::rulebook& rules) {
  explore::verdict v;
  auto loaded = sim::load_scenario_text(text, library_scenario);
  if (!loaded.value) {
    v.result = explore::run_result::invalid;
    v.message = loaded.errors.empty() ? "" : loaded.errors.front().message;
    return v;
  }
  sim::run_options options;
  options.rules = rules;
  const auto o = sim::run_scenario(*loaded.value, options);
  for (const auto& i : o.invariants)
    if (!i.passed)
      v.failures.push_back(explore::invariant_failure(i.name, i.message));
  for (const auto& r : o.results)
    if (!r.passed)
      v.failures.push_back(
          explore::expectation_failure(r.name, r.expected, r.actual, r.detail, r.reached));
  if (!o.run_error.empty())
    v.failures.push_back(explore::run_failure(o.run_error));
  if (!v.failures.empty())
    v.result = explore::run_result::failed;
  return v;
}

bool passes(const explore::verdict& v) { return v.result == explore::run_result::passed; }

explore::judge in_process(const actors::rulebook& rules) {
  return [rules](const std::vector<std::string>& texts) {
    std::vector<explore::verdict> out;
    for (const auto& t : texts)
      out.push_back(judged(t, rules));
    return out;
  };
}

struct library_file {
  YAML::Node root;
  sim::vary_spec vary;
};

library_file read_library_scenario() {
  auto loaded = sim::load_scenario_file(library_scenario);
  BOOST_REQUIRE(loaded.value.has_value());
  BOOST_REQUIRE(loaded.value->vary.has_value());
  const auto text = sim::read_source_file(library_scenario, 1 << 20);
  BOOST_REQUIRE(text.text.has_value());
  std::string error;
  auto root = sim::parse_scenario_yaml(*text.text, error);
  BOOST_REQUIRE(root.has_value());
  return {*root, *loaded.value->vary};
}

explore::explore_result explored(const library_file& file, const actors::rulebook& rules,
                                 unsigned jobs = 1) {
  explore::explore_plan plan;
  plan.first_seed = 1;
  plan.last_seed = runs_to_find;
  plan.jobs = jobs;
  return explore::explore_variations(file.root, file.vary, plan, in_process(rules));
}

const explore::failure cooldown{"invariant cooldown_respected", "", ""};

} // namespace

BOOST_AUTO_TEST_SUITE(explore_and_shrink)

BOOST_AUTO_TEST_CASE(every_variation_keeps_every_invariant_with_the_standard_rules) {
  const auto file = read_library_scenario();
  const auto result = explored(file, actors::standard_rules);
  BOOST_TEST(!result.found.has_value());
  BOOST_TEST(result.tally.runs == runs_to_find);
  BOOST_TEST(result.tally.passed == runs_to_find);
  // Swarm testing: every fault was both on and off in some runs.
  BOOST_TEST(result.tally.faults.size() == 6u);
  for (const auto& f : result.tally.faults) {
    BOOST_TEST(f.on > 0u, f.id);
    BOOST_TEST(f.on < runs_to_find, f.id);
  }
}

BOOST_AUTO_TEST_CASE(a_broken_cooldown_is_found_and_its_variation_fails_on_its_own) {
  const auto file = read_library_scenario();
  const auto result = explored(file, broken_cooldown());
  BOOST_REQUIRE(result.found.has_value());
  BOOST_TEST_MESSAGE("a broken cooldown found at seed " << result.found->seed);
  BOOST_TEST(result.found_verdict.fails_as(cooldown));
  BOOST_TEST(result.tally.runs == result.found->seed); // from seed 1, stopped at it
  BOOST_TEST(result.tally.failed == 1u);
  // The variation is a plain scenario: no vary block, its seed set, only the
  // kept expectations; run alone it fails the same way.
  BOOST_TEST(!result.found->root["vary"]);
  BOOST_TEST(result.found->root["seed"].Scalar() == std::to_string(result.found->seed));
  BOOST_TEST(result.found->root["expect"].size() == 1u);
  const auto& on = result.found->faults_on;
  BOOST_TEST((std::find(on.begin(), on.end(), "repeat_request") != on.end()));
  BOOST_TEST(judged(result.found_text, broken_cooldown()).fails_as(cooldown));
  BOOST_TEST(passes(judged(result.found_text, actors::standard_rules)));
}

BOOST_AUTO_TEST_CASE(the_found_variation_shrinks_to_a_handful_of_entries_failing_the_same_way) {
  const auto file = read_library_scenario();
  const auto found = explored(file, broken_cooldown());
  BOOST_REQUIRE(found.found.has_value());
  explore::shrink_plan plan;
  std::vector<std::string> steps;
  plan.step = [&](const std::string& s) { steps.push_back(s); };
  const auto shrunk =
      explore::shrink_scenario(found.found->root, cooldown, plan, in_process(broken_cooldown()));
  BOOST_TEST(!shrunk.stopped);
  const std::size_t before = explore::entries_of(found.found->root);
  const std::size_t after = explore::entries_of(shrunk.root);
  BOOST_TEST_MESSAGE("shrunk " << before << " entries to " << after << " in " << shrunk.runs
                               << " runs");
  BOOST_TEST(after <= shrunk_entries_at_most);
  BOOST_TEST(after < before);
  BOOST_TEST(!steps.empty());
  // What is left is the core: Alice's account revoked and asked for twice, and
  // her ignoring the email (the first request stays pending): one institution,
  // one behaviour, one customer, one account, three timeline entries.
  const YAML::Node timeline = shrunk.root["timeline"];
  BOOST_REQUIRE(timeline.IsSequence());
  BOOST_REQUIRE(timeline.size() == 3u);
  BOOST_TEST(timeline[0]["id"].Scalar() == "alice_revokes");
  BOOST_TEST(timeline[1]["id"].Scalar() == "first_request");
  BOOST_TEST(timeline[2]["id"].Scalar() == "repeat_request");
  BOOST_TEST(!shrunk.root["populations"]);
  BOOST_TEST(!shrunk.root["expect"]); // the kept metric bound is unrelated
  BOOST_TEST(shrunk.root["customers"].size() == 1u);
  const std::string text = sim::scenario_yaml_text(shrunk.root);
  BOOST_TEST(sim::load_scenario_text(text, library_scenario).value.has_value());
  BOOST_TEST(judged(text, broken_cooldown()).fails_as(cooldown));
  BOOST_TEST(passes(judged(text, actors::standard_rules)));
}

BOOST_AUTO_TEST_CASE(explore_and_shrink_are_deterministic_whatever_the_jobs) {
  const auto file = read_library_scenario();
  const auto one = explored(file, broken_cooldown(), 1);
  const auto again = explored(file, broken_cooldown(), 1);
  const auto side_by_side = explored(file, broken_cooldown(), 4);
  BOOST_REQUIRE(one.found.has_value());
  BOOST_REQUIRE(side_by_side.found.has_value());
  BOOST_TEST(again.found->seed == one.found->seed);
  BOOST_TEST(again.found_text == one.found_text);
  BOOST_TEST(side_by_side.found->seed == one.found->seed);
  BOOST_TEST(side_by_side.found_text == one.found_text);
  BOOST_TEST(side_by_side.tally.runs == one.tally.runs);
  explore::shrink_plan sequential, batched;
  batched.jobs = 3;
  const auto a = explore::shrink_scenario(one.found->root, cooldown, sequential,
                                          in_process(broken_cooldown()));
  const auto b = explore::shrink_scenario(one.found->root, cooldown, batched,
                                          in_process(broken_cooldown()));
  BOOST_TEST(sim::scenario_yaml_text(a.root) == sim::scenario_yaml_text(b.root));
}

BOOST_AUTO_TEST_SUITE_END()
