#pragma once
// The platform's webhook endpoint in lockstep with the run (sim::platform_link):
// each webhook is POSTed when its instant has ended, signed as Stripe signs it,
// and virtual time waits for the answer. A non-2xx answer, a refused connection
// or no answer within answer_timeout is retried on Stripe's schedule
// (sim::retry_wait) in virtual time, for up to 3 days after the event. Each
// attempt is a trace event: webhook.answered (2xx) or webhook.failed.

#include "format/scenario.hpp"
#include "sim/runner.hpp"

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace live {

class webhook_lockstep : public sim::platform_link {
public:
  explicit webhook_lockstep(const sim::endpoint_spec& endpoint);
  ~webhook_lockstep() override;

  // A webhook as the endpoint is to get it (reports::webhooks_stream::on_sent),
  // on the thread that follows the trace.
  void sent(const sim::webhook_delivery& d, std::string_view body);

  bool at_instant_end(engine::kernel& k) override;
  bool due(engine::duration now) const override;
  std::string failure() const override;

  // Figures for the console: attempts made, webhooks accepted.
  std::uint64_t attempts() const { return attempts_; }
  std::uint64_t accepted() const { return accepted_; }

private:
  struct pending {
    std::uint64_t sequence = 0;
    engine::duration event_time{0};
    engine::duration due{0};
    std::uint32_t attempt = 1;
    std::string body;
    std::string event_id;
  };
  struct answer {
    int status = 0;       // 0: no answer
    std::string problem;  // for no answer: why
    std::string body;     // the first bytes of what it said
  };
  answer post(const pending& p) const;

  sim::endpoint_spec endpoint_;
  std::string host_;
  int port_ = 0;
  std::string path_;
  std::chrono::steady_clock::time_point started_;
  mutable std::mutex mutex_;
  std::vector<pending> incoming_; // from the follower, under mutex_
  std::vector<pending> waiting_;  // the loop's: due later (retries), earliest first
  std::vector<engine::duration> wakes_; // instants a wake-up is scheduled for
  std::string first_failure_;
  std::uint64_t attempts_ = 0;
  std::uint64_t accepted_ = 0;
  caf::actor waker_;
};

} // namespace live
