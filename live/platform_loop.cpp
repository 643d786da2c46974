#include "live/platform_loop.hpp"

#include "domain/events.hpp"
#include "engine/kernel.hpp"
#include "live/platform_process.hpp"
#include "live/signature.hpp"
#include "reports/webhooks.hpp"
#include "sim/webhook_delivery.hpp"

#include <caf/all.hpp>
#include <httplib.h>

#include <algorithm>
#include <ctime>
#include <limits>

namespace live {
namespace ev = actors::events;
namespace {

using wake_atom = caf::atom_constant<caf::atom("wake")>;

// Gets a message at each instant the clock must stop at. (Spawned with an argument:
// CAF 0.17 dereferences the empty argument tuple of a function spawned without one.)
caf::behavior waker(caf::event_based_actor*, int) {
  return {[](wake_atom) {}};
}

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

platform_loop::platform_loop(const sim::endpoint_spec& endpoint,
                                   reports::webhooks_stream& objects)
  : endpoint_(endpoint), started_(std::chrono::steady_clock::now()), objects_(objects),
    api_("127.0.0.1", endpoint.api_port, std::chrono::milliseconds(endpoint.time_limit.count())) {
  const sim::http_url url = endpoint_url(endpoint.url);
  host_ = url.host;
  port_ = url.port;
  path_ = url.path;
}

platform_loop::~platform_loop() {
  // Calls the run ended before answering.
  for (auto& p : parked_)
    p.call->answer.set_value({503, error_json("api_error", "the relinksim run is over")});
}

void platform_loop::sent(const sim::webhook_delivery& d, std::string_view body) {
  pending p;
  p.sequence = d.sequence;
  p.due = d.delivered_at;
  p.body = std::string(body);
  p.event_id = field_of(body, "id");
  const std::lock_guard<std::mutex> lock(mutex_);
  incoming_.push_back(std::move(p));
}

platform_loop::answer platform_loop::post(const pending& p) const {
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
  const std::string& target = p.job.empty() ? path_ : p.job;
  if (auto result = client.Post(target.c_str(), headers, p.body, "application/json; charset=utf-8")) {
    out.status = result->status;
    out.body = result->body.substr(0, 200);
  } else {
    out.problem = result.error() == httplib::Error::Read ? "no answer within " +
                                                               engine::format_duration(endpoint_.answer_timeout)
                                                         : httplib::to_string(result.error());
  }
  return out;
}

bool platform_loop::due(engine::duration now) const {
  return posting_ || !parked_.empty() || (!waiting_.empty() && waiting_.front().due <= now) ||
         (next_delivery_ && *next_delivery_ <= now) || api_.waiting();
}

bool platform_loop::at_instant_end(engine::kernel& k, const sim::world_access& world) {
  const engine::duration now = k.now();
  world.sync(); // the history and the webhooks' objects stand at this instant
  if (std::chrono::steady_clock::now() - started_ >
      std::chrono::milliseconds(endpoint_.time_limit.count()))
    throw engine::external_failure(
        "the run with the platform took longer than " +
          engine::format_duration(endpoint_.time_limit) +
          " of real time (platform.endpoint.time_limit); it stopped at virtual time " +
          engine::format_duration(now),
        now);
  // Calls whose actions the actors have now handled.
  for (auto& p : std::exchange(parked_, {}))
    answer_call(p.call, k, p.answer(), p.object);
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    for (auto& p : incoming_) {
      p.event_time = p.due;
      waiting_.push_back(std::move(p));
    }
    incoming_.clear();
  }
  std::stable_sort(waiting_.begin(), waiting_.end(), earlier<pending>);
  for (;;) {
    if (!posting_) {
      if (waiting_.empty() || waiting_.front().due > now)
        break;
      posting_ = std::move(waiting_.front());
      waiting_.erase(waiting_.begin());
      answer_ = std::async(std::launch::async, [this, p = *posting_] { return post(p); });
      calls_this_delivery_ = 0;
    }
    // While the endpoint handles the webhook, the platform's calls are applied at
    // this instant.
    const auto answered = [this] {
      return answer_.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
    };
    while (!answered()) {
      if (auto c = api_.take()) {
        if (++calls_this_delivery_ > endpoint_.max_calls) {
          c->answer.set_value({429, error_json("rate_limit_error",
                                               "more calls than platform.endpoint.max_calls "
                                               "while one webhook waits")});
          throw engine::external_failure(
              "the platform made more than " + std::to_string(endpoint_.max_calls) +
                " API calls while handling " + posting_->event_id +
                " (platform.endpoint.max_calls); the run stopped at virtual time " +
                engine::format_duration(now),
              now);
        }
        if (serve(c, k, world))
          return true; // the actors handle it; this instant goes on
        continue;
      }
      api_.wait(std::chrono::milliseconds(20), answered);
    }
    pending p = std::move(*posting_);
    posting_.reset();
    settle(k, std::move(p), answer_.get());
  }
  // Calls outside any delivery: at this instant, whenever they come.
  while (auto c = api_.take())
    if (serve(c, k, world))
      return true;
  // The clock must stop at the next retry, and at the next copy or held-back
  // delivery of webhook_faults, which no actor asked for.
  if (!waiting_.empty())
    wake_at(k, waiting_.front().due);
  next_delivery_ = world.next_delivery();
  if (next_delivery_)
    wake_at(k, *next_delivery_);
  return false;
}

void platform_loop::wake_at(engine::kernel& k, engine::duration at) {
  const engine::duration now = k.now();
  if (at <= now || std::find(wakes_.begin(), wakes_.end(), at) != wakes_.end() ||
      !k.within_horizon(at - now))
    return;
  if (!waker_)
    waker_ = k.spawn(waker, 0);
  wakes_.push_back(at);
  caf::delayed_anon_send(waker_, std::chrono::milliseconds((at - now).count()),
                         wake_atom::value);
}

void platform_loop::plan_job(engine::kernel& k, engine::duration at, const std::string& path) {
  pending p;
  // After the webhooks of its instant, in the timeline's order.
  p.sequence = std::numeric_limits<std::uint32_t>::max() + ++jobs_planned_;
  p.due = p.event_time = at;
  p.job = path;
  p.event_id = path;
  p.body = "{\"job\":\"" + path + "\",\"time\":\"" + engine::format_duration(at) + "\"}";
  waiting_.insert(std::upper_bound(waiting_.begin(), waiting_.end(), p, earlier<pending>),
                  std::move(p));
  wake_at(k, at);
}

void platform_loop::settle(engine::kernel& k, pending p, const answer& a) {
  const engine::duration now = k.now();
  if (!p.job.empty()) { // a job runs once: its answer is recorded, a failure fails the run
    const std::string status = a.status != 0 ? std::to_string(a.status) : a.problem;
    std::vector<engine::trace_field> fields{{"path", p.job}, {"status", status}};
    if (a.status / 100 != 2 && !a.body.empty())
      fields.emplace_back("answer", a.body);
    k.events().record(now, ev::platform_job, p.job, fields);
    if (a.status / 100 != 2 && first_failure_.empty())
      first_failure_ = "the platform's job " + p.job + " at " + engine::format_duration(now) +
                       " answered " + status + (a.body.empty() ? "" : " '" + a.body + "'");
    return;
  }
  ++attempts_;
  const std::string type = field_of(p.body, "type");
  const std::string status = a.status != 0 ? std::to_string(a.status) : a.problem;
  if (a.status / 100 == 2) {
    ++accepted_;
    k.events().record(now, ev::webhook_answered, p.event_id,
                      {{"event_type", type}, {"status", status},
                       {"attempt", std::to_string(p.attempt)}});
    return;
  }
  const engine::duration retry_at = now + sim::retry_wait(p.attempt);
  const bool retried = retry_at - p.event_time <= sim::webhook_retry_window;
  std::vector<engine::trace_field> fields{
      {"event_type", type}, {"status", status}, {"attempt", std::to_string(p.attempt)}};
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
    return;
  }
  ++p.attempt;
  p.due = retry_at;
  waiting_.insert(std::upper_bound(waiting_.begin(), waiting_.end(), p, earlier<pending>),
                  std::move(p));
}

