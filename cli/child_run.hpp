#pragma once

// What `suite`, `explore` and `shrink` share: a `relinksim run` child process,
// and the seed ranges they are given.

#include <cstdint>
#include <optional>
#include <string>
#include <sys/types.h>
#include <utility>
#include <vector>

namespace cli {

struct child_options {
  std::string log;        // its standard output and error
  std::string input;      // its standard input, if not inherited
  std::string folder;     // where it runs, if not here
  bool own_group = true;  // its own process group: signals reach it only when passed on
};

// Starts `self` with `args`; the child's pid, or -1 with errno set. The child
// stops (SIGTERM) when this process dies.
pid_t spawn(const std::string& self, const std::vector<std::string>& args,
            const child_options& options);

// The whole of a file a child wrote (its log, its report); empty when unreadable.
std::string read_text(const std::string& path);

// "A..B" with whole numbers A <= B <= the largest seed.
std::optional<std::pair<std::uint64_t, std::uint64_t>> parse_seeds(const std::string& text);

} // namespace cli
