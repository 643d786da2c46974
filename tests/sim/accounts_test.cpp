// Accounts are rows of one actor (actors/account.hpp). What each account lives
// must not depend on the rows around it: the same events, in the order an actor
// of its own would have recorded them.

#include <boost/test/unit_test.hpp>

#include "domain/events.hpp"
#include "format/loader.hpp"
#include "sim/runner.hpp"

#include <string>
#include <vector>

using namespace sim;

namespace {

// Two accounts whose TANs expire within the 30-day notice window when linked,
// and one whose TAN does not.
const char* const linked_near_expiry = R"(
scenario: rows-near-expiry
title: Accounts linked with TANs that expire soon
seed: 5
start: 2026-03-02T09:00:00Z
horizon: 1d
institutions:
  - { id: tan_bank, tans: { lifetime: 180d } }
customers:
  - id: cus_a
    email: a@example.test
    accounts:
      - { id: fca_a, institution: tan_bank, tan_expires: 10d }
      - { id: fca_b, institution: tan_bank, tan_expires: 200d }
      - { id: fca_c, institution: tan_bank, tan_expires: 20d }
timeline:
  - { at: 12h, revoke: { account: fca_b } }
)";

std::vector<std::string> trace_of(const outcome& o) {
  std::vector<std::string> out;
  for (const auto& e : o.events.events())
    out.push_back(std::string(e.type) + " " + std::string(e.entity));
  return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(accounts_as_rows)

// The notice of a TAN already inside its window comes right after its own
// account's creation, not after every row was created.
BOOST_AUTO_TEST_CASE(a_notice_due_at_once_follows_its_own_accounts_creation) {
  auto loaded = load_scenario_text(linked_near_expiry, "rows.yaml");
  BOOST_TEST_REQUIRE(loaded.errors.empty());
  run_options options;
  options.keep_trace = true; // the test reads the whole trace
  const auto o = run_scenario(*loaded.value, options);
  using namespace actors::events;
  const std::string created(account_created), notice(upcoming_account_number_expiry);
  const std::vector<std::string> expected_start{
      created + " fca_a", notice + " fca_a", created + " fca_b", created + " fca_c",
      notice + " fca_c"};
  auto trace = trace_of(o);
  // Only the accounts' events: the authorization's come from its own actor.
  std::vector<std::string> accounts;
  for (const auto& line : trace)
    if (line.find(" fca_") != std::string::npos)
      accounts.push_back(line);
  BOOST_TEST_REQUIRE(accounts.size() >= expected_start.size());
  BOOST_TEST(std::vector<std::string>(accounts.begin(),
                                      accounts.begin() + expected_start.size()) ==
                 expected_start,
             boost::test_tools::per_element());
  // A message to one row changes that row only.
  std::size_t deactivated = 0;
  for (const auto& line : accounts)
    if (line.rfind(std::string(account_deactivated), 0) == 0) {
      ++deactivated;
      BOOST_TEST(line == std::string(account_deactivated) + " fca_b");
    }
  BOOST_TEST(deactivated == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
