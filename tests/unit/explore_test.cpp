// Explore and shrink's pure parts: key paths, the YAML written back, a variation
// drawn from a seed, and delta debugging against a judge written here (no runs).

#include "explore/explorer.hpp"
#include "explore/shrink.hpp"
#include "explore/variation.hpp"
#include "format/key_path.hpp"
#include "format/loader.hpp"
#include "format/yaml_text.hpp"

#include <boost/test/unit_test.hpp>
#include <set>

namespace {

YAML::Node parsed(const std::string& text) {
  std::string error;
  auto root = sim::parse_scenario_yaml(text, error);
  BOOST_REQUIRE_MESSAGE(root.has_value(), error);
  return *root;
}

const std::string world = R"yaml(scenario: w
title: a world
horizon: 10d
mode: live
institutions: [{ id: bank, auth: { success: 0.9, latency: uniform(20s, 2m) } }]
behaviors:
  slow: { opens: 0.5 }
populations:
  - { name: bulk, customers: 10, institution: bank }
customers:
  - { id: cus_a, email: a@x.test, accounts: [{ id: fca_a, institution: bank }] }
timeline:
  - { at: 1d, id: cut, revoke: { account: fca_a } }
  - { at: 2d, id: ask, request_relink: { accounts: [fca_a] } }
expect:
  - { request: ask, accepted: [fca_a] }
  - { metric: emails_sent, max: 3 }
vary:
  faults: [cut, ask]
  values:
    timeline[cut].at: { between: [1h, 3d], step: 1h }
    populations[bulk].customers: { between: [5, 9] }
    behaviors.slow.opens: { between: [0, 1], step: 0.25 }
    institutions[bank].auth.latency: { one_of: [30s, "exp(1m)"] }
  keep: [metric]
)yaml";

sim::vary_spec vary_of(const std::string& text) {
  auto loaded = sim::load_scenario_text(text, "w.yaml");
  BOOST_REQUIRE(loaded.value.has_value());
  BOOST_REQUIRE(loaded.value->vary.has_value());
  return *loaded.value->vary;
}

} // namespace

BOOST_AUTO_TEST_SUITE(explore_parts)

BOOST_AUTO_TEST_CASE(a_key_path_names_list_items_by_id_or_name) {
  const auto root = parsed(world);
  std::string why;
  const auto at = sim::parse_key_path("timeline[ask].at");
  BOOST_REQUIRE(at.has_value());
  BOOST_TEST(sim::find_at_key_path(root, *at, why)->Scalar() == "2d");
  BOOST_TEST(sim::find_at_key_path(root, *sim::parse_key_path("populations[bulk].customers"), why)
                 ->Scalar() == "10");
  BOOST_TEST(sim::find_at_key_path(root, *sim::parse_key_path("timeline[1].id"), why)->Scalar() ==
             "ask");
  BOOST_TEST(!sim::find_at_key_path(root, *sim::parse_key_path("timeline[nope].at"), why));
  BOOST_TEST(why == "'timeline[nope]' does not exist");
  BOOST_TEST(!sim::find_at_key_path(root, *sim::parse_key_path("mailer.bounce_rate"), why));
  BOOST_TEST(why == "'mailer' does not exist");
  BOOST_TEST(!sim::find_at_key_path(root, *sim::parse_key_path("horizon[0]"), why));
  BOOST_TEST(why == "'horizon[0]' is not in a list");
  for (const char* bad : {"", "a[", "a[]", "a[1234567]", "a[b[c]"})
    BOOST_TEST(!sim::parse_key_path(bad).has_value(), bad);
  YAML::Node copy = YAML::Clone(root);
  BOOST_TEST(sim::put_at_key_path(copy, *at, YAML::Node("3d")).empty());
  BOOST_TEST(copy["timeline"][1]["at"].Scalar() == "3d");
  BOOST_TEST(root["timeline"][1]["at"].Scalar() == "2d"); // a copy, not the original
  BOOST_TEST(sim::put_at_key_path(copy, *sim::parse_key_path("mailer.bounce_rate"),
                                  YAML::Node("0.1"))
                 .empty()); // missing mappings are made, as --set makes them
  BOOST_TEST(copy["mailer"]["bounce_rate"].Scalar() == "0.1");
}

