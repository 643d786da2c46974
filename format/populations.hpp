#pragma once

// Populations: customers and accounts generated from distributions. A run
// expands them with its own seed (one stream per population, derived from the
// seed and the population's name), so `--seed` varies the population too and
// adding a population leaves the others as they were.

#include "format/limits.hpp"
#include "format/scenario.hpp"

#include <cstdint>

namespace sim {

// The scenario with every population's customers and accounts added after the
// listed ones, and each timeline entry that picks accounts (`accounts: {population,
// institution, sample, limit}`) replaced, in place, by one entry per picked account
// in account id order. A pick draws from its own stream, keyed on the seed and
// what the entry means: its id, or without one its time and action (and its order
// among unnamed picks of that time and action), never its line, so the same seed
// picks the same accounts however the file is laid out. A session per picked
// account is named <entry id>_<account id>.
scenario expand_populations(const scenario& spec, std::uint64_t seed);

} // namespace sim
