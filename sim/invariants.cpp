#include "sim/invariants.hpp"

#include "actors/eligibility.hpp"
#include "actors/events.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <unordered_map>

namespace sim {
namespace {

namespace ev = actors::events;

enum invariant_id : std::size_t {
  eligible_at_request,
  cooldown_respected,
  emails_addressed,
  account_events_consistent,
  requests_end_by_link_lifetime,
  payments_on_transactable_numbers,
  invariant_count
};

struct account_facts {
  std::string tan;        // current TAN, e.g. tan_2; empty without one
  std::string tan_status; // its status
  bool closed = false;
  actors::account_status status = actors::account_status::active;
  actors::inactive_action action = actors::inactive_action::relink_required;
  std::optional<engine::duration> tan_expected_expiry;
};

struct relink_facts {
  std::string account;
  engine::duration accepted_at{0};
  std::uint64_t accepted_sequence = 0;
  bool terminal = false;
};

class checker {
public:
  checker(const scenario& spec) : spec_(spec) {
    name(eligible_at_request, "eligible_at_request",
         "an email or hosted link only for an account eligible at request time");
    name(cooldown_respected, "cooldown_respected",
         "no second hosted request for an account inside 48h while the first is incomplete");
    name(emails_addressed, "emails_addressed",
         "no email to a holder without an address; in sandbox, only to confirmed emails");
    name(account_events_consistent, "account_events_consistent",
         "no reactivated without an earlier deactivated, nothing after disconnected");
    name(requests_end_by_link_lifetime, "requests_end_by_link_lifetime",
         "no request stays pending past its link lifetime");
    name(payments_on_transactable_numbers, "payments_on_transactable_numbers",
         "no payment succeeds on a number that is not transactable; a replaced TAN never "
         "transacts again");
  }

  std::vector<invariant_result> run(const engine::trace& events) {
    for (const auto& e : events.events())
      visit(e);
    finish();
    return {results_, results_ + invariant_count};
  }

private:
  void name(invariant_id id, const char* short_name, const char* description) {
    results_[id].name = short_name;
    results_[id].description = description;
  }

  void violate(invariant_id id, const engine::trace_event& e, std::string message) {
    violate(id, e.sequence, std::move(message));
  }
  void violate(invariant_id id, std::uint64_t sequence, std::string message) {
    auto& r = results_[id];
    if (r.passed) {
      r.passed = false;
      r.first_bad_sequence = sequence;
      r.message = std::move(message);
    }
    ++r.violations;
  }

  static std::optional<engine::duration> expiry_of(const engine::trace_event& e) {
    auto text = e.field("tan_expected_expiry");
    if (text.empty())
      return std::nullopt;
    return engine::parse_duration(text);
  }

  void visit_account(const engine::trace_event& e) {
    auto& a = facts_of(e.entity);
    const bool after_disconnect = a.status == actors::account_status::disconnected;
    if (after_disconnect && e.type != ev::account_created)
      violate(account_events_consistent, e,
              std::string(e.type) + " for " + std::string(e.entity) + " after it was disconnected");
    if (auto expiry = expiry_of(e))
      a.tan_expected_expiry = expiry;
    if (auto tan = e.field("tan"); !tan.empty())
      a.tan = std::string(tan);
    if (auto status = e.field("tan_status"); !status.empty())
      a.tan_status = std::string(status);
    if (e.type == ev::account_deactivated)
      a.closed = e.field("cause") == "account_closed";
    if (e.type == ev::account_deactivated) {
      a.status = actors::account_status::inactive;
      a.action = e.field("action") == "none" ? actors::inactive_action::none
                                             : actors::inactive_action::relink_required;
    } else if (e.type == ev::account_reactivated) {
      if (a.status != actors::account_status::inactive && !after_disconnect)
        violate(account_events_consistent, e,
                "reactivated " + std::string(e.entity) + " while it was " +
                  std::string(actors::to_string(a.status)));
      a.status = actors::account_status::active;
    } else if (e.type == ev::account_disconnected) {
      a.status = actors::account_status::disconnected;
    }
  }

