#pragma once
// relinksim init [DIR]: a team's first suite in its own repository — an example
// scenario that passes, and CI jobs for GitHub Actions and GitLab CI that install
// relinksim and run the suite. It never overwrites a file.

#include <filesystem>
#include <iosfwd>
#include <optional>

namespace cli {

// The JSON Schema installed beside this relinksim (PREFIX/share/relinksim/), if any.
std::optional<std::filesystem::path> installed_schema();

// Writes the suite's files under `dir` that are not there yet, and says on `out`
// what it wrote and what it kept. Returns the exit code: 0, or 2 when a file or
// folder could not be written (said on `err`).
int init_suite(const std::filesystem::path& dir, std::ostream& out, std::ostream& err);

} // namespace cli
