// Expectation semantics pinned by generated histories. A random history of one
// account ("fca_ours") is generated as the list of its states over time, each
// reached by one event; the events go through a trace into the account history, as
// in a run, and sim::judge's verdicts must equal a reference read straight off the
// generated states:
//
//   at T                 the state of the last event at or before T
//   by T                 in the state at T, or entered it through an event at or
//                        before T after which it matched and before which it did
//                        not (its creation enters nothing)
//   throughout [T1, T2]  in the state at T1, and so after every event in (T1, T2]
//   between [T1, T2]     events with T1 <= time <= T2
//
// The reference uses nothing of sim/: only the generated list.

#define BOOST_TEST_MODULE properties
#include <rapidcheck/boost_test.h>

#include "domain/events.hpp"
#include "engine/trace.hpp"
#include "sim/expectations.hpp"
#include "sim/history.hpp"
#include "format/scenario.hpp"
#include "sim/webhook_delivery.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

namespace {

namespace ev = actors::events;
using actors::account_status;
using actors::inactive_action;
using actors::inactive_cause;
using actors::tan_status;
using sim::relink_status;

const std::string ours = "fca_ours";
const std::string other = "fca_other";

// -- the generated history ----------------------------------------------------

// What an account expectation can see of the account at one instant.
struct state {
  account_status status = account_status::active;
  std::optional<inactive_cause> cause; // only while inactive
  std::optional<inactive_action> action;
  std::optional<tan_status> tan;
  relink_status relink = relink_status::none; // of its latest relink
};

// One event, and fca_ours's state after it (none before it is created).
struct moment {
  int hour = 0;
  std::string_view type;
  std::string entity;
  std::vector<engine::trace_field> fields; // keys: literals
  bool about_ours = false; // its entity or its `account` field is fca_ours
  std::optional<state> after;
};

struct story {
  std::vector<moment> moments;
  int end_hour() const { return moments.empty() ? 0 : moments.back().hour; }
};

// The steps of a relink, as the mailer, the customer and the coordinator record
// them.
struct relink_step {
  std::string_view type;
  relink_status status;
};
const relink_step steps[]{
  {ev::email_sent, relink_status::email_sent},
  {ev::email_delivered, relink_status::delivered},
  {ev::email_bounced, relink_status::bounced},
  {ev::email_opened, relink_status::opened},
  {ev::relink_flow_started, relink_status::flow_started},
  {ev::relink_succeeded, relink_status::succeeded},
  {ev::relink_failed, relink_status::failed},
  {ev::relink_cancelled, relink_status::cancelled},
  {ev::relink_expired, relink_status::expired},
};
constexpr int step_count = 9;
constexpr int first_ending_step = 5; // succeeded, failed, cancelled, expired

bool ended(relink_status s) {
  return s == relink_status::succeeded || s == relink_status::failed ||
         s == relink_status::cancelled || s == relink_status::expired;
}

// One random draw: how long to wait, then what happens (`kind`, with `a` and `b`
// picking its details). A story is written from a list of them, so that rapidcheck
// shrinks a failing story by dropping and simplifying draws.
struct draw {
  int wait = 0; // hours
  int kind = 0;
  int a = 0;
  int b = 0;
};

// Writes the events the actors would record for a list of draws, and the state
// each leaves fca_ours in. A draw that cannot happen in the state it meets (a
// reactivation of an active account) becomes an event that changes nothing.
class writer {
public:
  story write(const std::vector<draw>& draws) {
    for (const auto& d : draws) {
      hour_ += d.wait;
      next(d);
    }
    return std::move(story_);
  }

private:
  using field_list = std::vector<engine::trace_field>;

  void add(std::string_view type, std::string entity, field_list fields, bool about_ours) {
    story_.moments.push_back({hour_, type, std::move(entity), std::move(fields), about_ours, mine_});
  }


