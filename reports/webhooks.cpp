#include "reports/webhooks.hpp"

#include "actors/events.hpp"
#include "reports/json_text.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <map>
#include <ostream>

namespace reports {
namespace {

namespace ev = actors::events;
using json = nlohmann::ordered_json;

// What a webhook shows of an account beyond its state (which the account history
// holds): who holds it, where, and its data refreshes.
struct account_object {
  const sim::account_spec* spec = nullptr;
  std::string holder_type; // customer | account
  std::string institution_name;
  // refresh kind -> (status, unix seconds of the last attempt)
  std::map<std::string, std::pair<std::string, std::int64_t>> refreshes;
};

std::string text_of(const json& value) {
  std::string text;
  append_compact(value, text);
  return text;
}

std::string event_id(std::uint64_t seed, std::uint64_t sequence) {
  char id[48];
  std::snprintf(id, sizeof id, "evt_%08llx%010llu", static_cast<unsigned long long>(seed & 0xffffffffULL),
                static_cast<unsigned long long>(sequence));
  return id;
}

class writer {
public:
  explicit writer(const sim::outcome& run) : run_(run) {
    std::map<std::string, std::string> institution_names;
    for (const auto& i : run.spec.institutions)
      institution_names[i.id] = i.name;
    std::map<std::string, std::string> holder_types;
    for (const auto& c : run.spec.customers)
      holder_types[c.id] = std::string(actors::to_string(c.kind));
    for (const auto& a : run.spec.accounts) {
      auto& o = accounts_[a.id];
      o.spec = &a;
      o.holder_type = a.holder.empty() ? "" : holder_types[a.holder];
      o.institution_name = institution_names[a.institution];
    }
  }

  // Each webhook is built as of its event (replaying the trace in order through an
  // account history of its own, the same reading the run made), then written in
  // the order the endpoint received it, duplicates included.
  void write(std::ostream& out) {
    std::map<std::uint64_t, std::string> by_sequence;
    for (const auto& e : run_.events.events()) {
      history_.record(e);
      if (e.type == ev::session_created)
        sessions_[e.entity] = &e;
      if (e.type == ev::session_updated) {
        by_sequence[e.sequence] = text_of(session_webhook(e));
        continue;
      }
      if (e.type.rfind("financial_connections.authorization.", 0) == 0 ||
          e.type == ev::authorization_deactivated || e.type == ev::authorization_reactivated) {
        auto& a = authorizations_[e.entity];
        update_authorization(a, e);
        if (sim::is_webhook(e))
          by_sequence[e.sequence] = text_of(authorization_webhook(e, a));
        continue;
      }
      auto i = accounts_.find(e.entity);
      if (i == accounts_.end() || e.type.rfind("financial_connections.", 0) != 0)
        continue;
      if (auto kind = e.field("refresh"); !kind.empty())
        i->second.refreshes[std::string(kind)] = {std::string(e.field("status")), unix_at(e.time)};
      if (sim::is_webhook(e))
        by_sequence[e.sequence] = text_of(webhook(e, i->second));
    }
    for (const auto& d : run_.webhooks.delivered)
      out << by_sequence.at(d.sequence) << '\n';
  }

private:
  std::int64_t unix_at(engine::duration t) const {
    return run_.spec.start_unix_seconds + t.count() / 1000;
  }

