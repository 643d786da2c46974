#pragma once

// Reads the text of a scenario or of a fragment it includes, within a limit, and
// never waits: a FIFO, a device, a socket or a folder is refused by its type
// before it is opened (opening a FIFO blocks until someone writes), and a file is
// read in bounded steps, so that one that is larger than its size said (or grows
// while it is read) stops at the limit instead of filling memory.

#include <cstddef>
#include <optional>
#include <string>

namespace sim {

struct source_text {
  std::optional<std::string> text;
  std::string error; // why there is no text: "it is a folder, not a file", …
  bool too_large = false; // the error is the limit
};

// A regular file (symlinks followed), at most `max_bytes` long.
source_text read_source_file(const std::string& path, std::size_t max_bytes);

// Standard input, whatever it is (a pipe, a terminal, a redirected file), at
// most `max_bytes`; it is read until its end, as `cat -` would.
source_text read_standard_input(std::size_t max_bytes);

// Why a path could not be read, from the errno value of the failure, in the
// words of a user who named a file ("no such file", "the file name is too long").
std::string unreadable_reason(int error_number);

// "16 MiB", "512 KiB", "100 bytes": a limit as the errors name it.
std::string byte_size_text(std::size_t bytes);

} // namespace sim