// -- the API ------------------------------------------------------------------------
namespace {

constexpr std::string_view accounts_path = "/v1/financial_connections/accounts";
constexpr std::string_view sessions_path = "/v1/financial_connections/sessions";

api_response not_found(const std::string& what, const std::string& id) {
  return {404, error_json("invalid_request_error", "No such " + what + ": '" + id + "'",
                          "resource_missing")};
}

api_response missing(const std::string& parameter) {
  return {400, error_json("invalid_request_error", "Missing required param: " + parameter + ".",
                          "parameter_missing")};
}

std::string param(const api_request& r, const std::string& key) {
  const auto i = r.params.find(key);
  return i == r.params.end() ? std::string() : i->second;
}

// "accounts/fca_1/refresh" after a prefix: the segments.
std::vector<std::string> segments(std::string_view path) {
  std::vector<std::string> out;
  std::size_t from = 0;
  while (from < path.size()) {
    const auto end = std::min(path.find('/', from), path.size());
    if (end > from)
      out.emplace_back(path.substr(from, end - from));
    from = end + 1;
  }
  return out;
}

} // namespace

api_response platform_loop::account_answer(const std::string& id) {
  std::string json = objects_.account_json(id);
  if (json.empty())
    return not_found("financial connections account", id);
  return {200, std::move(json)};
}

