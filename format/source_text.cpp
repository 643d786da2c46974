#include "format/source_text.hpp"

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace sim {

std::string unreadable_reason(int error) {
  switch (error) {
    case ENOENT:
      return "no such file";
    case EACCES:
    case EPERM:
      return "permission denied";
    case ENAMETOOLONG:
      return "the file name is too long";
    case ELOOP:
      return "too many levels of symbolic links (a symbolic link that points to itself?)";
    case ENOTDIR:
      return "a part of the path is not a folder";
    case EISDIR:
      return "it is a folder, not a file";
    default:
      return std::strerror(error);
  }
}

namespace {

// Why a file of this type is not read, or empty for a regular file.
std::string refused_type(mode_t mode) {
  if (S_ISREG(mode))
    return {};
  if (S_ISDIR(mode))
    return "it is a folder, not a file";
  if (S_ISFIFO(mode))
    return "it is a named pipe (FIFO), not a regular file; for standard input, write '-'";
  if (S_ISCHR(mode) || S_ISBLK(mode))
    return "it is a device, not a regular file";
  if (S_ISSOCK(mode))
    return "it is a socket, not a regular file";
  return "it is not a regular file";
}

source_text too_large(std::size_t max_bytes) {
  return {std::nullopt, "it is larger than the limit of " + byte_size_text(max_bytes),
          true};
}

// Reads `fd` to its end in steps, stopping one byte past the limit.
source_text read_bounded(int fd, std::size_t max_bytes) {
  std::string text;
  char buffer[64 * 1024];
  while (true) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0) {
      if (errno == EINTR)
        continue;
      return {std::nullopt, unreadable_reason(errno)};
    }
    if (n == 0)
      return {std::move(text), {}};
    if (static_cast<std::size_t>(n) > max_bytes - text.size())
      return too_large(max_bytes);
    text.append(buffer, static_cast<std::size_t>(n));
  }
}

} // namespace

source_text read_source_file(const std::string& path, std::size_t max_bytes) {
  if (path.empty())
    return {std::nullopt, "no file name"};
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0)
    return {std::nullopt, unreadable_reason(errno)};
  if (auto refused = refused_type(info.st_mode); !refused.empty())
    return {std::nullopt, refused};
  if (static_cast<std::uintmax_t>(info.st_size) > max_bytes)
    return too_large(max_bytes);
  // O_NONBLOCK: if the path was swapped for a FIFO since stat(), opening it does
  // not wait for a writer; the type is checked again on what was opened.
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0)
    return {std::nullopt, unreadable_reason(errno)};
  source_text out;
  if (::fstat(fd, &info) != 0)
    out = {std::nullopt, unreadable_reason(errno)};
  else if (auto refused = refused_type(info.st_mode); !refused.empty())
    out = {std::nullopt, refused};
  else
    out = read_bounded(fd, max_bytes);
  ::close(fd);
  return out;
}

source_text read_standard_input(std::size_t max_bytes) {
  struct stat info {};
  if (::fstat(STDIN_FILENO, &info) != 0)
    return {std::nullopt, unreadable_reason(errno)};
  if (S_ISDIR(info.st_mode))
    return {std::nullopt, "it is a folder, not a file"};
  if (S_ISREG(info.st_mode) && static_cast<std::uintmax_t>(info.st_size) > max_bytes)
    return too_large(max_bytes);
  return read_bounded(STDIN_FILENO, max_bytes);
}

std::string byte_size_text(std::size_t bytes) {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0)
    return std::to_string(bytes / (1024 * 1024)) + " MiB";
  if (bytes >= 1024 && bytes % 1024 == 0)
    return std::to_string(bytes / 1024) + " KiB";
  return std::to_string(bytes) + " bytes";
}

} // namespace sim
