// Hostile inputs: files that are not files, includes that cannot be read, and
// every limit of the format, each refused with its place and what was expected.

#include <boost/test/unit_test.hpp>

#include "format/loader.hpp"
#include "format/populations.hpp"

#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <unistd.h>
#include <vector>

namespace fs = std::filesystem;

namespace {

// A fresh folder per test, removed afterwards.
struct scratch {
  fs::path path;
  scratch() {
    static int n = 0;
    path = fs::temp_directory_path() /
           ("relinksim-inputs-" + std::to_string(::getpid()) + "-" + std::to_string(n++));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~scratch() { fs::remove_all(path); }
  std::string write(const std::string& name, const std::string& text) const {
    fs::create_directories((path / name).parent_path());
    std::ofstream(path / name, std::ios::binary) << text;
    return (path / name).string();
  }
};

// Diagnostics as "file:line:column: message", the way a user sees them.
std::vector<std::string> errors_of(const sim::load_result& result) {
  std::vector<std::string> out;
  for (const auto& d : result.errors)
    out.push_back(d.file + ":" + std::to_string(d.line) + ":" + std::to_string(d.column) + ": " +
                  d.message);
  return out;
}

std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines)
    out += l + "\n";
  return out;
}

const std::string header = "scenario: s\nhorizon: 5d\n";

// `[a, a, …]`, n items.
std::string flow_list(std::size_t n, const std::string& item) {
  std::string out = "[";
  for (std::size_t i = 0; i < n; ++i)
    out += (i ? ", " : "") + item;
  return out + "]";
}

// A scenario whose nodes, aliases expanded, number exactly `nodes` (at least
// 1,001,000 fewer than max_yaml_nodes would not do): a list of 999 items aliased
// 998 times, and a plain list to make up the rest. It is small to write and to
// build (yaml-cpp shares what an alias names); only a walk that follows the
// aliases meets them all.
std::string aliased_scenario(std::uint64_t nodes) {
  // root mapping 1, scenario and horizon 4; x0: key, list, 999 items;
  // x1: key, list, 998 aliases of 1,000 nodes each; x2: key, list, the rest.
  const std::uint64_t fixed = 1 + 4 + (2 + 999) + (2 + 998 * 1000) + 2;
  BOOST_TEST_REQUIRE(nodes >= fixed);
  return header + "x0: &a " + flow_list(999, "a") + "\nx1: " + flow_list(998, "*a") +
         "\nx2: " + flow_list(nodes - fixed, "b") + "\n";
}

} // namespace

BOOST_AUTO_TEST_SUITE(loader_inputs)

BOOST_AUTO_TEST_CASE(includes_that_name_no_readable_file_are_located_errors) {
  scratch s;
  fs::create_directories(s.path / "folder");
  fs::create_symlink("loop.yaml", s.path / "loop.yaml");
  const std::string long_name(300, 'x');
  const std::string main = s.write("main.yaml", header + "include:\n  - \"\"\n  - .\n  - folder\n"
                                                         "  - " + long_name + ".yaml\n"
                                                         "  - loop.yaml\n");
  sim::load_result result;
  BOOST_REQUIRE_NO_THROW(result = sim::load_scenario_file(main));
  BOOST_TEST(!result.value.has_value());
  const auto errors = errors_of(result);
  BOOST_TEST_REQUIRE(errors.size() == 5u, joined(errors));
  BOOST_TEST(errors[0] == main + ":4:5: expected a file path, such as shared/banks.yaml");
  BOOST_TEST(errors[1] == main + ":5:5: cannot read '.': it is a folder, not a file");
  BOOST_TEST(errors[2] == main + ":6:5: cannot read 'folder': it is a folder, not a file");
  BOOST_TEST(errors[3] == main + ":7:5: cannot read '" + long_name +
                            ".yaml': the file name is too long");
  BOOST_TEST(errors[4] == main + ":8:5: cannot read 'loop.yaml': too many levels of symbolic "
                                 "links (a symbolic link that points to itself?)");
}

