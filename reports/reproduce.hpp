#pragma once

// The command that repeats a run, as every report prints it: the console's
// reproduce lines, report.json, junit.xml, report.html and the suite's table.
// One builder, so that each is a command a POSIX shell runs as it reads.

#include <cstdint>
#include <string>

namespace sim {
struct outcome;
}

namespace reports {

// A word for a POSIX shell: as it is when every character is one no shell treats
// specially (letters, digits, `_ . / : = @ % + , -`), else in single quotes, a
// quote inside written '\''.
std::string shell_quoted(const std::string& word);

// `relinksim run FILE --seed N`, then `extra` (words already quoted: the --set
// overrides, --max-events).
std::string reproduce_command(const std::string& file, std::uint64_t seed,
                              const std::string& extra = {});

// `command` following `account` (`--follow`), the story of a failure; `command`
// itself when no account is named.
std::string reproduce_following(const std::string& command, const std::string& account);

// What repeats a run, as report.json, junit.xml, report.html and the suite carry it:
// its `command` (reproduce_command), following the account of its first failure
// that names one.
std::string reproduce_run(const sim::outcome& run, const std::string& command);

} // namespace reports
