#include "reports/webhooks.hpp"

#include "actors/events.hpp"
#include "reports/json_text.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cstdio>
#include <map>
#include <ostream>
#include <set>
#include <stdexcept>

namespace reports {
namespace {

namespace ev = actors::events;
using json = nlohmann::ordered_json;

// Stripe-style ids the simulator makes up: a prefix, the run's seed and the
// sequence of the trace event the thing was born in, so that the same run always
// names it alike and two runs with other seeds never do.
std::string stripe_id(const char* prefix, std::uint64_t seed, std::uint64_t sequence) {
  char id[64];
  std::snprintf(id, sizeof id, "%s%08llx%010llu", prefix,
                static_cast<unsigned long long>(seed & 0xffffffffULL),
                static_cast<unsigned long long>(sequence));
  return id;
}

std::string text_of(const json& value) {
  std::string text;
  append_compact(value, text);
  return text;
}

json nullable(std::string_view text) {
  return text.empty() ? json(nullptr) : json(std::string(text));
}

json nullable(const std::optional<std::string>& text) {
  return text ? json(*text) : json(nullptr);
}

template <class Enum, std::size_t N>
json words(const sim::enum_set<Enum>& set, const std::array<Enum, N>& all) {
  json list = json::array();
  for (Enum e : all)
    if (set.has(e))
      list.push_back(std::string(to_string(e)));
  return list;
}

// The data refreshes Stripe reports on an account, in the order of its fields.
enum refresh_kind : std::size_t { balance_refresh, ownership_refresh, transaction_refresh };
constexpr std::array<const char*, 3> refresh_kinds{"balance", "ownership", "transactions"};
constexpr std::array<const char*, 3> refresh_fields{"balance_refresh", "ownership_refresh",
                                                    "transaction_refresh"};

// The latest attempt of one kind of refresh.
struct refresh_state {
  std::string_view status; // the trace's text; empty: never attempted
  std::int64_t attempted_at = 0;
  std::uint64_t sequence = 0; // of its event, for its id
};

// What a webhook shows of an account beyond its state (which the account history
// holds): who holds it, where, and what its data refreshes brought.
struct account_object {
  const sim::account_spec* spec = nullptr;
  const sim::customer_spec* holder = nullptr; // nullptr: linked without a holder
  const std::string* institution_name = nullptr;
  std::array<refresh_state, 3> refreshes;
  std::optional<std::int64_t> balance_as_of; // the last successful balance refresh
  std::uint64_t ownership_sequence = 0;      // of the last successful one; 0: none
};

// An authorization as its Stripe events have told it so far.
struct authorization_object {
  const account_object* first_account = nullptr; // its holder and institution
  bool inactive = false;
  std::optional<std::int64_t> scheduled_at; // status_details.active
};

class writer {
public:
  explicit writer(const sim::outcome& run) : run_(run) {
    std::map<std::string_view, const std::string*> institution_names;
    for (const auto& i : run.spec.institutions)
      institution_names[i.id] = &i.name;
    std::map<std::string_view, const sim::customer_spec*> holders;
    for (const auto& c : run.spec.customers)
      holders[c.id] = &c;
    for (const auto& a : run.spec.accounts) {
      auto& o = accounts_[a.id];
      o.spec = &a;
      if (auto h = holders.find(a.holder); h != holders.end())
        o.holder = h->second;
      if (auto i = institution_names.find(a.institution); i != institution_names.end())
        o.institution_name = i->second;
    }
    count_copies();
  }