  void next(const draw& d) {
    if (!mine_) {
      if (d.kind % 2 == 0)
        return create_ours(d.a);
      return other_event(d);
    }
    switch (d.kind) {
      case 0:
      case 1:
        if (mine_->status == account_status::disconnected)
          return nothing_changes(d);
        return deactivate(actors::all_inactive_causes[static_cast<std::size_t>(d.b % 6)],
                          actors::all_inactive_actions[static_cast<std::size_t>(d.a % 2)]);
      case 2:
      case 3:
        if (mine_->status != account_status::inactive)
          return nothing_changes(d);
        return reactivate(d.a % 2 == 0 ? "relink" : "bank");
      case 4:
        if (mine_->status == account_status::disconnected)
          return nothing_changes(d);
        return disconnect();
      case 5:
        return new_tan(actors::all_tan_statuses[static_cast<std::size_t>(d.a % 4)]);
      case 6:
        return open_relink(true);
      case 7:
      case 8:
      case 9:
        if (ours_relinks_.empty())
          return open_relink(true);
        return step_of(ours_relinks_.back(), d.a % step_count, true);
      case 10:
        if (ours_relinks_.size() < 2)
          return nothing_changes(d);
        return step_of(ours_relinks_[static_cast<std::size_t>(d.b) % (ours_relinks_.size() - 1)],
                       d.a % step_count, true);
      case 11:
        return nothing_changes(d);
      default:
        return other_event(d);
    }
  }

  void create_ours(int tan) {
    mine_ = state{};
    field_list fields{{"status", "active"},
                      {"institution", "bank"},
                      {"holder", "cus_ours"},
                      {"authorization", "auth_ours"}};
    if (tan % 5 != 0) {
      mine_->tan = actors::all_tan_statuses[static_cast<std::size_t>(tan % 5 - 1)];
      fields.push_back({"tan", "tan_1"});
      fields.push_back({"tan_status", std::string(actors::to_string(*mine_->tan))});
      fields.push_back({"tan_expected_expiry", engine::hours(hour_ + 24 * 90)});
    }
    add(ev::account_created, ours, std::move(fields), true);
  }

  void deactivate(inactive_cause cause, inactive_action action) {
    mine_->status = account_status::inactive;
    mine_->cause = cause;
    mine_->action = action;
    add(ev::account_deactivated, ours,
        {{"status", "inactive"},
         {"cause", std::string(actors::to_string(cause))},
         {"action", std::string(actors::to_string(action))}},
        true);
  }

  void reactivate(const std::string& by) {
    mine_->status = account_status::active;
    mine_->cause.reset();
    mine_->action.reset();
    add(ev::account_reactivated, ours, {{"status", "active"}, {"by", by}}, true);
  }

  void disconnect() {
    // status_details.inactive is there only while inactive (docs/figures.md): a
    // disconnected account has no cause and no action.
    mine_->status = account_status::disconnected;
    mine_->cause.reset();
    mine_->action.reset();
    add(ev::account_disconnected, ours, {{"status", "disconnected"}}, true);
  }

  void new_tan(tan_status status) {
    mine_->tan = status;
    add(ev::account_numbers_updated, ours,
        {{"tan", "tan_" + std::to_string(++tans_)},
         {"tan_status", std::string(actors::to_string(status))},
         {"tan_expected_expiry", engine::hours(hour_ + 24 * 90)}},
        true);
  }

  void open_relink(bool for_ours) {
    const std::string id = "rr_" + std::to_string(++relinks_);
    const std::string request = "req_" + std::to_string(relinks_);
    (for_ours ? ours_relinks_ : other_relinks_).push_back(id);
    if (for_ours)
      mine_->relink = relink_status::requested;
    const std::string& account = for_ours ? ours : other;
    add(ev::relink_accepted, request,
        {{"account", account}, {"relink", id}, {"request", request}, {"to", "qa@acme.test"}},
        for_ours);
  }

