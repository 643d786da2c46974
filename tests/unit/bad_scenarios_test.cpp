// Every file in tests/data/bad/ is a malformed scenario whose first line says
// what the loader must report: `# expect: LINE:COL: MESSAGE…` (a prefix of one
// of its diagnostics), or `# expect: TEXT` for a part of a message.

#include <boost/test/unit_test.hpp>

#include "format/loader.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>

BOOST_AUTO_TEST_CASE(every_malformed_file_is_rejected_with_its_line_and_message) {
  namespace fs = std::filesystem;
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(RELINKSIM_SOURCE_DIR "/tests/data/bad"))
    files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  BOOST_TEST_REQUIRE(files.size() >= 40u);
  for (const auto& file : files) {
    std::ifstream in(file);
    std::string header;
    std::getline(in, header);
    const std::string marker = "# expect: ";
    BOOST_TEST_CONTEXT(file.filename().string()) {
      BOOST_TEST_REQUIRE(header.rfind(marker, 0) == 0);
      const std::string expected = header.substr(marker.size());
      auto result = sim::load_scenario_file(file.string());
      BOOST_TEST(!result.value.has_value());
      std::string seen;
      bool found = false;
      for (const auto& d : result.errors) {
        const std::string text =
          std::to_string(d.line) + ":" + std::to_string(d.column) + ": " + d.message;
        seen += "\n  " + text;
        found = found || text.rfind(expected, 0) == 0 ||
                (!std::isdigit(static_cast<unsigned char>(expected[0])) &&
                 d.message.find(expected) != std::string::npos);
      }
      BOOST_TEST(found, "expected '" << expected << "', got:" << seen);
    }
  }
}
