#pragma once

// Every limit of the scenario format, in one place; docs/scenario-format.md lists
// them in its Limits table. Each is checked before the work it bounds (reading,
// building, expanding, generating), and exceeding one is an error that says where
// and which limit, never a crash, a hang or a silent cut.

#include "engine/duration.hpp"
#include "format/diagnostics.hpp"

#include <cstddef>
#include <cstdint>
#include <stdexcept>

namespace sim {

// Bytes of a scenario and every fragment it includes, together.
inline constexpr std::size_t max_file_bytes = 16 * 1024 * 1024;
// YAML nodes of a scenario and its fragments together, an alias counted as the
// nodes it names. yaml-cpp's tree costs about 500 bytes a node: this keeps it
// near 500 MB, and the loader's walk over it short.
inline constexpr std::uint64_t max_yaml_nodes = 1'000'000;
inline constexpr std::size_t max_include_depth = 8;
inline constexpr std::size_t max_included_files = 64;

// Keeps a mistyped number from turning into an endless run; also the longest
// duration anywhere in a scenario.
inline constexpr engine::duration max_horizon = engine::days(5 * 366);

// The last instant a run may reach, start + horizon: 9999-12-31T23:59:59Z, the
// end of RFC 3339's years, in which reports write times.
inline constexpr std::int64_t latest_unix_seconds = 253'402'300'799;

// Times one repeating entry (`every:`) may fire.
inline constexpr std::uint64_t max_repetitions = 10'000;
// Timeline entries of a run: entries as written, each repeating one counted once
// per time, each pick once per picked account.
inline constexpr std::uint64_t max_timeline_entries = 1'000'000;

// Characters of an id (scenario, account, customer, institution, timeline id, …).
inline constexpr std::size_t max_id_length = 128;
// The seed: what a signed 64-bit integer holds, as report readers expect.
inline constexpr std::uint64_t max_seed = (std::uint64_t{1} << 63) - 1;
// Cents of one debit (`payment`, `policy.payments.amount`).
inline constexpr std::uint64_t max_payment_cents = 10'000'000'000;
// Further tries of a failed debit (`policy.payments.retry.max`).
inline constexpr std::uint64_t max_payment_retries = 100;
// Counts an expectation names (`count`, `min`, `max`, `accepted_count`, …).
inline constexpr std::uint64_t max_expected_count = 100'000'000;

// The scenario format this relinksim reads (docs/scenario-format.md): it changes
// only when a key changes meaning or disappears; new keys and higher limits keep it.
inline constexpr int scenario_format = 1;

// Customers one population generates, at most.
inline constexpr std::uint64_t max_population_customers = 10'000'000;
// Generated accounts across all populations of a scenario, at most (counted with
// each customer's largest possible number of accounts).
inline constexpr std::uint64_t max_generated_accounts = 20'000'000;
// Accounts of one generated customer, at most: a distribution that can go above
// it is refused, except those without a bound (exp, normal, lognormal), whose
// draws are cut to it.
inline constexpr std::uint64_t max_accounts_per_customer = 20;

// Work spent on did-you-mean suggestions over a whole scenario, in pairs of
// characters compared (a suggestion compares the word with every candidate):
// many misses among many ids would otherwise take hours. About a second; words
// past it are reported without a suggestion.
inline constexpr std::uint64_t max_suggestion_work = 200'000'000;

// A limit passed where it can only be known at run time (what a pick draws):
// the run stops before the work, located at the entry that passed it.
class limit_exceeded : public std::runtime_error {
public:
  explicit limit_exceeded(diagnostic d)
    : std::runtime_error(d.message), where(std::move(d)) {}
  diagnostic where;
};

} // namespace sim