  std::int64_t unix_of(const std::string& offset) const {
    auto d = engine::parse_duration(offset);
    return unix_at(d.value_or(engine::duration{0}));
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

  json status_details(const sim::account_state& s) const {
    using actors::to_string;
    if (s.status == actors::account_status::inactive)
      return {{"inactive",
               {{"action", s.action ? to_string(*s.action) : "none"},
                {"cause", s.cause ? to_string(*s.cause) : "unspecified"}}}};
    if (s.status == actors::account_status::active && s.scheduled_date)
      return {{"active",
               {{"action", "relink_required"},
                {"cause", s.scheduled_cause ? to_string(*s.scheduled_cause) : "unspecified"},
                {"expected_deactivation_date", unix_at(*s.scheduled_date)}}}};
    return nullptr;
  }

  json account(const account_object& o) const {
    const auto* state = history_.state(o.spec->id);
    const sim::account_state s = state ? *state : sim::account_state{};
    const bool live = run_.spec.mode == actors::platform_mode::live;
    json holder = nullptr;
    if (!o.holder_type.empty()) {
      holder = json::object();
      holder["type"] = o.holder_type;
      holder[o.holder_type == "account" ? "account" : "customer"] = o.spec->holder;
    }
    json a = json::object();
    a["id"] = o.spec->id;
    a["object"] = "financial_connections.account";
    a["account_holder"] = holder;
    a["account_numbers"] = account_numbers(s);
    a["authorization"] = o.spec->authorization;
    a["created"] = run_.spec.start_unix_seconds;
    a["institution_name"] = o.institution_name;
    a["livemode"] = live;
    a["status"] = actors::to_string(s.status);
    a["status_details"] = status_details(s);
    a["supported_payment_method_types"] = json::array({"us_bank_account"});
    for (const char* kind : {"balance", "ownership", "transaction"}) {
      const std::string key = kind == std::string("transaction") ? "transactions" : kind;
      json refresh = nullptr;
      if (auto r = o.refreshes.find(key); r != o.refreshes.end())
        refresh = {{"status", r->second.first}, {"last_attempted_at", r->second.second}};
      a[std::string(kind) + "_refresh"] = refresh;
    }
    return a;
  }

  // The Stripe event around an object.
  json envelope(const engine::trace_event& e, json object) const {
    json w = json::object();
    w["id"] = event_id(run_.seed, e.sequence);
    w["object"] = "event";
    w["type"] = std::string(e.type);
    w["created"] = unix_at(e.time);
    w["livemode"] = run_.spec.mode == actors::platform_mode::live;
    w["pending_webhooks"] = 1;
    w["request"] = {{"id", nullptr}, {"idempotency_key", nullptr}};
    w["data"] = {{"object", std::move(object)}};
    return w;
  }

  json webhook(const engine::trace_event& e, const account_object& o) const {
    return envelope(e, account(o));
  }

  static json nullable(std::string_view text) {
    return text.empty() ? json(nullptr) : json(std::string(text));
  }

  // financial_connections.session, as it stands when it leaves `pending`.
  json session(const engine::trace_event& e) const {
    const engine::trace_event* created = nullptr;
    if (auto i = sessions_.find(e.entity); i != sessions_.end())
      created = i->second;
    const std::string account(created ? created->field("account") : std::string_view{});
    std::string authorization(created ? created->field("authorization") : std::string_view{});
    const bool whole_authorization = !authorization.empty();
    if (authorization.empty())
      if (auto a = accounts_.find(account); a != accounts_.end())
        authorization = a->second.spec->authorization;
    const std::string status(e.field("status"));
    json options = json::object();
    options["authorization"] = authorization;
    options["account"] = whole_authorization ? json(nullptr) : json(account);
    json result = json::object();
    const bool succeeded = status == "succeeded";
    result["authorization"] = succeeded ? json(authorization) : json(nullptr);
    result["account"] = succeeded && !whole_authorization ? json(account) : json(nullptr);
    result["failure_reason"] = nullable(e.field("relink_result.failure_reason"));
    json details = nullptr;
    if (status == "cancelled")
      details = {{"cancelled", {{"reason", std::string(e.field("status_details.cancelled.reason"))}}}};
    json hosted = json::object();
    hosted["delivery_method"] = std::string(e.field("delivery"));
    hosted["url"] = nullptr; // present only while the session is active
    json o = json::object();
    o["id"] = e.entity;
    o["object"] = "financial_connections.session";
    o["livemode"] = run_.spec.mode == actors::platform_mode::live;
    o["status"] = status;
    o["status_details"] = details;
    o["relink_options"] = options;
    o["relink_result"] = result;
    o["ui_mode"] = "hosted";
    o["hosted"] = hosted;
    return o;
  }

  json session_webhook(const engine::trace_event& e) const { return envelope(e, session(e)); }

  struct authorization_object {
    std::string status = "active";
    std::string cause;
    std::string scheduled_date, scheduled_cause;
  };

  static void update_authorization(authorization_object& a, const engine::trace_event& e) {
    if (e.type == ev::authorization_deactivated) {
      a.status = "inactive";
      a.cause = std::string(e.field("cause"));
      a.scheduled_date.clear();
    } else if (e.type == ev::authorization_reactivated) {
      a.status = "active";
      a.cause.clear();
    } else {
      a.scheduled_date = std::string(e.field("expected_deactivation_date"));
      a.scheduled_cause = std::string(e.field("cause"));
    }
  }

  json authorization_webhook(const engine::trace_event& e, const authorization_object& a) const {
    json details = nullptr;
    if (a.status == "inactive")
      details = {{"inactive", {{"action", "relink_required"}, {"cause", a.cause}}}};
    else if (!a.scheduled_date.empty())
      details = {{"active",
                  {{"action", "relink_required"},
                   {"cause", a.scheduled_cause},
                   {"expected_deactivation_date", unix_of(a.scheduled_date)}}}};
    json o = json::object();
    o["id"] = e.entity;
    o["object"] = "financial_connections.authorization";
    o["livemode"] = run_.spec.mode == actors::platform_mode::live;
    o["status"] = a.status;
    o["status_details"] = details;
    return envelope(e, std::move(o));
  }

  const sim::outcome& run_;
  sim::account_history history_;
  // Keys are views of the scenario's ids and the trace's entities, which outlive
  // the writer.
  std::map<std::string_view, authorization_object> authorizations_;
  std::map<std::string_view, account_object> accounts_;
  std::map<std::string_view, const engine::trace_event*> sessions_;
};

} // namespace

void write_webhooks(const sim::outcome& run, std::ostream& out) { writer(run).write(out); }

} // namespace reports
