#include "reports/webhooks.hpp"

#include "domain/events.hpp"
#include "engine/trace.hpp"
#include "reports/atomic_file.hpp"
#include "reports/json_text.hpp"

#include <algorithm>
#include <cerrno>
#include <unordered_map>
#include <array>
#include <charconv>
#include <cstdio>
#include <map>
#include <ostream>
#include <set>
#include <stdexcept>

namespace reports {
namespace {

namespace ev = actors::events;

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

// Compact JSON written straight into a line: a webhook is built once and written
// once, and a large run writes millions of them, so no value tree in between.
// Commas come by themselves; keys are written in the order of the calls.
class json_line {
public:
  explicit json_line(std::string& out) : out_(out) {}

  json_line& open() { return start('{', true); }
  json_line& open_list() { return start('[', false); }
  json_line& close() {
    out_.push_back(objects_.back() ? '}' : ']');
    objects_.pop_back();
    first_.pop_back();
    return *this;
  }
  json_line& key(std::string_view name) {
    separate();
    append_json_string(name, out_);
    out_.push_back(':');
    after_key_ = true;
    return *this;
  }
  json_line& text(std::string_view value) {
    separate();
    append_json_string(value, out_);
    return *this;
  }
  json_line& optional_text(const std::optional<std::string>& value) {
    return value ? text(*value) : null();
  }
  json_line& text_or_null(std::string_view value) { return value.empty() ? null() : text(value); }
  json_line& number(std::int64_t value) {
    separate();
    char digits[24];
    out_.append(digits, std::to_chars(digits, digits + sizeof digits, value).ptr);
    return *this;
  }
  json_line& boolean(bool value) { return raw(value ? "true" : "false"); }
  json_line& null() { return raw("null"); }

private:
  json_line& start(char bracket, bool object) {
    separate();
    out_.push_back(bracket);
    objects_.push_back(object);
    first_.push_back(true);
    return *this;
  }
  json_line& raw(std::string_view literal) {
    separate();
    out_.append(literal);
    return *this;
  }
  // A value after its key needs nothing; any other item a comma unless first.
  void separate() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (first_.empty())
      return;
    if (!first_.back())
      out_.push_back(',');
    first_.back() = false;
  }

  std::string& out_;
  std::vector<bool> objects_, first_;
  bool after_key_ = false;
};

template <class Enum, std::size_t N>
void words(json_line& j, const sim::enum_set<Enum>& set, const std::array<Enum, N>& all) {
  j.open_list();
  for (Enum e : all)
    if (set.has(e))
      j.text(to_string(e));
  j.close();
}

// The data refreshes Stripe reports on an account, in the order of its fields.
enum refresh_kind : std::size_t { balance_refresh, ownership_refresh, transaction_refresh };
constexpr std::array<const char*, 3> refresh_kinds{"balance", "ownership", "transactions"};
constexpr std::array<const char*, 3> refresh_fields{"balance_refresh", "ownership_refresh",
                                                    "transaction_refresh"};

// The latest attempt of one kind of refresh.
struct refresh_state {
  std::string_view status; // a literal (refresh_statuses); empty: never attempted
  std::int64_t attempted_at = 0;
  std::uint32_t sequence = 0; // of its event, for its id
};

// What a refresh event's status may be, as literals that outlive the event.
constexpr std::array<std::string_view, 3> refresh_statuses{"succeeded", "failed", "pending"};

// What a webhook shows of an account beyond its state (which the account history
// holds): who holds it, where, and what its data refreshes brought.
struct account_object {
  const sim::account_spec* spec = nullptr;
  // Its id as the trace carries it: the history finds it by that text's address.
  std::string_view trace_id;
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

} // namespace

class webhooks_stream::writer {
public:
  writer(const run_facts& run, const sim::account_history& history, std::ostream& out)
    : run_(run), history_(history), out_(&out) {
    std::map<std::string_view, const std::string*> institution_names;
    for (const auto& i : run.spec.institutions)
      institution_names[i.id] = &i.name;
    std::map<std::string_view, const sim::customer_spec*> holders;
    for (const auto& c : run.spec.customers)
      holders[c.id] = &c;
    accounts_.reserve(run.spec.accounts.size());
    for (const auto& a : run.spec.accounts) {
      auto& o = accounts_.emplace_back();
      o.spec = &a;
      if (auto h = holders.find(a.holder); h != holders.end())
        o.holder = h->second;
      if (auto i = institution_names.find(a.institution); i != institution_names.end())
        o.institution_name = i->second;
    }
    std::sort(accounts_.begin(), accounts_.end(),
              [](const account_object& x, const account_object& y) {
                return x.spec->id < y.spec->id;
              });
  }

