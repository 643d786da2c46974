#include "sim/invariants.hpp"

#include "domain/events.hpp"

#include <algorithm>
#include <cctype>
#include <unordered_map>

namespace sim {
namespace {

namespace ev = actors::events;
using actors::account_status;

enum invariant_id : std::size_t {
  eligible_at_request,
  cooldown_respected,
  emails_addressed,
  account_events_consistent,
  requests_end_by_link_lifetime,
  payments_on_transactable_numbers,
  invariant_count
};

// The domain's numbers, written here again on purpose (DOMAIN.md §1, §5): the
// oracle does not share the constants of the code it checks.
constexpr engine::duration expiry_window = engine::days(30);
constexpr engine::duration cooldown = engine::hours(48);

bool same_address(std::string_view a, std::string_view b) {
  if (a.size() != b.size())
    return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  return true;
}

bool is_account_event(std::string_view type) {
  return type == ev::account_created || type == ev::account_deactivated ||
         type == ev::account_reactivated || type == ev::account_disconnected ||
         type == ev::account_numbers_updated || type == ev::upcoming_account_number_expiry ||
         type == ev::upcoming_deactivation || type == ev::expected_deactivation_date_updated;
}

bool is_terminal_step(std::string_view type) {
  return type == ev::relink_succeeded || type == ev::relink_failed ||
         type == ev::relink_cancelled || type == ev::relink_expired;
}

} // namespace

struct invariant_checker::impl {
  const scenario& spec;
  invariant_result results[invariant_count];
  std::unordered_map<std::string_view, const account_spec*> accounts; // by id
  // In a sandbox, the test institution's accounts need not be inactive or expiring
  // (DOMAIN.md §1): the institutions whose display name is that one's.
  std::unordered_map<std::string_view, bool> test_institution; // by institution id
  // account -> its latest relink that Stripe emailed about (the cooldown's subject)
  // (copies: the trace frees its texts once read)
  std::unordered_map<std::string, std::string> latest_hosted;

  explicit impl(const scenario& s) : spec(s) {
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
    for (const auto& a : spec.accounts)
      accounts.emplace(a.id, &a);
    for (const auto& i : spec.institutions)
      test_institution[i.id] = spec.mode == actors::platform_mode::sandbox &&
                               i.name == "Tokenized Account Numbers";
  }

  void name(invariant_id id, const char* short_name, const char* description) {
    results[id].name = short_name;
    results[id].description = description;
  }

  void violate(invariant_id id, std::uint64_t sequence, std::string message) {
    auto& r = results[id];
    if (r.passed) {
      r.passed = false;
      r.first_bad_sequence = sequence;
      r.message = std::move(message);
    }
    ++r.violations;
  }

  bool confirmed(std::string_view to) const {
    for (const auto& c : spec.platform.confirmed_emails)
      if (same_address(c, to))
        return true;
    return false;
  }

  // Why an account was not eligible when a relink was opened for it, or empty.
  // `to`: the address Stripe emails; `by_url`: the platform notifies, no email rules.
  std::string ineligibility(const account_state* a, std::string_view account,
                            std::string_view to, engine::duration now, bool by_url) const {
    if (a == nullptr)
      return "no such account";
    if (a->status == account_status::disconnected)
      return "disconnected";
    const bool inactive = a->status == account_status::inactive;
    if (inactive && a->action == actors::inactive_action::none)
      return "not_repairable";
    const bool expiring = a->tan_expected_expiry && *a->tan_expected_expiry <= now + expiry_window;
    const auto spec_of = accounts.find(account);
    const bool at_test_institution =
      spec_of != accounts.end() && test_institution.at(spec_of->second->institution);
    if (!inactive && !expiring && !at_test_institution)
      return "not_inactive_or_expiring";
    if (spec_of == accounts.end() || spec_of->second->holder.empty())
      return "no_account_holder";
    if (by_url)
      return {};
    if (to.empty())
      return "no_email";
    if (spec.mode == actors::platform_mode::sandbox && !confirmed(to))
      return "sandbox_email_unconfirmed";
    return {};
  }

  // A hosted relink while the previous one for the account is incomplete and
  // younger than 48 hours.
  void check_cooldown(const engine::trace_event& e, std::string_view account,
                      const account_history& history) {
    const auto latest = latest_hosted.find(std::string(account));
    if (latest == latest_hosted.end())
      return;
    const auto* previous = history.relink(latest->second);
    if (previous != nullptr && !is_terminal(previous->status) &&
        e.time - previous->opened_at < cooldown)
      violate(cooldown_respected, e.sequence,
              std::string(account) + " got a second hosted request " +
                engine::format_duration(e.time - previous->opened_at) + " after the first (seq " +
                std::to_string(previous->opened_sequence) + "), which was still incomplete");
  }

  void visit_opened(const engine::trace_event& e, const account_history& history) {
    const auto account = e.field("account");
    const bool session = e.type == ev::session_created;
    const bool by_url = session && e.field("delivery") == "url";
    const auto why = ineligibility(history.state(account), account, e.field("to"), e.time, by_url);
    if (!why.empty())
      violate(eligible_at_request, e.sequence,
              session ? "session " + std::string(e.field("session")) + " was created for " +
                          std::string(account) + ", which was not eligible: " + why
                      : std::string(account) + " was accepted in request " +
                          std::string(e.field("request")) + " but was not eligible: " + why);
    if (by_url)
      return; // no email: the cooldown is about Stripe's emails
    check_cooldown(e, account, history);
    latest_hosted[std::string(account)] = std::string(e.field("relink"));
  }

