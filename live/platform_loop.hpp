#pragma once
namespace reports {
class webhooks_stream;
}

// The platform's webhook endpoint and its API calls in lockstep with the run
// (sim::platform_link):
// each webhook is POSTed when its instant has ended, signed as Stripe signs it,
// and virtual time waits for the answer. A non-2xx answer, a refused connection
// or no answer within answer_timeout is retried on Stripe's schedule
// (sim::retry_wait) in virtual time, for up to 3 days after the event. Each
// attempt is a trace event: webhook.answered (2xx) or webhook.failed.
//
// The platform's API calls (api_server) are applied by the run's thread at the
// instant it is at: while a delivery waits for its answer, at that delivery's
// instant; otherwise at the end of the next instant. A call that changes the world
// is answered once the actors have handled it, at the same instant. Each call is a
// platform.api_call trace event.

#include "format/scenario.hpp"
#include "live/api_server.hpp"
#include "sim/runner.hpp"

#include <functional>
#include <future>
#include <map>
#include <memory>

#include <caf/actor.hpp>

#include <chrono>
#include <optional>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace live {

class platform_loop : public sim::platform_link {
public:
  // `objects`: where the API's answers come from (the webhooks' own objects).
  platform_loop(const sim::endpoint_spec& endpoint, reports::webhooks_stream& objects);
  ~platform_loop() override;

  // A webhook as the endpoint is to get it (reports::webhooks_stream::on_sent),
  // on the thread that follows the trace.
  void sent(const sim::webhook_delivery& d, std::string_view body);

  bool at_instant_end(engine::kernel& k, const sim::world_access& world) override;
  void plan_job(engine::kernel& k, engine::duration at, const std::string& path) override;
  bool due(engine::duration now) const override;
  std::string failure() const override;

  // Where the API listens: http://127.0.0.1:<port>.
  int api_port() const { return api_.port(); }
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
    std::string job; // a platform_job's path; empty: a webhook
  };
  struct answer {
    int status = 0;       // 0: no answer
    std::string problem;  // for no answer: why
    std::string body;     // the first bytes of what it said
  };
  answer post(const pending& p) const;
  // The clock stops at `at` (no actor may have asked it to).
  void wake_at(engine::kernel& k, engine::duration at);
  // Records the attempt's answer; a failed one waits for its retry.
  void settle(engine::kernel& k, pending p, const answer& a);
  // One call of the platform's: answered now (false), or once the actors have
  // handled what it asked (true: parked).
  bool serve(const std::shared_ptr<api_server::call>& c, engine::kernel& k,
             const sim::world_access& world);
  void answer_call(const std::shared_ptr<api_server::call>& c, engine::kernel& k,
                   api_response r, const std::string& object);
  api_response account_answer(const std::string& id);

  sim::endpoint_spec endpoint_;
  std::string host_;
  int port_ = 0;
  std::string path_;
  std::chrono::steady_clock::time_point started_;
  mutable std::mutex mutex_;
  std::vector<pending> incoming_; // from the follower, under mutex_
  std::vector<pending> waiting_;  // the loop's: due later (retries), earliest first
  std::vector<engine::duration> wakes_; // instants a wake-up is scheduled for
  // When the next delivery not handed over yet is due (webhook_faults: a copy, one
  // held back); the loop's own thread reads it.
  std::optional<engine::duration> next_delivery_;
  std::string first_failure_;
  std::uint64_t attempts_ = 0;
  std::uint64_t accepted_ = 0;
  caf::actor waker_;
  reports::webhooks_stream& objects_;
  api_server api_;
  // The delivery whose answer the run waits for, if any.
  std::optional<pending> posting_;
  std::future<answer> answer_;
  // Calls answered once the actors have handled what they asked.
  struct parked_call {
    std::shared_ptr<api_server::call> call;
    std::string object;
    std::function<api_response()> answer;
  };
  std::vector<parked_call> parked_;
  std::map<std::string, api_response> idempotent_; // by Idempotency-Key
  std::uint64_t sessions_created_ = 0;
  std::uint32_t calls_this_delivery_ = 0;
  std::uint64_t jobs_planned_ = 0;
};

} // namespace live
