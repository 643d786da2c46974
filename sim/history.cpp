#include "sim/history.hpp"

#include "domain/events.hpp"
#include "engine/check.hpp"

#include <algorithm>

namespace sim {
namespace {

namespace ev = actors::events;

// The relink status an event moves a relink to, if it is one of its steps.
std::optional<relink_status> relink_step(std::string_view type) {
  static const std::pair<std::string_view, relink_status> steps[]{
    {ev::email_sent, relink_status::email_sent},
    {ev::email_delivered, relink_status::delivered},
    {ev::email_bounced, relink_status::bounced},
    {ev::email_opened, relink_status::opened},
    {ev::session_notification_opened, relink_status::opened},
    {ev::relink_flow_started, relink_status::flow_started},
    {ev::relink_succeeded, relink_status::succeeded},
    {ev::relink_failed, relink_status::failed},
    {ev::relink_cancelled, relink_status::cancelled},
    {ev::relink_expired, relink_status::expired},
  };
  for (const auto& [step, status] : steps)
    if (type == step)
      return status;
  return std::nullopt;
}

template <class Enum, std::size_t N>
std::optional<Enum> parse(const std::array<Enum, N>& all, std::string_view text) {
  return text.empty() ? std::nullopt : actors::from_string(all, text);
}

std::size_t slot(actors::account_status s) { return static_cast<std::size_t>(s); }

} // namespace

bool is_terminal(relink_status s) {
  return s == relink_status::succeeded || s == relink_status::failed ||
         s == relink_status::cancelled || s == relink_status::expired;
}

account_history::account_history(engine::duration horizon, std::vector<std::string> followed)
  : horizon_(horizon), followed_ids_(std::move(followed)) {
  std::sort(followed_ids_.begin(), followed_ids_.end());
  followed_ids_.erase(std::unique(followed_ids_.begin(), followed_ids_.end()),
                      followed_ids_.end());
}

namespace {
std::size_t address_slot(const char* at, std::size_t slots) {
  const auto bits = reinterpret_cast<std::uintptr_t>(at);
  return static_cast<std::size_t>((bits * 0x9E3779B97F4A7C15ULL) >> 20) & (slots - 1);
}
} // namespace

void account_history::reserve(std::size_t accounts) {
  rows_.reserve(accounts);
  index_.reserve(accounts);
}

void account_history::remember_address(const char* at, std::uint32_t row) {
  if ((addresses_ + 1) * 2 > by_address_.size()) { // at most half full
    std::vector<std::pair<const char*, std::uint32_t>> old(std::max<std::size_t>(64, by_address_.size() * 2));
    old.swap(by_address_);
    addresses_ = 0;
    for (const auto& [address, number] : old)
      if (number != 0)
        remember_address(address, number - 1);
  }
  for (std::size_t i = address_slot(at, by_address_.size());; i = (i + 1) & (by_address_.size() - 1))
    if (by_address_[i].second == 0) {
      by_address_[i] = {at, row + 1};
      ++addresses_;
      return;
    }
}

std::optional<std::uint32_t> account_history::row_number(std::string_view account) const {
  if (!by_address_.empty())
    for (std::size_t i = address_slot(account.data(), by_address_.size());;
         i = (i + 1) & (by_address_.size() - 1)) {
      const auto& [at, number] = by_address_[i];
      if (number == 0)
        break;
      if (at == account.data() && rows_[number - 1].id.size() == account.size())
        return number - 1; // the same text
    }
  const auto i = index_.find(account);
  if (i == index_.end())
    return std::nullopt;
  return i->second;
}

account_history::account_row* account_history::row_of(std::string_view account) {
  const auto n = row_number(account);
  return n ? &rows_[*n] : nullptr;
}

const account_state* account_history::state(std::string_view account) const {
  const auto n = row_number(account);
  return n ? &rows_[*n].state : nullptr;
}

bool account_history::followed(std::string_view account) const {
  return std::binary_search(followed_ids_.begin(), followed_ids_.end(), account);
}

const std::vector<account_change>& account_history::changes(std::string_view account) const {
  static const std::vector<account_change> none;
  ENGINE_CHECK(followed(account),
               "the history keeps the changes of followed accounts only, not " +
                 std::string(account));
  const auto n = row_number(account);
  return n ? logs_[static_cast<std::size_t>(rows_[*n].log)] : none;
}

std::optional<account_state> account_history::at(std::string_view account,
                                                 engine::duration t) const {
  const auto& log = changes(account);
  // The last change at or before t: changes are in trace order, so in time order.
  auto after = std::upper_bound(log.begin(), log.end(), t,
                                [](engine::duration x, const account_change& c) { return x < c.time; });
  if (after == log.begin())
    return std::nullopt;
  return std::prev(after)->after;
}

const relink_record* account_history::relink(std::string_view id) const {
  const auto i = relinks_.find(std::string(id));
  return i == relinks_.end() ? nullptr : &i->second;
}

void account_history::create(const engine::trace_event& e) {
  const auto [at, added] = index_.emplace(e.entity, static_cast<std::uint32_t>(rows_.size()));
  ENGINE_CHECK(added, "account " + std::string(e.entity) + " created twice");
  remember_address(e.entity.data(), static_cast<std::uint32_t>(rows_.size()));
  account_row r;
  r.id = e.entity;
  auto& s = r.state;
  s.tan = e.field("tan");
  s.tan_status = parse(actors::all_tan_statuses, e.field("tan_status"));
  s.tan_expected_expiry = e.time_field("tan_expected_expiry");
  s.since = e.time;
  if (followed(e.entity)) {
    r.log = static_cast<std::int32_t>(logs_.size());
    logs_.emplace_back();
  }
  rows_.push_back(r);
  ++metrics_.accounts;
  ++by_status_[slot(actors::account_status::active)];
  log_change(rows_.back(), e);
}

void account_history::set_status(account_row& r, actors::account_status to) {
  const auto from = r.state.status;
  --by_status_[slot(from)];
  ++by_status_[slot(to)];
  if (to == actors::account_status::inactive && from != to)
    metrics_.inactive_peak = std::max(metrics_.inactive_peak, ++inactive_now_);
  else if (from == actors::account_status::inactive && to != from)
    --inactive_now_;
  r.state.status = to;
}

// An event of the account itself; false when it changes nothing the history keeps.
bool account_history::apply_account_event(account_row& r, const engine::trace_event& e) {
  auto& s = r.state;
  bool changed = false;
  if (auto tan = e.field("tan"); !tan.empty() && e.type == ev::account_numbers_updated) {
    s.tan = tan;
    changed = true;
  }
  if (auto status = parse(actors::all_tan_statuses, e.field("tan_status"))) {
    s.tan_status = status;
    changed = true;
  }
  if (auto expiry = e.time_field("tan_expected_expiry");
      expiry && e.type == ev::account_numbers_updated) {
    s.tan_expected_expiry = expiry;
    changed = true;
  }
  if (e.type == ev::account_deactivated) {
    // A deactivation of an account already inactive (a new cause) continues the
    // spell that a repair ends.
    if (s.status != actors::account_status::inactive) {
      r.down_since = e.time;
      set_status(r, actors::account_status::inactive);
    }
    s.since = e.time;
    s.cause = parse(actors::all_inactive_causes, e.field("cause"));
    s.action = parse(actors::all_inactive_actions, e.field("action"));
    s.scheduled_date.reset();
    s.scheduled_cause.reset();
    s.last_change = e.type;
    ++metrics_.deactivations;
    if (!r.deactivated)
      ++metrics_.accounts_deactivated;
    r.deactivated = true;
    if (s.action == actors::inactive_action::relink_required)
      reach(r, funnel_stage::needed_relink);
    return true;
  }
  if (e.type == ev::account_reactivated) {
    const bool by_relink = e.field("by") == "relink";
    if (r.down_since && s.status == actors::account_status::inactive && by_relink)
      metrics_.repair_times.push_back(e.time - *r.down_since);
    r.down_since.reset();
    set_status(r, actors::account_status::active);
    s.since = e.time;
    s.cause.reset();
    s.action.reset();
    s.last_change = e.type;
    bool& seen = by_relink ? r.repaired : r.recovered;
    if (!seen)
      ++(by_relink ? metrics_.accounts_repaired : metrics_.accounts_recovered);
    seen = true;
    return true;
  }
  if (e.type == ev::account_disconnected) {
    r.down_since.reset();
    set_status(r, actors::account_status::disconnected);
    s.since = e.time;
    s.cause.reset(); // status_details.inactive is for inactive accounts only
    s.action.reset();
    s.scheduled_date.reset();
    s.scheduled_cause.reset();
    s.last_change = e.type;
    return true;
  }
  if (e.type == ev::upcoming_deactivation || e.type == ev::expected_deactivation_date_updated) {
    s.scheduled_date = e.time_field("expected_deactivation_date");
    s.scheduled_cause = parse(actors::all_inactive_causes, e.field("cause"));
    return true;
  }
  if (e.type == ev::scheduled_deactivation_cancelled) {
    s.scheduled_date.reset();
    s.scheduled_cause.reset();
    return true;
  }
  if (e.type == ev::upcoming_account_number_expiry)
    reach(r, funnel_stage::needed_relink);
  return changed;
}

// A step of a relink; returns whether it changed a followed account's state.
bool account_history::apply_relink_event(const engine::trace_event& e) {
  const auto id = e.field("relink");
  if (e.type == ev::relink_accepted || e.type == ev::session_created) {
    account_row* r = row_of(e.field("account"));
    if (r == nullptr)
      return false; // an account the trace never created: invariants name it
    const auto number = static_cast<std::uint32_t>(r - rows_.data());
    relinks_[std::string(id)] = {number, e.time, e.sequence, e.field("delivery") != "url",
                                 relink_status::requested};
    r->state.relink_id = id;
    r->state.relink = relink_status::requested;
    // A relink opened for it is the coordinator's word that it needed one (an
    // expiring TAN before its notice, a Connect holder's account…): the funnel
    // never narrows the wrong way.
    reach(*r, funnel_stage::needed_relink);
    reach(*r, funnel_stage::requested);
    log_change(*r, e);
    return true;
  }
  const auto i = relinks_.find(std::string(id));
  if (i == relinks_.end())
    return false; // a step of a relink never opened: invariants name it
  auto& relink = i->second;
  account_row& r = rows_[relink.account];
  if (e.type == ev::email_sent || e.type == ev::session_notified)
    reach(r, funnel_stage::notified);
  else if (e.type == ev::email_opened || e.type == ev::session_notification_opened)
    reach(r, funnel_stage::opened);
  else if (e.type == ev::relink_succeeded)
    reach(r, funnel_stage::relinked);
  const auto step = relink_step(e.type);
  // A relink that ended stays ended: a click on an expired link, or a second one on
  // a used link, is in the trace but changes nothing.
  if (!step || is_terminal(relink.status))
    return false;
  relink.status = *step;
  if (r.state.relink_id != id)
    return false; // an older relink: the account shows its latest
  r.state.relink = *step;
  log_change(r, e);
  return true;
}

void account_history::reach(account_row& r, funnel_stage s) {
  const auto bit = static_cast<std::uint8_t>(1u << static_cast<unsigned>(s));
  if ((r.stages & bit) != 0)
    return;
  r.stages = static_cast<std::uint8_t>(r.stages | bit);
  ++metrics_.funnel[static_cast<std::size_t>(s)];
}

void account_history::log_change(account_row& r, const engine::trace_event& e) {
  if (r.log >= 0)
    logs_[static_cast<std::size_t>(r.log)].push_back({e.time, e.sequence, e.type, r.state});
}

// Counts of events by type, for the figures that are counts.
void account_history::count(const engine::trace_event& e) {
  auto& m = metrics_;
  const auto type = e.type;
  if (type == ev::relink_requested)
    ++m.requests;
  else if (type == ev::relink_accepted)
    ++m.accepted;
  else if (type == ev::relink_rejected) {
    ++m.rejected;
    ++m.rejected_by_reason[std::string(e.field("reason"))];
  } else if (type == ev::session_created)
    ++m.sessions_created;
  else if (type == ev::session_rejected)
    ++m.sessions_rejected;
  else if (type == ev::session_notified)
    ++m.notified;
  else if (type == ev::email_sent)
    ++m.emails_sent;
  else if (type == ev::email_delivered)
    ++m.emails_delivered;
  else if (type == ev::email_opened)
    ++m.emails_opened;
  else if (type == ev::relink_flow_started)
    ++m.flows_started;
  else if (type == ev::relink_succeeded)
    ++m.relinks_succeeded;
  else if (type == ev::relink_failed)
    ++m.relinks_failed;
  else if (type == ev::relink_expired)
    ++m.relinks_expired;
  else if (type == ev::relink_cancelled)
    ++m.relinks_cancelled;
  else if (type == ev::email_bounced)
    ++m.emails_bounced;
  else if (type == ev::payment_failed) {
    ++m.payments_failed;
    ++m.payments_failed_by_code[std::string(e.field("ach_return_code"))];
    std::int64_t amount = 0;
    for (char c : e.field("amount"))
      amount = amount * 10 + (c - '0');
    m.amount_failed += amount;
  }
}

void account_history::record(const engine::trace_event& e) {
  sample_until(e.time, false);
  // Most events of a large run are successful debits: they change no account.
  if (e.type == ev::payment_succeeded) {
    ++metrics_.payments_succeeded;
    return;
  }
  count(e);
  if (e.type == ev::payment_failed)
    return;
  if (e.type == ev::account_created) {
    create(e);
    return;
  }
  if (!e.field("relink").empty() && !e.field("account").empty()) {
    apply_relink_event(e);
    return;
  }
  if (account_row* r = row_of(e.entity); r != nullptr && apply_account_event(*r, e))
    log_change(*r, e);
}

// Samples are taken at instants t_k = horizon·k/samples; a sample counts every
// event at or before its instant, so it is taken once the trace has moved past it.
void account_history::sample_until(engine::duration t, bool inclusive) {
  const std::int64_t end_ms = std::max<std::int64_t>(horizon_.count(), 1);
  const std::size_t n = status_series::samples;
  for (; next_sample_ <= n; ++next_sample_) {
    const std::int64_t at =
      end_ms * static_cast<std::int64_t>(next_sample_) / static_cast<std::int64_t>(n);
    if (inclusive ? at > t.count() : at >= t.count())
      return;
    series_.t_ms.push_back(at);
    series_.active.push_back(by_status_[0]);
    series_.inactive.push_back(by_status_[1]);
    series_.disconnected.push_back(by_status_[2]);
  }
}

void account_history::finish(engine::duration end) {
  sample_until(end, true);
  std::sort(metrics_.repair_times.begin(), metrics_.repair_times.end());
}

} // namespace sim
