#include "cli/child_run.hpp"

#include "cli/exit_codes.hpp"
#include "cli/stop_signals.hpp"
#include "format/limits.hpp"

#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <fstream>
#include <iterator>
#ifdef __linux__
#include <sys/prctl.h>
#endif
#include <unistd.h>

namespace cli {

pid_t spawn(const std::string& self, const std::vector<std::string>& args,
            const child_options& options) {
  // Blocked across the fork and the exec, and unblocked by `relinksim run` once it
  // catches them: a signal that comes in between waits instead of killing the run.
  const sigset_t stop = stop_signal_set();
  sigset_t before;
  ::sigprocmask(SIG_BLOCK, &stop, &before);
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid != 0) {
    const int reason = errno;
    if (pid > 0 && options.own_group)
      ::setpgid(pid, pid);
    ::sigprocmask(SIG_SETMASK, &before, nullptr);
    errno = reason;
    return pid;
  }
  // Child: in its own process group a Ctrl-C reaches it once, passed on by the
  // parent (it answers by writing what it has); output to its log; then become
  // `relinksim run`.
  if (options.own_group)
    ::setpgid(0, 0);
#ifdef __linux__
  // A parent that dies without passing a signal on (SIGKILL) still stops its runs,
  // which write what they have, instead of leaving them to run on unwatched.
  ::prctl(PR_SET_PDEATHSIG, SIGTERM);
  if (::getppid() != parent) // it died before that took hold
    ::_exit(exit_interrupted);
#endif
  if (!options.folder.empty() && ::chdir(options.folder.c_str()) != 0)
    ::_exit(127);
  if (!options.input.empty()) {
    const int in = ::open(options.input.c_str(), O_RDONLY);
    if (in < 0)
      ::_exit(127);
    ::dup2(in, STDIN_FILENO);
    ::close(in);
  }
  const int fd = ::open(options.log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd >= 0) {
    ::dup2(fd, STDOUT_FILENO);
    ::dup2(fd, STDERR_FILENO);
    ::close(fd);
  }
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(self.c_str()));
  for (const auto& a : args)
    argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  ::execv(self.c_str(), argv.data());
  ::_exit(127);
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::optional<std::pair<std::uint64_t, std::uint64_t>> parse_seeds(const std::string& text) {
  const auto dots = text.find("..");
  if (dots == std::string::npos || dots == 0 || dots + 2 >= text.size())
    return std::nullopt;
  try {
    std::size_t used_a = 0, used_b = 0;
    const std::string a = text.substr(0, dots), b = text.substr(dots + 2);
    if (a.find_first_not_of("0123456789") != std::string::npos ||
        b.find_first_not_of("0123456789") != std::string::npos)
      return std::nullopt;
    const auto from = std::stoull(a, &used_a), to = std::stoull(b, &used_b);
    if (from > to || to > sim::max_seed)
      return std::nullopt;
    return std::pair{from, to};
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

} // namespace cli
