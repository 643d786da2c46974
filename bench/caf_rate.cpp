// The limit relinksim runs against: how many messages per second CAF 0.17's test
// coordinator delivers through relinksim's own kernel (same configuration, same
// run loop) when the actors do nothing else. Three shapes:
//   ping-pong  two actors bouncing one message;
//   fan-out    one actor messaging each of 100,000 actors, each answering a sink;
//   timers     100,000 actors each re-arming a delayed message to itself.
// Prints one line per shape: messages, seconds, messages per second.
// Usage: caf_rate [ACTORS] [ROUNDS]

#include "engine/kernel.hpp"

#include <caf/all.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

using namespace std::chrono_literals;

struct figure {
  std::uint64_t messages;
  double seconds;
};

void print(const char* name, const figure& f) {
  std::printf("caf %-9s %12llu messages  %7.3f s  %12.0f messages/s\n", name,
              static_cast<unsigned long long>(f.messages), f.seconds,
              f.seconds > 0 ? static_cast<double>(f.messages) / f.seconds : 0.0);
}

figure ping_pong(std::uint64_t messages) {
  engine::kernel k(1);
  auto bounce = [](caf::event_based_actor* self) -> caf::behavior {
    return {[self](std::uint64_t n, caf::actor other) {
      if (n > 0)
        self->send(other, n - 1, caf::actor_cast<caf::actor>(self));
    }};
  };
  auto a = k.spawn(bounce);
  auto b = k.spawn(bounce);
  caf::anon_send(a, messages - 1, b);
  const auto stats = k.run(engine::duration{0}, messages + 10);
  return {stats.events, stats.wall_seconds};
}

figure fan_out(std::size_t actors, int rounds) {
  engine::kernel k(1);
  auto sink = k.spawn([](caf::event_based_actor*) -> caf::behavior {
    return {[](int) {}};
  });
  std::vector<caf::actor> workers;
  workers.reserve(actors);
  for (std::size_t i = 0; i < actors; ++i)
    workers.push_back(k.spawn([sink](caf::event_based_actor* self) -> caf::behavior {
      return {[self, sink](int round) { self->send(sink, round); }};
    }));
  auto source = k.spawn([workers](caf::event_based_actor*) -> caf::behavior {
    return {[workers](int round) {
      for (const auto& w : workers)
        caf::anon_send(w, round);
    }};
  });
  for (int r = 0; r < rounds; ++r)
    caf::anon_send(source, r);
  const auto stats = k.run(engine::duration{0}, 1'000'000'000);
  return {stats.events, stats.wall_seconds};
}

figure timers(std::size_t actors, int rounds) {
  engine::kernel k(1);
  for (std::size_t i = 0; i < actors; ++i) {
    auto a = k.spawn([rounds](caf::event_based_actor* self) -> caf::behavior {
      return {[self, rounds](int n) {
        if (n < rounds)
          self->delayed_send(self, std::chrono::minutes(1 + n % 7), n + 1);
      }};
    });
    caf::anon_send(a, 0);
  }
  const auto stats = k.run(engine::hours(24 * 365), 1'000'000'000);
  return {stats.events, stats.wall_seconds};
}

} // namespace

int main(int argc, char** argv) {
  const std::size_t actors = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 100'000;
  const int rounds = argc > 2 ? std::atoi(argv[2]) : 10;
  print("ping-pong", ping_pong(2'000'000));
  print("fan-out", fan_out(actors, rounds));
  print("timers", timers(actors, rounds));
  return 0;
}