  // Step `k` of a relink: it moves fca_ours's `relink` when the relink is its latest
  // and has not ended.
  void step_of(const std::string& id, int k, bool for_ours) {
    const auto& step = steps[k];
    if (for_ours && id == ours_relinks_.back() && !ended(mine_->relink))
      mine_->relink = step.status;
    const std::string& account = for_ours ? ours : other;
    const std::string request = "req_" + id.substr(3);
    std::string entity = id;
    field_list fields{{"account", account}, {"relink", id}, {"request", request}};
    if (step.type.substr(0, 6) == "email.") {
      entity = step.type == ev::email_opened ? "cus_" + account.substr(4) : "email_" + id.substr(3);
      if (step.type != ev::email_opened)
        fields.insert(fields.begin(), {"to", "qa@acme.test"});
    } else if (step.type == ev::relink_failed) {
      fields.push_back({"failure_reason", "other"});
    } else if (step.type == ev::relink_cancelled) {
      fields.push_back({"reason", "custom_manual_entry"});
    }
    add(step.type, entity, std::move(fields), for_ours);
  }

  // An event of fca_ours that changes nothing an expectation sees.
  void nothing_changes(const draw& d) {
    switch (d.b % 4) {
      case 0:
        return add(ev::refreshed_balance, ours, {{"refresh", "balance"}, {"status", "succeeded"}},
                   true);
      case 1:
        return add(ev::upcoming_deactivation, ours,
                   {{"expected_deactivation_date", engine::hours(hour_ + 24 * 7)},
                    {"cause", "access_expired"}},
                   true);
      case 2:
        return add(ev::scheduled_deactivation_cancelled, ours, {{"by", "relink"}}, true);
      default:
        if (ours_relinks_.empty())
          return add(ev::refreshed_transactions, ours,
                     {{"refresh", "transactions"}, {"status", "succeeded"}}, true);
        const auto& id = ours_relinks_.back();
        return add(ev::email_link_clicked, "cus_ours",
                   {{"account", ours}, {"relink", id}, {"request", "req_" + id.substr(3)}}, true);
    }
  }

  // Another account's life, which must not touch fca_ours.
  void other_event(const draw& d) {
    if (!other_created_) {
      other_created_ = true;
      return add(ev::account_created, other,
                 {{"status", "active"}, {"institution", "bank"}, {"authorization", "auth_other"}},
                 false);
    }
    switch (d.a % 5) {
      case 0:
        return add(ev::account_deactivated, other,
                   {{"status", "inactive"}, {"cause", "access_expired"}, {"action", "relink_required"}},
                   false);
      case 1:
        return add(ev::account_reactivated, other, {{"status", "active"}, {"by", "bank"}}, false);
      case 2:
        return add(ev::account_numbers_updated, other,
                   {{"tan", "tan_9"}, {"tan_status", "expired"}, {"tan_expected_expiry", engine::hours(24)}},
                   false);
      case 3:
        return open_relink(false);
      default:
        if (other_relinks_.empty())
          return open_relink(false);
        return step_of(other_relinks_.back(), d.b % step_count, false);
    }
  }

  story story_;
  int hour_ = 0;
  std::optional<state> mine_;
  bool other_created_ = false;
  int relinks_ = 0, tans_ = 1;
  std::vector<std::string> ours_relinks_, other_relinks_;
};

rc::Gen<story> gen_story() {
  const auto one = rc::gen::map(
    rc::gen::tuple(rc::gen::inRange(0, 3), rc::gen::inRange(0, 14), rc::gen::inRange(0, 10),
                   rc::gen::inRange(0, 6)),
    [](const std::tuple<int, int, int, int>& t) {
      return draw{std::get<0>(t), std::get<1>(t), std::get<2>(t), std::get<3>(t)};
    });
  return rc::gen::map(rc::gen::container<std::vector<draw>>(one),
                      [](const std::vector<draw>& draws) { return writer().write(draws); });
}

// -- what is expected ---------------------------------------------------------

// The state part of an account expectation: every part given must be equal.
struct wanted {
  std::optional<account_status> status;
  std::optional<inactive_cause> cause;
  std::optional<inactive_action> action;
  std::optional<tan_status> tan;
  std::optional<relink_status> relink;

