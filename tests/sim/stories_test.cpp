// The stories a run keeps for its reports are exactly what a pass over the whole
// trace would find, for every id they keep, in every library scenario.

#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include "format/loader.hpp"
#include "format/populations.hpp"
#include "sim/runner.hpp"
#include "sim/stories.hpp"

#include <filesystem>
#include <string>
#include <vector>

using namespace sim;

namespace {

// The story as the reports read it before stories were kept: one pass over the
// whole trace.
std::vector<std::uint32_t> scanned(const outcome& o, const std::string& id) {
  std::string holder;
  for (const auto& a : o.spec.accounts)
    if (a.id == id)
      holder = a.holder;
  std::vector<std::uint32_t> out;
  for (const auto& e : o.events.events())
    if (e.entity == id || e.field("account") == id ||
        (!holder.empty() && e.entity == holder && e.field("account").empty()))
      out.push_back(e.sequence);
  return out;
}

std::vector<std::uint32_t> kept(const outcome& o, const std::string& id) {
  std::vector<std::uint32_t> out;
  const auto* story = o.stories.story(id);
  BOOST_REQUIRE_MESSAGE(story != nullptr, "no story kept for " << id);
  for (const auto* e : *story)
    out.push_back(e->sequence);
  return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(stories)

BOOST_AUTO_TEST_CASE(every_kept_story_is_what_a_pass_over_the_trace_finds) {
  std::size_t compared = 0, events = 0;
  for (const auto& file :
       std::filesystem::directory_iterator(std::string(RELINKSIM_SOURCE_DIR) + "/scenarios")) {
    if (file.path().extension() != ".yaml")
      continue;
    auto loaded = load_scenario_file(file.path().string(), {});
    BOOST_TEST_REQUIRE(loaded.errors.empty(), file.path());
    run_options options;
  options.keep_trace = true; // the test reads the whole trace
    // A holder's id is followed too, to cover the holder's own events.
    const auto& customers = loaded.value->customers;
    options.story_of = customers.empty() ? "" : customers.front().id;
    const outcome o = run_scenario(*loaded.value, options);
    for (const auto& id : story_ids(o.spec, options.story_of)) {
      const auto expected = scanned(o, id);
      BOOST_TEST(kept(o, id) == expected, file.path().filename() << ": " << id);
      ++compared;
      events += expected.size();
    }
    // Fields and texts are copies: the kept event reads as the run's.
    for (const auto& id : story_ids(o.spec, ""))
      for (const auto* e : *o.stories.story(id)) {
        const auto& original = o.events.events()[e->sequence - 1];
        BOOST_TEST(e->type == original.type);
        BOOST_TEST(e->entity == original.entity);
        BOOST_TEST(e->time.count() == original.time.count());
        BOOST_TEST(e->field_count == original.field_count);
      }
  }
  BOOST_TEST(compared > 50u); // the library names many accounts
  BOOST_TEST(events > 500u);
}

BOOST_AUTO_TEST_CASE(the_ids_cover_what_each_kind_of_expectation_can_blame) {
  auto loaded = load_scenario_file(std::string(RELINKSIM_SOURCE_DIR) +
                                       "/tests/data/should-fail/emails-and-payments-wrong.yaml",
                                   {});
  BOOST_TEST_REQUIRE(loaded.errors.empty());
  const auto ids = story_ids(*loaded.value, "someone");
  BOOST_TEST((std::find(ids.begin(), ids.end(), "someone") != ids.end()));
  // Every account of a customer an emails expectation names by address.
  for (const auto& e : loaded.value->expectations)
    if (const auto* m = std::get_if<emails_expectation>(&e.body))
      for (const auto& c : loaded.value->customers)
        if (c.email == m->to)
          for (const auto& a : loaded.value->accounts)
            if (a.holder == c.id)
              BOOST_TEST((std::find(ids.begin(), ids.end(), a.id) != ids.end()), a.id);
}


// A run that frees its trace behind its readers judges and tells exactly what a
// run that keeps it does: a population large enough for several chunks of the
// trace, with expectations that fail (so that stories are told).
// Two workloads: a population scenario of the library, and the reference workload
// (payments, API sessions, TAN expiry, outages) at a tenth of its size.
const std::pair<const char*, std::vector<override_value>> workloads[] = {
    {"/scenarios/population-outage-and-dashboard-filters.yaml",
     {{"populations[0].customers", "36000"}}},
    {"/bench/scale_100k.yaml", {{"populations[0].customers", "6000"}}}};

BOOST_DATA_TEST_CASE(a_run_that_frees_its_trace_judges_and_tells_as_one_that_keeps_it,
                     boost::unit_test::data::xrange(2), which) {
  const auto& [file, larger] = workloads[which];
  auto loaded = load_scenario_file(std::string(RELINKSIM_SOURCE_DIR) + file, larger);
  BOOST_TEST_REQUIRE(loaded.errors.empty());
  run_options keep;
  keep.keep_trace = true;
  // A holder of the population, as the run names it.
  keep.story_of = expand_populations(*loaded.value, loaded.value->seed).customers.at(7).id;
  run_options release = keep;
  release.keep_trace = false;
  const outcome kept_run = run_scenario(*loaded.value, keep);
  const outcome freed_run = run_scenario(*loaded.value, release);
  BOOST_TEST_REQUIRE(kept_run.events.size() > 3 * engine::event_log::chunk_events);
  BOOST_TEST(kept_run.events.events().first_held() == 0u);
  BOOST_TEST_MESSAGE("events freed behind the followers: "
                     << freed_run.events.events().first_held() << " of "
                     << freed_run.events.size());
  BOOST_TEST(freed_run.events.size() == kept_run.events.size());
  BOOST_TEST_REQUIRE(freed_run.results.size() == kept_run.results.size());
  for (std::size_t i = 0; i < kept_run.results.size(); ++i) {
    BOOST_TEST(freed_run.results[i].passed == kept_run.results[i].passed);
    BOOST_TEST(freed_run.results[i].detail == kept_run.results[i].detail);
  }
  if (which == 0)
    BOOST_TEST(freed_run.failed_count() > 0u); // some fail at this size: stories are told
  BOOST_TEST_REQUIRE(freed_run.invariants.size() == kept_run.invariants.size());
  for (std::size_t i = 0; i < kept_run.invariants.size(); ++i)
    BOOST_TEST(freed_run.invariants[i].passed == kept_run.invariants[i].passed);
  BOOST_TEST(freed_run.webhooks.delivered.size() == kept_run.webhooks.delivered.size());
  BOOST_TEST(freed_run.metrics().accounts == kept_run.metrics().accounts);
  BOOST_TEST(freed_run.metrics().repaired_share() == kept_run.metrics().repaired_share());
  for (const auto& id : story_ids(kept_run.spec, keep.story_of))
    BOOST_TEST(kept(freed_run, id) == kept(kept_run, id), id);
}

BOOST_AUTO_TEST_SUITE_END()
