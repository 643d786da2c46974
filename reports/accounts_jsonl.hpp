#pragma once

// accounts.jsonl: every account as it ended the run, one JSON object per line, in
// scenario order. It is a file of its own so that report.json stays the same small
// size whatever the population.

#include "sim/runner.hpp"

#include <iosfwd>

namespace reports {

// {"id", "holder", "institution", "status", then "cause" and "action" while
// inactive, "tan" when it has one, "relink" once it had one}.
void write_accounts_jsonl(const sim::outcome& run, std::ostream& out);

} // namespace reports