  // Sessions whose instant has passed, as the history stood before `e`.
  void before(const engine::trace_event& e) {
    if (!pending_sessions_.empty() && pending_sessions_.front().first->time < e.time)
      build_sessions();
  }

  // Each webhook is built as of its event, from the history right after it, and
  // kept until the endpoint receives it (at once, without faults).
  void event(const engine::trace_event& e, std::uint32_t copies) {
    copies_ = copies;
    record(e);
  }

  bool ready(const sim::webhook_delivery& d) const { return waiting_.count(d.sequence) > 0; }

  void delivered(const sim::webhook_delivery& d) {
    const auto w = waiting_.find(d.sequence);
    if (w == waiting_.end())
      throw std::logic_error("webhooks.jsonl: delivery of event " +
                             std::to_string(d.sequence) + " has no webhook");
    *out_ << w->second.first;
    if (sent_)
      sent_(d, std::string_view(w->second.first).substr(0, w->second.first.size() - 1));
    if (--w->second.second == 0)
      waiting_.erase(w);
  }

  void end_of_trace() { build_sessions(); }
  // Every event of an instant read: its sessions' updates are built.
  void end_of_instant() { build_sessions(); }

  // -- what Stripe's API answers about an object now ------------------------------
  // Only a run with a platform in the loop keeps it: the rest cost nothing for it.
  bool serving_api_ = false;
  void keep_for_api(const engine::trace_event& e) {
    if (e.type == ev::payment_succeeded || e.type == ev::payment_failed)
      last_payment_[std::string(e.field("account"))] = {
          std::string(e.entity), e.type == ev::payment_succeeded,
          std::string(e.field("blocked_reason")), std::string(e.field("ach_return_code"))};
    else if (e.type == ev::session_rejected)
      rejected_[std::string(e.entity)] = std::string(e.field("reason"));
  }
  std::string account_text(std::string_view id) {
    const account_object* o = find_account(id);
    if (o == nullptr)
      return {};
    std::string out;
    json_line j(out);
    account_json(j, *o);
    return out;
  }
  std::string session_text(std::string_view id) {
    const auto i = session_latest_.find(std::string(id));
    if (i == session_latest_.end())
      return {};
    std::string out;
    json_line j(out);
    session_json(j, *i->second);
    return out;
  }
  std::string session_rejection(std::string_view id) const {
    const auto i = rejected_.find(std::string(id));
    return i == rejected_.end() ? std::string() : i->second;
  }
  std::optional<webhooks_stream::payment> last_payment(std::string_view account) const {
    const auto i = last_payment_.find(std::string(account));
    if (i == last_payment_.end())
      return std::nullopt;
    return i->second;
  }
  std::vector<std::string_view> holder_accounts(std::string_view customer) const {
    std::vector<std::string_view> out;
    for (const auto& o : accounts_)
      if (o.holder != nullptr && o.holder->id == customer)
        out.push_back(o.spec->id);
    return out;
  }

  std::function<void(const sim::webhook_delivery&, std::string_view)> sent_;

private:
  // -- the replay ---------------------------------------------------------------
  void record(const engine::trace_event& e) {
    if (serving_api_) // what only the API answers from
      keep_for_api(e);
    if (e.type == ev::session_created) {
      const auto& copy = sessions_kept_.record_copy(e);
      sessions_[copy.entity] = &copy;
      if (serving_api_)
        session_latest_[std::string(copy.entity)] = &copy;
    }
    if (e.type == ev::session_updated) {
      // Built once the instant has passed, so that the accounts it lists show what
      // the relink did to them at that instant.
      const auto& copy = sessions_kept_.record_copy(e);
      pending_sessions_.emplace_back(&copy, copies_);
      if (serving_api_)
        session_latest_[std::string(copy.entity)] = &copy;
      return;
    }
    if (e.type.rfind("financial_connections.authorization.", 0) == 0 ||
        e.type == ev::authorization_deactivated || e.type == ev::authorization_reactivated) {
      auto& a = authorization(e.entity);
      update_authorization(a, e);
      if (sim::is_webhook(e))
        webhook(e, copies_, [&](json_line& j) { authorization_object_json(j, e.entity, a); });
      return;
    }
    if (e.type.rfind("financial_connections.", 0) != 0)
      return;
    account_object* o = account_of(e.entity);
    if (o == nullptr)
      return;
    if (auto kind = e.field("refresh"); !kind.empty())
      update_refresh(*o, kind, e);
    if (sim::is_webhook(e))
      webhook(e, copies_, [&](json_line& j) { account_json(j, *o); });
  }