void platform_loop::answer_call(const std::shared_ptr<api_server::call>& c,
                                   engine::kernel& k, api_response r, const std::string& object) {
  const auto& request = c->request;
  if (request.method == "POST" && !request.idempotency_key.empty())
    idempotent_.emplace(request.idempotency_key, r);
  k.events().record(k.now(), ev::platform_api_call, object.empty() ? request.path : object,
                    {{"method", request.method},
                     {"path", request.path},
                     {"status", std::to_string(r.status)}});
  c->answer.set_value(std::move(r));
}

bool platform_loop::serve(const std::shared_ptr<api_server::call>& c, engine::kernel& k,
                             const sim::world_access& world) {
  const api_request& r = c->request;
  const std::string expected = "Bearer " + endpoint_.secret_key;
  if (r.authorization != expected) {
    answer_call(c, k,
                {401, error_json("invalid_request_error",
                                 r.authorization.empty()
                                     ? "You did not provide an API key."
                                     : "Invalid API Key provided: the run's key is "
                                       "platform.endpoint.secret_key")},
                {});
    return false;
  }
  if (r.method == "POST" && !r.idempotency_key.empty())
    if (const auto i = idempotent_.find(r.idempotency_key); i != idempotent_.end()) {
      c->answer.set_value(i->second); // the same answer, nothing done again
      return false;
    }
  const auto parts = segments(r.path);
  const auto park = [&](std::string object, std::function<api_response()> respond) {
    parked_.push_back({c, std::move(object), std::move(respond)});
    return true;
  };
  const bool under_accounts = r.path.rfind(accounts_path, 0) == 0;
  const bool under_sessions = r.path.rfind(sessions_path, 0) == 0;
  // /v1/financial_connections/accounts[/{id}[/refresh|/disconnect]]
  if (under_accounts && parts.size() == 3 && r.method == "GET") {
    const std::string customer = param(r, "account_holder[customer]");
    if (customer.empty()) {
      answer_call(c, k, missing("account_holder[customer]"), {});
      return false;
    }
    std::size_t limit = 10;
    if (const std::string text = param(r, "limit"); !text.empty()) {
      try {
        limit = std::clamp<std::size_t>(std::stoul(text), 1, 100);
      } catch (const std::exception&) {
        answer_call(c, k, {400, error_json("invalid_request_error", "Invalid integer: " + text)}, {});
        return false;
      }
    }
    const auto ids = objects_.accounts_of(customer);
    auto from = ids.begin();
    if (const std::string after = param(r, "starting_after"); !after.empty())
      from = std::upper_bound(ids.begin(), ids.end(), std::string_view(after));
    std::string body = "{\"object\":\"list\",\"data\":[";
    std::size_t n = 0;
    for (auto i = from; i != ids.end() && n < limit; ++i, ++n)
      body += (n ? "," : "") + objects_.account_json(*i);
    body += "],\"has_more\":";
    body += from + static_cast<std::ptrdiff_t>(n) < ids.end() ? "true" : "false";
    body += ",\"url\":\"/v1/financial_connections/accounts\"}";
    answer_call(c, k, {200, body}, customer);
    return false;
  }
  if (under_accounts && parts.size() >= 4) {
    const std::string& id = parts[3];
    if (objects_.account_json(id).empty()) {
      answer_call(c, k, not_found("financial connections account", id), id);
      return false;
    }
    if (parts.size() == 4 && r.method == "GET") {
      answer_call(c, k, account_answer(id), id);
      return false;
    }
    if (parts.size() == 5 && r.method == "POST" && parts[4] == "disconnect") {
      world.act(sim::disconnect_action{id}, {});
      return park(id, [this, id] { return account_answer(id); });
    }
    if (parts.size() == 5 && r.method == "POST" && parts[4] == "refresh") {
      const std::string feature = param(r, "features[]").empty() ? param(r, "features[0]")
                                                                 : param(r, "features[]");
      if (feature.empty()) {
        answer_call(c, k, missing("features"), id);
        return false;
      }
      const auto kind = actors::from_string(actors::all_refresh_kinds, feature);
      if (!kind) {
        answer_call(c, k,
                    {400, error_json("invalid_request_error",
                                     "Invalid features[0]: must be one of balance, "
                                     "ownership, or transactions")},
                    id);
        return false;
      }
      world.act(sim::refresh_action{id, *kind}, {});
      return park(id, [this, id] { return account_answer(id); });
    }
  }
  // /v1/payment_intents: an ACH debit of a Financial Connections account, confirmed.
  if (r.path == "/v1/payment_intents" && r.method == "POST") {
    const std::string account =
        param(r, "payment_method_data[us_bank_account][financial_connections_account]");
    if (account.empty()) {
      answer_call(c, k,
                  missing("payment_method_data[us_bank_account][financial_connections_account]"),
                  {});
      return false;
    }
    if (objects_.account_json(account).empty()) {
      answer_call(c, k, not_found("financial connections account", account), account);
      return false;
    }
    std::int64_t amount = 0;
    try {
      amount = std::stoll(param(r, "amount"));
    } catch (const std::exception&) {
    }
    if (amount < 1 || amount > 99'999'999) {
      answer_call(c, k,
                  {400, error_json("invalid_request_error",
                                   "amount is a whole number of cents from 1 to 99999999",
                                   "parameter_invalid_integer")},
                  account);
      return false;
    }
    world.act(sim::payment_action{account, amount}, {});
    return park(account, [this, account, amount] {
      const auto debit = objects_.last_payment(account);
      if (!debit)
        return api_response{500, error_json("api_error", "the debit left no payment event")};
      std::string intent = "{\"id\":\"pi_" + debit->id + "\",\"object\":\"payment_intent\","
                           "\"amount\":" + std::to_string(amount) +
                           ",\"currency\":\"usd\",\"payment_method_types\":[\"us_bank_account\"],"
                           "\"status\":\"" + (debit->succeeded ? "processing" : "requires_payment_method") +
                           "\",\"livemode\":false}";
      if (debit->succeeded)
        return api_response{200, std::move(intent)};
      const std::string code = debit->blocked_reason.empty() ? "payment_failed" : debit->blocked_reason;
      return api_response{402, error_json("invalid_request_error",
                                          "The debit of " + account + " failed: " + code, code)};
    });
  }
  // /v1/financial_connections/sessions[/{id}]
  if (under_sessions && parts.size() == 3 && r.method == "POST") {
    sim::create_session_action action;
    action.account = param(r, "relink_options[account]");
    action.authorization = param(r, "relink_options[authorization]");
    if (action.account.empty() && action.authorization.empty()) {
      answer_call(c, k, missing("relink_options[account]"), {});
      return false;
    }
    if (!action.account.empty() && objects_.account_json(action.account).empty()) {
      answer_call(c, k, not_found("financial connections account", action.account), {});
      return false;
    }
    const std::string delivery = param(r, "hosted[delivery_method]");
    if (delivery == "url") {
      action.delivery = actors::delivery_method::url;
      action.channel = "api";
    } else if (!delivery.empty() && delivery != "email") {
      answer_call(c, k,
                  {400, error_json("invalid_request_error",
                                   "Invalid hosted[delivery_method]: must be one of email or url")},
                  {});
      return false;
    }
    const std::string id = "fcsess_api" + std::to_string(++sessions_created_);
    world.act(action, id);
    return park(id, [this, id] {
      if (std::string json = objects_.session_json(id); !json.empty())
        return api_response{200, std::move(json)};
      const std::string reason = objects_.session_rejection(id);
      return api_response{400, error_json("invalid_request_error",
                                          "The account cannot be relinked now: " +
                                            (reason.empty() ? std::string("unknown") : reason),
                                          reason)};
    });
  }
  if (under_sessions && parts.size() == 4 && r.method == "GET") {
    std::string json = objects_.session_json(parts[3]);
    answer_call(c, k,
                json.empty() ? not_found("financial connections session", parts[3])
                             : api_response{200, std::move(json)},
                parts[3]);
    return false;
  }
  answer_call(c, k,
              {404, error_json("invalid_request_error",
                               "Unrecognized request URL (" + r.method + ": " + r.path + ")")},
              {});
  return false;
}

std::string platform_loop::failure() const {
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    if (!incoming_.empty())
      return "the platform's endpoint " + endpoint_.url + " never got " +
             incoming_.front().event_id + ": the run ended first";
  }
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
