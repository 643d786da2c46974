#pragma once

// What relinksim's exit code means, for `run`, `validate`, `explain` and `suite`
// alike: 0 every expectation held; 1 something failed; 2 invalid scenario or usage;
// 3 internal error (an internal check fired, or an exception escaped), never with a
// report that says the run passed; 130 interrupted (SIGINT or SIGTERM).

namespace cli {

enum exit_code : int {
  exit_ok = 0,
  exit_failed = 1,
  exit_invalid = 2,
  exit_internal = 3,
  exit_interrupted = 130,
};

} // namespace cli