  // The account an event is about: by the address of its id's text once seen.
  account_object* account_of(std::string_view id) {
    if (const auto i = by_address_.find(id.data());
        i != by_address_.end() && i->second->trace_id.size() == id.size())
      return i->second;
    account_object* o = find_account(id);
    if (o == nullptr)
      return nullptr;
    if (o->trace_id.empty()) {
      o->trace_id = id;
      by_address_[id.data()] = o;
    }
    return o;
  }

  // By id, in the accounts sorted by id; nullptr for an unknown id.
  account_object* find_account(std::string_view id) {
    const auto i = std::lower_bound(
        accounts_.begin(), accounts_.end(), id,
        [](const account_object& o, std::string_view key) { return o.spec->id < key; });
    return i != accounts_.end() && i->spec->id == id ? &*i : nullptr;
  }

  const sim::account_state* state_of(const account_object& o) const {
    return history_.state(o.trace_id.empty() ? std::string_view(o.spec->id) : o.trace_id);
  }

  void update_refresh(account_object& o, std::string_view kind, const engine::trace_event& e) {
    const auto k = static_cast<std::size_t>(
      std::find(refresh_kinds.begin(), refresh_kinds.end(), kind) - refresh_kinds.begin());
    if (k == refresh_kinds.size())
      throw std::logic_error("unknown refresh kind '" + std::string(kind) + "'");
    const std::string_view text = e.field("status");
    const auto known = std::find(refresh_statuses.begin(), refresh_statuses.end(), text);
    if (known == refresh_statuses.end())
      throw std::logic_error("unknown refresh status '" + std::string(text) + "'");
    const std::string_view status = *known;
    o.refreshes[k] = {status, unix_at(e.time), e.sequence};
    if (status != "succeeded")
      return;
    if (k == balance_refresh)
      o.balance_as_of = unix_at(e.time);
    if (k == ownership_refresh)
      o.ownership_sequence = e.sequence;
  }

  void build_sessions() {
    for (const auto& [e, copies] : pending_sessions_)
      webhook(*e, copies, [&](json_line& j) { session_json(j, *e); });
    pending_sessions_.clear();
  }

  // -- output in the endpoint's order -------------------------------------------
  // The Stripe event around an object, kept for each of its `copies` deliveries.
  template <class Object>
  void webhook(const engine::trace_event& e, std::uint32_t copies, Object&& object) {
    if (copies == 0)
      return; // dropped: the endpoint never gets it
    line_.clear();
    json_line j(line_);
    j.open();
    j.key("id").text(stripe_id("evt_", run_.seed, e.sequence));
    j.key("object").text("event");
    j.key("type").text(e.type);
    j.key("created").number(unix_at(e.time));
    j.key("livemode").boolean(livemode());
    j.key("pending_webhooks").number(1);
    j.key("request").open().key("id").null().key("idempotency_key").null().close();
    j.key("data").open().key("object");
    object(j);
    j.close().close();
    line_.push_back('\n');
    waiting_[e.sequence] = {line_, copies};
  }

  // -- objects ------------------------------------------------------------------
  std::int64_t unix_at(engine::duration t) const {
    return run_.spec.start_unix_seconds + t.count() / 1000;
  }

  bool livemode() const { return run_.spec.mode == actors::platform_mode::live; }

  static void account_holder(json_line& j, const sim::customer_spec* holder) {
    if (holder == nullptr) {
      j.null();
      return;
    }
    const auto type = actors::to_string(holder->kind); // customer | account
    j.open().key("type").text(type).key(type).text(holder->id).close();
  }

  void account_numbers(json_line& j, const sim::account_state& s) const {
    j.open_list().open();
    if (s.tan_status) {
      j.key("identifier_type").text("tokenized_account_number");
      j.key("status").text(actors::to_string(*s.tan_status));
      j.key("expected_expiry_date");
      if (s.tan_expected_expiry)
        j.number(unix_at(*s.tan_expected_expiry));
      else
        j.null();
    } else {
      const bool closed = s.status == actors::account_status::inactive &&
                          s.cause == actors::inactive_cause::account_closed;
      j.key("identifier_type").text("account_number");
      j.key("status").text(closed ? "deactivated" : "transactable");
      j.key("expected_expiry_date").null();
    }
    j.key("supported_networks").open_list().text("ach").close();
    j.close().close();
  }

