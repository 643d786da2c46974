#include "live/platform_process.hpp"

#include <httplib.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <netdb.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

extern char** environ;

namespace live {
namespace {

using clock = std::chrono::steady_clock;

std::chrono::milliseconds real(engine::duration d) {
  return std::chrono::milliseconds(d.count());
}

// The last lines of the platform's log, for a message that says why it failed.
std::string tail_of(const std::string& path, std::size_t lines = 10) {
  std::ifstream in(path);
  std::vector<std::string> kept;
  for (std::string line; std::getline(in, line);) {
    kept.push_back(line);
    if (kept.size() > lines)
      kept.erase(kept.begin());
  }
  std::string out;
  for (const auto& line : kept)
    out += "\n  | " + line;
  return out.empty() ? " (it wrote nothing)" : ":" + out;
}

bool port_open(const sim::http_url& url) {
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (getaddrinfo(url.host.c_str(), std::to_string(url.port).c_str(), &hints, &found) != 0)
    return false;
  bool open = false;
  for (addrinfo* a = found; a != nullptr && !open; a = a->ai_next) {
    const int s = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
    if (s < 0)
      continue;
    open = ::connect(s, a->ai_addr, a->ai_addrlen) == 0;
    ::close(s);
  }
  freeaddrinfo(found);
  return open;
}

} // namespace

sim::http_url endpoint_url(const std::string& url) {
  if (auto parsed = sim::parse_http_url(url))
    return *parsed;
  throw platform_failure("not an http:// URL: '" + url + "'"); // the loader refuses it
}

sim::endpoint_spec with_free_port(sim::endpoint_spec endpoint) {
  if (endpoint_url(endpoint.url).port != 0)
    return endpoint;
  const int s = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  int port = 0;
  if (s >= 0 && ::bind(s, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
      ::getsockname(s, reinterpret_cast<sockaddr*>(&address), &length) == 0)
    port = ntohs(address.sin_port);
  if (s >= 0)
    ::close(s);
  if (port == 0)
    throw platform_failure("no free port on this machine for the platform's endpoint");
  const auto replace = [port](std::string& url) {
    const auto at = url.find(":0/");
    if (at != std::string::npos)
      url.replace(at, 3, ":" + std::to_string(port) + "/");
    else if (url.size() >= 2 && url.compare(url.size() - 2, 2, ":0") == 0)
      url.replace(url.size() - 2, 2, ":" + std::to_string(port));
  };
  replace(endpoint.url);
  if (!endpoint.ready.empty() && endpoint_url(endpoint.ready).port == 0)
    replace(endpoint.ready);
  return endpoint;
}

platform_process::platform_process(const sim::endpoint_spec& endpoint,
                                   const std::string& folder, const std::string& log_path,
                                   const std::map<std::string, std::string>& environment)
  : log_path_(log_path) {
  if (!endpoint.command.empty() && port_open(endpoint_url(endpoint.url)))
    throw platform_failure("something already listens on " + endpoint.url +
                           " (a platform left running by another run?): the platform's "
                           "command is to start it; stop that one, or give this one another "
                           "port (0: a free one)");
  if (!endpoint.command.empty()) {
    std::vector<std::string> variables;
    for (char** e = environ; *e != nullptr; ++e) {
      const std::string variable = *e;
      if (environment.count(variable.substr(0, variable.find('='))) == 0)
        variables.push_back(variable);
    }
    for (const auto& [name, value] : environment)
      variables.push_back(name + "=" + value);
    std::vector<char*> envp;
    for (auto& v : variables)
      envp.push_back(v.data());
    envp.push_back(nullptr);

    std::string command = endpoint.command;
    char sh[] = "/bin/sh", dash_c[] = "-c";
    char* argv[] = {sh, dash_c, command.data(), nullptr};
    const pid_t parent = ::getpid();
    // fork and exec, not posix_spawn: the child also asks to be sent SIGTERM when
    // relinksim dies, so that a killed run leaves no platform behind on its port.
    // Between the two, only async-signal-safe calls.
    pid_ = ::fork();
    if (pid_ == 0) {
      ::setpgid(0, 0);
      ::prctl(PR_SET_PDEATHSIG, SIGTERM);
      if (::getppid() != parent)
        ::_exit(127); // relinksim died before the line above
      const int in = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
      const int out = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
      if (in < 0 || out < 0 || ::dup2(in, STDIN_FILENO) < 0 || ::dup2(out, STDOUT_FILENO) < 0 ||
          ::dup2(out, STDERR_FILENO) < 0 || ::chdir(folder.c_str()) != 0)
        ::_exit(126);
      ::execve("/bin/sh", argv, envp.data());
      ::_exit(127);
    }
    const int failed = pid_ < 0 ? errno : 0;
    if (pid_ > 0) {
      ::setpgid(pid_, pid_); // also from here: no race with the kill of its group
      start_reaper();
    }
    if (failed != 0)
      throw platform_failure("cannot start the platform (" + endpoint.command +
                             "): " + std::strerror(failed));
  }
  try {
    wait_ready(endpoint);
  } catch (...) {
    stop(); // what started; the destructor will not run
    throw;
  }
}

void platform_process::wait_ready(const sim::endpoint_spec& endpoint) {
  const auto deadline = clock::now() + real(endpoint.start_timeout);
  const sim::http_url url = endpoint_url(endpoint.ready.empty() ? endpoint.url : endpoint.ready);
  for (;;) {
    if (!running())
      throw platform_failure("the platform's command (" + endpoint.command + ") " +
                             exit_text() + " before it was ready; the end of its output" +
                             tail_of(log_path_));
    if (endpoint.ready.empty()) {
      if (port_open(url))
        return;
    } else {
      httplib::Client client(url.host, url.port);
      client.set_connection_timeout(std::chrono::seconds(1));
      client.set_read_timeout(std::chrono::seconds(1));
      if (auto answer = client.Get(url.path.c_str()); answer && answer->status / 100 == 2)
        return;
    }
    if (clock::now() >= deadline)
      throw platform_failure(
          "the platform was not ready within " + engine::format_duration(endpoint.start_timeout) +
          " (platform.endpoint.start_timeout): " +
          (endpoint.ready.empty() ? "nothing accepted connections on " + endpoint.url
                                  : endpoint.ready + " did not answer 2xx") +
          (endpoint.command.empty() ? std::string()
                                    : "; the end of its output" + tail_of(log_path_)));
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

void platform_process::start_reaper() {
  // The platform's group outlives relinksim if relinksim is killed outright (SIGKILL,
  // a crash): the death signal asked for reaches `sh` only, not what it started. A
  // reaper waits on a pipe only relinksim holds open; when it reads its end, relinksim
  // is gone, and the reaper stops the group as relinksim would have.
  int ends[2];
  if (::pipe2(ends, O_CLOEXEC) != 0)
    return; // no reaper: the platform is stopped as usual all the same
  const pid_t group = pid_;
  reaper_ = ::fork();
  if (reaper_ == 0) {
    ::close(ends[1]);
    char byte;
    while (::read(ends[0], &byte, 1) < 0 && errno == EINTR) {
    }
    ::kill(-group, SIGTERM);
    const timespec grace{5, 0};
    ::nanosleep(&grace, nullptr);
    ::kill(-group, SIGKILL);
    ::_exit(0);
  }
  ::close(ends[0]);
  if (reaper_ < 0) {
    ::close(ends[1]);
    return;
  }
  reaper_pipe_ = ends[1];
}

bool platform_process::running() {
  if (pid_ < 0)
    return true;
  if (!exited_ && ::waitpid(pid_, &status_, WNOHANG) == pid_)
    exited_ = true;
  return !exited_;
}

std::string platform_process::exit_text() const {
  if (WIFSIGNALED(status_))
    return std::string("was killed by signal ") + std::to_string(WTERMSIG(status_));
  return "exited with status " + std::to_string(WEXITSTATUS(status_));
}

platform_process::~platform_process() { stop(); }

void platform_process::stop() {
  stop_group();
  if (reaper_ > 0) { // relinksim stopped the group itself: the reaper may go
    ::kill(reaper_, SIGKILL);
    ::waitpid(reaper_, nullptr, 0);
    reaper_ = -1;
  }
  if (reaper_pipe_ >= 0) {
    ::close(reaper_pipe_);
    reaper_pipe_ = -1;
  }
}

void platform_process::stop_group() {
  if (pid_ < 0 || !running()) {
    if (pid_ >= 0)
      ::kill(-pid_, SIGKILL); // what it left behind in its group
    pid_ = -1;
    return;
  }
  ::kill(-pid_, SIGTERM);
  const auto deadline = clock::now() + std::chrono::seconds(5);
  while (running() && clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  if (running()) {
    ::kill(-pid_, SIGKILL);
    ::waitpid(pid_, &status_, 0);
  }
  ::kill(-pid_, SIGKILL);
  pid_ = -1;
}

} // namespace live