BOOST_AUTO_TEST_CASE(eight_levels_of_include_are_read_and_a_ninth_is_refused) {
  scratch s;
  // main.yaml includes level1.yaml, which includes level2.yaml, … down to level9.yaml.
  const std::string main = s.write("main.yaml", header + "include: [level1.yaml]\n");
  for (int level = 1; level <= 9; ++level)
    s.write("level" + std::to_string(level) + ".yaml",
            level < 9 ? "include: [level" + std::to_string(level + 1) + ".yaml]\n"
                      : "institutions: [{ id: deep_bank }]\n");
  // Eight levels: level9.yaml is the ninth, one too many.
  const auto nine = sim::load_scenario_file(main);
  BOOST_TEST(errors_of(nine) ==
               std::vector<std::string>{(s.path / "level8.yaml").string() +
                                        ":1:11: too many levels of include: at most 8"},
             boost::test_tools::per_element());
  // Eight: the same chain, one shorter.
  s.write("level8.yaml", "institutions: [{ id: deep_bank }]\n");
  const auto eight = sim::load_scenario_file(main);
  BOOST_TEST(errors_of(eight).empty(), joined(errors_of(eight)));
  BOOST_TEST_REQUIRE(eight.value.has_value());
  BOOST_TEST(eight.value->institutions.at(0).id == "deep_bank");
}