  bool operator()(const state& s) const {
    return (!status || *status == s.status) && (!cause || cause == s.cause) &&
           (!action || action == s.action) && (!tan || tan == s.tan) &&
           (!relink || *relink == s.relink);
  }
};

// An account expectation: `at`/`by` `from`, or `throughout [from, to]` (hours).
struct account_check {
  wanted want;
  int from = 0;
  int to = 0;
};

// -- the reference --------------------------------------------------------------

std::optional<state> state_at(const story& s, int hour) {
  std::optional<state> last;
  for (const auto& m : s.moments)
    if (m.hour <= hour)
      last = m.after;
  return last;
}

bool in(const std::optional<state>& s, const wanted& w) { return s && w(*s); }

bool reference_at(const story& s, const account_check& c) {
  return in(state_at(s, c.from), c.want);
}

bool reference_by(const story& s, const account_check& c) {
  if (reference_at(s, c))
    return true;
  const auto& m = s.moments;
  for (std::size_t i = 1; i < m.size(); ++i)
    if (m[i].hour <= c.from && m[i - 1].after && !in(m[i - 1].after, c.want) &&
        in(m[i].after, c.want))
      return true;
  return false;
}

bool reference_throughout(const story& s, const account_check& c) {
  if (!reference_at(s, c))
    return false;
  for (const auto& m : s.moments)
    if (m.hour > c.from && m.hour <= c.to && !in(m.after, c.want))
      return false;
  return true;
}

std::uint64_t reference_count(const story& s, const std::string& type, bool only_ours,
                              int from, int to) {
  std::uint64_t n = 0;
  for (const auto& m : s.moments)
    if (m.type == type && (!only_ours || m.about_ours) && from <= m.hour && m.hour <= to)
      ++n;
  return n;
}

// -- generated expectations -----------------------------------------------------

template <class T>
rc::Gen<std::optional<T>> maybe(rc::Gen<T> g) {
  return rc::gen::oneOf(rc::gen::just(std::optional<T>()),
                        rc::gen::map(std::move(g), [](T v) { return std::optional<T>(v); }));
}

template <class T, std::size_t N>
rc::Gen<std::optional<T>> maybe_one_of(const std::array<T, N>& all) {
  return maybe(rc::gen::elementOf(all));
}

// A state to expect: any, or one the story passes through with some parts left
// out, so that expectations hold as often as they fail.
rc::Gen<wanted> gen_wanted(const story& s) {
  const auto any = rc::gen::build<wanted>(
    rc::gen::set(&wanted::status, maybe_one_of(actors::all_account_statuses)),
    rc::gen::set(&wanted::cause, maybe_one_of(actors::all_inactive_causes)),
    rc::gen::set(&wanted::action, maybe_one_of(actors::all_inactive_actions)),
    rc::gen::set(&wanted::tan, maybe_one_of(actors::all_tan_statuses)),
    rc::gen::set(&wanted::relink, maybe_one_of(sim::all_relink_statuses)));
  std::vector<state> seen;
  for (const auto& m : s.moments)
    if (m.after)
      seen.push_back(*m.after);
  if (seen.empty())
    return any;
  const auto from_story = rc::gen::map(
    rc::gen::pair(rc::gen::elementOf(seen), rc::gen::inRange(0, 32)),
    [](const std::pair<state, int>& p) {
      const auto& [v, mask] = p;
      wanted w;
      if (mask & 1)
        w.status = v.status;
      if (mask & 2)
        w.cause = v.cause;
      if (mask & 4)
        w.action = v.action;
      if (mask & 8)
        w.tan = v.tan;
      if (mask & 16)
        w.relink = v.relink;
      return w;
    });
  return rc::gen::oneOf(any, from_story, from_story);
}

// An hour to check at: often one at which something happened, to test the edges.
rc::Gen<int> gen_hour(const story& s) {
  const auto any = rc::gen::inRange(0, s.end_hour() + 3);
  if (s.moments.empty())
    return any;
  std::vector<int> hours;
  for (const auto& m : s.moments)
    hours.push_back(m.hour);
  return rc::gen::oneOf(any, rc::gen::elementOf(hours), rc::gen::elementOf(hours));
}

rc::Gen<std::pair<int, int>> gen_window(const story& s) {
  return rc::gen::map(rc::gen::pair(gen_hour(s), gen_hour(s)), [](std::pair<int, int> w) {
    if (w.second < w.first)
      std::swap(w.first, w.second);
    return w;
  });
}

rc::Gen<account_check> gen_account_check(const story& s, sim::check_time when) {
  if (when == sim::check_time::throughout)
    return rc::gen::map(rc::gen::pair(gen_wanted(s), gen_window(s)),
                        [](const std::pair<wanted, std::pair<int, int>>& p) {
                          return account_check{p.first, p.second.first, p.second.second};
                        });
  return rc::gen::map(rc::gen::pair(gen_wanted(s), gen_hour(s)),
                      [](const std::pair<wanted, int>& p) {
                        return account_check{p.first, p.second, p.second};
                      });
}

// -- the judge ------------------------------------------------------------------

engine::duration end_of(const story& s) { return engine::hours(s.end_hour() + 1); }

// Records the story into a trace that the history reads as a run's does, calling
// `after_each` with each moment once the history has read its event.
template <class F>
void replay(const story& s, engine::trace& trace, sim::account_history& history, F after_each) {
  trace.observe([&history](const engine::trace_event& e) { history.record(e); });
  for (const auto& m : s.moments) {
    trace.record(engine::hours(m.hour), m.type, m.entity, m.fields);
    after_each(m);
  }
  trace.observe(nullptr);
  history.finish(end_of(s));
}

std::vector<sim::expectation_result> judge(const story& s,
                                           const std::vector<sim::expectation_body>& bodies) {
  sim::scenario spec;
  for (const auto& b : bodies)
    spec.expectations.push_back({b, {}});
  engine::trace trace;
  sim::account_history history(end_of(s), sim::followed_accounts(spec));
  replay(s, trace, history, [](const moment&) {});
  // The story is the whole run: every instant an expectation names is reached.
  return sim::judge(spec, trace, history, sim::webhook_report{},
                    sim::run_end{engine::duration::max(), true});
}

sim::account_expectation expectation_of(const account_check& c, sim::check_time when) {
  sim::account_expectation e;
  e.account = ours;
  e.status = c.want.status;
  e.cause = c.want.cause;
  e.action = c.want.action;
  e.tan = c.want.tan;
  e.relink = c.want.relink;
  e.when = when;
  e.time = engine::hours(c.from);
  e.until = engine::hours(c.to);
  e.at_end = false;
  return e;
}

std::string verdict(bool passed) { return passed ? "passes" : "fails"; }

void judge_agrees(sim::check_time when, bool (*reference)(const story&, const account_check&)) {
  const auto s = *gen_story();
  const auto checks =
    *rc::gen::nonEmpty(rc::gen::container<std::vector<account_check>>(gen_account_check(s, when)));
  std::vector<sim::expectation_body> bodies;
  for (const auto& c : checks)
    bodies.push_back(expectation_of(c, when));
  const auto results = judge(s, bodies);
  RC_ASSERT(results.size() == checks.size());
  bool holds = false, differs_from_at = false;
  for (std::size_t i = 0; i < checks.size(); ++i) {
    const bool expected = reference(s, checks[i]);
    holds = holds || expected;
    differs_from_at = differs_from_at || expected != reference_at(s, checks[i]);
    if (results[i].passed != expected)
      RC_FAIL(results[i].name + ": the judge " + verdict(results[i].passed) +
              ", the reference " + verdict(expected) + " (" + results[i].detail + ")");
  }
  // How often the cases reach what the property is about: expectations that hold,
  // and (for `by` and `throughout`) verdicts that `at` the same time would not give.
  RC_CLASSIFY(holds, "some expectation holds");
  RC_CLASSIFY(differs_from_at, "some verdict differs from `at` the start");
}

// -- showing a counterexample ---------------------------------------------------

void show_state(const std::optional<state>& v, std::ostream& os) {
  if (!v) {
    os << "not created";
    return;
  }
  os << actors::to_string(v->status);
  if (v->cause || v->action)
    os << " (" << (v->cause ? actors::to_string(*v->cause) : "-") << ", "
       << (v->action ? actors::to_string(*v->action) : "-") << ")";
  if (v->tan)
    os << ", TAN " << actors::to_string(*v->tan);
  os << ", relink " << sim::to_string(v->relink);
}

void showValue(const story& s, std::ostream& os) {
  os << "\n";
  for (const auto& m : s.moments) {
    os << "  " << engine::format_duration(engine::hours(m.hour)) << " " << m.type << " "
       << m.entity << " {";
    for (std::size_t i = 0; i < m.fields.size(); ++i)
      os << (i ? ", " : "") << m.fields[i].key << ": "
         << (m.fields[i].kind == engine::field_kind::time ? engine::format_duration(m.fields[i].time)
                                                          : m.fields[i].text);
    os << "}  -> " << ours << ": ";
    show_state(m.after, os);
    os << "\n";
  }
}

void showValue(const wanted& w, std::ostream& os) {
  os << "{";
  if (w.status)
    os << " status " << actors::to_string(*w.status);
  if (w.cause)
    os << " cause " << actors::to_string(*w.cause);
  if (w.action)
    os << " action " << actors::to_string(*w.action);
  if (w.tan)
    os << " tan " << actors::to_string(*w.tan);
  if (w.relink)
    os << " relink " << sim::to_string(*w.relink);
  os << " }";
}

void showValue(const account_check& c, std::ostream& os) {
  showValue(c.want, os);
  os << " from " << c.from << "h to " << c.to << "h";
}

// An event expectation: events of `type` (of fca_ours only, or of any account)
// between `from` and `to` (hours), expected to be `guess` besides the right count.
struct window_count {
  std::string type;
  bool only_ours = false;
  int from = 0;
  int to = 0;
  std::uint64_t guess = 0;
};

void showValue(const window_count& c, std::ostream& os) {
  os << c.type << (c.only_ours ? " of " + ours : std::string()) << " between " << c.from
     << "h and " << c.to << "h, guessed " << c.guess;
}

rc::Gen<window_count> gen_window_count(const story& s) {
  std::vector<std::string> types{
    std::string(ev::account_created),      std::string(ev::account_deactivated),
    std::string(ev::account_reactivated),  std::string(ev::account_disconnected),
    std::string(ev::account_numbers_updated), std::string(ev::refreshed_balance),
    std::string(ev::upcoming_deactivation), std::string(ev::relink_accepted),
    std::string(ev::email_link_clicked)};
  for (const auto& step : steps)
    types.emplace_back(step.type);
  return rc::gen::map(
    rc::gen::tuple(rc::gen::elementOf(types), rc::gen::arbitrary<bool>(), gen_window(s),
                   rc::gen::inRange<std::uint64_t>(0, 4)),
    [](const std::tuple<std::string, bool, std::pair<int, int>, std::uint64_t>& t) {
      const auto& [type, only_ours, window, guess] = t;
      return window_count{type, only_ours, window.first, window.second, guess};
    });
}

} // namespace