  void visit_terminal(const engine::trace_event& e, const account_history& history) {
    const auto* r = history.relink(e.field("relink"));
    if (r == nullptr || is_terminal(r->status))
      return; // a late step of a relink that already ended changes nothing
    const auto deadline = r->opened_at + spec.platform.link_lifetime;
    if (e.time > deadline)
      violate(requests_end_by_link_lifetime, e.sequence,
              std::string(e.type) + " for " + std::string(e.field("account")) + " at " +
                engine::format_duration(e.time) + ", after its link expired at " +
                engine::format_duration(deadline));
  }

  void visit_email(const engine::trace_event& e, const account_history& history) {
    const auto to = e.field("to");
    const std::string account(e.field("account"));
    if (to.empty()) {
      violate(emails_addressed, e.sequence, "email for " + account + " sent without an address");
      return;
    }
    if (spec.mode == actors::platform_mode::sandbox && !confirmed(to))
      violate(emails_addressed, e.sequence,
              "sandbox email to " + std::string(to) +
                ", which is not a confirmed email of the platform");
    if (history.relink(e.field("relink")) == nullptr)
      violate(eligible_at_request, e.sequence,
              "email for " + account + " without an accepted request");
  }

  void visit_account(const engine::trace_event& e, const account_history& history) {
    const auto* a = history.state(e.entity);
    if (a == nullptr)
      return; // its creation: nothing came before
    if (a->status == account_status::disconnected) {
      violate(account_events_consistent, e.sequence,
              std::string(e.type) + " for " + std::string(e.entity) + " after it was disconnected");
      return;
    }
    if (e.type == ev::account_reactivated && a->status != account_status::inactive)
      violate(account_events_consistent, e.sequence,
              "reactivated " + std::string(e.entity) + " while it was " +
                std::string(actors::to_string(a->status)));
  }

  // Once per payment, the most frequent event: no allocation unless it violates.
  void visit_payment(const engine::trace_event& e, const account_history& history) {
    const auto* a = history.state(e.field("account"));
    if (a == nullptr)
      return; // never created: not a payment this invariant is about
    const bool closed = a->status == account_status::inactive &&
                        a->cause == actors::inactive_cause::account_closed;
    const auto number = e.field("number");
    const bool has_tan = !a->tan.empty();
    const bool transactable = a->tan_status == actors::tan_status::transactable;
    if (!closed && (!has_tan || (number == a->tan && transactable)))
      return;
    const std::string account(e.field("account"));
    if (closed)
      violate(payments_on_transactable_numbers, e.sequence,
              "payment on " + account + " succeeded although the account is closed");
    else if (number != a->tan)
      violate(payments_on_transactable_numbers, e.sequence,
              "payment on " + account + " succeeded on " + std::string(number) + ", which " +
                std::string(a->tan) + " replaced");
    else
      violate(payments_on_transactable_numbers, e.sequence,
              "payment on " + account + " succeeded on " + std::string(number) + " while it was " +
                std::string(a->tan_status ? actors::to_string(*a->tan_status) : "unknown"));
  }
};

invariant_checker::invariant_checker(const scenario& spec) : impl_(std::make_unique<impl>(spec)) {}
invariant_checker::~invariant_checker() = default;

void invariant_checker::visit(const engine::trace_event& e, const account_history& history) {
  auto& c = *impl_;
  if (e.type == ev::payment_succeeded) // the most frequent event first
    c.visit_payment(e, history);
  else if (is_account_event(e.type))
    c.visit_account(e, history);
  else if (e.type == ev::relink_accepted || e.type == ev::session_created)
    c.visit_opened(e, history);
  else if (is_terminal_step(e.type))
    c.visit_terminal(e, history);
  else if (e.type == ev::email_sent)
    c.visit_email(e, history);
}

std::vector<invariant_result> invariant_checker::finish(const account_history& history,
                                                        engine::duration end) {
  auto& c = *impl_;
  // Relinks still open where the run ended although their link had expired, in
  // the order they were opened; a link that would expire after a stop is not
  // judged.
  std::vector<const relink_record*> open;
  history.for_each_relink([&](const relink_record& r) {
    if (!is_terminal(r.status) && r.opened_at + c.spec.platform.link_lifetime < end)
      open.push_back(&r);
  });
  std::sort(open.begin(), open.end(),
            [](auto* a, auto* b) { return a->opened_sequence < b->opened_sequence; });
  for (const auto* r : open)
    c.violate(requests_end_by_link_lifetime, r->opened_sequence,
              "the request for " + std::string(history.account_id(r->account)) + " accepted at " +
                engine::format_duration(r->opened_at) +
                " was still pending when its link expired at " +
                engine::format_duration(r->opened_at + c.spec.platform.link_lifetime));
  return {c.results, c.results + invariant_count};
}

} // namespace sim
