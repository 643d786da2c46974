#pragma once

// webhooks.jsonl: the Stripe-shaped events a platform's endpoint would have
// received, one per line:
//
//   {"id", "object": "event", "type", "created" (unix seconds), "livemode",
//    "pending_webhooks", "request", "data": {"object": {financial_connections.account}}}
//
// Every financial_connections.* event of the trace becomes one webhook; its
// data.object is the account, authorization or session as it stood right after the
// change, complete as Stripe's OpenAPI description requires (docs/events.md says
// which spec each follows).
// Lines come in the order the endpoint received them (sim/webhook_delivery):
// with webhook faults, duplicated, out of order, or missing when dropped.

#include "sim/runner.hpp"

#include <fstream>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace reports {

// webhooks.jsonl written as the run goes: the run hands it each event and each
// delivery (sim::webhook_sink); each webhook waits in memory only until the
// endpoint receives it.
class webhooks_stream : public sim::webhook_sink {
public:
  // Throws write_error when `path` cannot be written.
  explicit webhooks_stream(const std::string& path);
  ~webhooks_stream() override;

  void start(const sim::scenario& spec, std::uint64_t seed,
             const sim::account_history& history) override;
  void before(const engine::trace_event& e) override;
  void event(const engine::trace_event& e, std::uint32_t copies) override;
  bool ready(const sim::webhook_delivery& d) const override;
  void delivered(const sim::webhook_delivery& d) override;
  void end_of_trace() override;
  void end_of_instant() override;
  // Closes the file; throws write_error if any of it could not be written.
  void finish();
  // Called with each webhook as the endpoint gets it (its JSON, without the line's
  // end), on the thread that follows the trace: where a platform in the loop
  // takes it from. Set, the stream also keeps what the API answers from (below).
  void on_sent(std::function<void(const sim::webhook_delivery&, std::string_view body)> sent);
  // What Stripe's API answers about an account or a session now (a platform in
  // the loop asks): its JSON, empty for an unknown id; why a session was not
  // created; the accounts of a customer, by id. Only while the trace's follower
  // stands still (at the end of an instant, caught up).
  std::string account_json(std::string_view id);
  std::string session_json(std::string_view id);
  std::string session_rejection(std::string_view id) const;
  std::vector<std::string_view> accounts_of(std::string_view customer) const;
  // The latest debit of an account (payment.succeeded or .failed).
  struct payment {
    std::string id;
    bool succeeded = false;
    std::string blocked_reason;
    std::string ach_return_code;
  };
  std::optional<payment> last_payment(std::string_view account) const;

  // What a webhook is built from besides the history.
  struct run_facts {
    const sim::scenario& spec;
    std::uint64_t seed;
  };

private:
  class writer;
  std::string path_;
  std::ofstream out_;
  std::optional<run_facts> facts_;
  std::unique_ptr<writer> writer_;
  std::function<void(const sim::webhook_delivery&, std::string_view)> sent_;
};

} // namespace reports
