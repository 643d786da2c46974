#include "actors/coordinator.hpp"

#include "domain/events.hpp"
#include "engine/check.hpp"
#include "engine/kernel.hpp"

#include <algorithm>
#include <limits>
#include <string>

namespace actors {
namespace {

void record(coordinator_actor_ptr self, std::string_view type, const std::string& entity,
            std::vector<engine::trace_field> fields) {
  auto& s = self->state;
  s.kernel->events().record(s.kernel->now(), type, entity, std::move(fields));
}

// A relink the coordinator created: every message naming one answers a link it
// sent, so an unknown id is a programmer error.
relink_record& relink_of(coordinator_actor_ptr self, relink_number relink) {
  auto& relinks = self->state.relinks;
  const auto n = static_cast<std::size_t>(relink);
  ENGINE_CHECK(n >= 1 && n <= relinks.size(), "no relink " + relink_id_of(relink));
  return relinks[n - 1];
}

// A new relink's number and its row, `requested` now.
relink_number create_relink(coordinator_actor_ptr self, relink_record r) {
  auto& relinks = self->state.relinks;
  ENGINE_CHECK(relinks.size() < std::numeric_limits<std::uint32_t>::max(),
               "more relinks than relink numbers");
  const auto relink = static_cast<relink_number>(relinks.size() + 1);
  r.id = relink_id_of(relink);
  relinks.push_back(std::move(r));
  return relink;
}

// The accounts of an authorization id (ids are validated on load), in id order;
// never empty, since the table is built from the accounts.
std::vector<const account_entry*> accounts_of(coordinator_actor_ptr self,
                                              const std::string& authorization_id) {
  const auto& config = self->state.config;
  const auto [first, last] = std::equal_range(
      config.authorizations.begin(), config.authorizations.end(),
      std::pair<std::string_view, std::uint32_t>(authorization_id, 0),
      [](const auto& x, const auto& y) { return x.first < y.first; });
  ENGINE_CHECK(first != last, "no accounts of authorization " + authorization_id);
  std::vector<const account_entry*> out;
  for (auto i = first; i != last; ++i)
    out.push_back(&config.accounts.at(i->second));
  return out;
}

void record_relink(coordinator_actor_ptr self, std::string_view type, relink_number relink,
                   std::vector<engine::trace_field> extra = {}) {
  const auto& r = relink_of(self, relink);
  std::vector<engine::trace_field> fields{
      {"account", r.account_id}, {"relink", r.id}, {"request", r.request_id}};
  if (!r.session_id.empty())
    fields.push_back({"session", r.session_id});
  for (auto& f : extra)
    fields.push_back(std::move(f));
  record(self, type, r.id, std::move(fields));
}

// The entry of an account id (ids are validated on load).
const account_entry& entry_of(coordinator_actor_ptr self, std::string_view id) {
  const auto& accounts = self->state.config.accounts;
  const auto i = std::lower_bound(
      accounts.begin(), accounts.end(), id,
      [](const account_entry& e, std::string_view key) { return e.id < key; });
  ENGINE_CHECK(i != accounts.end() && i->id == id,
               "no account " + std::string(id));
  return *i;
}

// Its row: its place in account id order.
std::uint32_t index_of(coordinator_actor_ptr self, const account_entry& entry) {
  return static_cast<std::uint32_t>(&entry - self->state.config.accounts.data());
}

const holder_contact* holder_of(coordinator_actor_ptr self, const account_entry& entry) {
  if (entry.holder == account_entry::no_holder)
    return nullptr; // an account without a holder: the rules reject it
  const auto& holders = self->state.config.holders;
  ENGINE_CHECK(entry.holder < holders.size(),
               "account " + std::string(entry.id) + " has holder " +
                   std::to_string(entry.holder) + " of " +
                   std::to_string(holders.size()));
  return &holders[entry.holder];
}

// The holder's row, as the mailer and the platform pass it on to the customers.
holder_ref holder_ref_of(coordinator_actor_ptr self, const account_entry& entry) {
  return {self->state.customers, entry.holder};
}

const institution_entry& institution_of(coordinator_actor_ptr self,
                                        const account_entry& entry) {
  const auto& institutions = self->state.config.institutions;
  ENGINE_CHECK(entry.institution < institutions.size(),
               "account " + std::string(entry.id) + " has institution " +
                   std::to_string(entry.institution) + " of " +
                   std::to_string(institutions.size()));
  return institutions[entry.institution];
}

eligibility_facts gather_facts(coordinator_actor_ptr self,
                               const account_entry& account,
                               const holder_contact* holder) {
  const auto& s = self->state;
  eligibility_facts facts;
  facts.now = s.kernel->now();
  facts.status = account.facts.status;
  facts.action = account.facts.action;
  facts.tan_expected_expiry = account.facts.tan_expected_expiry;
  facts.has_account_holder = holder != nullptr;
  facts.holder_email = holder != nullptr ? holder->email : std::string{};
  facts.mode = s.config.mode;
  facts.confirmed_emails = &s.config.confirmed_emails;
  facts.sandbox_test_institution = institution_of(self, account).sandbox_test;
  if (auto i = s.latest_relink_by_account.find(account.id);
      i != s.latest_relink_by_account.end()) {
    const auto& previous = relink_of(self, i->second);
    facts.previous = previous_request{previous.requested_at, is_terminal(previous.state)};
  }
  return facts;
}

void accept(coordinator_actor_ptr self, const std::string& request_id,
            const account_entry& account, const holder_contact& holder) {
  auto& s = self->state;
  const auto relink = create_relink(
      self, relink_record{{}, request_id, std::string(account.id), s.kernel->now(), relink_state::requested,
                          {}, {}, {}});
  const auto& relink_id = relink_of(self, relink).id;
  s.latest_relink_by_account[account.id] = relink;
  record(self, events::relink_accepted, request_id,
         {{"account", std::string(account.id)},
          {"relink", relink_id},
          {"request", request_id},
          {"to", holder.email}});
  relink_link link{relink,
                   relink_id,
                   request_id,
                   std::string(account.id),
                   holder.email,
                   s.kernel->now() + s.config.link_lifetime,
                   delivery_method::email,
                   caf::actor_cast<coordinator_actor>(self),
                   institution_of(self, account).actor};
  self->send(s.config.mailer, send_atom::value, link, holder_ref_of(self, account));
  self->state.kernel->send_later(self, self, s.config.link_lifetime, expire_atom::value,
                                 relink);
}

void decide(coordinator_actor_ptr self, const std::string& request_id,
            const account_entry& account, const holder_contact* holder) {
  const auto facts = gather_facts(self, account, holder);
  if (auto reason = self->state.config.rules->request_eligibility(facts)) {
    record(self, events::relink_rejected, request_id,
           {{"account", std::string(account.id)},
            {"request", request_id},
            {"reason", std::string(to_string(*reason))}});
    return;
  }
  // The rules reject an account without a holder: one accepted is a programmer error.
  ENGINE_CHECK(holder != nullptr, "account " + std::string(account.id) + " accepted without a holder");
  accept(self, request_id, account, *holder);
}

// The accounts an order names, by index: its list, or the selector's population
// and institution in id order.
std::vector<const account_entry*> candidates_of(coordinator_actor_ptr self,
                                                const relink_order& order) {
  std::vector<const account_entry*> out;
  if (!order.selector) {
    for (const auto& id : order.account_ids)
      out.push_back(&entry_of(self, id));
    return out;
  }
  const auto& sel = *order.selector;
  const auto& populations = self->state.config.populations;
  const auto& institutions = self->state.config.institutions;
  for (const auto& entry : self->state.config.accounts) // id order
    if ((sel.population.empty() || populations[entry.population] == sel.population) &&
        (sel.institution.empty() || institutions[entry.institution].id == sel.institution))
      out.push_back(&entry);
  return out;
}

// The Dashboard's state filter, as of now.
bool selected(coordinator_actor_ptr self, const account_selector& sel,
              const account_entry& account, const holder_contact* holder) {
  switch (sel.select) {
  case select_filter::all:
    return true;
  case select_filter::inactive:
    return account.facts.status == account_status::inactive;
  case select_filter::expiring: {
    const auto facts = gather_facts(self, account, holder);
    return account.facts.status != account_status::disconnected &&
           facts.tan_expected_expiry &&
           *facts.tan_expected_expiry <= facts.now + tan_expiry_window;
  }
  case select_filter::eligible:
    return !check_eligibility(gather_facts(self, account, holder)).has_value();
  }
  return true;
}

// Each candidate decided in turn, as of the instant of the request.
void handle_order(coordinator_actor_ptr self, const relink_order& order) {
  const auto candidates = candidates_of(self, order);
  std::uint64_t kept = 0;
  for (const auto* entry : candidates) {
    const holder_contact* holder = holder_of(self, *entry);
    if (order.selector) {
      const auto& sel = *order.selector;
      if (!selected(self, sel, *entry, holder))
        continue;
      if (sel.sample < 1.0 && !self->state.random.chance(sel.sample))
        continue;
      if (sel.limit && kept >= *sel.limit)
        break;
    }
    ++kept;
    decide(self, order.request_id, *entry, holder);
  }
  record(self, events::relink_selected, order.request_id,
         {{"request", order.request_id},
          {"candidates", std::to_string(candidates.size())},
          {"decided", std::to_string(kept)}});
}

// A session delivered by email is Stripe sending a hosted relink email: every
// rule applies, the 48-hour cooldown included, and it counts toward the next
// one. With url delivery Stripe sends nothing: the email rules and the cooldown
// are the platform's business.
std::optional<rejection_reason> session_check(eligibility_facts facts,
                                              delivery_method delivery) {
  if (delivery == delivery_method::email)
    return check_eligibility(facts);
  facts.previous.reset();
  auto reason = check_eligibility(facts);
  if (reason && (*reason == rejection_reason::no_email ||
                 *reason == rejection_reason::sandbox_email_unconfirmed))
    return std::nullopt;
  return reason;
}

void open_session(coordinator_actor_ptr self, const session_order& order,
                  const account_entry& account, const holder_contact* holder) {
  auto& s = self->state;
  const auto facts = gather_facts(self, account, holder);
  if (auto reason = session_check(facts, order.delivery)) {
    record(self, events::session_rejected, order.session_id,
           {{"session", order.session_id},
            {"account", std::string(account.id)},
            {"authorization", order.authorization_id},
            {"reason", std::string(to_string(*reason))}});
    return;
  }
  const auto relink = create_relink(
      self, relink_record{{}, order.session_id, std::string(account.id), s.kernel->now(),
                          relink_state::requested, order.session_id, order.authorization_id,
                          order.delivery});
  const auto& relink_id = relink_of(self, relink).id;
  const bool by_email = order.delivery == delivery_method::email;
  if (by_email)
    s.latest_relink_by_account[account.id] = relink;
  const std::string email = holder != nullptr ? holder->email : std::string{};
  record(self, events::session_created, order.session_id,
         {{"session", order.session_id},
          {"account", std::string(account.id)},
          {"authorization", order.authorization_id},
          {"relink", relink_id},
          {"delivery", std::string(to_string(order.delivery))},
          {"to", by_email ? email : std::string{}}});
  relink_link link{relink,
                   relink_id,
                   order.session_id,
                   std::string(account.id),
                   email,
                   s.kernel->now() + s.config.link_lifetime,
                   order.delivery,
                   caf::actor_cast<coordinator_actor>(self),
                   institution_of(self, account).actor};
  if (by_email)
    self->send(s.config.mailer, send_atom::value, link, holder_ref_of(self, account));
  else
    self->send(s.config.platform, notify_atom::value, link, holder_ref_of(self, account), order.channel,
               order.notify_after);
  self->state.kernel->send_later(self, self, s.config.link_lifetime, expire_atom::value,
                                 relink);
}

// The account a session relinks: the one named, or for an authorization the
// first of its accounts (in id order) that a relink can help, else the first.
void handle_session(coordinator_actor_ptr self, const session_order& order) {
  const auto candidates = order.authorization_id.empty()
                              ? std::vector<const account_entry*>{&entry_of(
                                    self, order.account_id)}
                              : accounts_of(self, order.authorization_id);
  const account_entry* chosen = candidates.front();
  for (const auto* entry : candidates) {
    // By the session's own rules (an inactive account, or an active one whose TAN
    // expires soon); the holder is judged once chosen.
    auto facts = gather_facts(self, *entry, nullptr);
    facts.holder_judged_later = true;
    if (!session_check(facts, order.delivery)) {
      chosen = entry;
      break;
    }
  }
  open_session(self, order, *chosen, holder_of(self, *chosen));
}

// A session leaves `pending` once: financial_connections.session.updated with
// its new status and result.
void session_updated(coordinator_actor_ptr self, const relink_record& r,
                     const char* status, std::vector<engine::trace_field> result) {
  if (r.session_id.empty())
    return;
  std::vector<engine::trace_field> fields{
      {"status", status},
      {"delivery", std::string(to_string(r.delivery))},
      {"account", r.authorization_id.empty() ? r.account_id : std::string{}},
      {"authorization", r.authorization_id}};
  for (auto& f : result)
    fields.push_back(std::move(f));
  record(self, events::session_updated, r.session_id, std::move(fields));
}

// Repairs what a relink was for: its account, or every account of the
// authorization (each finds its own way back: through the authorization when it
// went down with it, by itself otherwise).
void repair(coordinator_actor_ptr self, const relink_record& r) {
  const auto repair_one = [&](const account_entry& entry) {
    self->send(self->state.accounts, repair_atom::value, index_of(self, entry));
  };
  if (r.authorization_id.empty()) {
    repair_one(entry_of(self, r.account_id));
    return;
  }
  for (const auto* entry : accounts_of(self, r.authorization_id))
    repair_one(*entry);
}

relink_event event_of(flow_outcome outcome) {
  switch (outcome) {
  case flow_outcome::succeeded:
    return relink_event::flow_succeeded;
  case flow_outcome::failed:
  case flow_outcome::no_account:
    return relink_event::flow_failed;
  case flow_outcome::cancelled:
    return relink_event::flow_cancelled;
  case flow_outcome::abandoned:
    return relink_event::flow_abandoned;
  }
  return relink_event::flow_failed;
}

void finish(coordinator_actor_ptr self, relink_number relink, flow_outcome outcome) {
  auto& r = relink_of(self, relink);
  const auto next = self->state.config.rules->relink_step(r.state, event_of(outcome));
  if (!next)
    return; // the link expired while the customer was still in the flow
  r.state = *next;
  switch (outcome) {
  case flow_outcome::succeeded:
    record_relink(self, events::relink_succeeded, relink);
    session_updated(
        self, r, "succeeded",
        {{"relink_result.authorization",
          r.authorization_id.empty() ? std::string(entry_of(self, r.account_id).authorization_id)
                                     : r.authorization_id}});
    repair(self, r);
    break;
  case flow_outcome::failed:
    record_relink(self, events::relink_failed, relink, {{"failure_reason", "other"}});
    session_updated(self, r, "failed", {{"relink_result.failure_reason", "other"}});
    break;
  case flow_outcome::no_account: {
    // Another account picked: for an authorization session, another login.
    const char* reason = r.authorization_id.empty() ? "no_account" : "no_authorization";

    record_relink(self, events::relink_failed, relink, {{"failure_reason", reason}});
    session_updated(self, r, "failed", {{"relink_result.failure_reason", reason}});
    break;
  }
  case flow_outcome::cancelled:

    record_relink(self, events::relink_cancelled, relink,
                  {{"reason", "custom_manual_entry"}});
    session_updated(self, r, "cancelled",
                    {{"status_details.cancelled.reason", "custom_manual_entry"}});
    break;
  case flow_outcome::abandoned:
    record_relink(self, events::relink_abandoned, relink);
    break;
  }
}

} // namespace

std::string relink_id_of(relink_number relink) {
  return "rr_" + std::to_string(static_cast<std::uint32_t>(relink));
}

std::string_view to_string(link_state state) {
  switch (state) {
  case link_state::valid:
    return "valid";
  case link_state::expired:
    return "expired";
  case link_state::used:
    return "used";
  }
  return "?";
}

coordinator_actor::behavior_type coordinator_behavior(coordinator_actor_ptr self,
                                                      engine::kernel* kernel,
                                                      coordinator_config config) {
  kernel->guard(self, "relink coordinator");
  self->state.kernel = kernel;
  self->state.random = kernel->stream("relink_coordinator");
  self->state.config = std::move(config);
  return {
      [=](relink_atom, const relink_order& order) { handle_order(self, order); },
      [=](session_atom, const session_order& order) { handle_session(self, order); },
      // Accounts and holders tell of changes by the index the world gave them.
      [=](account_facts_atom, std::uint32_t index, const account_facts& facts) {
        auto& accounts = self->state.config.accounts;
        ENGINE_CHECK(index < accounts.size(), "no account " + std::to_string(index) +
                                                  " of " +
                                                  std::to_string(accounts.size()));
        accounts[index].facts = facts;
      },
      [=](contact_atom, std::uint32_t index, const holder_contact& holder) {
        auto& holders = self->state.config.holders;
        ENGINE_CHECK(index < holders.size(), "no holder " + std::to_string(index) +
                                                 " of " + std::to_string(holders.size()));
        holders[index] = holder;
      },
      [=](world_atom, const accounts_actor& accounts, const customers_actor& holders) {
        self->state.accounts = accounts;
        self->state.customers = holders;
      },
      [=](open_link_atom, relink_number relink, const holder_ref& holder) {
        auto& r = relink_of(self, relink);
        auto answer = link_state::valid;
        const auto& rules = *self->state.config.rules;
        if (const auto next = rules.relink_step(r.state, relink_event::link_opened)) {
          r.state = *next;
          record_relink(self, events::relink_flow_started, relink);
        } else {
          answer =
              r.state == relink_state::expired ? link_state::expired : link_state::used;
          record_relink(self, events::relink_link_refused, relink,
                        {{"reason", std::string(to_string(answer))}});
        }
        self->send(holder.actor, link_reply_atom::value, holder.row, relink, answer);
      },
      [=](flow_done_atom, relink_number relink, flow_outcome outcome) {
        finish(self, relink, outcome);
      },
      [=](expire_atom, relink_number relink) {
        auto& r = relink_of(self, relink);
        const auto next =
            self->state.config.rules->relink_step(r.state, relink_event::link_expired);
        if (!next)
          return;
        r.state = *next;
        record_relink(self, events::relink_expired, relink);
        session_updated(self, r, "cancelled",
                        {{"status_details.cancelled.reason", "other"}});
      },
  };
}

} // namespace actors