  // The spec's status_details: `inactive` while inactive, `active` while a
  // deactivation is announced; nothing to say otherwise, and then Stripe leaves
  // the field out (the spec does not let it be null).
  void status_details(json_line& j, const sim::account_state& s) const {
    using actors::to_string;
    if (s.status == actors::account_status::inactive) {
      j.key("status_details").open().key("inactive").open();
      j.key("action").text(s.action ? to_string(*s.action) : "none");
      j.key("cause").text(s.cause ? to_string(*s.cause) : "unspecified");
      j.close().close();
    } else if (s.status == actors::account_status::active && s.scheduled_date) {
      j.key("status_details").open().key("active").open();
      j.key("action").text("relink_required");
      j.key("cause").text(s.scheduled_cause ? to_string(*s.scheduled_cause) : "unspecified");
      j.key("expected_deactivation_date").number(unix_at(*s.scheduled_date));
      j.close().close();
    }
  }

  // `balance`: what the last successful balance refresh read, null before one.
  static void balance(json_line& j, const account_object& o) {
    if (!o.balance_as_of) {
      j.null();
      return;
    }
    const std::int64_t current = o.spec->profile.balance;
    j.open().key("as_of").number(*o.balance_as_of);
    if (o.spec->profile.category == sim::account_category::credit) {
      j.key("credit").open().key("used").open().key("usd").number(current < 0 ? -current : 0);
      j.close().close();
      j.key("current").open().key("usd").number(current).close();
      j.key("type").text("credit");
    } else {
      j.key("cash").open().key("available").open().key("usd").number(current).close().close();
      j.key("current").open().key("usd").number(current).close();
      j.key("type").text("cash");
    }
    j.close();
  }

  // A refresh's state. The simulator makes no one wait between refreshes, so the
  // next one is available as soon as this one is done (null only while pending).
  void refresh(json_line& j, const account_object& o, std::size_t kind) const {
    const auto& r = o.refreshes[kind];
    j.key(refresh_fields[kind]);
    if (r.status.empty()) {
      j.null();
      return;
    }
    j.open();
    if (kind == transaction_refresh)
      j.key("id").text(stripe_id("fctxnref_", run_.seed, r.sequence));
    j.key("last_attempted_at").number(r.attempted_at);
    j.key("next_refresh_available_at");
    if (r.status == "pending")
      j.null();
    else
      j.number(r.attempted_at);
    j.key("status").text(r.status);
    j.close();
  }

  // financial_connections.account, every field of the preview spec's `required`
  // list, in Stripe's order (id and object first, then by name).
  void account_json(json_line& j, const account_object& o) const {
    const auto* state = state_of(o);
    const sim::account_state s = state ? *state : sim::account_state{};
    const auto& p = o.spec->profile;
    j.open();
    j.key("id").text(o.spec->id);
    j.key("object").text("financial_connections.account");
    account_holder(j.key("account_holder"), o.holder);
    account_numbers(j.key("account_numbers"), s);
    j.key("authorization").text(o.spec->authorization);
    balance(j.key("balance"), o);
    refresh(j, o, balance_refresh);
    j.key("category").text(to_string(p.category));
    j.key("created").number(run_.spec.start_unix_seconds);
    j.key("display_name").optional_text(sim::display_name_of(p));
    j.key("institution_name").text(o.institution_name ? *o.institution_name : o.spec->institution);
    j.key("last4").optional_text(sim::last4_of(p, o.spec->id));
    j.key("livemode").boolean(livemode());
    j.key("ownership");
    if (o.ownership_sequence == 0)
      j.null();
    else
      j.text(stripe_id("fcaowns_", run_.seed, o.ownership_sequence));
    refresh(j, o, ownership_refresh);
    words(j.key("permissions"), p.permissions, sim::all_account_permissions);
    j.key("status").text(actors::to_string(s.status));
    status_details(j, s);
    j.key("subcategory").text(to_string(p.subcategory));
    words(j.key("subscriptions"), p.subscriptions, sim::all_account_subscriptions);
    j.key("supported_payment_method_types").open_list();
    if (sim::supports_us_bank_account(p))
      j.text("us_bank_account");
    j.close();
    refresh(j, o, transaction_refresh);
    j.close();
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
      const auto date = e.time_field("expected_deactivation_date");
      a.scheduled_at = unix_at(date.value_or(engine::duration{0}));
    }
  }

