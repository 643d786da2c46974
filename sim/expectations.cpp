#include "sim/expectations.hpp"

#include "domain/events.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <optional>
#include <set>
#include <variant>

namespace sim {

namespace {

namespace ev = actors::events;

bool matches(const account_state& v, const account_expectation& e) {
  if (e.status && v.status != *e.status)
    return false;
  if (e.cause && v.cause != e.cause)
    return false;
  if (e.action && v.action != e.action)
    return false;
  if (e.tan && v.tan_status != e.tan)
    return false;
  if (e.relink && v.relink != *e.relink)
    return false;
  return true;
}

std::string describe_view(const std::optional<account_state>& state, bool with_relink) {
  if (!state)
    return "not created yet";
  const auto& v = *state;
  std::string out(actors::to_string(v.status));
  if (v.cause)
    out += " (" + std::string(actors::to_string(*v.cause)) + ", action " +
           std::string(v.action ? actors::to_string(*v.action) : "none") + ")";
  if (v.tan_status)
    out += ", TAN " + std::string(actors::to_string(*v.tan_status));
  if (with_relink)
    out += ", relink " + std::string(to_string(v.relink));
  return out;
}

bool concerns(const engine::trace_event& e, const std::string& account) {
  return e.entity == account || e.field("account") == account;
}

} // namespace

// What happened to an account an expectation names, as the run recorded it: the
// hint a failure gives (its last event up to an instant).
struct account_moment {
  engine::duration time{0};
  std::string_view type; // a literal of the events catalogue
  std::string reason;
};

// What each expectation needs from the trace, gathered as the run records it, so
// that judging reads no kept trace.
struct request_tally {
  using body = request_expectation;
  // Each account's decision: no reason when it was accepted.
  std::map<std::string, std::optional<std::string>> decided;
};
struct event_tally {
  using body = event_expectation;
  std::uint64_t n = 0;
  std::set<std::string_view> fields_seen; // field keys (literals): to catch misspelt filters
  bool type_seen = false;
};
struct emails_tally {
  using body = emails_expectation;
  std::uint64_t n = 0;
  std::string account; // of the first
};
struct payments_tally {
  using body = payments_expectation;
  std::uint64_t succeeded = 0, failed = 0;
};
struct session_tally {
  using body = session_expectation;
  std::string status = "not created";
  std::string failure_reason, rejected_reason, account;
};
using any_tally = std::variant<std::monostate, request_tally, event_tally, emails_tally,
                               payments_tally, session_tally>;

struct expectation_tally::impl {
  const scenario* spec = nullptr;
  std::vector<any_tally> tallies; // one per expectation, in file order
  std::map<std::string, std::vector<account_moment>, std::less<>> moments; // by account
};

namespace {

// The last thing that happened to an account up to a time: a hint for whoever
// reads a failure.
std::string last_event_hint(const expectation_tally::impl& tally, const std::string& account,
                            engine::duration until) {
  const account_moment* last = nullptr;
  if (const auto i = tally.moments.find(account); i != tally.moments.end())
    for (const auto& m : i->second) {
      if (m.time > until)
        break;
      last = &m;
    }
  if (last == nullptr)
    return "; nothing happened to it";
  std::string hint = "; last: " + std::string(last->type);
  if (!last->reason.empty())
    hint += " (" + last->reason + ")";
  return hint + " at " + engine::format_duration(last->time);
}

std::string when_text(const account_expectation& e) {
  if (e.when == check_time::throughout)
    return "throughout " + engine::format_duration(e.time) + " to " +
           engine::format_duration(e.until);
  if (e.when == check_time::by)
    return "by " + engine::format_duration(e.time);
  return e.at_end ? "at end" : "at " + engine::format_duration(e.time);
}

std::string expected_text(const account_expectation& e) {
  std::string out;
  if (e.status)
    out += "status " + std::string(actors::to_string(*e.status));
  if (e.cause)
    out += (out.empty() ? "" : ", ") + std::string("cause ") + std::string(actors::to_string(*e.cause));
  if (e.action)
    out += (out.empty() ? "" : ", ") + std::string("action ") + std::string(actors::to_string(*e.action));
  if (e.tan)
    out += (out.empty() ? "" : ", ") + std::string("tan ") + std::string(actors::to_string(*e.tan));
  if (e.relink)
    out += (out.empty() ? "" : ", ") + std::string("relink ") + std::string(to_string(*e.relink));
  return out + " " + when_text(e);
}

bool holds(const std::optional<account_state>& state, const account_expectation& e) {
  return state && matches(*state, e);
}

// `throughout [T1, T2]`: the account is in the state at T1 and every change after
// T1 up to T2 leaves it there. Returns the first time it is not, and that state.
std::optional<std::pair<engine::duration, std::optional<account_state>>> first_break(
  const account_history& history, const account_expectation& e) {
  const auto first = history.at(e.account, e.time);
  if (!holds(first, e))
    return std::make_pair(e.time, first);
  for (const auto& c : history.changes(e.account))
    if (c.time > e.time && c.time <= e.until && !matches(c.after, e))
      return std::make_pair(c.time, std::optional<account_state>(c.after));
  return std::nullopt;
}

// `by T`: in the state at T, or entered it at or before T through a change after
// which it matched and before which it did not (creation is where an account
// starts, not a state it entered).
bool entered_by(const account_history& history, const account_expectation& e) {
  const auto& log = history.changes(e.account);
  for (std::size_t i = 1; i < log.size() && log[i].time <= e.time; ++i)
    if (matches(log[i].after, e) && !matches(log[i - 1].after, e))
      return true;
  return false;
}

expectation_result judge_account(const expectation_tally::impl& events,
                                 const account_history& history,
                                 const account_expectation& e) {
  expectation_result r;
  r.account = e.account;
  r.expected = expected_text(e);
  r.subject = "account " + e.account;
  const bool with_relink = e.relink.has_value();
  if (e.when == check_time::throughout) {
    const auto broke = first_break(history, e);
    r.passed = !broke;
    const auto when = broke ? broke->first : e.until;
    const auto shown = broke ? broke->second : history.at(e.account, e.until);
    r.actual = (broke ? "was " : "held; last ") + describe_view(shown, with_relink) + " at " +
               engine::format_duration(when) + last_event_hint(events, e.account, when);
    r.checked_at = when;
    r.detail = "expected " + r.expected + ", " + r.actual;
    return r;
  }
  const auto then = history.at(e.account, e.time);
  r.checked_at = e.time;
  r.passed = holds(then, e) || (e.when == check_time::by && entered_by(history, e));
  r.actual = "was " + describe_view(then, with_relink) + " at " +
             (e.at_end ? std::string("end (") + engine::format_duration(e.time) + ")"
                       : engine::format_duration(e.time)) +
             last_event_hint(events, e.account, e.time);
  r.detail = "expected " + r.expected + ", " + r.actual;
  return r;
}

std::string describe_request(const request_expectation& body) {
  std::string out;
  if (!body.accepted.empty()) {
    out += "accepted [";
    for (std::size_t i = 0; i < body.accepted.size(); ++i)
      out += (i ? ", " : "") + body.accepted[i];
    out += "]";
  }
  if (!body.rejected.empty()) {
    out += std::string(out.empty() ? "" : " ") + "rejected {";
    for (std::size_t i = 0; i < body.rejected.size(); ++i)
      out += (i ? ", " : "") + body.rejected[i].first + ": " +
             std::string(actors::to_string(body.rejected[i].second));
    out += "}";
  }
  if (body.accepted_count)
    out += std::string(out.empty() ? "" : " ") + "accepted_count " +
           std::to_string(*body.accepted_count);
  if (body.rejected_count)
    out += std::string(out.empty() ? "" : " ") + "rejected_count " +
           std::to_string(*body.rejected_count);
  return out;
}

void count_into(request_tally& t, const request_expectation& e, const engine::trace_event& x) {
  if ((x.type != ev::relink_accepted && x.type != ev::relink_rejected) ||
      x.field("request") != e.request)
    return;
  t.decided[std::string(x.field("account"))] =
    x.type == ev::relink_accepted ? std::nullopt
                                  : std::optional<std::string>(x.field("reason"));
}

expectation_result judge_request(const request_tally& t, const request_expectation& e) {
  expectation_result r;
  const auto& decided = t.decided;
  std::vector<std::string> problems;
  // A decision: accepted (no reason) or rejected with its reason.
  using decision = std::optional<std::string>;
  auto describe = [](const decision& d) {
    return d ? "rejected (" + *d + ")" : std::string("accepted");
  };
  auto check = [&](const std::string& account, const decision& wanted) {
    const auto i = decided.find(account);
    if (i != decided.end() && i->second == wanted)
      return;
    problems.push_back(account + " expected " + describe(wanted) + ", was " +
                       (i == decided.end() ? std::string("not in this request")
                                           : describe(i->second)));
    if (r.account.empty())
      r.account = account;
  };
  for (const auto& account : e.accepted)
    check(account, std::nullopt);
  for (const auto& [account, reason] : e.rejected)
    check(account, std::string(actors::to_string(reason)));
  const auto accepted_total = static_cast<std::uint64_t>(std::count_if(
    decided.begin(), decided.end(), [](const auto& kv) { return !kv.second.has_value(); }));
  const auto rejected_total = decided.size() - accepted_total;
  if (e.accepted_count && *e.accepted_count != accepted_total)
    problems.push_back("expected " + std::to_string(*e.accepted_count) + " accepted, was " +
                       std::to_string(accepted_total));
  if (e.rejected_count && *e.rejected_count != rejected_total)
    problems.push_back("expected " + std::to_string(*e.rejected_count) + " rejected, was " +
                       std::to_string(rejected_total));
  r.passed = problems.empty();
  r.subject = "request " + e.request;
  r.expected = describe_request(e);
  r.actual = std::to_string(accepted_total) + " accepted, " + std::to_string(rejected_total) +
             " rejected";
  if (decided.empty())
    r.actual = "no account was decided: the request never reached the coordinator";
  for (std::size_t i = 0; i < problems.size(); ++i)
    r.detail += (i ? "; " : "") + problems[i];
  return r;
}

std::string where_text(const event_expectation& e) {
  std::string out;
  for (const auto& [key, value] : e.where)
    out += (out.empty() ? " where " : ", ") + key + "=" + value;
  return out;
}

std::string bounds_text(const event_expectation& e) {
  if (e.count)
    return "count " + std::to_string(*e.count);
  std::string out;
  if (e.min)
    out += "min " + std::to_string(*e.min);
  if (e.max)
    out += (out.empty() ? "" : " ") + std::string("max ") + std::to_string(*e.max);
  return out;
}

void count_into(event_tally& t, const event_expectation& e, const engine::trace_event& x) {
  if (x.type != e.type)
    return;
  auto fields_match = [&] {
    for (const auto& [key, value] : e.where)
      if (const auto f = x.find(key); !(f ? f->matches(value) : value.empty()))
        return false;
    return true;
  };
  if (!t.type_seen || !e.where.empty())
    for (const auto& f : x.fields())
      t.fields_seen.insert(f.key);
  t.type_seen = true;
  const bool in_window = !e.between || (x.time >= e.between->first && x.time <= e.between->second);
  if (in_window && (e.account.empty() || concerns(x, e.account)) && fields_match())
    ++t.n;
}

expectation_result judge_event(const event_tally& t, const event_expectation& e) {
  expectation_result r;
  r.account = e.account;
  const std::uint64_t n = t.n;
  const auto& fields_seen = t.fields_seen;
  const bool type_seen = t.type_seen;
  for (const auto& [key, value] : e.where)
    if (type_seen && key != "account" && fields_seen.count(key) == 0) {
      r.subject = "event " + e.type;
      r.passed = false;
      r.expected = bounds_text(e);
      r.actual = "no " + e.type + " event has a field '" + key + "'";
      std::string known;
      for (const auto& f : fields_seen)
        known += (known.empty() ? "" : ", ") + std::string(f);
      r.detail = "filter where." + key + " matches nothing: " + r.actual + " (fields: " + known + ")";
      return r;
    }
  r.passed = (!e.count || n == *e.count) && (!e.min || n >= *e.min) && (!e.max || n <= *e.max);
  r.subject = "event " + e.type + (e.account.empty() ? "" : " for " + e.account) +
              where_text(e) +
              (e.between ? " between " + engine::format_duration(e.between->first) + " and " +
                             engine::format_duration(e.between->second)
                         : "");
  r.expected = bounds_text(e);
  r.actual = "happened " + std::to_string(n) + " time" + (n == 1 ? "" : "s");
  r.detail = "expected " + r.expected + ", " + r.actual;
  return r;
}

void count_into(emails_tally& t, const emails_expectation& e, const engine::trace_event& x) {
  if (x.type == ev::email_sent && x.field("to") == e.to) {
    ++t.n;
    if (t.account.empty())
      t.account = std::string(x.field("account"));
  }
}

expectation_result judge_emails(const emails_tally& t, const emails_expectation& e) {
  expectation_result r;
  const std::uint64_t n = t.n;
  r.account = t.account;
  r.passed = n == e.count;
  r.subject = "emails to " + e.to;
  r.expected = std::to_string(e.count);
  r.actual = std::to_string(n) + " sent";
  r.detail = "expected " + r.expected + ", " + r.actual;
  return r;
}

void count_into(payments_tally& t, const payments_expectation& e, const engine::trace_event& x) {
  if (x.type != ev::payment_succeeded && x.type != ev::payment_failed)
    return;
  if (!e.account.empty() && x.field("account") != e.account)
    return;
  if (x.type == ev::payment_succeeded)
    ++t.succeeded;
  else
    ++t.failed;
}

expectation_result judge_payments(const payments_tally& t, const payments_expectation& e) {
  expectation_result r;
  r.account = e.account;
  const std::uint64_t succeeded = t.succeeded, failed = t.failed;
  r.passed = (!e.succeeded || *e.succeeded == succeeded) && (!e.failed || *e.failed == failed);
  r.subject = "payments" + (e.account.empty() ? std::string{} : " of " + e.account);
  if (e.succeeded)
    r.expected = std::to_string(*e.succeeded) + " succeeded";
  if (e.failed)
    r.expected += (r.expected.empty() ? "" : ", ") + std::to_string(*e.failed) + " failed";
  r.actual = std::to_string(succeeded) + " succeeded, " + std::to_string(failed) + " failed";
  r.detail = "expected " + r.expected + ", was " + r.actual;
  return r;
}

void count_into(session_tally& t, const session_expectation& e, const engine::trace_event& x) {
  if (x.entity != e.session)
    return;
  if (x.type == ev::session_created)
    t.status = "pending";
  else if (x.type == ev::session_rejected)
    t.rejected_reason = std::string(x.field("reason"));
  else if (x.type == ev::session_updated) {
    t.status = std::string(x.field("status"));
    t.failure_reason = std::string(x.field("relink_result.failure_reason"));
  }
  if (t.account.empty())
    t.account = std::string(x.field("account"));
}

expectation_result judge_session(const session_tally& t, const session_expectation& e) {
  expectation_result r;
  const std::string& status = t.status;
  const std::string& failure_reason = t.failure_reason;
  const std::string& rejected_reason = t.rejected_reason;
  r.account = t.account;
  r.subject = "session " + e.session;
  r.expected = "status " + e.status +
               (e.failure_reason.empty() ? "" : " (failure_reason " + e.failure_reason + ")");
  r.actual = status + (failure_reason.empty() ? "" : " (failure_reason " + failure_reason + ")") +
             (rejected_reason.empty() ? "" : ": refused at creation, " + rejected_reason);
  r.passed = status == e.status && (e.failure_reason.empty() || failure_reason == e.failure_reason);
  r.detail = "expected " + r.expected + ", was " + r.actual;
  return r;
}

expectation_result judge_webhooks(const webhook_report& w, const webhooks_expectation& e) {
  expectation_result r;
  std::vector<std::string> wanted, problems;
  auto check = [&](const char* what, const std::optional<std::uint64_t>& want, std::uint64_t was,
                   bool at_least) {
    if (!want)
      return;
    wanted.push_back(std::string(what) + (at_least ? " >= " : " ") + std::to_string(*want));
    if (at_least ? was < *want : was != *want)
      problems.push_back(std::string(what) + " " + std::to_string(was));
  };
  check("delivered", e.delivered, w.delivered.size(), false);
  check("duplicates", e.duplicates, w.duplicates, false);
  check("dropped", e.dropped, w.dropped, false);
  check("out_of_order", e.out_of_order_min, w.out_of_order, true);
  r.passed = problems.empty();
  r.subject = "webhooks";
  for (const auto& x : wanted)
    r.expected += (r.expected.empty() ? "" : ", ") + x;
  r.actual = std::to_string(w.delivered.size()) + " delivered, " + std::to_string(w.duplicates) +
             " duplicates, " + std::to_string(w.dropped) + " dropped, " +
             std::to_string(w.out_of_order) + " out of order";
  r.detail = "expected " + r.expected + ", was " + r.actual;
  return r;
}

std::string number_text(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%.6g", v);
  return text;
}

std::string metric_bounds(const metric_expectation& e) {
  if (e.equals)
    return "= " + number_text(*e.equals);
  std::string out;
  if (e.min)
    out += ">= " + number_text(*e.min);
  if (e.max)
    out += std::string(out.empty() ? "" : " and ") + "<= " + number_text(*e.max);
  return out;
}

expectation_result judge_metric(const run_metrics& metrics, const metric_expectation& e) {
  expectation_result r;
  const double v = find_metric(e.metric)->value(metrics);
  r.passed = (!e.equals || v == *e.equals) && (!e.min || v >= *e.min) && (!e.max || v <= *e.max);
  r.subject = "metric " + e.metric;
  r.expected = metric_bounds(e);
  r.actual = number_text(v);
  r.detail = "expected " + r.expected + ", was " + r.actual;
  return r;
}

} // namespace

std::vector<std::string> followed_accounts(const scenario& spec) {
  std::vector<std::string> out;
  for (const auto& e : spec.expectations)
    if (const auto* a = std::get_if<account_expectation>(&e.body))
      out.push_back(a->account);
  return out;
}

// The last instant an expectation is about: its `at`/`by` time, the end of its
// `throughout` or `between`, the time of the request it names, otherwise the end
// of the run (counts, metrics…).
static engine::duration last_instant(const scenario& spec, const expectation& e) {
  if (const auto* a = std::get_if<account_expectation>(&e.body))
    return a->when == check_time::throughout ? a->until : a->time;
  if (const auto* x = std::get_if<event_expectation>(&e.body); x && x->between)
    return x->between->second;
  if (const auto* r = std::get_if<request_expectation>(&e.body)) {
    std::optional<engine::duration> last;
    for (const auto& entry : spec.timeline)
      if (entry.id == r->request)
        last = std::max(last.value_or(entry.at), entry.at);
    if (last)
      return *last;
  }
  return spec.horizon;
}

expectation_tally::expectation_tally(const scenario& spec) : impl_(std::make_unique<impl>()) {
  impl_->spec = &spec;
  for (const auto& e : spec.expectations) {
    impl_->tallies.push_back(std::visit(
      [&](const auto& body) -> any_tally {
        using T = std::decay_t<decltype(body)>;
        if constexpr (std::is_same_v<T, account_expectation>) {
          impl_->moments[body.account]; // its moments are kept
          return std::monostate{};
        } else if constexpr (std::is_same_v<T, request_expectation>)
          return request_tally{};
        else if constexpr (std::is_same_v<T, event_expectation>)
          return event_tally{};
        else if constexpr (std::is_same_v<T, payments_expectation>)
          return payments_tally{};
        else if constexpr (std::is_same_v<T, session_expectation>)
          return session_tally{};
        else if constexpr (std::is_same_v<T, emails_expectation>)
          return emails_tally{};
        else
          return std::monostate{}; // metrics and webhooks are figures of their own
      },
      e.body));
  }
}

expectation_tally::~expectation_tally() = default;
expectation_tally::expectation_tally(expectation_tally&&) noexcept = default;
expectation_tally& expectation_tally::operator=(expectation_tally&&) noexcept = default;

void expectation_tally::visit(const engine::trace_event& x) {
  auto& t = *impl_;
  if (!t.moments.empty() && x.type != ev::account_created) {
    const auto note = [&](std::string_view account) {
      if (const auto i = t.moments.find(account); i != t.moments.end())
        i->second.push_back({x.time, x.type, std::string(x.field("reason"))});
    };
    const auto account = x.field("account");
    note(x.entity);
    if (account != x.entity)
      note(account);
  }
  for (std::size_t i = 0; i < t.tallies.size(); ++i)
    std::visit(
      [&](auto& kept) {
        using T = std::decay_t<decltype(kept)>;
        if constexpr (!std::is_same_v<T, std::monostate>)
          count_into(kept, std::get<typename T::body>(t.spec->expectations[i].body), x);
      },
      t.tallies[i]);
}

std::vector<expectation_result> judge(const scenario& spec, const engine::trace& events,
                                      const account_history& history,
                                      const webhook_report& webhooks, run_end end) {
  expectation_tally tallied(spec);
  for (const auto& e : events.events())
    tallied.visit(e);
  return judge(spec, tallied, history, webhooks, end);
}

std::vector<expectation_result> judge(const scenario& spec, const expectation_tally& tallies,
                                      const account_history& history,
                                      const webhook_report& webhooks, run_end end) {
  const auto& metrics = history.metrics();
  const auto& events = *tallies.impl_;
  std::size_t index = 0;
  std::vector<expectation_result> results;
  for (const auto& e : spec.expectations) {
    const any_tally& t = events.tallies[index++];
    if (const auto until = last_instant(spec, e); !end.reached(until)) {
      expectation_result r;
      r.name = describe(e);
      r.where = e.where;
      r.reached = false;
      r.subject = describe(e);
      r.expected = r.subject;
      r.actual = "not reached";
      r.detail = until == end.at
                   ? "not reached: the run stopped during " + engine::format_duration(until)
                   : "not reached: the run stopped at " + engine::format_duration(end.at) +
                       ", before " + engine::format_duration(until);
      results.push_back(std::move(r));
      continue;
    }
    expectation_result r = std::visit(
      [&](const auto& body) -> expectation_result {
        using T = std::decay_t<decltype(body)>;
        if constexpr (std::is_same_v<T, account_expectation>)
          return judge_account(events, history, body);
        else if constexpr (std::is_same_v<T, request_expectation>)
          return judge_request(std::get<request_tally>(t), body);
        else if constexpr (std::is_same_v<T, event_expectation>)
          return judge_event(std::get<event_tally>(t), body);
        else if constexpr (std::is_same_v<T, payments_expectation>)
          return judge_payments(std::get<payments_tally>(t), body);
        else if constexpr (std::is_same_v<T, session_expectation>)
          return judge_session(std::get<session_tally>(t), body);
        else if constexpr (std::is_same_v<T, webhooks_expectation>)
          return judge_webhooks(webhooks, body);
        else if constexpr (std::is_same_v<T, metric_expectation>)
          return judge_metric(metrics, body);
        else
          return judge_emails(std::get<emails_tally>(t), body);
      },
      e.body);
    r.name = describe(e);
    r.where = e.where;
    results.push_back(std::move(r));
  }
  return results;
}

std::string describe(const expectation& e) {
  return std::visit(
    [](const auto& body) -> std::string {
      using T = std::decay_t<decltype(body)>;
      if constexpr (std::is_same_v<T, account_expectation>) {
        return "account " + body.account + " " + expected_text(body);
      } else if constexpr (std::is_same_v<T, request_expectation>) {
        return "request " + body.request + " " + describe_request(body);
      } else if constexpr (std::is_same_v<T, event_expectation>) {
        return "event " + body.type + (body.account.empty() ? "" : " account " + body.account) +
               where_text(body) + " " + bounds_text(body);
      } else if constexpr (std::is_same_v<T, metric_expectation>) {
        return "metric " + body.metric + " " + metric_bounds(body);
      } else if constexpr (std::is_same_v<T, webhooks_expectation>) {
        std::string out = "webhooks";
        if (body.delivered)
          out += " delivered " + std::to_string(*body.delivered);
        if (body.duplicates)
          out += " duplicates " + std::to_string(*body.duplicates);
        if (body.dropped)
          out += " dropped " + std::to_string(*body.dropped);
        if (body.out_of_order_min)
          out += " out_of_order_min " + std::to_string(*body.out_of_order_min);
        return out;
      } else if constexpr (std::is_same_v<T, session_expectation>) {
        return "session " + body.session + " status " + body.status +
               (body.failure_reason.empty() ? "" : " failure_reason " + body.failure_reason);
      } else if constexpr (std::is_same_v<T, payments_expectation>) {
        std::string out = "payments";
        if (!body.account.empty())
          out += " account " + body.account;
        if (body.succeeded)
          out += " succeeded " + std::to_string(*body.succeeded);
        if (body.failed)
          out += " failed " + std::to_string(*body.failed);
        return out;
      } else {
        return "emails to " + body.to + " count " + std::to_string(body.count);
      }
    },
    e.body);
}

std::string subject_account(const expectation& e) {
  return std::visit(
    [](const auto& body) -> std::string {
      using T = std::decay_t<decltype(body)>;
      if constexpr (std::is_same_v<T, account_expectation> ||
                    std::is_same_v<T, event_expectation> ||
                    std::is_same_v<T, payments_expectation>)
        return body.account;
      else
        return {};
    },
    e.body);
}

} // namespace sim
