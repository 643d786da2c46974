#pragma once

// Files are written to a temporary name beside their target and renamed into
// place, so that an interrupted run never leaves a half-written report that
// looks whole.

#include <functional>
#include <iosfwd>
#include <string>

namespace reports {

// Writes `path` through `write`; throws std::runtime_error naming the path when
// the directory cannot be created or the file cannot be written.
void write_atomically(const std::string& path, const std::function<void(std::ostream&)>& write);

} // namespace reports
