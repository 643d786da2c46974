#include "reports/report_model.hpp"

#include "actors/events.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <set>
#include <string_view>
#include <unordered_map>

namespace reports {
namespace {

namespace ev = actors::events;

std::vector<funnel_stage> funnel_of(const engine::trace& events) {
  std::array<std::set<std::string_view>, 5> stages;
  for (const auto& e : events.events()) {
    const auto account = e.field("account");
    if (e.type == ev::account_deactivated && e.field("action") == "relink_required")
      stages[0].insert(e.entity);
    else if (e.type == ev::upcoming_account_number_expiry)
      stages[0].insert(e.entity);
    else if (e.type == ev::relink_accepted || e.type == ev::session_created)
      stages[1].insert(account);
    else if (e.type == ev::email_sent)
      stages[2].insert(account);
    else if (e.type == ev::email_opened)
      stages[3].insert(account);
    else if (e.type == ev::relink_succeeded)
      stages[4].insert(account);
  }
  const char* names[] = {"eligible", "requested", "emailed", "opened", "repaired"};
  std::vector<funnel_stage> out;
  for (std::size_t i = 0; i < stages.size(); ++i)
    out.push_back({names[i], stages[i].size()});
  return out;
}

status_series statuses_of(const engine::trace& events, engine::duration end) {
  enum class state { active, inactive, disconnected };
  std::unordered_map<std::string_view, state> now;
  std::array<std::uint64_t, 3> counts{};
  status_series out;
  const auto& all = events.events();
  std::size_t next = 0;
  const std::int64_t end_ms = std::max<std::int64_t>(end.count(), 1);
  for (std::size_t sample = 0; sample <= status_samples; ++sample) {
    const std::int64_t t = end_ms * static_cast<std::int64_t>(sample) /
                           static_cast<std::int64_t>(status_samples);
    for (; next < all.size() && all[next].time.count() <= t; ++next) {
      const auto& e = all[next];
      state to;
      if (e.type == ev::account_created)
        to = state::active;
      else if (e.type == ev::account_deactivated)
        to = state::inactive;
      else if (e.type == ev::account_reactivated)
        to = state::active;
      else if (e.type == ev::account_disconnected)
        to = state::disconnected;
      else
        continue;
      auto [at, added] = now.emplace(e.entity, to);
      if (!added)
        --counts[static_cast<std::size_t>(at->second)];
      at->second = to;
      ++counts[static_cast<std::size_t>(to)];
    }
    out.t_ms.push_back(t);
    out.active.push_back(counts[0]);
    out.inactive.push_back(counts[1]);
    out.disconnected.push_back(counts[2]);
  }
  return out;
}

double quantile(const std::vector<double>& sorted, double q) {
  if (sorted.empty())
    return 0;
  const auto index = static_cast<std::size_t>(std::ceil(q * static_cast<double>(sorted.size()))) - 1;
  return sorted[std::min(index, sorted.size() - 1)];
}

repair_times repairs_of(const engine::trace& events) {
  std::unordered_map<std::string_view, engine::duration> down_since;
  std::vector<double> hours;
  for (const auto& e : events.events()) {
    if (e.type == ev::account_deactivated)
      down_since.emplace(e.entity, e.time); // the first deactivation of an outage of it
    else if (e.type == ev::account_reactivated) {
      auto at = down_since.find(e.entity);
      if (at == down_since.end())
        continue;
      if (e.field("by") == "relink")
        hours.push_back(static_cast<double>((e.time - at->second).count()) / 3'600'000.0);
      down_since.erase(at);
    } else if (e.type == ev::account_disconnected)
      down_since.erase(e.entity);
  }
  std::sort(hours.begin(), hours.end());
  repair_times out;
  out.count = hours.size();
  out.p50_hours = quantile(hours, 0.5);
  out.p90_hours = quantile(hours, 0.9);
  out.max_hours = hours.empty() ? 0 : hours.back();
  const std::pair<const char*, double> limits[] = {
    {"< 1h", 1}, {"1h–6h", 6}, {"6h–1d", 24}, {"1d–3d", 72}, {"3d–7d", 168}, {"≥ 7d", 1e300}};
  double low = 0;
  for (const auto& [label, high] : limits) {
    const auto n = std::count_if(hours.begin(), hours.end(),
                                 [&, lo = low, hi = high](double h) { return h >= lo && h < hi; });
    out.buckets.push_back({label, static_cast<std::uint64_t>(n)});
    low = high;
  }
  return out;
}

std::vector<account_final> finals_of(const sim::outcome& run) {
  std::vector<account_final> out;
  if (run.spec.accounts.size() > max_final_states)
    return out;
  std::unordered_map<std::string_view, std::size_t> index;
  for (const auto& a : run.spec.accounts) {
    index.emplace(a.id, out.size());
    out.push_back({&a, {}});
  }
  for (const auto& e : run.events.events())
    if (auto at = index.find(e.entity); at != index.end())
      sim::apply_account_change(out[at->second].state, e);
  return out;
}

} // namespace

std::vector<const engine::trace_event*> account_story(const sim::outcome& run,
                                                      const std::string& account) {
  std::string holder;
  for (const auto& a : run.spec.accounts)
    if (a.id == account)
      holder = a.holder;
  std::vector<const engine::trace_event*> out;
  for (const auto& e : run.events.events())
    if (e.entity == account || e.field("account") == account ||
        (!holder.empty() && e.entity == holder && e.field("account").empty()))
      out.push_back(&e);
  return out;
}

report_model build_model(const sim::outcome& run) {
  report_model m;
  m.funnel = funnel_of(run.events);
  m.statuses = statuses_of(run.events, run.stats.virtual_time);
  m.repairs = repairs_of(run.events);
  m.final_states = finals_of(run);
  std::set<std::string> seen;
  for (const auto& r : run.results) {
    if (r.passed || r.account.empty() || !seen.insert(r.account).second)
      continue;
    account_events story{r.account, account_story(run, r.account), 0};
    if (story.events.size() > max_story_events) {
      story.omitted = story.events.size() - max_story_events;
      story.events.resize(max_story_events);
    }
    m.failing_accounts.push_back(std::move(story));
  }
  return m;
}

} // namespace reports
