#pragma once
// The platform's own program, started for a run and stopped after it, as
// Playwright's webServer starts the app under test: `sh -c COMMAND` in the
// scenario's folder, in a process group of its own, with the connection details
// in its environment and its output in a log file; ready when a URL answers 2xx
// (or, without one, when the endpoint's port accepts connections).

#include "format/http_url.hpp"
#include "format/scenario.hpp"

#include <chrono>
#include <map>
#include <stdexcept>
#include <string>
#include <sys/types.h>

namespace live {

// Thrown when the platform cannot be started or does not get ready: the message
// says why, and where its output is.
class platform_failure : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

// The endpoint's URL, which the loader checked (format/http_url.hpp).
sim::http_url endpoint_url(const std::string& url);

// The endpoint with port 0 in `url` and `ready` replaced by a free port of this
// machine's, chosen now: scenarios run side by side (suite -j, the determinism
// check's second run) never collide. The platform listens where
// RELINKSIM_WEBHOOK_URL says.
sim::endpoint_spec with_free_port(sim::endpoint_spec endpoint);

class platform_process {
public:
  // Starts `endpoint.command` (if any) and waits until it is ready; throws
  // platform_failure. `environment` is added to relinksim's own.
  platform_process(const sim::endpoint_spec& endpoint, const std::string& folder,
                   const std::string& log_path,
                   const std::map<std::string, std::string>& environment);
  // Stops it: SIGTERM to its process group, SIGKILL 5 seconds later.
  ~platform_process();
  platform_process(const platform_process&) = delete;
  platform_process& operator=(const platform_process&) = delete;

  // Whether the command is still running (always true without one).
  bool running();

private:
  void wait_ready(const sim::endpoint_spec& endpoint);
  void stop();
  void stop_group();
  void start_reaper();
  std::string exit_text() const;

  pid_t pid_ = -1;
  pid_t reaper_ = -1;    // stops the group if relinksim dies first
  int reaper_pipe_ = -1; // its end of the reaper's pipe
  int status_ = 0;
  bool exited_ = false;
  std::string log_path_;
};

} // namespace live
