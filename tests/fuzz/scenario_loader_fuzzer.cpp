// libFuzzer target: any bytes, given to the scenario loader as a scenario file,
// give a scenario or diagnostics; never a crash, an exception, undefined
// behaviour, a hang or memory that grows with nothing to show for it.
//
// It does what `relinksim validate` does with a file, and the cheap, deterministic
// steps a run takes before its first event (expanding small populations and the
// picks of the timeline); never an actor system. docs/reliability.md tells how to
// run it and how to keep what it finds.

#include "format/diagnostics.hpp"
#include "format/loader.hpp"
#include "format/populations.hpp"
#include "sim/expectations.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>

namespace {

// The input is read as this file, so that `include:` reaches the fragments beside
// it (tests/fuzz/include/), fixed files of the repository, and nothing else: the
// loader keeps includes inside the scenario's folder.
const std::string input_file = RELINKSIM_SOURCE_DIR "/tests/fuzz/include/input.yaml";

// Populations are expanded only when they can generate no more accounts than this:
// enough for every path of the expansion, and the library's populations of 2,000
// customers, while an execution stays in milliseconds. The loader's own limit on
// generated accounts is what bounds a larger one.
constexpr std::uint64_t expanded_accounts_max = 100'000;

[[noreturn]] void fail(const char* what) {
  std::fprintf(stderr, "scenario_loader_fuzzer: %s\n", what);
  std::abort();
}

bool small_enough_to_expand(const sim::scenario& spec) {
  std::uint64_t accounts = 0;
  for (const auto& p : spec.populations) {
    if (p.customers > expanded_accounts_max)
      return false;
    accounts += p.customers * sim::max_accounts_per_customer;
    if (accounts > expanded_accounts_max)
      return false;
  }
  return true;
}

void check_expanded(const sim::scenario& spec) {
  if (!small_enough_to_expand(spec))
    return;
  const sim::scenario expanded = sim::expand_populations(spec, spec.seed);
  if (expanded.accounts.size() < spec.accounts.size() ||
      expanded.customers.size() < spec.customers.size())
    fail("expanding the populations lost listed customers or accounts");
  // The same seed expands to the same world: a run is reproducible from it.
  const sim::scenario again = sim::expand_populations(spec, spec.seed);
  if (again.accounts.size() != expanded.accounts.size() ||
      again.timeline.size() != expanded.timeline.size())
    fail("expanding the populations twice with one seed gave two worlds");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  // An exception escaping the loader is a crash here, as it is an internal error
  // (exit 3) for a user: uncaught, libFuzzer reports it with its stack.
  const sim::load_result result = sim::load_scenario_text(text, input_file);
  if (result.value.has_value() == !result.errors.empty())
    fail("the loader must give a scenario or errors, exactly one of them");
  std::ostringstream shown;
  for (const auto& error : result.errors) {
    if (error.message.empty())
      fail("a diagnostic without a message");
    sim::print(error, shown);
  }
  if (!result.value)
    return 0;
  for (const auto& expectation : result.value->expectations)
    shown << sim::describe(expectation) << sim::subject_account(expectation);
  check_expanded(*result.value);
  return 0;
}
