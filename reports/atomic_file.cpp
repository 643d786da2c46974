#include "reports/atomic_file.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <unistd.h>

namespace reports {
std::string reason_of(int error) {
  return error != 0 ? std::strerror(error) : "the write failed";
}

void write_atomically(const std::string& path,
                      const std::function<void(std::ostream&)>& write) {
  namespace fs = std::filesystem;
  const fs::path target(path);
  std::error_code ec;
  if (target.has_parent_path()) {
    fs::create_directories(target.parent_path(), ec);
    if (ec)
      throw write_error("cannot create directory " + target.parent_path().string() +
                               ": " + ec.message());
  }
  const std::string temporary = path + ".tmp." + std::to_string(::getpid());
  {
    errno = 0;
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!out)
      throw write_error("cannot write " + temporary + ": " + reason_of(errno));
    write(out);
    out.close(); // a full disk may show only when the last buffer goes out
    if (!out) {
      const std::string reason = reason_of(errno);
      std::error_code ignored;
      fs::remove(temporary, ignored);
      throw write_error("cannot write " + path + ": " + reason);
    }
  }
  fs::rename(temporary, target, ec);
  if (ec) {
    const std::string reason = ec.message();
    std::error_code ignored;
    fs::remove(temporary, ignored);
    throw write_error("cannot move " + temporary + " to " + path + ": " + reason);
  }
}

} // namespace reports
