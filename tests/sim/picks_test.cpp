// Timeline actions that pick accounts (`accounts: {population, institution,
// sample, limit}`): which accounts a pick draws, that the same seed draws the same
// ones, and that the run acts on exactly those.

#include <boost/test/unit_test.hpp>

#include "domain/events.hpp"
#include "format/loader.hpp"
#include "format/populations.hpp"
#include "sim/runner.hpp"

#include <set>
#include <string>

using namespace sim;

namespace {

const std::string picks = R"(scenario: picks
horizon: 10d
institutions: [{ id: tan_bank }, { id: big_bank }]
customers:
  - { id: cus_listed, email: l@x.test, accounts: [{ id: fca_listed, institution: big_bank }] }
populations:
  - { name: bulk, customers: 400, institution: { tan_bank: 1, big_bank: 1 } }
  - { name: other, customers: 50, institution: big_bank }
timeline:
  - { at: 1d, revoke: { accounts: { population: bulk, institution: big_bank, sample: 0.25 } } }
  - { at: 2d, expire_access: { accounts: { population: other, limit: 3 } } }
  - { at: 3d, id: api, create_relink_session: { accounts: { population: other, limit: 2 } } }
  - { at: 4d, require_reauth: { accounts: { population: bulk, sample: 0 } } }
)";

scenario loaded(const std::string& text = picks) {
  auto result = load_scenario_text(text, "picks.yaml");
  BOOST_TEST_REQUIRE(result.errors.empty());
  return *result.value;
}

// `text` with `insert` put before the first occurrence of `before`.
std::string with(std::string text, const std::string& before, const std::string& insert) {
  const auto at = text.find(before);
  BOOST_TEST_REQUIRE(at != std::string::npos);
  return text.insert(at, insert);
}

// The account each entry at `at` acts on.
std::vector<std::string> accounts_at(const scenario& s, engine::duration at) {
  std::vector<std::string> out;
  for (const auto& e : s.timeline) {
    if (e.at != at)
      continue;
    if (const auto* a = std::get_if<revoke_action>(&e.action))
      out.push_back(a->account);
    else if (const auto* d = std::get_if<deactivate_action>(&e.action))
      out.push_back(d->account);
    else if (const auto* c = std::get_if<create_session_action>(&e.action))
      out.push_back(c->account);
  }
  return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(picked_accounts)

BOOST_AUTO_TEST_CASE(a_pick_becomes_one_entry_per_account_in_id_order) {
  const auto s = expand_populations(loaded(), 7);
  const auto revoked = accounts_at(s, engine::days(1));
  // 200 or so big_bank accounts of bulk, a quarter of them.
  BOOST_TEST(revoked.size() > 25u);
  BOOST_TEST(revoked.size() < 80u);
  BOOST_TEST(std::is_sorted(revoked.begin(), revoked.end()));
  std::set<std::string> bulk_big_bank;
  for (const auto& a : s.accounts)
    if (a.population == "bulk" && a.institution == "big_bank")
      bulk_big_bank.insert(a.id);
  for (const auto& id : revoked)
    BOOST_TEST(bulk_big_bank.count(id) == 1u, id);

  const auto expired = accounts_at(s, engine::days(2));
  BOOST_TEST(expired == (std::vector<std::string>{"fca_other_000001_1", "fca_other_000002_1",
                                                  "fca_other_000003_1"}));
  BOOST_TEST(accounts_at(s, engine::days(4)).empty()); // sample 0 picks nothing

  std::vector<std::string> sessions;
  for (const auto& e : s.timeline)
    if (std::holds_alternative<create_session_action>(e.action))
      sessions.push_back(e.id);
  BOOST_TEST(sessions == (std::vector<std::string>{"api_fca_other_000001_1",
                                                   "api_fca_other_000002_1"}));
}

BOOST_AUTO_TEST_CASE(the_seed_decides_the_pick) {
  const auto spec = loaded();
  BOOST_TEST(accounts_at(expand_populations(spec, 7), engine::days(1)) ==
             accounts_at(expand_populations(spec, 7), engine::days(1)));
  BOOST_TEST(accounts_at(expand_populations(spec, 7), engine::days(1)) !=
             accounts_at(expand_populations(spec, 8), engine::days(1)));
}

// Every entry's accounts, and the sessions' names, in timeline order.
std::vector<std::string> every_pick(const scenario& s) {
  std::vector<std::string> out;
  for (const auto at : {engine::days(1), engine::days(2), engine::days(3), engine::days(4)})
    for (auto& id : accounts_at(s, at))
      out.push_back(std::move(id));
  for (const auto& e : s.timeline)
    if (std::holds_alternative<create_session_action>(e.action))
      out.push_back(e.id);
  return out;
}

BOOST_AUTO_TEST_CASE(comments_and_blank_lines_do_not_change_the_pick) {
  const auto plain = every_pick(expand_populations(loaded(), 7));
  BOOST_TEST(plain.size() > 30u);
  // A comment above the entries, and blank lines, move every entry's line.
  const auto commented =
    with(with(picks, "timeline:", "# the faults of the run\n\n"), "  - { at: 1d,",
         "  # a quarter of bulk's big_bank accounts revoke access\n\n");
  BOOST_TEST(every_pick(expand_populations(loaded(commented), 7)) == plain,
             boost::test_tools::per_element());
  // So does a comment on the scenario's first line.
  BOOST_TEST(every_pick(expand_populations(loaded("# picks\n\n\n" + picks), 7)) == plain,
             boost::test_tools::per_element());
}

// The sessions a pick named `wave` opens: wave_<account id>, in timeline order.
std::vector<std::string> wave_sessions(const scenario& s) {
  std::vector<std::string> out;
  for (const auto& e : s.timeline)
    if (e.id.rfind("wave_", 0) == 0)
      out.push_back(e.id);
  return out;
}

BOOST_AUTO_TEST_CASE(a_pick_with_an_id_keeps_its_accounts_when_another_joins_its_time) {
  const std::string wave =
    "  - { at: 3d, id: wave, create_relink_session: { accounts: { population: bulk, "
    "sample: 0.1 } } }\n";
  const std::string named = with(picks, "  - { at: 4d,", wave);
  const auto before = wave_sessions(expand_populations(loaded(named), 7));
  BOOST_TEST(before.size() > 10u);
  // Another session pick at the same time, written first.
  const auto more = with(named, "  - { at: 3d, id: wave",
                         "  - { at: 3d, create_relink_session: { accounts: { population: bulk, "
                         "sample: 0.1 } } }\n");
  BOOST_TEST(wave_sessions(expand_populations(loaded(more), 7)) == before,
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(the_run_acts_on_the_picked_accounts_only) {
  run_options options;
  options.keep_trace = true; // the test reads the whole trace
  options.seed = 7;
  options.seed_given = true;
  const auto out = run_scenario(loaded(), options);
  const auto revoked = accounts_at(out.spec, engine::days(1));
  std::set<std::string> denied;
  for (const auto& e : out.events.events())
    if (e.type == actors::events::account_deactivated && e.field("cause") == "access_denied")
      denied.insert(std::string(e.entity));
  BOOST_TEST(denied == std::set<std::string>(revoked.begin(), revoked.end()));
}

BOOST_AUTO_TEST_SUITE_END()
