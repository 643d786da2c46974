#include <boost/test/unit_test.hpp>

#include "reports/atomic_file.hpp"
#include "reports/report_folder.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace fs = std::filesystem;

BOOST_AUTO_TEST_SUITE(report_folder)

namespace {

// A fresh folder per test, removed after it.
struct scratch {
  fs::path path = fs::temp_directory_path() /
                  ("relinksim-report-folder-" + std::to_string(::getpid()) + "-" + next());
  scratch() {
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~scratch() { fs::remove_all(path); }
  static std::string next() {
    static int n = 0;
    return std::to_string(n++);
  }
};

void write(const fs::path& file, const std::string& text) { std::ofstream(file) << text; }

std::string read(const fs::path& file) {
  std::ifstream in(file);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::size_t entries(const fs::path& dir) {
  std::size_t n = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(dir))
    ++n;
  return n;
}

std::string refusal(const fs::path& target) {
  try {
    reports::check_replaceable(target.string());
  } catch (const reports::write_error& e) {
    return e.what();
  }
  return "";
}

} // namespace

BOOST_AUTO_TEST_CASE(a_taken_name_gets_the_first_free_number) {
  reports::folder_names names;
  BOOST_TEST(names.claim("same") == "same");
  BOOST_TEST(names.claim("same") == "same-2");
  BOOST_TEST(names.claim("same-2") == "same-2-2");
  BOOST_TEST(names.claim("same") == "same-3");
  BOOST_TEST(names.claim("other") == "other");
}

BOOST_AUTO_TEST_CASE(a_reserved_name_is_never_given_out) {
  reports::folder_names names({"junit.xml", "index.html"});
  BOOST_TEST(names.claim("junit.xml") == "junit.xml-2");
  BOOST_TEST(names.claim("index.html") == "index.html-2");
  BOOST_TEST(names.claim("junit") == "junit");
}

BOOST_AUTO_TEST_CASE(a_committed_folder_replaces_the_old_one_whole) {
  scratch s;
  const fs::path target = s.path / "r";
  fs::create_directories(target);
  write(target / "report.json", "old");
  write(target / "events.jsonl", "old");
  {
    reports::staged_folder staged(target.string());
    BOOST_TEST(!fs::equivalent(staged.path(), target));
    write(fs::path(staged.path()) / "report.json", "new");
    BOOST_TEST(read(target / "report.json") == "old"); // nothing shows before the commit
    staged.commit();
  }
  BOOST_TEST(read(target / "report.json") == "new");
  BOOST_TEST(!fs::exists(target / "events.jsonl")); // nothing of the old run stays
  BOOST_TEST(entries(s.path) == 1u);                 // nor the old folder
}

BOOST_AUTO_TEST_CASE(a_folder_never_committed_leaves_the_old_one_as_it_was) {
  scratch s;
  const fs::path target = s.path / "r";
  fs::create_directories(target);
  write(target / "report.json", "old");
  {
    reports::staged_folder staged(target.string());
    write(fs::path(staged.path()) / "report.json", "new");
  } // a write failed: no commit
  BOOST_TEST(read(target / "report.json") == "old");
  BOOST_TEST(entries(s.path) == 1u);
}

BOOST_AUTO_TEST_CASE(a_folder_is_committed_where_there_was_none) {
  scratch s;
  const fs::path target = s.path / "a/b/r";
  reports::staged_folder staged(target.string() + "/");
  write(fs::path(staged.path()) / "junit.xml", "new");
  staged.commit();
  BOOST_TEST(read(target / "junit.xml") == "new");
  BOOST_TEST(entries(s.path / "a/b") == 1u);
}

BOOST_AUTO_TEST_CASE(only_a_folder_of_reports_may_be_replaced) {
  scratch s;
  BOOST_TEST(refusal(s.path / "none") == "");
  fs::create_directories(s.path / "r/seed-3/determinism-check");
  write(s.path / "r/console.log", "");
  write(s.path / "r/seed-3/report.html", "");
  write(s.path / "r/seed-3/determinism-check/events.jsonl.tmp.42", "");
  BOOST_TEST(refusal(s.path / "r") == "");
  write(s.path / "r/seed-3/determinism-check/notes.txt", "");
  BOOST_TEST(refusal(s.path / "r") ==
             "cannot write reports into " + (s.path / "r").string() +
               ": a run's reports replace their folder as a whole, and it holds "
               "'seed-3/determinism-check/notes.txt', which relinksim does not write; give "
               "--out a new folder, or one of reports only");
  write(s.path / "file", "");
  BOOST_TEST(refusal(s.path / "file") ==
             "cannot write reports into " + (s.path / "file").string() +
               ": it is a file, not a folder");
  fs::create_directories(s.path / "src");
  write(s.path / "src/report.json.bak", "");
  BOOST_TEST(refusal(s.path / "src") != "");
  // A volume mounted there cannot be renamed, so it is not swapped.
  BOOST_TEST(refusal("/proc") ==
             "cannot write reports into /proc: a run's reports replace their folder as a "
             "whole, and this one is a mount point, which cannot be replaced; give --out a "
             "folder inside it");
}

BOOST_AUTO_TEST_CASE(a_commit_says_why_it_failed) {
  scratch s;
  const fs::path target = s.path / "r";
  reports::staged_folder staged(target.string());
  fs::create_directories(target);
  write(target / "mine.txt", "appeared while the run ran");
  BOOST_CHECK_EXCEPTION(staged.commit(), reports::write_error, [](const auto& e) {
    return std::string(e.what()).find("holds 'mine.txt'") != std::string::npos;
  });
  BOOST_TEST(read(target / "mine.txt") == "appeared while the run ran");
}

BOOST_AUTO_TEST_SUITE_END()
