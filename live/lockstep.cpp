#include "live/lockstep.hpp"

#include "domain/events.hpp"
#include "engine/kernel.hpp"
#include "live/platform_process.hpp"
#include "live/signature.hpp"
#include "sim/webhook_delivery.hpp"

#include <caf/all.hpp>
#include <httplib.h>

#include <algorithm>
#include <ctime>

namespace live {
namespace ev = actors::events;
namespace {

using wake_atom = caf::atom_constant<caf::atom("wake")>;

// A JSON string field near the start of a webhook: its "id" or "type".
std::string field_of(std::string_view body, std::string_view key) {
  const std::string mark = "\"" + std::string(key) + "\":\"";
  const auto at = body.find(mark);
  if (at == std::string_view::npos)
    return {};
  const auto from = at + mark.size();
  return std::string(body.substr(from, body.find('"', from) - from));
}

template <class T>
bool earlier(const T& x, const T& y) {
  return x.due != y.due ? x.due < y.due : x.sequence < y.sequence;
}

} // namespace

webhook_lockstep::webhook_lockstep(const sim::endpoint_spec& endpoint)
  : endpoint_(endpoint), started_(std::chrono::steady_clock::now()) {
  const http_url url = parse_http_url(endpoint.url);
  host_ = url.host;
  port_ = url.port;
  path_ = url.path;
}

webhook_lockstep::~webhook_lockstep() = default;

void webhook_lockstep::sent(const sim::webhook_delivery& d, std::string_view body) {
  pending p;
  p.sequence = d.sequence;
  p.due = d.delivered_at;
  p.body = std::string(body);
  p.event_id = field_of(body, "id");
  const std::lock_guard<std::mutex> lock(mutex_);
  incoming_.push_back(std::move(p));
}

webhook_lockstep::answer webhook_lockstep::post(const pending& p) const {
  httplib::Client client(host_, port_);
  const auto timeout = std::chrono::milliseconds(endpoint_.answer_timeout.count());
  client.set_connection_timeout(timeout);
  client.set_read_timeout(timeout);
  client.set_write_timeout(timeout);
  // t is the real time of sending, so that the libraries' tolerance check passes;
  // the event's `created` stays virtual.
  const httplib::Headers headers{
      {"Stripe-Signature",
       stripe_signature(endpoint_.signing_secret, std::time(nullptr), p.body)},
      {"User-Agent", "Stripe/1.0 (+https://stripe.com/docs/webhooks)"}};
  answer out;
  if (auto result = client.Post(path_.c_str(), headers, p.body, "application/json; charset=utf-8")) {
    out.status = result->status;
    out.body = result->body.substr(0, 200);
  } else {
    out.problem = result.error() == httplib::Error::Read ? "no answer within " +
                                                               engine::format_duration(endpoint_.answer_timeout)
                                                         : httplib::to_string(result.error());
  }
  return out;
}

bool webhook_lockstep::due(engine::duration now) const {
  return !waiting_.empty() && waiting_.front().due <= now;
}

bool webhook_lockstep::at_instant_end(engine::kernel& k) {
  const engine::duration now = k.now();
  if (std::chrono::steady_clock::now() - started_ >
      std::chrono::milliseconds(endpoint_.time_limit.count()))
    throw engine::external_failure(
        "the run with the platform took longer than " +
          engine::format_duration(endpoint_.time_limit) +
          " of real time (platform.endpoint.time_limit); it stopped at virtual time " +
          engine::format_duration(now),
        now);
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    for (auto& p : incoming_) {
      p.event_time = p.due;
      waiting_.push_back(std::move(p));
    }
    incoming_.clear();
  }
  std::stable_sort(waiting_.begin(), waiting_.end(), earlier<pending>);
  while (!waiting_.empty() && waiting_.front().due <= now) {
    pending p = std::move(waiting_.front());
    waiting_.erase(waiting_.begin());
    const answer a = post(p);
    ++attempts_;
    const std::string type = field_of(p.body, "type");
    const std::string status = a.status != 0 ? std::to_string(a.status) : a.problem;
    if (a.status / 100 == 2) {
      ++accepted_;
      k.events().record(now, ev::webhook_answered, p.event_id,
                        {{"event_type", type},
                         {"status", status},
                         {"attempt", std::to_string(p.attempt)}});
      continue;
    }
    const engine::duration retry_at = now + sim::retry_wait(p.attempt);
    const bool retried = retry_at - p.event_time <= sim::webhook_retry_window;
    std::vector<engine::trace_field> fields{{"event_type", type},
                                            {"status", status},
                                            {"attempt", std::to_string(p.attempt)}};
    if (!a.body.empty())
      fields.emplace_back("answer", a.body);
    if (retried)
      fields.emplace_back("retry_in", retry_at - now);
    else
      fields.emplace_back("dropped", "true");
    k.events().record(now, ev::webhook_failed, p.event_id, fields);
    if (!retried) {
      if (first_failure_.empty())
        first_failure_ = "the platform's endpoint " + endpoint_.url + " never accepted " +
                         p.event_id + " (" + type + " of " +
                         engine::format_duration(p.event_time) + "): " + status +
                         (a.body.empty() ? "" : " '" + a.body + "'") + " at attempt " +
                         std::to_string(p.attempt) + ", the last in 3 days";
      continue;
    }
    ++p.attempt;
    p.due = retry_at;
    waiting_.insert(std::upper_bound(waiting_.begin(), waiting_.end(), p, earlier<pending>),
                    std::move(p));
  }
  // The clock must stop at the next retry, which no actor asked for.
  if (!waiting_.empty()) {
    const engine::duration next = waiting_.front().due;
    if (std::find(wakes_.begin(), wakes_.end(), next) == wakes_.end() &&
        k.within_horizon(next - now)) {
      if (!waker_)
        waker_ = k.spawn([](caf::event_based_actor*) -> caf::behavior {
          return {[](wake_atom) {}};
        });
      wakes_.push_back(next);
      caf::delayed_anon_send(waker_, std::chrono::milliseconds((next - now).count()),
                             wake_atom::value);
    }
  }
  return false;
}

std::string webhook_lockstep::failure() const {
  if (!first_failure_.empty())
    return first_failure_;
  if (!waiting_.empty()) {
    const auto& p = waiting_.front();
    return "the platform's endpoint " + endpoint_.url + " had not accepted " + p.event_id +
           " (" + field_of(p.body, "type") + " of " + engine::format_duration(p.event_time) +
           ") by the end of the run, after " + std::to_string(p.attempt - 1) + " attempt(s)";
  }
  return {};
}

} // namespace live
