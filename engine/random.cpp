#include "engine/random.hpp"

#include "engine/check.hpp"

#include <cmath>
#include <string>

namespace engine {
namespace {

constexpr std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

} // namespace

std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

std::uint64_t fnv1a64(std::string_view text) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

std::uint64_t stream_seed(std::uint64_t scenario_seed, std::string_view entity_id) {
  return splitmix64(scenario_seed ^ splitmix64(fnv1a64(entity_id)));
}

random_stream::random_stream(std::uint64_t seed) {
  std::uint64_t x = seed;
  for (auto& word : state_) {
    x += 0x9e3779b97f4a7c15ULL;
    word = splitmix64(x);
  }
}

random_stream::random_stream(std::uint64_t scenario_seed, std::string_view entity_id)
  : random_stream(stream_seed(scenario_seed, entity_id)) {}

std::uint64_t random_stream::next() {
  const std::uint64_t result = rotl(state_[1] * 5, 7) * 9;
  const std::uint64_t t = state_[1] << 17;
  state_[2] ^= state_[0];
  state_[3] ^= state_[1];
  state_[1] ^= state_[2];
  state_[0] ^= state_[3];
  state_[2] ^= t;
  state_[3] = rotl(state_[3], 45);
  return result;
}

double random_stream::unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

bool random_stream::chance(double p) {
  if (p <= 0.0)
    return false;
  if (p >= 1.0)
    return true;
  return unit() < p;
}

double random_stream::uniform(double low, double high) {
  return low + (high - low) * unit();
}

double random_stream::exponential(double mean) {
  // 1 - unit() lies in (0, 1], so the logarithm is finite.
  return -mean * std::log(1.0 - unit());
}

double random_stream::normal(double mean, double standard_deviation) {
  const double u1 = 1.0 - unit();
  const double u2 = unit();
  const double z = std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * M_PI * u2);
  return mean + standard_deviation * z;
}

double random_stream::lognormal(double median, double sigma) {
  return median * std::exp(normal(0.0, sigma));
}

std::int64_t random_stream::integer(std::int64_t low, std::int64_t high) {
  ENGINE_CHECK(low <= high, "an empty range [" + std::to_string(low) + ", " +
                               std::to_string(high) + "]");
  const auto span = static_cast<std::uint64_t>(high - low) + 1;
  if (span == 0) // the whole 64-bit range
    return static_cast<std::int64_t>(next());
  const std::uint64_t limit = ~std::uint64_t{0} - (~std::uint64_t{0} % span);
  std::uint64_t x = next();
  while (x >= limit)
    x = next();
  return low + static_cast<std::int64_t>(x % span);
}

} // namespace engine
