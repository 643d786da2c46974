#include "explore/explorer.hpp"

#include "format/yaml_text.hpp"

#include <algorithm>

namespace explore {

namespace {

// The failures that count under variation: invariants, the run itself, and the
// expectations of the kinds kept. The variation holds only those of its own
// `expect:`; an include may bring others, which do not count.
verdict under_variation(verdict v, const std::vector<std::string>& keep) {
  if (v.result != run_result::failed)
    return v;
  std::vector<failure> counted;
  for (auto& f : v.failures) {
    // "expectation metric emails_sent <= 8": its kind is the second word.
    const std::string prefix = "expectation ";
    const bool expectation = f.what.rfind(prefix, 0) == 0;
    const auto end = f.what.find(' ', prefix.size());
    const std::string kind = expectation ? f.what.substr(prefix.size(), end - prefix.size()) : "";
    if (!expectation || std::find(keep.begin(), keep.end(), kind) != keep.end())
      counted.push_back(std::move(f));
  }
  v.failures = std::move(counted);
  if (v.failures.empty())
    v.result = run_result::passed;
  return v;
}

} // namespace

explore_result explore_variations(const YAML::Node& base, const sim::vary_spec& vary,
                                  const explore_plan& plan, const judge& run) {
  explore_result result;
  for (const auto& id : vary.faults)
    result.tally.faults.push_back({id, 0});
  for (const auto& v : vary.values)
    result.tally.values.push_back({v.path, v.high, v.low, std::vector<std::uint64_t>(v.choices.size())});
  const unsigned jobs = std::max(1u, plan.jobs);
  std::uint64_t next = plan.first_seed;
  while (next <= plan.last_seed) {
    if (plan.keep_going && !plan.keep_going()) {
      result.stopped = true;
      break;
    }
    std::vector<variation> batch;
    std::vector<std::string> texts;
    for (unsigned j = 0; j < jobs && next <= plan.last_seed; ++j, ++next) {
      batch.push_back(draw_variation(base, vary, next));
      texts.push_back(sim::scenario_yaml_text(batch.back().root));
      if (next == plan.last_seed) { // the last seed of the range: never wrap
        ++next;
        break;
      }
    }
    std::vector<verdict> verdicts;
    for (auto& v : run(texts))
      verdicts.push_back(under_variation(std::move(v), vary.keep));
    for (std::size_t k = 0; k < batch.size(); ++k) {
      // Runs after the first failure of a batch are not counted: with any
      // number of jobs the tally is that of the seeds up to the failure.
      auto& tally = result.tally;
      tally.runs++;
      for (const auto& on : batch[k].faults_on)
        for (auto& f : tally.faults)
          if (f.id == on)
            f.on++;
      for (std::size_t i = 0; i < tally.values.size(); ++i) {
        auto& value = tally.values[i];
        const double drawn = batch[k].drawn[i];
        value.lowest = std::min(value.lowest, drawn);
        value.highest = std::max(value.highest, drawn);
        if (!value.choice_counts.empty())
          value.choice_counts[static_cast<std::size_t>(drawn)]++;
      }
      if (verdicts[k].result == run_result::passed) {
        tally.passed++;
        continue;
      }
      if (verdicts[k].result == run_result::failed)
        tally.failed++;
      result.found = std::move(batch[k]);
      result.found_verdict = verdicts[k];
      result.found_text = texts[k];
      break;
    }
    if (plan.progress)
      plan.progress(result.tally);
    if (result.found)
      break;
  }
  return result;
}

} // namespace explore
