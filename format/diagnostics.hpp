#pragma once

// Errors found in a scenario, reported all at once in GCC's format so that
// editors and CI annotate the right line:
//
//   scenarios/x.yaml:12:7: error: unknown key 'acount' (did you mean 'account'?)
//     at timeline[3].revoke

#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

namespace sim {

struct diagnostic {
  std::string file;
  int line = 0;
  int column = 0;
  std::string message;
  std::string path; // YAML path, e.g. timeline[3].revoke.account
};

// Control characters (from the scenario's text) are printed escaped, as `\x1b`.
void print(const diagnostic& d, std::ostream& out);

// Each in turn, as a person reads them: file by file, top to bottom (the loader
// finds them pass by pass: keys, values, references).
void print_all(std::vector<diagnostic> diagnostics, std::ostream& out);

// The closest candidate within a small edit distance, or empty.
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

// " (did you mean 'x'?)" or empty.
std::string suggestion_suffix(std::string_view word, const std::vector<std::string>& candidates);

} // namespace sim