  // Each webhook is built as of its event (replaying the trace in order through an
  // account history of its own, the same reading the run made) and written as soon
  // as every webhook the endpoint received before it is written: only those that
  // arrived out of order wait in memory.
  void write(std::ostream& out) {
    out_ = &out;
    for (const auto& e : run_.events.events()) {
      if (!pending_sessions_.empty() && pending_sessions_.front()->time < e.time)
        build_sessions();
      history_.record(e);
      record(e);
    }
    build_sessions();
    if (next_ != run_.webhooks.delivered.size())
      throw std::logic_error("webhooks.jsonl: delivery of event " +
                             std::to_string(run_.webhooks.delivered[next_].sequence) +
                             " has no webhook");
  }

private:
  // -- the replay ---------------------------------------------------------------
  void record(const engine::trace_event& e) {
    if (e.type == ev::session_created)
      sessions_[e.entity] = &e;
    if (e.type == ev::session_updated) {
      // Built once the instant has passed, so that the accounts it lists show what
      // the relink did to them at that instant.
      pending_sessions_.push_back(&e);
      return;
    }
    if (e.type.rfind("financial_connections.authorization.", 0) == 0 ||
        e.type == ev::authorization_deactivated || e.type == ev::authorization_reactivated) {
      auto& a = authorization(e.entity);
      update_authorization(a, e);
      if (sim::is_webhook(e))
        ready(e.sequence, envelope(e, authorization_json(e.entity, a)));
      return;
    }
    auto i = accounts_.find(e.entity);
    if (i == accounts_.end() || e.type.rfind("financial_connections.", 0) != 0)
      return;
    if (auto kind = e.field("refresh"); !kind.empty())
      update_refresh(i->second, kind, e);
    if (sim::is_webhook(e))
      ready(e.sequence, envelope(e, account_json(i->second)));
  }

  void update_refresh(account_object& o, std::string_view kind, const engine::trace_event& e) {
    const auto k = static_cast<std::size_t>(
      std::find(refresh_kinds.begin(), refresh_kinds.end(), kind) - refresh_kinds.begin());
    if (k == refresh_kinds.size())
      throw std::logic_error("unknown refresh kind '" + std::string(kind) + "'");
    const std::string_view status = e.field("status");
    o.refreshes[k] = {status, unix_at(e.time), e.sequence};
    if (status != "succeeded")
      return;
    if (k == balance_refresh)
      o.balance_as_of = unix_at(e.time);
    if (k == ownership_refresh)
      o.ownership_sequence = e.sequence;
  }

  void build_sessions() {
    for (const auto* e : pending_sessions_)
      ready(e->sequence, envelope(*e, session_json(*e)));
    pending_sessions_.clear();
  }

  // -- output in the endpoint's order -------------------------------------------
  // How many times each webhook reaches the endpoint, for the few that do more
  // than once (a duplicate); every other one arrives once, or never when dropped.
  void count_copies() {
    std::set<std::uint64_t> duplicated;
    for (const auto& d : run_.webhooks.delivered)
      if (d.duplicate)
        duplicated.insert(d.sequence);
    for (const auto& d : run_.webhooks.delivered)
      if (duplicated.count(d.sequence) > 0)
        ++copies_[d.sequence];
  }

  void ready(std::uint64_t sequence, const json& webhook) {
    const auto copies = copies_.find(sequence);
    waiting_[sequence] = {text_of(webhook), copies == copies_.end() ? 1u : copies->second};
    const auto& delivered = run_.webhooks.delivered;
    for (; next_ < delivered.size(); ++next_) {
      auto w = waiting_.find(delivered[next_].sequence);
      if (w == waiting_.end())
        return; // its event is still ahead in the trace
      *out_ << w->second.first << '\n';
      if (--w->second.second == 0)
        waiting_.erase(w);
    }
  }

  // -- objects ------------------------------------------------------------------
  std::int64_t unix_at(engine::duration t) const {
    return run_.spec.start_unix_seconds + t.count() / 1000;
  }

  bool livemode() const { return run_.spec.mode == actors::platform_mode::live; }