BOOST_AUTO_TEST_CASE(sixty_four_included_files_are_read_and_a_sixty_fifth_is_refused) {
  scratch s;
  std::string list;
  for (int n = 1; n <= 65; ++n) {
    const std::string name = "f" + std::to_string(n) + ".yaml";
    s.write(name, "institutions: [{ id: bank_" + std::to_string(n) + " }]\n");
    list += "  - " + name + "\n";
  }
  const std::string main = s.write("main.yaml", header + "include:\n" + list);
  const auto result = sim::load_scenario_file(main);
  BOOST_TEST(errors_of(result) ==
               std::vector<std::string>{main + ":68:5: too many included files: at most 64"},
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_file_over_the_limit_is_refused_from_its_size) {
  scratch s;
  const std::string big = (s.path / "big.yaml").string();
  std::ofstream(big) << header;
  fs::resize_file(big, sim::max_file_bytes + 1); // sparse: nothing is written
  BOOST_TEST(errors_of(sim::load_scenario_file(big)) ==
               std::vector<std::string>{big + ":1:1: cannot read the file: it is larger than "
                                              "the limit of 16 MiB"},
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(includes_share_the_limit_of_the_scenario) {
  scratch s;
  const std::string main = s.write("main.yaml", header + "include: [a.yaml, b.yaml]\n");
  // Alone, each file is within the limit; after the scenario and a.yaml, b.yaml is not.
  const std::string a_text = "institutions: [{ id: a_bank }]\n# ";
  s.write("a.yaml", a_text + std::string(sim::max_file_bytes - 200, 'x') + "\n");
  s.write("b.yaml", "institutions: [{ id: b_bank }]\n# " + std::string(300, 'x') + "\n");
  BOOST_TEST(errors_of(sim::load_scenario_file(main)) ==
               std::vector<std::string>{main + ":3:19: cannot read 'b.yaml': the scenario and "
                                               "its includes together are larger than the "
                                               "limit of 16 MiB"},
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_million_yaml_nodes_are_read_and_one_more_is_refused_where_it_stands) {
  BOOST_TEST_REQUIRE(sim::max_yaml_nodes == 1'000'000u);
  // At the limit: the file is read (and its unknown keys reported).
  const auto at_limit = sim::load_scenario_text(aliased_scenario(1'000'000), "t.yaml");
  BOOST_TEST(errors_of(at_limit) ==
               (std::vector<std::string>{"t.yaml:3:1: unknown key 'x0'", "t.yaml:4:1: unknown key 'x1'",
                                         "t.yaml:5:1: unknown key 'x2'"}),
             boost::test_tools::per_element());
  // One more: refused at that node, before any tree is built.
  const std::string over = aliased_scenario(1'000'001);
  const auto refused = sim::load_scenario_text(over, "t.yaml");
  const auto column = over.size() - over.rfind('\n', over.size() - 2) - 3;
  BOOST_TEST(errors_of(refused) ==
               std::vector<std::string>{
                 "t.yaml:5:" + std::to_string(column) +
                 ": more than 1000000 YAML nodes (values, keys, lists and mappings; an alias "
                 "counts the nodes it names; includes count too): generate large worlds with "
                 "populations"},
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(included_fragments_count_toward_the_yaml_node_limit) {
  scratch s;
  // The fragment alone is under the limit, with the scenario's 8 nodes it is over.
  const std::string fragment = aliased_scenario(999'995 + 5).substr(header.size());
  s.write("fragment.yaml", fragment);
  const std::string main = s.write("main.yaml", header + "include: [fragment.yaml]\n");
  const auto errors = errors_of(sim::load_scenario_file(main));
  BOOST_TEST_REQUIRE(errors.size() == 1u);
  BOOST_TEST(errors[0].rfind((s.path / "fragment.yaml").string() + ":3:", 0) == 0, errors[0]);
  BOOST_TEST(errors[0].find(": more than 1000000 YAML nodes") != std::string::npos, errors[0]);
}

BOOST_AUTO_TEST_CASE(an_override_counts_toward_the_yaml_node_limit) {
  // Ten times ten times … ten x, seven levels deep: 10,000,000 nodes in 200 bytes.
  std::string bomb = "{x0: &a0 " + flow_list(10, "x");
  for (int level = 1; level <= 6; ++level)
    bomb += ", x" + std::to_string(level) + ": &a" + std::to_string(level) + " " +
            flow_list(10, "*a" + std::to_string(level - 1));
  bomb += "}";
  const auto result = sim::load_scenario_text(header, "t.yaml", {{"platform", bomb}});
  const auto errors = errors_of(result);
  BOOST_TEST_REQUIRE(errors.size() == 1u);
  BOOST_TEST(errors[0] == "--set platform=" + bomb + ":1:1: more than 1000000 YAML nodes "
                         "(values, keys, lists and mappings; an alias counts the nodes it "
                         "names; includes count too): generate large worlds with populations");
}

BOOST_AUTO_TEST_CASE(the_timeline_is_refused_at_the_entry_that_passes_a_million_entries) {
  // One entry that fires 10,000 times, aliased 99 times more: 1,000,000 entries,
  // then one more.
  std::string text = header + R"(horizon: 7d
accounts: [{ id: fca_x, institution: bank }]
institutions: [{ id: bank }]
timeline:
  - &every_minute { from: 0s, every: 1m, until: 9999m, expire_tan: { account: fca_x } }
)";
  text.replace(text.find("horizon: 5d\n"), 12, "");
  for (int i = 0; i < 99; ++i)
    text += "  - *every_minute\n";
  text += "  - { at: 1d, expire_tan: { account: fca_x } }\n";
  const auto result = sim::load_scenario_text(text, "t.yaml");
  BOOST_TEST(errors_of(result) ==
               std::vector<std::string>{"t.yaml:106:5: the timeline has more than 1000000 "
                                        "entries with this one (a repeating entry counts once "
                                        "per time): repeat less often or over a shorter span"},
             boost::test_tools::per_element());
  BOOST_TEST_REQUIRE(result.errors.size() == 1u);
  BOOST_TEST(result.errors[0].path == "timeline[100]");
}

BOOST_AUTO_TEST_CASE(picks_that_draw_past_a_million_entries_stop_before_they_are_made) {
  // 1,000 accounts, each picked by each of 1,000 revocations: with the entry that
  // requests them, one entry more than the limit.
  const auto loaded = sim::load_scenario_text(R"(scenario: picks
horizon: 5d
mode: live
institutions: [{ id: bank }]
populations: [{ name: bulk, customers: 1000, institution: bank }]
timeline:
  - { at: 1d, request_relink: { accounts: all } }
  - { at: 0s, every: 1m, until: 999m, revoke: { accounts: { population: bulk } } }
)",
                                              "picks.yaml");
  BOOST_TEST_REQUIRE(errors_of(loaded).empty(), joined(errors_of(loaded)));
  try {
    sim::expand_populations(*loaded.value, 1);
    BOOST_FAIL("the picks were expanded");
  } catch (const sim::limit_exceeded& e) {
    BOOST_TEST(e.where.file == "picks.yaml");
    BOOST_TEST(e.where.line == 8);
    BOOST_TEST(e.where.column == 5);
    BOOST_TEST(e.where.message == "the timeline has more than 1000000 entries with the "
                                  "accounts this pick drew (one entry per account): pick fewer "
                                  "accounts (sample, limit)");
  }
}

BOOST_AUTO_TEST_CASE(accounts_per_customer_that_can_pass_twenty_are_refused_where_written) {
  const std::string world = R"(scenario: p
horizon: 5d
mode: live
institutions: [{ id: bank }]
populations:
)";
  // `accounts` as written: quoted where it holds a comma.
  auto population = [](int n, const std::string& accounts) {
    return "  - { name: p" + std::to_string(n) + ", customers: 10, institution: bank, "
           "accounts_per_customer: " + accounts + " }\n";
  };
  const auto result = sim::load_scenario_text(
    world + population(1, "\"uniform(1, 1e308)\"") + population(2, "\"uniform(1, 1e19)\"") +
      population(3, "21") + population(4, "{1: 0.5, 21: 0.5}") + population(5, "exp(3)") +
      population(6, "\"lognormal(2, 0.5)\""),
    "p.yaml");
  BOOST_TEST(errors_of(result) ==
               (std::vector<std::string>{
                 "p.yaml:6:74: 'uniform(1, 1e308)' can give a customer 1e+308 accounts: at "
                 "most 20 per customer",
                 "p.yaml:7:74: 'uniform(1, 1e19)' can give a customer 1e+19 accounts: at most 20 "
                 "per customer",
                 "p.yaml:8:74: '21' can give a customer 21 accounts: at most 20 per customer",
                 "p.yaml:9:74: this choice can give a customer 21 accounts: at most 20 per "
                 "customer"}),
             boost::test_tools::per_element());
  // Within the limit, and the unbounded shapes, whose draws are cut to it.
  const auto valid = sim::load_scenario_text(
    world + population(4, "\"uniform(1, 20)\"") + population(5, "exp(30)") +
      population(6, "{1: 0.5, 20: 0.5}"),
    "p.yaml");
  BOOST_TEST_REQUIRE(errors_of(valid).empty(), joined(errors_of(valid)));
  const auto generated = sim::expand_populations(*valid.value, 7);
  std::map<std::string, int> per_customer;
  for (const auto& a : generated.accounts)
    ++per_customer[a.holder];
  for (const auto& [holder, n] : per_customer)
    BOOST_TEST(n <= 20, holder);
}

// A scenario may say which format it is written for; another is refused, saying
// which this relinksim reads.
BOOST_AUTO_TEST_CASE(a_scenario_of_another_format_is_refused_saying_which_is_read) {
  const auto of = [](const std::string& format) {
    return errors_of(sim::load_scenario_text(
        "scenario: f\nformat: " + format + "\nhorizon: 1d\nmode: live\n", "f.yaml"));
  };
  BOOST_TEST(of("1").empty());
  BOOST_TEST(of("2") == (std::vector<std::string>{
                            "f.yaml:2:9: this scenario is written for scenario format 2; "
                            "relinksim reads format 1: a newer relinksim wrote it "
                            "(CHANGELOG.md says what changed)"}),
             boost::test_tools::per_element());
  BOOST_TEST(of("0").size() == 1u);
}

BOOST_AUTO_TEST_CASE(population_sizes_are_refused_past_their_limits) {
  const auto result = sim::load_scenario_text(R"(scenario: p
horizon: 5d
mode: live
institutions: [{ id: bank }]
populations:
  - { name: a, customers: 10000001, institution: bank }
  - { name: b, customers: 10000000, institution: bank, accounts_per_customer: 2 }
  - { name: c, customers: 1, institution: bank }
)",
                                              "p.yaml");
  BOOST_TEST(errors_of(result) ==
               (std::vector<std::string>{
                 "p.yaml:6:27: 10000001 is larger than the limit 10000000",
                 "p.yaml:8:27: populations may generate up to 20000000 accounts; these could "
                 "generate 20000001"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_run_must_end_by_the_last_second_of_the_year_9999) {
  const std::string start = "scenario: s\nstart: 9999-12-30T00:00:00Z\n";
  const auto last = sim::load_scenario_text(start + "horizon: 1d23h59m59s\n", "t.yaml");
  BOOST_TEST(errors_of(last).empty(), joined(errors_of(last)));
  const auto past = sim::load_scenario_text(start + "horizon: 2d\n", "t.yaml");
  BOOST_TEST(errors_of(past) ==
               std::vector<std::string>{"t.yaml:3:10: start 9999-12-30T00:00:00Z plus the "
                                        "horizon 2d ends after 9999-12-31T23:59:59Z: times are "
                                        "written as RFC 3339, whose years end at 9999"},
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(ids_counts_amounts_and_the_seed_are_refused_past_their_limits) {
  const std::string id_128(128, 'a');
  const std::string id_129(129, 'a');
  const auto result = sim::load_scenario_text("scenario: " + id_129 + R"(
seed: 9223372036854775808
horizon: 5d
mode: live
institutions: [{ id: )" + id_128 + R"( }]
accounts: [{ id: fca_a, institution: )" + id_128 + R"( }]
platform: { policy: { payments: { every: 1d, amount: 10000000001, retry: { after: 1h, max: 101 } } } }
timeline:
  - { at: 1d, payment: { account: fca_a, amount: 10000000000 } }
  - { at: 1d, request_relink: { accounts: { limit: 20000001 } } }
expect:
  - { event: financial_connections.account.created, count: 100000001 }
  - { event: financial_connections.account.created, max: 100000000 }
)",
                                              "t.yaml");
  BOOST_TEST(errors_of(result) ==
               (std::vector<std::string>{
                 "t.yaml:1:11: '" + id_129 + "' is not a valid id: use letters, digits, '_', "
                                             "'-' and '.' (at most 128 characters)",
                 "t.yaml:2:7: 9223372036854775808 is larger than the limit 9223372036854775807",
                 "t.yaml:7:54: 10000000001 is larger than the limit 10000000000",
                 "t.yaml:7:92: 101 is larger than the limit 100",
                 "t.yaml:10:52: 20000001 is larger than the limit 20000000",
                 "t.yaml:12:60: 100000001 is larger than the limit 100000000"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(suggestions_stop_when_their_budget_is_spent_and_every_miss_is_still_reported) {
  // 3,000 accounts and 1,000 misspelt references, all of 9 characters: each
  // suggestion compares 10 x 30,000 pairs of characters, so 666 of them fit in
  // 200,000,000.
  BOOST_TEST_REQUIRE(sim::max_suggestion_work == 200'000'000u);
  std::string text = header + "mode: live\ninstitutions: [{ id: bank }]\naccounts:\n";
  auto id = [](int n) {
    const std::string digits = std::to_string(n);
    return std::string(5 - digits.size(), '0') + digits;
  };
  for (int n = 0; n < 3000; ++n)
    text += "  - { id: fca_" + id(n) + ", institution: bank }\n";
  text += "timeline:\n  - at: 1d\n    request_relink:\n      accounts:\n";
  for (int n = 0; n < 1000; ++n)
    text += "        - fcb_" + id(n) + "\n";
  const auto errors = errors_of(sim::load_scenario_text(text, "t.yaml"));
  BOOST_TEST_REQUIRE(errors.size() == 1000u);
  BOOST_TEST(errors[0] == "t.yaml:3010:11: unknown account 'fcb_00000' (did you mean "
                          "'fca_00000'?)");
  BOOST_TEST(errors[665] == "t.yaml:3675:11: unknown account 'fcb_00665' (did you mean "
                            "'fca_00665'?)");
  BOOST_TEST(errors[666] == "t.yaml:3676:11: unknown account 'fcb_00666'");
  BOOST_TEST(errors[999] == "t.yaml:4009:11: unknown account 'fcb_00999'");
}

BOOST_AUTO_TEST_CASE(listed_ids_that_populations_could_generate_are_reported_by_population) {
  const auto result = sim::load_scenario_text(R"(scenario: s
horizon: 5d
mode: live
institutions: [{ id: bank }]
customers:
  - { id: cus_a_b_000001, accounts: [{ id: fca_a_000001_1, institution: bank }] }
  - { id: cus_b_000001 }
  - { id: cus_ab_000001 }
populations:
  - { name: a_b, customers: 1, institution: bank }
  - { name: a, customers: 1, institution: bank }
)",
                                              "t.yaml");
  BOOST_TEST(errors_of(result) ==
               (std::vector<std::string>{
                 "t.yaml:6:5: customer id 'cus_a_b_000001' may collide with the ids population "
                 "'a_b' generates (cus_a_b_000001, …)",
                 "t.yaml:6:5: customer id 'cus_a_b_000001' may collide with the ids population "
                 "'a' generates (cus_a_000001, …)",
                 "t.yaml:6:38: account id 'fca_a_000001_1' may collide with the ids population "
                 "'a' generates (fca_a_000001_1, …)"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(an_override_that_is_not_utf8_is_refused_like_a_file) {
  const auto result = sim::load_scenario_text(header, "t.yaml", {{"title", "caf\xe9"}});
  BOOST_TEST(errors_of(result) ==
               std::vector<std::string>{"--set title=caf\xe9:1:1: the value is not UTF-8 text"},
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
