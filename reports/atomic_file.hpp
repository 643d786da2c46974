#pragma once

// Files are written to a temporary name beside their target and renamed into
// place, so that an interrupted run never leaves a half-written report that
// looks whole.

#include <functional>
#include <iosfwd>
#include <stdexcept>
#include <string>

namespace reports {

// A report could not be written (a directory that cannot be created, a full or
// read-only disk): the user's environment, not a bug.
class write_error : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

// The system's reason for a failed write, from the errno read where it failed:
// whatever runs between (removing the temporary file) may overwrite errno.
std::string reason_of(int error);

// Writes `path` through `write`; throws write_error naming the path when
// the directory cannot be created or the file cannot be written.
void write_atomically(const std::string& path, const std::function<void(std::ostream&)>& write);

} // namespace reports