RC_BOOST_PROP(at_is_the_state_after_every_event_at_or_before_the_time, ()) {
  judge_agrees(sim::check_time::at, reference_at);
}

RC_BOOST_PROP(by_is_in_the_state_then_or_entered_it_before, ()) {
  judge_agrees(sim::check_time::by, reference_by);
}

RC_BOOST_PROP(throughout_is_in_the_state_at_the_start_and_after_every_change, ()) {
  judge_agrees(sim::check_time::throughout, reference_throughout);
}

RC_BOOST_PROP(between_counts_the_events_from_its_start_to_its_end_both_included, ()) {
  const auto s = *gen_story();
  const auto checks =
    *rc::gen::nonEmpty(rc::gen::container<std::vector<window_count>>(gen_window_count(s)));
  // Each window twice: expecting the reference's count, which must pass, and the
  // guess, which must pass exactly when it is that count.
  std::vector<std::uint64_t> counts;
  std::vector<sim::expectation_body> bodies;
  for (const auto& c : checks) {
    counts.push_back(reference_count(s, c.type, c.only_ours, c.from, c.to));
    sim::event_expectation e;
    e.type = c.type;
    e.account = c.only_ours ? ours : std::string();
    e.between = std::make_pair(engine::hours(c.from), engine::hours(c.to));
    e.count = counts.back();
    bodies.push_back(e);
    e.count = c.guess;
    bodies.push_back(e);
  }
  const auto results = judge(s, bodies);
  RC_ASSERT(results.size() == 2 * checks.size());
  for (std::size_t i = 0; i < checks.size(); ++i) {
    const auto& right = results[2 * i];
    const auto& guessed = results[2 * i + 1];
    if (!right.passed)
      RC_FAIL(right.name + ": the judge fails it (" + right.detail + "), the reference counts " +
              std::to_string(counts[i]));
    if (guessed.passed != (checks[i].guess == counts[i]))
      RC_FAIL(guessed.name + ": the judge " + verdict(guessed.passed) + " (" + guessed.detail +
              "), the reference counts " + std::to_string(counts[i]));
  }
}