  // The eligibility facts of an account as the trace tells them at event `e`
  // (the address is the one the relink was sent to); no previous request: the
  // cooldown is checked on its own.
  actors::eligibility_facts facts_at(const engine::trace_event& e, const std::string& account) {
    const auto& a = known(account);
    actors::eligibility_facts facts;
    facts.now = e.time;
    facts.status = a.status;
    facts.action = a.action;
    facts.tan_expected_expiry = a.tan_expected_expiry;
    facts.has_account_holder = holder_of(account) != nullptr;
    facts.holder_email = std::string(e.field("to"));
    facts.mode = spec_.mode;
    facts.confirmed_emails = &spec_.platform.confirmed_emails;
    return facts;
  }

  // A hosted request (or email session) while the previous one for the account
  // is incomplete and younger than 48 hours.
  void check_cooldown(const engine::trace_event& e, const std::string& account) {
    if (auto i = latest_relink_.find(account); i != latest_relink_.end()) {
      const auto& previous = relinks_.at(i->second);
      if (!previous.terminal && e.time - previous.accepted_at < actors::relink_cooldown)
        violate(cooldown_respected, e,
                account + " got a second hosted request " +
                  engine::format_duration(e.time - previous.accepted_at) +
                  " after the first (seq " + std::to_string(previous.accepted_sequence) +
                  "), which was still incomplete");
    }
  }

  void visit_accepted(const engine::trace_event& e) {
    const std::string account(e.field("account"));
    const auto facts = facts_at(e, account);
    // Cooldown has an invariant of its own; here every other rule.
    if (auto reason = actors::check_eligibility(facts))
      violate(eligible_at_request, e,
              account + " was accepted in request " + std::string(e.field("request")) +
                " but was not eligible: " + std::string(actors::to_string(*reason)));
    check_cooldown(e, account);
    const std::string relink(e.field("relink"));
    relinks_[relink] = {account, e.time, e.sequence, false};
    latest_relink_[account] = relink;
  }

  // A session is a relink too: by email under every rule, the cooldown included;
  // by url without the email rules and the cooldown.
  void visit_session(const engine::trace_event& e) {
    const std::string account(e.field("account"));
    const auto facts = facts_at(e, account);
    auto reason = actors::check_eligibility(facts);
    const bool by_url = e.field("delivery") == "url";
    if (reason && by_url && (*reason == actors::rejection_reason::no_email ||
                             *reason == actors::rejection_reason::sandbox_email_unconfirmed))
      reason.reset();
    if (reason)
      violate(eligible_at_request, e,
              "session " + std::string(e.field("session")) + " was created for " + account +
                ", which was not eligible: " + std::string(actors::to_string(*reason)));
    const std::string relink(e.field("relink"));
    relinks_[relink] = {account, e.time, e.sequence, false};
    if (!by_url) { // Stripe emailed: a hosted request in all but name
      check_cooldown(e, account);
      latest_relink_[account] = relink;
    }
  }

  void visit_terminal(const engine::trace_event& e) {
    auto i = relinks_.find(std::string(e.field("relink")));
    if (i == relinks_.end())
      return;
    i->second.terminal = true;
    const auto deadline = i->second.accepted_at + spec_.platform.link_lifetime;
    if (e.time > deadline)
      violate(requests_end_by_link_lifetime, e,
              std::string(e.type) + " for " + i->second.account + " at " +
                engine::format_duration(e.time) + ", after its link expired at " +
                engine::format_duration(deadline));
  }

  void visit_email(const engine::trace_event& e) {
    const std::string to(e.field("to"));
    const std::string account(e.field("account"));
    if (to.empty()) {
      violate(emails_addressed, e, "email for " + account + " sent without an address");
      return;
    }
    if (spec_.mode == actors::platform_mode::sandbox && !is_confirmed(to))
      violate(emails_addressed, e,
              "sandbox email to " + to + ", which is not a confirmed email of the platform");
    if (relinks_.count(std::string(e.field("relink"))) == 0)
      violate(eligible_at_request, e, "email for " + account + " without an accepted request");
  }

