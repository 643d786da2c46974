#pragma once

// What explore and shrink ask of a run: each scenario text judged. The command
// line runs each as `relinksim run` (cli/explore.cpp); a test runs them in
// process, with a rule broken on purpose.

#include "explore/verdict.hpp"

#include <functional>
#include <string>
#include <vector>

namespace explore {

// One verdict per text, in order; the texts of one call may run side by side.
using judge = std::function<std::vector<verdict>(const std::vector<std::string>& texts)>;

} // namespace explore
