#pragma once

// What a run of the kernel did, in simulation terms and in wall time.

#include "engine/duration.hpp"

#include <cstdint>

namespace engine {

enum class stop_reason { quiescent, horizon };

struct run_stats {
  std::uint64_t events = 0;          // messages handled by actors
  std::uint64_t timeouts_fired = 0;  // delayed messages released by the clock
  duration virtual_time{0};          // how far the clock got
  double wall_seconds = 0.0;         // measured, never used inside the simulation
  stop_reason reason = stop_reason::quiescent;
};

} // namespace engine
