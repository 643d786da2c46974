#include "format/populations.hpp"

#include "engine/random.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

namespace sim {
namespace {

const std::string& pick(const weighted_names& choices, engine::random_stream& random) {
  double total = 0.0;
  for (const auto& [name, weight] : choices)
    total += weight;
  double x = random.unit() * total;
  for (const auto& [name, weight] : choices) {
    if (x < weight)
      return name;
    x -= weight;
  }
  return choices.back().first;
}

// A count from a number distribution: uniform(a, b) gives every whole number from
// a to b alike; the others round their draw. Never negative.
// The loader keeps a and b within [0, max_accounts_per_customer]; they are
// clamped again here so that no double can reach an integer out of range.
std::int64_t draw_count(const engine::distribution& d, engine::random_stream& random) {
  const auto most = static_cast<double>(max_accounts_per_customer);
  if (d.form == engine::distribution::shape::uniform)
    return random.integer(
      static_cast<std::int64_t>(std::ceil(std::clamp(d.a, 0.0, most))),
      static_cast<std::int64_t>(std::floor(std::clamp(d.b, 0.0, most))));
  const double x = d.sample(random);
  return std::isfinite(x) ? std::llround(std::clamp(x, 0.0, most)) : 0;
}

std::string numbered(const char* prefix, const std::string& name, std::uint64_t n) {
  char digits[24];
  std::snprintf(digits, sizeof digits, "%06llu", static_cast<unsigned long long>(n));
  return std::string(prefix) + name + "_" + digits;
}

// A generated customer's address: the one the population names; in a sandbox,
// the platform's confirmed test addresses in turn (no other address can be
// emailed there, and generated customers are test data); else one of its own.
std::string address_for(const scenario& s, const population_spec& p, const std::string& id,
                        std::uint64_t n) {
  if (!p.email_address.empty())
    return p.email_address;
  const auto& confirmed = s.platform.confirmed_emails;
  if (s.mode == actors::platform_mode::sandbox && !confirmed.empty())
    return confirmed[(n - 1) % confirmed.size()];
  return id + "@example.test";
}

void expand(scenario& s, const population_spec& p, std::uint64_t seed) {
  engine::random_stream random(seed, "population:" + p.name);
  for (std::uint64_t n = 1; n <= p.customers; ++n) {
    customer_spec c;
    c.id = numbered("cus_", p.name, n);
    c.where = p.where;
    if (random.chance(p.email_share))
      c.email = address_for(s, p, c.id, n);
    if (!p.behaviors.empty())
      c.behavior = pick(p.behaviors, random);
    const auto accounts =
      std::min<std::int64_t>(draw_count(p.accounts_per_customer, random),
                             static_cast<std::int64_t>(max_accounts_per_customer));
    for (std::int64_t k = 1; k <= accounts; ++k) {
      account_spec a;
      a.id = "fca_" + c.id.substr(4) + "_" + std::to_string(k);
      a.institution = pick(p.institutions, random);
      a.holder = c.id;
      a.authorization = actors::authorization_id(a.holder, a.institution, a.id);
      a.population = p.name;
      a.where = p.where;
      if (p.tan_expires) {
        a.tan_expires = engine::sample_delay(*p.tan_expires, random);
      }
      s.accounts.push_back(std::move(a));
    }
    s.customers.push_back(std::move(c));
  }
}

const std::optional<account_pick>* pick_of(const timeline_action& action) {
  if (const auto* a = std::get_if<revoke_action>(&action))
    return &a->pick;
  if (const auto* a = std::get_if<deactivate_action>(&action))
    return &a->pick;
  if (const auto* a = std::get_if<create_session_action>(&action))
    return &a->pick;
  return nullptr;
}

bool has_pick(const timeline_entry& entry) {
  const auto* pick = pick_of(entry.action);
  return pick && pick->has_value();
}

// What a pick entry means, as the key of its random stream: its id when it has
// one, else its time and action. Never where it is written: a comment or a blank
// line above it must not change which accounts it picks.
std::string pick_meaning(const timeline_entry& entry) {
  if (!entry.id.empty())
    return "id:" + entry.id;
  std::string action = "create_relink_session";
  if (std::holds_alternative<revoke_action>(entry.action))
    action = "revoke";
  else if (const auto* a = std::get_if<deactivate_action>(&entry.action))
    action = "deactivate:" + std::string(actors::to_string(a->cause));
  return "at:" + std::to_string(entry.at.count()) + ":" + action;
}

std::vector<const account_spec*> picked(const std::vector<const account_spec*>& by_id,
                                        const account_pick& pick,
                                        const std::string& stream, std::uint64_t seed) {
  engine::random_stream random(seed, stream);
  std::vector<const account_spec*> out;
  for (const auto* a : by_id) {
    if (pick.limit && out.size() >= *pick.limit)
      break;
    if (!pick.population.empty() && a->population != pick.population)
      continue;
    if (!pick.institution.empty() && a->institution != pick.institution)
      continue;
    if (random.chance(pick.sample))
      out.push_back(a);
  }
  return out;
}

// The entry acting on one picked account.
timeline_entry for_account(const timeline_entry& entry, const std::string& account) {
  timeline_entry one = entry;
  std::visit(
    [&](auto& action) {
      using T = std::decay_t<decltype(action)>;
      if constexpr (std::is_same_v<T, revoke_action> || std::is_same_v<T, deactivate_action> ||
                    std::is_same_v<T, create_session_action>) {
        action.pick.reset();
        action.account = account;
      }
      if constexpr (std::is_same_v<T, create_session_action>)
        one.id = entry.id + "_" + account;
    },
    one.action);
  return one;
}

void expand_picks(scenario& s, std::uint64_t seed) {
  if (std::none_of(s.timeline.begin(), s.timeline.end(), has_pick))
    return;
  std::vector<const account_spec*> by_id;
  by_id.reserve(s.accounts.size());
  for (const auto& a : s.accounts)
    by_id.push_back(&a);
  std::sort(by_id.begin(), by_id.end(),
            [](const account_spec* x, const account_spec* y) { return x->id < y->id; });
  // Entries that mean the same (two unnamed revokes at one time) are told apart by
  // their order among themselves, in timeline order.
  std::map<std::string, std::uint64_t> seen;
  // Every pick is drawn first (a pointer per picked account), so that the limit
  // on the entries is checked before any is made.
  std::vector<std::vector<const account_spec*>> draws(s.timeline.size());
  auto entries = static_cast<std::uint64_t>(
    std::count_if(s.timeline.begin(), s.timeline.end(),
                  [](const timeline_entry& e) { return !has_pick(e); }));
  for (std::size_t i = 0; i < s.timeline.size(); ++i) {
    const auto& entry = s.timeline[i];
    if (!has_pick(entry))
      continue;
    const auto meaning = pick_meaning(entry);
    const auto stream = "pick:" + meaning + "#" + std::to_string(++seen[meaning]);
    draws[i] = picked(by_id, **pick_of(entry.action), stream, seed);
    entries += draws[i].size();
    if (entries > max_timeline_entries)
      throw limit_exceeded({s.file, entry.where.line, entry.where.column,
                            "the timeline has more than " +
                              std::to_string(max_timeline_entries) +
                              " entries with the accounts this pick drew (one entry per "
                              "account): pick fewer accounts (sample, limit)",
                            ""});
  }
  std::vector<timeline_entry> timeline;
  timeline.reserve(static_cast<std::size_t>(entries));
  for (std::size_t i = 0; i < s.timeline.size(); ++i) {
    if (!has_pick(s.timeline[i]))
      timeline.push_back(std::move(s.timeline[i]));
    for (const auto* a : draws[i])
      timeline.push_back(for_account(s.timeline[i], a->id));
  }
  s.timeline = std::move(timeline);
}

} // namespace

scenario expand_populations(const scenario& spec, std::uint64_t seed) {
  scenario s = spec;
  for (const auto& p : spec.populations)
    expand(s, p, seed);
  // Held for the whole run: a million accounts' growth room would be ~150 MB.
  s.accounts.shrink_to_fit();
  s.customers.shrink_to_fit();
  expand_picks(s, seed);
  return s;
}

} // namespace sim