  // The Stripe event around an object.
  json envelope(const engine::trace_event& e, json object) const {
    json w = json::object();
    w["id"] = stripe_id("evt_", run_.seed, e.sequence);
    w["object"] = "event";
    w["type"] = std::string(e.type);
    w["created"] = unix_at(e.time);
    w["livemode"] = livemode();
    w["pending_webhooks"] = 1;
    w["request"] = {{"id", nullptr}, {"idempotency_key", nullptr}};
    w["data"] = {{"object", std::move(object)}};
    return w;
  }

  static json account_holder(const sim::customer_spec* holder) {
    if (holder == nullptr)
      return nullptr;
    const std::string type(actors::to_string(holder->kind)); // customer | account
    return {{"type", type}, {type, holder->id}};
  }

  json account_numbers(const sim::account_state& s) const {
    json number = json::object();
    if (s.tan_status) {
      number["identifier_type"] = "tokenized_account_number";
      number["status"] = actors::to_string(*s.tan_status);
      number["expected_expiry_date"] =
        s.tan_expected_expiry ? json(unix_at(*s.tan_expected_expiry)) : json(nullptr);
    } else {
      const bool closed = s.status == actors::account_status::inactive &&
                          s.cause == actors::inactive_cause::account_closed;
      number["identifier_type"] = "account_number";
      number["status"] = closed ? "deactivated" : "transactable";
      number["expected_expiry_date"] = nullptr;
    }
    number["supported_networks"] = json::array({"ach"});
    return json::array({number});
  }

  // The spec's status_details: `inactive` while inactive, `active` while a
  // deactivation is announced; nothing to say otherwise, and then Stripe leaves
  // the field out (the spec does not let it be null).
  std::optional<json> status_details(const sim::account_state& s) const {
    using actors::to_string;
    if (s.status == actors::account_status::inactive)
      return json{{"inactive",
                   {{"action", s.action ? to_string(*s.action) : "none"},
                    {"cause", s.cause ? to_string(*s.cause) : "unspecified"}}}};
    if (s.status == actors::account_status::active && s.scheduled_date)
      return json{{"active",
                   {{"action", "relink_required"},
                    {"cause", s.scheduled_cause ? to_string(*s.scheduled_cause) : "unspecified"},
                    {"expected_deactivation_date", unix_at(*s.scheduled_date)}}}};
    return std::nullopt;
  }

  // `balance`: what the last successful balance refresh read, null before one.
  json balance(const account_object& o) const {
    if (!o.balance_as_of)
      return nullptr;
    const std::int64_t current = o.spec->profile.balance;
    json b = json::object();
    b["as_of"] = *o.balance_as_of;
    if (o.spec->profile.category == sim::account_category::credit) {
      b["credit"] = {{"used", {{"usd", current < 0 ? -current : 0}}}};
      b["current"] = {{"usd", current}};
      b["type"] = "credit";
    } else {
      b["cash"] = {{"available", {{"usd", current}}}};
      b["current"] = {{"usd", current}};
      b["type"] = "cash";
    }
    return b;
  }

  // A refresh's state. The simulator makes no one wait between refreshes, so the
  // next one is available as soon as this one is done (null only while pending).
  json refresh(const account_object& o, std::size_t kind) const {
    const auto& r = o.refreshes[kind];
    if (r.status.empty())
      return nullptr;
    json out = json::object();
    if (kind == transaction_refresh)
      out["id"] = stripe_id("fctxnref_", run_.seed, r.sequence);
    out["last_attempted_at"] = r.attempted_at;
    out["next_refresh_available_at"] = r.status == "pending" ? json(nullptr) : json(r.attempted_at);
    out["status"] = std::string(r.status);
    return out;
  }