BOOST_AUTO_TEST_CASE(an_item_is_named_by_its_id_before_another_items_name) {
  // An institution's `name` is its display name: `[b]` is the one whose id is b.
  const auto root = parsed("institutions: [{ id: a, name: b }, { id: b }]\n");
  std::string why;
  const auto path = sim::parse_key_path("institutions[b].id");
  BOOST_TEST(sim::find_at_key_path(root, *path, why)->Scalar() == "b");
  const auto indexed = sim::indexed_key_path(root, *path, why);
  BOOST_REQUIRE(indexed.has_value());
  BOOST_TEST((*indexed)[1].index == 1);
}

BOOST_AUTO_TEST_CASE(an_alias_is_read_as_a_copy_so_changing_one_place_changes_no_other) {
  YAML::Node root = parsed("a: &lat 1m\nb: *lat\n");
  BOOST_TEST(sim::put_at_key_path(root, *sim::parse_key_path("b"), YAML::Node("2h")).empty());
  BOOST_TEST(root["a"].Scalar() == "1m");
  BOOST_TEST(sim::scenario_yaml_text(root) == "a: 1m\nb: 2h\n");
}

BOOST_AUTO_TEST_CASE(a_varied_id_leaves_the_paths_after_it_right) {
  const std::string text = R"yaml(scenario: w
horizon: 3d
institutions: [{ id: bank }]
populations:
  - { name: bulk, customers: 10, institution: bank }
vary:
  values:
    populations[bulk].name: { one_of: [bulk, other] }
    populations[bulk].customers: { between: [2, 4] }
)yaml";
  const auto root = parsed(text);
  const auto vary = vary_of(text);
  std::set<std::string> names;
  for (std::uint64_t seed = 1; seed <= 12; ++seed) {
    const auto v = explore::draw_variation(root, vary, seed);
    names.insert(v.root["populations"][0]["name"].Scalar());
    const auto customers = std::stoi(v.root["populations"][0]["customers"].Scalar());
    BOOST_TEST((customers >= 2 && customers <= 4));
  }
  BOOST_TEST(names.size() == 2u);
}

BOOST_AUTO_TEST_CASE(the_yaml_written_back_reads_as_the_original) {
  // A distribution call inside a flow mapping stays one value, and a ';' of the
  // text stays a ';'.
  const std::string text = "scenario: w\ntitle: 'f(a; b)'\nhorizon: 1d\n"
                           "institutions: [{ id: bank, auth: { latency: uniform(20s, 2m) } }]\n";
  const std::string written = sim::scenario_yaml_text(parsed(text));
  auto original = sim::load_scenario_text(text, "w.yaml");
  auto again = sim::load_scenario_text(written, "w.yaml");
  BOOST_REQUIRE(original.value.has_value());
  BOOST_REQUIRE_MESSAGE(again.value.has_value(), written);
  BOOST_TEST(again.value->title == "f(a; b)");
  BOOST_TEST(again.value->institutions[0].auth_latency.b ==
             original.value->institutions[0].auth_latency.b);
  BOOST_TEST(again.value->institutions[0].auth_latency.a == 20000.0);
}

