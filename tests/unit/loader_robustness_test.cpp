// Random mutations of every library scenario go through the loader: it must
// answer with a scenario or with diagnostics, and never crash, hang or throw.

#include <boost/test/unit_test.hpp>

#include "engine/random.hpp"
#include "format/loader.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace {

std::string mutate(std::string text, engine::random_stream& random) {
  static const std::string pieces[] = {":", "- ", "{", "}", "[", "]", ",", "'", "\"", "#",
                                       "&a", "*a", "\n", "  ", "uniform(", ")", "end", "0s",
                                       "1e309", "-1", "~", "!!str", "? ", "|", ">"};
  const int edits = 1 + static_cast<int>(random.integer(0, 4));
  for (int i = 0; i < edits && !text.empty(); ++i) {
    const auto at = static_cast<std::size_t>(random.integer(0, static_cast<std::int64_t>(text.size()) - 1));
    switch (random.integer(0, 3)) {
      case 0: // delete a run
        text.erase(at, static_cast<std::size_t>(random.integer(1, 12)));
        break;
      case 1: // insert a YAML-significant piece
        text.insert(at, pieces[random.integer(0, std::size(pieces) - 1)]);
        break;
      case 2: { // duplicate a line elsewhere
        const auto start = text.rfind('\n', at);
        const auto end = text.find('\n', at);
        const auto line = text.substr(start == std::string::npos ? 0 : start,
                                      end == std::string::npos ? std::string::npos : end - start);
        text.insert(static_cast<std::size_t>(random.integer(0, static_cast<std::int64_t>(text.size()))), line);
        break;
      }
      default: // replace a character
        text[at] = static_cast<char>(random.integer(32, 126));
    }
  }
  return text;
}

} // namespace

BOOST_AUTO_TEST_CASE(mutated_library_scenarios_never_crash_the_loader) {
  namespace fs = std::filesystem;
  std::vector<std::string> originals;
  for (const auto& entry : fs::directory_iterator(RELINKSIM_SOURCE_DIR "/scenarios")) {
    std::ifstream in(entry.path());
    std::ostringstream text;
    text << in.rdbuf();
    originals.push_back(text.str());
  }
  std::sort(originals.begin(), originals.end());
  BOOST_TEST_REQUIRE(originals.size() >= 20u);
  engine::random_stream random(2026);
  std::size_t valid = 0, invalid = 0;
  for (int round = 0; round < 4000; ++round) {
    const auto& original = originals[static_cast<std::size_t>(round) % originals.size()];
    const std::string text = mutate(original, random);
    try {
      auto result = sim::load_scenario_text(text, "mutant.yaml");
      BOOST_REQUIRE(result.value.has_value() != !result.errors.empty());
      (result.value ? valid : invalid) += 1;
    } catch (const std::exception& e) {
      BOOST_FAIL("the loader threw '" << e.what() << "' on mutant " << round << ":\n" << text);
    }
  }
  BOOST_TEST(invalid > 1000u); // most mutants are wrong…
  BOOST_TEST(valid > 10u);     // …but some stay valid, so both answers are exercised
}
