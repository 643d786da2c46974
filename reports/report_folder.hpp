#pragma once

// Report folders: what each run's folder is called.

#include <set>
#include <string>

namespace reports {

// One folder name per run side by side: the scenario's name or, when that is
// already taken (two files, one scenario name) or reserved (a file of the
// suite's own, such as junit.xml), the first free `<name>-2`, `<name>-3`, ...
// The one rule for `run` with several files and for `suite`.
class folder_names {
public:
  explicit folder_names(std::set<std::string> reserved = {});
  std::string claim(const std::string& scenario);

private:
  std::set<std::string> taken_;
};

} // namespace reports