BOOST_AUTO_TEST_CASE(a_variation_is_drawn_from_its_seed_alone) {
  const auto root = parsed(world);
  const auto vary = vary_of(world);
  std::set<std::string> cut_at, opens, latency;
  std::size_t cut_on = 0;
  for (std::uint64_t seed = 1; seed <= 200; ++seed) {
    const auto v = explore::draw_variation(root, vary, seed);
    BOOST_TEST(sim::scenario_yaml_text(v.root) ==
               sim::scenario_yaml_text(explore::draw_variation(root, vary, seed).root));
    BOOST_TEST(v.faults_on.size() + v.faults_off.size() == 2u);
    BOOST_TEST(v.root["timeline"].size() == v.faults_on.size());
    BOOST_TEST(!v.root["vary"]);
    BOOST_TEST(v.root["seed"].Scalar() == std::to_string(seed));
    // Only the kept kinds: the metric bound.
    BOOST_TEST(v.root["expect"].size() == 1u);
    BOOST_TEST(v.root["expect"][0]["metric"].Scalar() == "emails_sent");
    const auto customers = std::stoi(v.root["populations"][0]["customers"].Scalar());
    BOOST_TEST((customers >= 5 && customers <= 9));
    for (const auto& [path, value] : v.values)
      if (path == "timeline[cut].at")
        cut_at.insert(value);
    if (std::find(v.faults_on.begin(), v.faults_on.end(), "cut") != v.faults_on.end())
      ++cut_on;
    opens.insert(v.root["behaviors"]["slow"]["opens"].Scalar());
    latency.insert(v.root["institutions"][0]["auth"]["latency"].Scalar());
    // The variation is a valid scenario.
    BOOST_TEST(sim::load_scenario_text(sim::scenario_yaml_text(v.root), "w.yaml").value.has_value());
  }
  // The grid: 1h … 3d in hours, 0 … 1 in quarters, each choice.
  BOOST_TEST(cut_at.size() > 30u);
  for (const auto& at : cut_at)
    BOOST_TEST((at.find('m') == std::string::npos && at.find('s') == std::string::npos), at);
  BOOST_TEST((opens == std::set<std::string>{"0", "0.25", "0.5", "0.75", "1"}));
  BOOST_TEST((latency == std::set<std::string>{"30s", "exp(1m)"}));
  BOOST_TEST((cut_on > 70u && cut_on < 130u)); // on in about half the runs
}

BOOST_AUTO_TEST_CASE(a_kept_expectation_about_a_request_left_out_goes_with_it) {
  std::string text = world;
  text.replace(text.find("keep: [metric]"), 14, "keep: [metric, request]");
  const auto root = parsed(text);
  const auto vary = vary_of(text);
  bool with = false, without = false;
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    const auto v = explore::draw_variation(root, vary, seed);
    const bool asked = std::find(v.faults_on.begin(), v.faults_on.end(), "ask") != v.faults_on.end();
    BOOST_TEST(v.root["expect"].size() == (asked ? 2u : 1u));
    (asked ? with : without) = true;
    BOOST_TEST(sim::load_scenario_text(sim::scenario_yaml_text(v.root), "w.yaml").value.has_value());
  }
  BOOST_TEST((with && without));
}

BOOST_AUTO_TEST_CASE(a_choice_is_the_value_as_written_on_one_line) {
  const std::string text = R"yaml(scenario: w
horizon: 3d
behaviors:
  slow: { opens: 0.5 }
vary:
  values:
    behaviors.slow:
      one_of:
        - opens: 0.2
          open_after: uniform(1h, 2h)
        - { opens: 1, flow_time: lognormal(3m, 0.5) }
)yaml";
  const auto root = parsed(text);
  const auto vary = vary_of(text);
  BOOST_REQUIRE(vary.values.size() == 1u);
  BOOST_TEST(vary.values[0].choices[0] == R"x({opens: 0.2, open_after: "uniform(1h, 2h)"})x");
  BOOST_TEST(vary.values[0].choices[1] == R"x({opens: 1, flow_time: "lognormal(3m, 0.5)"})x");
  std::set<std::string> drawn;
  for (std::uint64_t seed = 1; seed <= 10; ++seed) {
    const auto v = explore::draw_variation(root, vary, seed);
    drawn.insert(v.values[0].second);
    auto loaded = sim::load_scenario_text(sim::scenario_yaml_text(v.root), "w.yaml");
    BOOST_REQUIRE(loaded.value.has_value());
    BOOST_TEST(loaded.value->behaviors[0].behavior.opens.a > 0.1);
  }
  BOOST_TEST(drawn.size() == 2u);
}