// A relink that ended (succeeded, failed, cancelled, expired) stays ended: later
// steps of the same relink -- an email opened after the link expired, a second
// click on a used link -- are in the trace but change nothing the history reports.
RC_BOOST_PROP(an_ended_relink_stays_ended, ()) {
  const auto before =
    *rc::gen::container<std::vector<int>>(rc::gen::inRange(0, first_ending_step));
  const int ending = *rc::gen::inRange(first_ending_step, step_count);
  const auto later = *rc::gen::nonEmpty(
    rc::gen::container<std::vector<int>>(rc::gen::inRange(0, step_count + 1)));
  // fca_ours created, its relink rr_1 accepted, then one step an hour; a later
  // "step" past the last one is a click on the link, which is no step at all.
  std::vector<draw> draws{{0, 0, 0, 0}, {1, 6, 0, 0}};
  for (int k : before)
    draws.push_back({1, 7, k, 0});
  draws.push_back({1, 7, ending, 0});
  for (int k : later)
    draws.push_back(k < step_count ? draw{1, 7, k, 0} : draw{1, 11, 0, 3});
  const auto s = writer().write(draws);
  RC_ASSERT(s.moments.size() == draws.size());

  // The relink's status after each of its steps: the step's until it ended, then
  // the step that ended it.
  std::vector<relink_status> expected;
  for (int k : before)
    expected.push_back(steps[k].status);
  for (std::size_t i = 0; i <= later.size(); ++i)
    expected.push_back(steps[ending].status);

  engine::trace trace;
  sim::account_history history(end_of(s), {ours});
  std::size_t seen = 0;
  replay(s, trace, history, [&](const moment& m) {
    if (seen++ < 2)
      return; // the creation and the acceptance
    const auto want = expected[seen - 3];
    const auto* account = history.state(ours);
    const auto* relink = history.relink("rr_1");
    RC_ASSERT(account != nullptr);
    RC_ASSERT(relink != nullptr);
    if (account->relink != want || relink->status != want)
      RC_FAIL("after " + std::string(m.type) + " at " + std::to_string(m.hour) +
              "h: the history reports the account's relink " +
              std::string(sim::to_string(account->relink)) + " and rr_1 " +
              std::string(sim::to_string(relink->status)) + ", expected " +
              std::string(sim::to_string(want)));
  });

  // And the judge, reading that history, sees it ended at every hour after.
  const int ended_at = 2 + static_cast<int>(before.size());
  std::vector<sim::expectation_body> bodies;
  for (int h = ended_at; h <= s.end_hour() + 1; ++h) {
    account_check c;
    c.want.relink = steps[ending].status;
    c.from = h;
    bodies.push_back(expectation_of(c, sim::check_time::at));
  }
  for (const auto& r : judge(s, bodies))
    if (!r.passed)
      RC_FAIL(r.name + ": " + r.detail);
}
