#include "sim/runner.hpp"

#include "engine/check.hpp"
#include "engine/trace_follower.hpp"

#include "actors/account.hpp"
#include "actors/authorization.hpp"
#include "actors/coordinator.hpp"
#include "actors/customer.hpp"
#include "actors/eligibility.hpp"
#include "actors/institution.hpp"
#include "actors/mailer.hpp"
#include "actors/payments.hpp"
#include "actors/platform.hpp"
#include "format/populations.hpp"
#include "sim/expectations.hpp"
#include "sim/invariants.hpp"
#include "sim/webhook_delivery.hpp"

#include <algorithm>
#include <caf/send.hpp>
#include <chrono>
#include <future>
#include <map>
#include <memory>
#include <numeric>
#include <optional>
#include <unordered_map>

namespace sim {
namespace {

struct world {
  actors::authorizations_actor authorizations; // one row per authorization
  std::unordered_map<std::string_view, std::uint32_t> authorization_rows; // by id
  std::map<std::string, actors::institution_actor> institutions;
  actors::customers_actor customers;                                 // one row per holder
  std::unordered_map<std::string_view, std::uint32_t> customer_rows; // by id
  actors::accounts_actor accounts; // one row per account
  std::vector<std::string_view> account_ids; // in id order: an account's row is its place
  actors::payments_actor payments;
  actors::mailer_actor mailer;
  actors::platform_actor platform;
};

// The holders' profiles, by index: the documented default (opens after 1h,
// completes) first, then the scenario's in order.
std::vector<actors::customer_behavior> profiles_of(const scenario& spec) {
  std::vector<actors::customer_behavior> out{actors::customer_behavior{}};
  for (const auto& b : spec.behaviors)
    out.push_back(b.behavior);
  return out;
}

std::uint32_t profile_index(const scenario& spec, const std::string& name) {
  for (std::size_t i = 0; i < spec.behaviors.size(); ++i)
    if (spec.behaviors[i].name == name)
      return static_cast<std::uint32_t>(i + 1);
  return 0; // the default
}

// The authorizations' rows, in id order (so that draws over them are
// reproducible), each with the indexes of its accounts; `rows` gets each one's row.
actors::authorizations_config
authorization_rows(const scenario& spec, const std::vector<std::uint32_t>& by_id,
                   const std::vector<std::uint32_t>& index_of,
                   std::unordered_map<std::string_view, std::uint32_t>& rows) {
  std::map<std::string_view, std::vector<std::uint32_t>> accounts_by_authorization;
  for (const auto n : by_id)
    accounts_by_authorization[spec.accounts[n].authorization].push_back(index_of[n]);
  actors::authorizations_config config;
  for (auto& [id, accounts] : accounts_by_authorization) {
    rows.emplace(id, static_cast<std::uint32_t>(config.ids.size()));
    config.ids.emplace_back(id);
    config.accounts.push_back(std::move(accounts));
  }
  return config;
}

// What the coordinator starts from: every account as configured (in id order) and
// every holder's contact; accounts and holders tell it of changes.
actors::coordinator_config coordinator_config_of(
    const scenario& spec, const world& w, const std::vector<std::uint32_t>& by_id,
    const std::vector<std::string_view>& kept_ids,
    const std::unordered_map<std::string_view, std::uint32_t>& holder_index,
    const actors::mailer_actor& mailer, const actors::rulebook* rules) {
  actors::coordinator_config coordinator;
  coordinator.mode = spec.mode;
  coordinator.platform = w.platform;
  coordinator.confirmed_emails = spec.platform.confirmed_emails;
  coordinator.link_lifetime = spec.platform.link_lifetime;
  coordinator.mailer = mailer;
  coordinator.rules = rules;
  for (const auto& c : spec.customers)
    coordinator.holders.push_back({c.id, c.kind, c.email});
  std::unordered_map<std::string_view, std::uint32_t> institution_index, population_index;
  for (const auto& i : spec.institutions) {
    institution_index.emplace(i.id, static_cast<std::uint32_t>(coordinator.institutions.size()));
    coordinator.institutions.push_back(
        {i.id, w.institutions.at(i.id), actors::is_sandbox_test_institution(spec.mode, i.name)});
  }
  for (const auto& p : spec.populations) {
    population_index.emplace(p.name, static_cast<std::uint32_t>(coordinator.populations.size()));
    coordinator.populations.push_back(p.name);
  }
  coordinator.accounts.reserve(by_id.size());
  coordinator.authorizations.reserve(by_id.size());
  for (const auto n : by_id) {
    const auto& a = spec.accounts[n];
    actors::account_entry entry;
    entry.id = kept_ids[coordinator.accounts.size()];
    entry.authorization_id = a.authorization;
    entry.facts.tan_expected_expiry = a.tan_expires;
    if (!a.holder.empty())
      entry.holder = holder_index.at(a.holder);
    entry.institution = institution_index.at(a.institution);
    if (!a.population.empty())
      entry.population = population_index.at(a.population);
    coordinator.authorizations.emplace_back(
        a.authorization, static_cast<std::uint32_t>(coordinator.accounts.size()));
    coordinator.accounts.push_back(entry);
  }
  std::sort(coordinator.authorizations.begin(), coordinator.authorizations.end());
  return coordinator;
}

world build_world(engine::kernel& k, const scenario& spec,
                  const actors::rulebook* rules) {
  world w;
  // Accounts are known by their index in id order (to the payments processor, the
  // coordinator and the authorizations), holders by their place in the scenario.
  std::vector<std::uint32_t> by_id(spec.accounts.size());
  std::iota(by_id.begin(), by_id.end(), 0u);
  std::sort(by_id.begin(), by_id.end(), [&](std::uint32_t x, std::uint32_t y) {
    return spec.accounts[x].id < spec.accounts[y].id;
  });
  std::vector<std::uint32_t> index_of(spec.accounts.size());
  for (std::uint32_t i = 0; i < by_id.size(); ++i)
    index_of[by_id[i]] = i;

  // Authorizations first: institutions take them down in outages, accounts
  // follow them.
  w.authorizations =
      k.spawn(actors::authorizations_behavior, &k,
              authorization_rows(spec, by_id, index_of, w.authorization_rows));
  std::map<std::string, std::vector<std::uint32_t>> authorizations_by_institution;
  for (const auto& a : spec.accounts)
    authorizations_by_institution[a.institution].push_back(
        w.authorization_rows.at(a.authorization));
  // What the accounts of each institution share, by the institution's place in
  // the scenario.
  std::vector<actors::institution_terms> institution_terms;
  std::unordered_map<std::string_view, std::uint32_t> institution_index;
  for (const auto& i : spec.institutions) {
    auto rows = authorizations_by_institution[i.id];
    std::sort(rows.begin(), rows.end()); // rows are in authorization id order
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    actors::institution_config config{i.id, i.name, i.auth_success, i.auth_latency,
                                      w.authorizations, std::move(rows)};
    auto& terms = institution_terms.emplace_back();
    terms.actor = k.spawn(actors::institution_behavior, &k, config);
    if (i.tan_lifetime)
      terms.tan_lifetime = *i.tan_lifetime;
    terms.tan_activation = i.tan_activation;
    institution_index.emplace(i.id, static_cast<std::uint32_t>(institution_index.size()));
    w.institutions[i.id] = terms.actor;
  }
  auto mailer =
      k.spawn(actors::mailer_behavior, &k,
              actors::mailer_config{spec.mailer.latency, spec.mailer.bounce_rate});
  w.mailer = mailer;
  w.platform = k.spawn(actors::platform_behavior, &k, spec.platform.auto_relink);

  // The payments processor and the coordinator before accounts and customers, so
  // that these can tell them of changes.
  std::unordered_map<std::string_view, std::uint32_t> holder_index;
  for (std::uint32_t i = 0; i < spec.customers.size(); ++i)
    holder_index.emplace(spec.customers[i].id, i);

  // Each account id once in the trace's keeping, in id order: the account's
  // events and the payments naming it share that text (and the history finds the
  // account by its address).
  std::vector<std::string_view> kept_ids;
  kept_ids.reserve(by_id.size());
  for (const auto n : by_id)
    kept_ids.push_back(k.events().keep(spec.accounts[n].id));
  actors::payments_config payments;
  payments.account_ids = kept_ids;
  const auto& policy = spec.platform.payments;
  payments.policy = {policy.every, policy.amount, policy.retry_after, policy.retries};
  w.payments = k.spawn(actors::payments_behavior, &k, std::move(payments));

  const auto relink_coordinator =
      k.spawn(actors::coordinator_behavior, &k,
              coordinator_config_of(spec, w, by_id, kept_ids, holder_index, mailer, rules));

  // Holders as rows, each pointing at its profile.
  std::vector<actors::customer_config> holders;
  holders.reserve(spec.customers.size());
  for (const auto& c : spec.customers)
    holders.push_back({c.id, c.kind, c.email, profile_index(spec, c.behavior)});
  w.customers = k.spawn(actors::customers_behavior, &k, std::move(holders),
                        profiles_of(spec), relink_coordinator);
  w.customer_rows = std::move(holder_index);
  // Accounts as rows, created in the scenario's order.
  actors::accounts_config accounts;
  accounts.accounts.reserve(spec.accounts.size());
  for (std::size_t n = 0; n < spec.accounts.size(); ++n) {
    const auto& a = spec.accounts[n];
    actors::account_config& config = accounts.accounts.emplace_back();
    config.id = kept_ids[index_of[n]];
    config.institution_id = a.institution;
    config.holder_id = a.holder;
    config.authorization_id = a.authorization;
    config.index = index_of[n];
    config.authorization_row = w.authorization_rows.at(a.authorization);
    config.institution = institution_index.at(a.institution);
    config.tan_expected_expiry = a.tan_expires;
  }
  w.account_ids = std::move(kept_ids);
  accounts.institutions = std::move(institution_terms);
  accounts.authorizations = w.authorizations;
  accounts.rules = rules;
  if (spec.platform.auto_relink.any()) {
    accounts.platform = w.platform;
    accounts.auto_relink = spec.platform.auto_relink;
  }
  accounts.payments = w.payments;
  accounts.coordinator = relink_coordinator;
  w.accounts = k.spawn(actors::accounts_behavior, &k, std::move(accounts));
  caf::anon_send(w.authorizations, actors::attach_atom::value, w.accounts);
  caf::anon_send(relink_coordinator, actors::world_atom::value, w.accounts, w.customers);
  caf::anon_send(w.platform, actors::attach_atom::value, relink_coordinator);
  return w;
}

// Sends `atom, row, args…` at `at` to the accounts, for the account `account`.
template <class Atom, class... Ts>
void send_to_account(const world& w, const std::string& account, engine::duration at,
                     Atom atom, const Ts&... args) {
  const auto& ids = w.account_ids;
  const auto i = std::lower_bound(ids.begin(), ids.end(), std::string_view(account));
  ENGINE_CHECK(i != ids.end() && *i == account, "no account " + account); // validated on load
  caf::delayed_anon_send(w.accounts, at, atom, static_cast<std::uint32_t>(i - ids.begin()),
                         args...);
}

// Sends `atom, row, args…` at `at` to the account an action names, or to the
// authorizations when it names one.
template <class Action, class Atom, class... Ts>
void send_to_target(const world& w, const Action& action, engine::duration at, Atom atom,
                    const Ts&... args) {
  if (action.authorization.empty())
    send_to_account(w, action.account, at, atom, args...);
  else
    caf::delayed_anon_send(w.authorizations, at, atom,
                           w.authorization_rows.at(action.authorization), args...);
}

// Each timeline action becomes one delayed message to the actor that lives it,
// one overload per kind of action: a kind added to the format without one here
// does not compile, instead of being skipped at run time.
void schedule(const world& w, const scenario&, const timeline_entry& entry,
              const revoke_action& action) {
  send_to_target(w, action, entry.at, actors::revoke_atom::value);
}

void schedule(const world& w, const scenario&, const timeline_entry& entry,
              const deactivate_action& action) {
  send_to_target(w, action, entry.at, actors::deactivate_atom::value, action.cause);
}

void schedule(const world&, const scenario&, const timeline_entry&, const platform_job_action&) {
  // Nothing happens in the world: the platform in the loop runs its job
  // (run_scenario plans it with the platform link).
}

void schedule(const world&, const scenario&, const timeline_entry&,
              const webhook_faults_action&) {
  // Nothing happens in the world: the endpoint's faults shape what the
  // platform receives (sim/webhook_delivery).
}

void schedule(const world& w, const scenario&, const timeline_entry& entry,
              const refresh_action& action) {
  send_to_account(w, action.account, entry.at, actors::refresh_atom::value, action.kind);
}

void schedule(const world& w, const scenario&, const timeline_entry& entry,
              const mailer_outage_action& action) {
  caf::delayed_anon_send(w.mailer, entry.at, actors::mailer_outage_atom::value,
                         action.length);
}

void schedule(const world& w, const scenario&, const timeline_entry& entry,
              const bounce_action& action) {
  caf::delayed_anon_send(w.mailer, entry.at, actors::bounce_atom::value, action.email);
}

void schedule(const world& w, const scenario&, const timeline_entry& entry,
              const set_email_action& action) {
  caf::delayed_anon_send(w.customers, entry.at, actors::set_email_atom::value,
                         w.customer_rows.at(action.customer), action.email);
}

void schedule(const world& w, const scenario& spec, const timeline_entry& entry,
              const set_behavior_action& action) {
  caf::delayed_anon_send(w.customers, entry.at, actors::set_behavior_atom::value,
                         w.customer_rows.at(action.customer),
                         profile_index(spec, action.behavior));
}

void schedule(const world& w, const scenario&, const timeline_entry& entry,
              const payment_action& action) {
  caf::delayed_anon_send(w.payments, entry.at, actors::debit_atom::value, action.account,
                         action.amount, std::uint32_t{1});
}

void schedule(const world& w, const scenario&, const timeline_entry& entry,
              const outage_action& action) {
  caf::delayed_anon_send(w.institutions.at(action.institution), entry.at,
                         actors::outage_atom::value,
                         actors::outage_plan{action.length, action.deactivates,
                                             action.recovers, action.kind});
}

void schedule(const world& w, const scenario&, const timeline_entry& entry,
              const disconnect_action& action) {
  send_to_account(w, action.account, entry.at, actors::disconnect_atom::value);
}

void schedule(const world& w, const scenario&, const timeline_entry& entry,
              const expire_tan_action& action) {
  send_to_account(w, action.account, entry.at, actors::expire_tan_atom::value);
}

void schedule(const world& w, const scenario&, const timeline_entry& entry,
              const schedule_deactivation_action& action) {
  send_to_target(w, action, entry.at, actors::schedule_atom::value, action.date,
                 action.cause);
}

void schedule(const world& w, const scenario&, const timeline_entry& entry,
              const create_session_action& action) {
  caf::delayed_anon_send(w.platform, entry.at, actors::session_atom::value,
                         actors::session_order{entry.id, action.account,
                                               action.authorization, action.delivery,
                                               action.channel, action.notify_after});
}

void schedule(const world& w, const scenario&, const timeline_entry& entry,
              const request_relink_action& action) {
  caf::delayed_anon_send(
      w.platform, entry.at, actors::relink_atom::value,
      actors::relink_order{entry.id, action.accounts, action.selector, action.via});
}

// Entries at the same time fire in the order written.
void schedule_timeline(const world& w, const scenario& spec) {
  for (const auto& entry : spec.timeline)
    std::visit([&](const auto& action) { schedule(w, spec, entry, action); },
               entry.action);
}

// Wall time of the phases of one run, for `run --timings`.
class phase_clock {
public:
  explicit phase_clock(outcome& result) : result_(result) {}
  void done(const char* phase) {
    const auto now = std::chrono::steady_clock::now();
    result_.phases.emplace_back(phase,
                                std::chrono::duration<double>(now - last_).count());
    last_ = now;
  }

private:
  outcome& result_;
  std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
};

} // namespace

outcome run_scenario(const scenario& spec, const run_options& options) {
  outcome result;
  phase_clock phases(result);
  result.seed = options.seed_given ? options.seed : spec.seed;
  result.spec = expand_populations(spec, result.seed);
  phases.done("expand populations");
  auto k = std::make_unique<engine::kernel>(result.seed);
  k->set_horizon(result.spec.horizon);
  // The history and the invariants read each event once, on the second core as
  // the run records it; the checker sees the history as it was just before the
  // event.
  result.history = account_history(result.spec.horizon, followed_accounts(result.spec));
  result.history.reserve(result.spec.accounts.size());
  invariant_checker checker(result.spec);
  expectation_tally tally(result.spec);
  result.stories = story_keeper(result.spec, story_ids(result.spec, options.story_of));
  // Webhooks are delivered alongside: each built from the history right after its
  // event, handed over in the endpoint's order.
  webhook_deliverer deliverer(result.spec, result.seed);
  webhook_sink* const sink = options.webhooks;
  if (sink)
    sink->start(result.spec, result.seed, result.history);
  const auto deliver = [sink](const webhook_delivery& d) {
    if (sink)
      sink->delivered(d);
  };
  const auto ready = [sink](const webhook_delivery& d) { return !sink || sink->ready(d); };
  k->events().release_read(!options.keep_trace);
  engine::trace_follower follower(k->events(), [&](const engine::trace_event& e) {
    if (sink)
      sink->before(e);
    checker.visit(e, result.history);
    result.history.record(e);
    tally.visit(e);
    result.stories.visit(e);
    const auto copies = deliverer.schedule(e);
    if (sink)
      sink->event(e, copies);
    deliverer.deliver_due(e, ready, deliver);
  });
  // The caller's reader (the events.jsonl writer) follows on a thread of its own.
  std::optional<engine::trace_follower> each_event;
  if (options.each_event)
    each_event.emplace(k->events(), options.each_event);
  auto w = std::make_unique<const world>(build_world(*k, result.spec, &options.rules));
  schedule_timeline(*w, result.spec);
  phases.done("build the world");
  if (options.progress)
    k->on_progress(options.progress);
  // The platform hears of a webhook at the end of its instant, once the follower
  // has built it; a delivery to retry wakes the clock at its instant.
  std::size_t webhook_seen = 0; // the trace's size after the latest webhook event
  if (options.platform) {
    for (const auto& entry : result.spec.timeline)
      if (const auto* job = std::get_if<platform_job_action>(&entry.action))
        options.platform->plan_job(*k, entry.at, job->path);
    k->events().observe([&webhook_seen, &k](const engine::trace_event& e) {
      if (is_webhook(e))
        webhook_seen = k->events().size(); // published, this one included
    });
    k->at_each_instant([&, synced = std::size_t{0}]() mutable {
      if (webhook_seen == synced && !options.platform->due(k->now()))
        return false;
      synced = webhook_seen;
      const world_access access{
          [&](const timeline_action& action, const std::string& id) {
            const timeline_entry entry{engine::duration{0}, id, action, {}};
            std::visit([&](const auto& a) { schedule(*w, result.spec, entry, a); }, action);
          },
          [&] {
            follower.wait_for(k->events().size());
            // The follower stands still until the next event is published, which
            // orders what this thread does to its objects before what it does next.
            if (sink)
              sink->end_of_instant();
            deliverer.deliver_due_by(k->now(), ready, deliver);
          },
          [&] { return deliverer.next_due(); }};
      return options.platform->at_instant_end(*k, access);
    });
  }
  try {
    result.stats = k->run(result.spec.horizon, options.event_budget, options.stop);
  } catch (const engine::event_budget_exceeded& e) {
    result.run_error = e.what();
    result.complete = false;
    result.stats.events = e.budget;
    result.stats.virtual_time = e.at;
  } catch (const engine::external_failure& e) {
    result.run_error = e.what();
    result.complete = false;
    result.stats.virtual_time = e.at;
  } catch (const engine::run_interrupted& e) {
    result.run_error = e.what();
    result.complete = false;
    result.interrupted = true;
    result.stats.events = e.events; // messages, as every run counts them
    result.stats.virtual_time = e.at;
  }
  if (options.platform && result.run_error.empty())
    result.run_error = options.platform->failure();
  k->events().observe(nullptr);
  phases.done("run");
  // Whatever the actors record while they are torn down is not part of the run.
  follower.finish();
  if (each_event)
    each_event->finish();
  if (sink)
    sink->end_of_trace();
  result.webhooks = deliverer.finish(deliver);
  result.events = std::move(k->events());
  result.history.finish(result.stats.virtual_time);
  const run_end end{result.stats.virtual_time, result.complete};
  result.invariants = checker.finish(result.history, end.at);
  phases.done("the trace's followers catch up (history, invariants, expectations, webhooks, events.jsonl)");
  // The trace is complete and only read from here on: the expectations are judged
  // on another thread while this one tears the actors down (CAF wants its system
  // ended on the thread that ran it).
  auto judged = std::async(std::launch::async, [&result, &tally, &options, end] {
    result.results = judge(result.spec, tally, result.history, result.webhooks, end);
    if (options.after_judging)
      options.after_judging(result);
  });
  w.reset();
  k.reset();
  phases.done("tear down the actors (checks and reports alongside)");
  judged.get();
  phases.done("finish the checks and the reports");
  return result;
}

bool outcome::passed() const {
  return run_error.empty() && failed_count() == 0 && violated_invariants() == 0;
}

std::size_t outcome::violated_invariants() const {
  std::size_t n = 0;
  for (const auto& i : invariants)
    n += i.passed ? 0 : 1;
  return n;
}

std::size_t outcome::failed_count() const {
  std::size_t n = 0;
  for (const auto& r : results)
    n += r.passed ? 0 : 1;
  return n;
}

} // namespace sim