  // financial_connections.account, every field of the preview spec's `required`
  // list, in Stripe's order (id and object first, then by name).
  json account_json(const account_object& o) const {
    const auto* state = history_.state(o.spec->id);
    const sim::account_state s = state ? *state : sim::account_state{};
    const auto& p = o.spec->profile;
    json a = json::object();
    a["id"] = o.spec->id;
    a["object"] = "financial_connections.account";
    a["account_holder"] = account_holder(o.holder);
    a["account_numbers"] = account_numbers(s);
    a["authorization"] = o.spec->authorization;
    a["balance"] = balance(o);
    a["balance_refresh"] = refresh(o, balance_refresh);
    a["category"] = std::string(to_string(p.category));
    a["created"] = run_.spec.start_unix_seconds;
    a["display_name"] = nullable(sim::display_name_of(p));
    a["institution_name"] = o.institution_name ? *o.institution_name : o.spec->institution;
    a["last4"] = nullable(sim::last4_of(p, o.spec->id));
    a["livemode"] = livemode();
    a["ownership"] = o.ownership_sequence == 0
                       ? json(nullptr)
                       : json(stripe_id("fcaowns_", run_.seed, o.ownership_sequence));
    a["ownership_refresh"] = refresh(o, ownership_refresh);
    a["permissions"] = words(p.permissions, sim::all_account_permissions);
    a["status"] = actors::to_string(s.status);
    if (auto details = status_details(s))
      a["status_details"] = std::move(*details);
    a["subcategory"] = std::string(to_string(p.subcategory));
    a["subscriptions"] = words(p.subscriptions, sim::all_account_subscriptions);
    a["supported_payment_method_types"] =
      sim::supports_us_bank_account(p) ? json::array({"us_bank_account"}) : json::array();
    a["transaction_refresh"] = refresh(o, transaction_refresh);
    return a;
  }

  // -- authorizations (preview spec) --------------------------------------------
  authorization_object& authorization(std::string_view id) {
    auto [i, added] = authorizations_.try_emplace(id);
    if (added) {
      const auto accounts = accounts_of(id);
      i->second.first_account = accounts.empty() ? nullptr : accounts.front();
    }
    return i->second;
  }

  void update_authorization(authorization_object& a, const engine::trace_event& e) const {
    if (e.type == ev::authorization_deactivated) {
      a.inactive = true;
      a.scheduled_at.reset();
    } else if (e.type == ev::authorization_reactivated) {
      a.inactive = false;
    } else {
      const auto date = engine::parse_duration(e.field("expected_deactivation_date"));
      a.scheduled_at = unix_at(date.value_or(engine::duration{0}));
    }
  }

  // The preview spec's authorization has no cause in its status_details: only
  // the action, and the date of an announced deactivation.
  json authorization_json(std::string_view id, const authorization_object& a) const {
    json details = json::object();
    if (a.inactive)
      details["inactive"] = {{"action", "relink_required"}};
    else if (a.scheduled_at)
      details["active"] = {{"action", "relink_required"},
                           {"expected_deactivation_date", *a.scheduled_at}};
    const auto* first = a.first_account;
    json o = json::object();
    o["id"] = std::string(id);
    o["object"] = "financial_connections.authorization";
    o["account_holder"] = account_holder(first ? first->holder : nullptr);
    o["institution_name"] = first && first->institution_name ? *first->institution_name
                            : first                           ? first->spec->institution
                                                              : std::string();
    o["livemode"] = livemode();
    o["status"] = a.inactive ? "inactive" : "active";
    o["status_details"] = std::move(details);
    return o;
  }

  // The accounts of an authorization, in scenario order; the index is built at the
  // first authorization or session event.
  std::vector<const account_object*> accounts_of(std::string_view authorization_id) {
    if (by_authorization_.empty()) {
      for (const auto& a : run_.spec.accounts)
        by_authorization_.emplace_back(a.authorization, &accounts_.at(a.id));
      std::stable_sort(by_authorization_.begin(), by_authorization_.end(),
                       [](const auto& x, const auto& y) { return x.first < y.first; });
    }
    auto [from, to] = std::equal_range(
      by_authorization_.begin(), by_authorization_.end(),
      std::pair<std::string_view, const account_object*>{authorization_id, nullptr},
      [](const auto& x, const auto& y) { return x.first < y.first; });
    std::vector<const account_object*> out;
    for (auto i = from; i != to; ++i)
      out.push_back(i->second);
    return out;
  }

