// The stories a run keeps for its reports are exactly what a pass over the whole
// trace would find, for every id they keep, in every library scenario.

#include <boost/test/unit_test.hpp>

#include "format/loader.hpp"
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

BOOST_AUTO_TEST_SUITE_END()