BOOST_AUTO_TEST_CASE(an_expectation_fails_the_same_way_with_the_same_result) {
  using explore::expectation_reason;
  // An account: its state, whenever and after whatever.
  BOOST_TEST(expectation_reason("account fca_a status active by 3d", "status active by 3d",
                                "was inactive (access_denied, action relink_required) at 3d; "
                                "last: email.delivered at 1d1h30s") ==
             "was inactive (access_denied, action relink_required)");
  // A metric: the side of its bound.
  BOOST_TEST(expectation_reason("metric emails_sent <= 8", "<= 8", "12") == "above its bound");
  BOOST_TEST(expectation_reason("metric emails_sent <= 8", "<= 8", "9") == "above its bound");
  BOOST_TEST(expectation_reason("metric accepted >= 3", ">= 3", "1") == "below its bound");
  BOOST_TEST(expectation_reason("metric accepted >= 3 and <= 5", ">= 3 and <= 5", "0") ==
             "below its bound");
  BOOST_TEST(expectation_reason("metric accepted >= 3 and <= 5", ">= 3 and <= 5", "7") ==
             "above its bound");
  BOOST_TEST(expectation_reason("metric accounts = 5", "= 5", "4") == "below its bound");
  BOOST_TEST(expectation_reason("metric accounts = 5", "= 5", "6") == "above its bound");
  // The others: what was seen.
  BOOST_TEST(expectation_reason("payments account fca_a succeeded 2", "succeeded 2",
                                "1 succeeded, 1 failed") == "1 succeeded, 1 failed");
  explore::verdict v;
  v.result = explore::run_result::failed;
  v.failures.push_back({"expectation payments account fca_a succeeded 2", "", "0 succeeded, 0 failed"});
  BOOST_TEST(!v.fails_as({"expectation payments account fca_a succeeded 2", "", "1 succeeded, 1 failed"}));
  BOOST_TEST(v.fails_as({"expectation payments account fca_a succeeded 2", "", "0 succeeded, 0 failed"}));
}

BOOST_AUTO_TEST_CASE(only_invariants_and_the_kept_kinds_fail_a_variation) {
  // An expectation an include brings is in every variation, kept or not: a failure
  // of a kind not kept does not count.
  const auto root = parsed(world);
  const auto vary = vary_of(world); // keep: [metric]
  const auto failing = [](const std::string& what) {
    return [what](const std::vector<std::string>& texts) {
      std::vector<explore::verdict> out(texts.size());
      for (auto& v : out) {
        v.result = explore::run_result::failed;
        v.failures.push_back({what, "", ""});
      }
      return out;
    };
  };
  explore::explore_plan plan;
  plan.last_seed = 5;
  const auto unkept = explore::explore_variations(root, vary, plan,
                                                  failing("expectation account fca_a status active at end"));
  BOOST_TEST(!unkept.found.has_value());
  BOOST_TEST(unkept.tally.passed == 5u);
  const auto kept = explore::explore_variations(root, vary, plan,
                                                failing("expectation metric emails_sent <= 3"));
  BOOST_TEST(kept.found.has_value());
  const auto invariant = explore::explore_variations(root, vary, plan,
                                                     failing("invariant cooldown_respected"));
  BOOST_TEST(invariant.found.has_value());
}

BOOST_AUTO_TEST_CASE(the_seed_goes_after_the_name_title_and_tags) {
  YAML::Node root = parsed("scenario: w\ntitle: t\ntags: [a]\nhorizon: 1d\n");
  explore::set_seed(root, 7);
  BOOST_TEST(sim::scenario_yaml_text(root) ==
             "scenario: w\ntitle: t\ntags: [a]\nseed: 7\nhorizon: 1d\n");
  explore::set_seed(root, 8);
  BOOST_TEST(root["seed"].Scalar() == "8");
}

// A judge that fails a scenario exactly when its timeline holds both `needle` and
// `pin` entries, whatever else it holds: ddmin must find those two among many.
explore::judge needs_two(const std::string& needle, const std::string& pin,
                         std::size_t& runs) {
  return [=, &runs](const std::vector<std::string>& texts) {
    std::vector<explore::verdict> out;
    for (const auto& text : texts) {
      ++runs;
      std::string error;
      const auto root = sim::parse_scenario_yaml(text, error);
      std::set<std::string> ids;
      if (root && (*root)["timeline"])
        for (const auto& e : (*root)["timeline"])
          ids.insert(e["id"].Scalar());
      explore::verdict v;
      if (ids.count(needle) && ids.count(pin)) {
        v.result = explore::run_result::failed;
        v.failures.push_back({"invariant made_up", "", ""});
      }
      out.push_back(v);
    }
    return out;
  };
}

