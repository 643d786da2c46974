#pragma once
// The HTTP side of the Stripe-like API a platform in the loop calls: a server on a
// loopback port whose threads hand each request to the run's thread and wait for
// its answer (the run applies calls at its own pace: lockstep). Form-encoded
// bodies and query strings are read into `a[b][c]` keys as Stripe writes them.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

namespace httplib {
class Server;
}

namespace live {

struct api_request {
  std::string method;
  std::string path;
  // Every parameter of the query and the form-encoded body, by its key as sent
  // ("account_holder[customer]", "features[]"), in order.
  std::multimap<std::string, std::string> params;
  std::string authorization;   // the Authorization header
  std::string idempotency_key; // the Idempotency-Key header
  std::string body;            // as sent, for a body that is not a form
  std::string content_type;
};

struct api_response {
  int status = 200;
  std::string body; // JSON
};

// Stripe's error object: {"error": {"type", "code" (if any), "message"}}.
std::string error_json(std::string_view type, std::string_view message,
                       std::string_view code = {});


class api_server {
public:
  // Listens on host:port (0: a free port); throws std::runtime_error when it cannot.
  // A call waits at most `wait` for the run to answer it.
  api_server(const std::string& host, int port, std::chrono::milliseconds wait);
  ~api_server();
  api_server(const api_server&) = delete;
  api_server& operator=(const api_server&) = delete;

  int port() const { return port_; }

  struct call {
    api_request request;
    std::promise<api_response> answer;
  };
  // Whether a call waits.
  bool waiting() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return !calls_.empty();
  }
  // For the run's thread: the next call waiting, or nothing.
  std::shared_ptr<call> take();
  // Waits up to `for_at_most` for a call to come, or for `ready` to become true
  // (checked every millisecond).
  template <class Ready>
  void wait(std::chrono::milliseconds for_at_most, Ready&& ready) {
    std::unique_lock<std::mutex> lock(mutex_);
    const auto until = std::chrono::steady_clock::now() + for_at_most;
    while (calls_.empty() && !ready() && std::chrono::steady_clock::now() < until)
      arrived_.wait_for(lock, std::chrono::milliseconds(1));
  }
  // Calls that come from now on, and those waiting, are answered 503: the run is over.
  void close();

private:
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  std::atomic<bool> listening_over_{false};
  int port_ = 0;
  std::chrono::milliseconds wait_;
  mutable std::mutex mutex_;
  std::condition_variable arrived_;
  std::deque<std::shared_ptr<call>> calls_;
  bool closed_ = false;
};

} // namespace live
