#pragma once

// Seeded random streams, one per simulated entity.
//
// A stream's seed is derived from (scenario seed, entity id) so that adding one
// customer to a scenario does not change the draws of any other:
//
//   stream_seed = splitmix64(scenario_seed ^ splitmix64(fnv1a64(entity_id)))
//
// The generator is xoshiro256** seeded through four splitmix64 steps. Every
// transformation to a distribution is ours (not std::*_distribution, whose output
// differs between standard libraries), so draws are identical on every platform.

#include <cstdint>
#include <string_view>

namespace engine {

std::uint64_t splitmix64(std::uint64_t x);
std::uint64_t fnv1a64(std::string_view text);
std::uint64_t stream_seed(std::uint64_t scenario_seed, std::string_view entity_id);

class random_stream {
public:
  explicit random_stream(std::uint64_t seed);
  random_stream(std::uint64_t scenario_seed, std::string_view entity_id);

  std::uint64_t next();
  // Uniform in [0, 1) with 53 bits of precision.
  double unit();
  // True with probability p; p <= 0 never, p >= 1 always (no draw is wasted
  // either way, so a certain outcome does not shift later draws).
  bool chance(double p);
  double uniform(double low, double high);
  double exponential(double mean);
  // Standard normal by Box-Muller (both values of a pair are not cached: one
  // draw pair per call keeps a stream's position easy to reason about).
  double normal(double mean, double standard_deviation);
  double lognormal(double median, double sigma);
  // Uniform integer in [low, high], unbiased (rejection sampling).
  std::int64_t integer(std::int64_t low, std::int64_t high);

private:
  std::uint64_t state_[4];
};

} // namespace engine