  // Once per payment, the most frequent event: no allocation unless it violates.
  void visit_payment(const engine::trace_event& e) {
    const auto i = accounts_.find(e.field("account"));
    if (i == accounts_.end())
      return; // never created: not a payment this invariant is about
    const auto& a = i->second;
    const bool on_its_number =
      a.tan.empty() || (e.field("number") == a.tan && a.tan_status == "transactable");
    if (!a.closed && on_its_number)
      return;
    const std::string account(e.field("account"));
    const std::string number(e.field("number"));
    if (a.closed)
      violate(payments_on_transactable_numbers, e,
              "payment on " + account + " succeeded although the account is closed");
    else if (!a.tan.empty() && number != a.tan)
      violate(payments_on_transactable_numbers, e,
              "payment on " + account + " succeeded on " + number + ", which " + a.tan +
                " replaced");
    else if (!a.tan.empty() && a.tan_status != "transactable")
      violate(payments_on_transactable_numbers, e,
              "payment on " + account + " succeeded on " + number + " while it was " +
                a.tan_status);
  }

  void visit(const engine::trace_event& e) {
    if (e.type == ev::account_created || e.type == ev::account_deactivated ||
        e.type == ev::account_reactivated || e.type == ev::account_disconnected ||
        e.type == ev::account_numbers_updated || e.type == ev::upcoming_account_number_expiry ||
        e.type == ev::upcoming_deactivation || e.type == ev::expected_deactivation_date_updated)
      visit_account(e);
    else if (e.type == ev::relink_accepted)
      visit_accepted(e);
    else if (e.type == ev::session_created)
      visit_session(e);
    else if (e.type == ev::relink_succeeded || e.type == ev::relink_failed ||
             e.type == ev::relink_cancelled || e.type == ev::relink_expired)
      visit_terminal(e);
    else if (e.type == ev::email_sent)
      visit_email(e);
    else if (e.type == ev::payment_succeeded)
      visit_payment(e);
  }

  void finish() {
    // Relinks still open when the horizon came although their link had expired.
    std::vector<const relink_facts*> open;
    for (const auto& [id, r] : relinks_)
      if (!r.terminal && r.accepted_at + spec_.platform.link_lifetime < spec_.horizon)
        open.push_back(&r);
    std::sort(open.begin(), open.end(), [](auto* a, auto* b) {
      return a->accepted_sequence < b->accepted_sequence;
    });
    for (const auto* r : open)
      violate(requests_end_by_link_lifetime, r->accepted_sequence,
              "the request for " + r->account + " accepted at " +
                engine::format_duration(r->accepted_at) + " was still pending when its link "
                "expired at " + engine::format_duration(r->accepted_at + spec_.platform.link_lifetime));
  }

  const account_spec* holder_of(const std::string& account) {
    if (account_index_.empty())
      for (const auto& a : spec_.accounts)
        account_index_[a.id] = &a;
    auto i = account_index_.find(account);
    if (i == account_index_.end() || i->second->holder.empty())
      return nullptr;
    return i->second;
  }

  bool is_confirmed(const std::string& to) const {
    actors::eligibility_facts facts;
    facts.mode = actors::platform_mode::sandbox;
    facts.holder_email = to;
    facts.confirmed_emails = &spec_.platform.confirmed_emails;
    return actors::is_email_deliverable(facts);
  }

  // `account` is a view into the trace (an event's entity), which outlives the
  // checker: the map keeps it as its key.
  account_facts& facts_of(std::string_view account) { return accounts_[account]; }

  const account_facts& known(std::string_view account) const {
    static const account_facts none;
    const auto i = accounts_.find(account);
    return i == accounts_.end() ? none : i->second;
  }

  const scenario& spec_;
  invariant_result results_[invariant_count];
  std::unordered_map<std::string_view, account_facts> accounts_; // by id, in the trace
  std::map<std::string, relink_facts> relinks_;
  std::map<std::string, std::string> latest_relink_;
  std::map<std::string, const account_spec*> account_index_;
};

} // namespace

std::vector<invariant_result> check_invariants(const scenario& spec, const engine::trace& events) {
  return checker(spec).run(events);
}

} // namespace sim