  // -- relink sessions (preview spec) -------------------------------------------
  json session_json(const engine::trace_event& e) {
    const engine::trace_event* created = nullptr;
    if (auto i = sessions_.find(e.entity); i != sessions_.end())
      created = i->second;
    const std::string account(created ? created->field("account") : std::string_view{});
    std::string authorization(created ? created->field("authorization") : std::string_view{});
    const bool whole_authorization = !authorization.empty();
    std::vector<const account_object*> targets;
    if (whole_authorization) {
      for (const auto* o : accounts_of(authorization))
        if (const auto* s = history_.state(o->spec->id);
            !s || s->status != actors::account_status::disconnected)
          targets.push_back(o);
    } else if (auto a = accounts_.find(account); a != accounts_.end()) {
      authorization = a->second.spec->authorization;
      targets.push_back(&a->second);
    }
    const std::string status(e.field("status"));
    const bool succeeded = status == "succeeded";
    sim::enum_set<sim::account_permission> permissions;
    json linked = json::array();
    for (const auto* o : targets) {
      for (auto p : sim::all_account_permissions)
        if (o->spec->profile.permissions.has(p))
          permissions.add(p);
      if (succeeded)
        linked.push_back(account_json(*o));
    }
    json options = json::object();
    options["account"] = whole_authorization ? json(nullptr) : json(account);
    options["authorization"] = authorization;
    json result = json::object();
    result["account"] = succeeded && !whole_authorization ? json(account) : json(nullptr);
    result["authorization"] = succeeded ? json(authorization) : json(nullptr);
    result["failure_reason"] = nullable(e.field("relink_result.failure_reason"));
    json o = json::object();
    o["id"] = e.entity;
    o["object"] = "financial_connections.session";
    o["account_holder"] = account_holder(targets.empty() ? nullptr : targets.front()->holder);
    o["accounts"] = {{"object", "list"},
                     {"data", std::move(linked)},
                     {"has_more", false},
                     {"url", "/v1/financial_connections/accounts"}};
    o["client_secret"] = stripe_id("fcsess_client_secret_", run_.seed,
                                   created ? created->sequence : e.sequence);
    // The platform gave no return_url; the link (`url`) is gone once the session
    // has left pending.
    o["hosted"] = {{"delivery_method", std::string(e.field("delivery"))}, {"return_url", nullptr}};
    o["livemode"] = livemode();
    o["permissions"] = words(permissions, sim::all_account_permissions);
    o["prefetch"] = nullptr;
    o["relink_options"] = std::move(options);
    o["relink_result"] = std::move(result);
    o["status"] = status;
    if (status == "cancelled")
      o["status_details"] = {
        {"cancelled", {{"reason", std::string(e.field("status_details.cancelled.reason"))}}}};
    o["ui_mode"] = "hosted";
    o["url"] = nullptr;
    return o;
  }

  const sim::outcome& run_;
  sim::account_history history_;
  // Keys are views of the scenario's ids and the trace's entities, which outlive
  // the writer.
  std::map<std::string_view, account_object> accounts_;
  std::map<std::string_view, authorization_object> authorizations_;
  std::map<std::string_view, const engine::trace_event*> sessions_;
  std::vector<std::pair<std::string_view, const account_object*>> by_authorization_;
  std::vector<const engine::trace_event*> pending_sessions_;
  // Output: the next delivery to write, and built webhooks waiting for their turn
  // (text, copies still to write).
  std::ostream* out_ = nullptr;
  std::size_t next_ = 0;
  std::map<std::uint64_t, std::uint32_t> copies_;
  std::map<std::uint64_t, std::pair<std::string, std::uint32_t>> waiting_;
};

} // namespace

void write_webhooks(const sim::outcome& run, std::ostream& out) { writer(run).write(out); }

} // namespace reports