  // The preview spec's authorization has no cause in its status_details: only
  // the action, and the date of an announced deactivation.
  void authorization_object_json(json_line& j, std::string_view id,
                                 const authorization_object& a) const {
    const auto* first = a.first_account;
    j.open();
    j.key("id").text(id);
    j.key("object").text("financial_connections.authorization");
    account_holder(j.key("account_holder"), first ? first->holder : nullptr);
    j.key("institution_name")
      .text(!first                  ? std::string_view{}
            : first->institution_name ? std::string_view(*first->institution_name)
                                    : std::string_view(first->spec->institution));
    j.key("livemode").boolean(livemode());
    j.key("status").text(a.inactive ? "inactive" : "active");
    j.key("status_details").open();
    if (a.inactive)
      j.key("inactive").open().key("action").text("relink_required").close();
    else if (a.scheduled_at)
      j.key("active")
        .open()
        .key("action")
        .text("relink_required")
        .key("expected_deactivation_date")
        .number(*a.scheduled_at)
        .close();
    j.close().close();
  }

  // The accounts of an authorization, in scenario order; the index is built at the
  // first authorization or session event.
  std::vector<const account_object*> accounts_of(std::string_view authorization_id) {
    if (by_authorization_.empty()) {
      for (const auto& a : run_.spec.accounts)
        by_authorization_.emplace_back(a.authorization, find_account(a.id));
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
  // The accounts a session relinks: the one named, or every account of the
  // authorization that is not disconnected.
  std::vector<const account_object*> session_accounts(std::string_view account,
                                                      std::string_view authorization) {
    std::vector<const account_object*> out;
    if (!authorization.empty()) {
      for (const auto* o : accounts_of(authorization))
        if (const auto* s = state_of(*o);
            !s || s->status != actors::account_status::disconnected)
          out.push_back(o);
    } else if (const auto* a = find_account(account)) {
      out.push_back(a);
    }
    return out;
  }

  void session_json(json_line& j, const engine::trace_event& e) {
    const engine::trace_event* created = nullptr;
    if (auto i = sessions_.find(e.entity); i != sessions_.end())
      created = i->second;
    const std::string_view account = created ? created->field("account") : std::string_view{};
    std::string_view authorization =
      created ? created->field("authorization") : std::string_view{};
    const bool whole_authorization = !authorization.empty();
    const auto targets = session_accounts(account, authorization);
    if (!whole_authorization && !targets.empty())
      authorization = targets.front()->spec->authorization;
    // A session created and not yet finished (its created event) is pending.
    const std::string_view status = e.field("status").empty() ? "pending" : e.field("status");
    const bool succeeded = status == "succeeded";
    sim::enum_set<sim::account_permission> permissions;
    for (const auto* o : targets)
      for (auto p : sim::all_account_permissions)
        if (o->spec->profile.permissions.has(p))
          permissions.add(p);
    j.open();
    j.key("id").text(e.entity);
    j.key("object").text("financial_connections.session");
    account_holder(j.key("account_holder"), targets.empty() ? nullptr : targets.front()->holder);
    j.key("accounts").open().key("object").text("list").key("data").open_list();
    if (succeeded)
      for (const auto* o : targets)
        account_json(j, *o);
    j.close().key("has_more").boolean(false);
    j.key("url").text("/v1/financial_connections/accounts").close();
    const std::uint64_t born = created ? created->sequence : e.sequence;
    j.key("client_secret").text(stripe_id("fcsess_client_secret_", run_.seed, born));
    // The platform gave no return_url; the link (`url`) is gone once the session
    // has left pending.
    j.key("hosted").open().key("delivery_method").text(e.field("delivery"));
    j.key("return_url").null().close();
    j.key("livemode").boolean(livemode());
    words(j.key("permissions"), permissions, sim::all_account_permissions);
    j.key("prefetch").null();
    j.key("relink_options").open().key("account");
    if (whole_authorization)
      j.null();
    else
      j.text(account);
    j.key("authorization").text(authorization).close();
    j.key("relink_result").open().key("account");
    if (succeeded && !whole_authorization)
      j.text(account);
    else
      j.null();
    j.key("authorization");
    if (succeeded)
      j.text(authorization);
    else
      j.null();
    j.key("failure_reason").text_or_null(e.field("relink_result.failure_reason")).close();
    j.key("status").text(status);
    if (status == "cancelled")
      j.key("status_details").open().key("cancelled").open().key("reason")
        .text(e.field("status_details.cancelled.reason")).close().close();
    j.key("ui_mode").text("hosted");
    j.key("url").null();
    j.close();
  }

  const run_facts& run_;
  const sim::account_history& history_; // the run's, as it stands after the event read
  std::uint32_t copies_ = 0; // of the event being read
  // Keys are views of the scenario's ids and the trace's entities, which outlive
  // the writer.
  std::vector<account_object> accounts_; // by id; they never move once built
  std::unordered_map<const char*, account_object*> by_address_;
  std::map<std::string_view, authorization_object> authorizations_;
  // Session events, copied: the run's trace may release an event once it is read.
  engine::trace sessions_kept_;
  std::map<std::string_view, const engine::trace_event*> sessions_; // keys: copies
  // Each session's latest event, and why a session was not created: what the API
  // answers about it.
  std::map<std::string, const engine::trace_event*> session_latest_;
  std::map<std::string, std::string> rejected_;
  std::map<std::string, webhooks_stream::payment> last_payment_; // by account
  std::vector<std::pair<std::string_view, const account_object*>> by_authorization_;
  // Session updates waiting for their instant to pass, with their copies.
  std::vector<std::pair<const engine::trace_event*, std::uint32_t>> pending_sessions_;
  // Output: built webhooks waiting for their deliveries (text, copies still to
  // write).
  std::ostream* out_ = nullptr;
  std::string line_; // the webhook being written
  std::unordered_map<std::uint64_t, std::pair<std::string, std::uint32_t>> waiting_;
};

webhooks_stream::webhooks_stream(const std::string& path) : path_(path) {
  errno = 0;
  out_.open(path, std::ios::binary | std::ios::trunc);
  if (!out_)
    throw write_error("cannot write " + path + ": " + reason_of(errno));
}

webhooks_stream::~webhooks_stream() = default;

void webhooks_stream::start(const sim::scenario& spec, std::uint64_t seed,
                            const sim::account_history& history) {
  facts_.emplace(run_facts{spec, seed});
  writer_ = std::make_unique<writer>(*facts_, history, out_);
  writer_->sent_ = sent_;
  writer_->serving_api_ = static_cast<bool>(sent_); // a platform in the loop asks
}

void webhooks_stream::before(const engine::trace_event& e) { writer_->before(e); }
void webhooks_stream::event(const engine::trace_event& e, std::uint32_t copies) {
  writer_->event(e, copies);
}
bool webhooks_stream::ready(const sim::webhook_delivery& d) const { return writer_->ready(d); }
void webhooks_stream::delivered(const sim::webhook_delivery& d) { writer_->delivered(d); }
void webhooks_stream::end_of_trace() { writer_->end_of_trace(); }
void webhooks_stream::end_of_instant() { writer_->end_of_instant(); }
std::string webhooks_stream::account_json(std::string_view id) {
  return writer_ ? writer_->account_text(id) : std::string();
}
std::string webhooks_stream::session_json(std::string_view id) {
  return writer_ ? writer_->session_text(id) : std::string();
}
std::string webhooks_stream::session_rejection(std::string_view id) const {
  return writer_ ? writer_->session_rejection(id) : std::string();
}
std::optional<webhooks_stream::payment> webhooks_stream::last_payment(std::string_view account) const {
  return writer_ ? writer_->last_payment(account) : std::nullopt;
}
std::vector<std::string_view> webhooks_stream::accounts_of(std::string_view customer) const {
  return writer_ ? writer_->holder_accounts(customer) : std::vector<std::string_view>{};
}

void webhooks_stream::on_sent(
    std::function<void(const sim::webhook_delivery&, std::string_view body)> sent) {
  sent_ = std::move(sent);
  if (writer_) {
    writer_->sent_ = sent_;
    writer_->serving_api_ = true;
  }
}

void webhooks_stream::finish() {
  writer_.reset();
  errno = 0;
  out_.close();
  if (!out_)
    throw write_error("cannot write " + path_ + ": " + reason_of(errno));
}

} // namespace reports
