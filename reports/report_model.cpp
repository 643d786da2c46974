#include "reports/report_model.hpp"

#include <algorithm>
#include <set>

namespace reports {
namespace {

std::vector<funnel_stage> funnel_of(const sim::run_metrics& m) {
  std::vector<funnel_stage> out;
  for (auto stage : sim::all_funnel_stages)
    out.push_back({std::string(sim::to_string(stage)), std::string(sim::label_of(stage)),
                   m.accounts_at(stage)});
  return out;
}

repair_times repairs_of(const sim::run_metrics& m) {
  repair_times out;
  out.count = m.repair_times.size();
  out.p50 = m.repair_time(0.5);
  out.p90 = m.repair_time(0.9);
  out.max = m.repair_time(1.0);
  const std::pair<const char*, engine::duration> limits[] = {
    {"< 1h", engine::hours(1)},    {"1h–6h", engine::hours(6)}, {"6h–1d", engine::days(1)},
    {"1d–3d", engine::days(3)},    {"3d–7d", engine::days(7)},
    {"≥ 7d", engine::duration::max()}};
  engine::duration low{0};
  for (const auto& [label, high] : limits) {
    const auto n = std::count_if(m.repair_times.begin(), m.repair_times.end(),
                                 [lo = low, hi = high](engine::duration d) { return d >= lo && d < hi; });
    out.buckets.push_back({label, static_cast<std::uint64_t>(n)});
    low = high;
  }
  return out;
}

} // namespace

std::vector<const engine::trace_event*> account_story(const sim::outcome& run,
                                                      const std::string& account) {
  // Only what the run kept for this id: whether the trace still holds an event
  // depends on how far its followers had read, which no report may.
  if (const auto* kept = run.stories.story(account))
    return *kept;
  return {};
}

report_model build_model(const sim::outcome& run) {
  report_model m;
  m.funnel = funnel_of(run.metrics());
  m.statuses = run.history.statuses();
  m.repairs = repairs_of(run.metrics());
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
