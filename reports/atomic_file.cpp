#include "reports/atomic_file.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <unistd.h>

namespace reports {

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
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!out)
      throw write_error("cannot write " + temporary + ": " + std::strerror(errno));
    write(out);
    out.flush();
    if (!out) {
      fs::remove(temporary, ec);
      throw write_error("cannot write " + path + ": " + std::strerror(errno));
    }
  }
  fs::rename(temporary, target, ec);
  if (ec) {
    fs::remove(temporary, ec);
    throw write_error("cannot move " + temporary + " to " + path + ": " + ec.message());
  }
}

} // namespace reports