BOOST_AUTO_TEST_CASE(delta_debugging_keeps_exactly_the_entries_the_failure_needs) {
  std::string text = "scenario: w\nhorizon: 30d\ntimeline:\n";
  for (int i = 0; i < 24; ++i)
    text += "  - { at: " + std::to_string(i + 1) + "d, id: e" + std::to_string(i) +
            ", bounce: { email: a@x.test } }\n";
  std::uint64_t counted_one_at_a_time = 0;
  for (const unsigned jobs : {1u, 3u}) {
    std::size_t runs = 0;
    explore::shrink_plan plan;
    plan.jobs = jobs;
    const auto result = explore::shrink_scenario(parsed(text), {"invariant made_up", "", ""}, plan,
                                                 needs_two("e5", "e17", runs));
    const YAML::Node timeline = result.root["timeline"];
    BOOST_REQUIRE(timeline.size() == 2u);
    BOOST_TEST(timeline[0]["id"].Scalar() == "e5");
    BOOST_TEST(timeline[1]["id"].Scalar() == "e17");
    BOOST_TEST(timeline[0]["at"].Scalar() == "6d"); // already whole days
    BOOST_TEST(result.root["horizon"].Scalar() == "1d"); // the fake failure needs no time
    BOOST_TEST(runs < 200u, runs);
    // Runs count as one at a time would make them: side by side, more ran.
    if (jobs == 1) {
      BOOST_TEST(result.runs == runs);
      counted_one_at_a_time = result.runs;
    } else {
      BOOST_TEST(result.runs == counted_one_at_a_time);
      BOOST_TEST(runs >= result.runs);
    }
  }
}

BOOST_AUTO_TEST_CASE(a_profile_of_numbers_is_looked_inside_not_taken_for_a_weighted_choice) {
  // Fails while the profile has an `opens`: shrinking makes it certain (0), not a name.
  const auto needs_opens = [](const std::vector<std::string>& texts) {
    std::vector<explore::verdict> out;
    for (const auto& text : texts) {
      std::string error;
      const auto root = sim::parse_scenario_yaml(text, error);
      explore::verdict v;
      const YAML::Node behaviors = root ? (*root)["behaviors"] : YAML::Node();
      if (behaviors && behaviors["slow"].IsMap() && behaviors["slow"]["opens"]) {
        v.result = explore::run_result::failed;
        v.failures.push_back({"invariant made_up", "", ""});
      }
      out.push_back(v);
    }
    return out;
  };
  const auto result =
      explore::shrink_scenario(parsed("scenario: w\nhorizon: 1d\nbehaviors:\n  slow: { opens: 0.5 }\n"),
                               {"invariant made_up", "", ""}, {}, needs_opens);
  BOOST_TEST(result.root["behaviors"]["slow"]["opens"].Scalar() == "0");
}

BOOST_AUTO_TEST_CASE(the_limit_of_runs_stops_shrinking_at_the_same_place_whatever_the_jobs) {
  std::string text = "scenario: w\nhorizon: 30d\ntimeline:\n";
  for (int i = 0; i < 24; ++i)
    text += "  - { at: 1d, id: e" + std::to_string(i) + ", bounce: { email: a@x.test } }\n";
  std::set<std::string> results;
  for (const unsigned jobs : {1u, 2u, 5u}) {
    std::size_t runs = 0;
    explore::shrink_plan plan;
    plan.max_runs = 9;
    plan.jobs = jobs;
    const auto result = explore::shrink_scenario(parsed(text), {"invariant made_up", "", ""},
                                                 plan, needs_two("e3", "e20", runs));
    BOOST_TEST(result.stopped);
    BOOST_TEST(result.runs == 9u);
    results.insert(sim::scenario_yaml_text(result.root));
  }
  BOOST_TEST(results.size() == 1u);
}

BOOST_AUTO_TEST_CASE(shrinking_stops_at_its_limit_of_runs_and_keeps_what_it_found) {
  std::string text = "scenario: w\nhorizon: 30d\ntimeline:\n";
  for (int i = 0; i < 24; ++i)
    text += "  - { at: 1d, id: e" + std::to_string(i) + ", bounce: { email: a@x.test } }\n";
  std::size_t runs = 0;
  explore::shrink_plan plan;
  plan.max_runs = 5;
  const auto result = explore::shrink_scenario(parsed(text), {"invariant made_up", "", ""}, plan,
                                               needs_two("e0", "e1", runs));
  BOOST_TEST(result.stopped);
  BOOST_TEST(runs <= 5u);
  BOOST_TEST(result.root["timeline"].size() <= 24u);
}

BOOST_AUTO_TEST_SUITE_END()
