// The timeline: when each action happens, how often it repeats, and what it does.

#include "engine/check.hpp"
#include "format/reader.hpp"
#include "format/timeline_actions.hpp"

#include <algorithm>
#include <variant>

namespace sim::reading {

std::optional<timeline_action> scenario_reader::read_action(const std::string& name,
                                                            const YAML::Node& body,
                                                            const std::string& path) {
  // read_timeline has refused a name outside the table already.
  const auto* kind = find_action_kind(name);
  ENGINE_CHECK(kind != nullptr, "no action kind " + name);
  return (this->*(kind->read))(body, path);
}

// The action keys of an entry; an unknown key is reported, and `unknown_keys` set
// so that a missing action is not reported on top of it.
std::vector<std::pair<std::string, YAML::Node>>
scenario_reader::entry_actions(const YAML::Node& item, const std::string& path,
                               bool& unknown_keys) {
  std::vector<std::pair<std::string, YAML::Node>> actions;
  for (const auto& kv : item) {
    const std::string key = kv.first.Scalar();
    if (key == "at" || key == "id" || key == "every" || key == "from" || key == "until")
      continue;
    if (find_action_kind(key) != nullptr) {
      actions.emplace_back(key, kv.second);
    } else {
      keys known = action_names();
      known.insert(known.end(), {"at", "id", "every", "from", "until"});
      error(kv.first, path,
            "unknown action '" + key + "'" + suggestion_suffix(key, known));
      unknown_keys = true;
    }
  }
  return actions;
}

// `every: PERIOD` from `from` (or `at`) until `until` (or the horizon): one time
// per occurrence, none when something is wrong (then `ok` is false).
std::vector<engine::duration> scenario_reader::repeated_times(const YAML::Node& item,
                                                              const std::string& path,
                                                              bool& ok) {
  const YAML::Node every = item["every"];
  std::vector<engine::duration> times;
  if (item["at"] && item["from"]) {
    error(item["from"], path + ".from",
          "use either 'at' or 'from' to start a repetition");
    ok = false;
  }
  engine::duration step{0};
  if (const auto period = duration_value(every, path + ".every")) {
    step = *period;
    if (step <= engine::duration{0})
      error(every, path + ".every", "a repetition needs a period longer than 0s");
  }
  const bool period_ok = step > engine::duration{0};
  std::optional<engine::duration> from = engine::duration{0};
  if (auto n = item["from"] ? item["from"] : item["at"])
    from = time_value(n, path + (item["from"] ? ".from" : ".at"));
  std::optional<engine::duration> until = s_.horizon;
  if (auto n = item["until"])
    until = time_value(n, path + ".until");
  ok = ok && period_ok && from && until;
  const auto first = from.value_or(engine::duration{0});
  const auto last = until.value_or(engine::duration{0});
  if (ok && last < first) {
    // Without `until` the repetition ends at the horizon: a start past it is
    // already refused where it is written, or the horizon is missing (said).
    if (item["until"])
      error(item["until"], path + ".until", "until comes before the first time");
    ok = false;
  }
  if (ok && static_cast<std::uint64_t>((last - first) / step) + 1 > max_repetitions) {
    error(every, path + ".every",
          "this repeats more than " + std::to_string(max_repetitions) +
              " times; use a longer period or a shorter span");
    ok = false;
  }
  for (auto t = first; ok && t <= last; t += step)
    times.push_back(t);
  return times;
}

// `at: T`, once; `from` and `until` belong to a repetition.
std::vector<engine::duration>
scenario_reader::single_time(const YAML::Node& item, const std::string& path, bool& ok) {
  std::vector<engine::duration> times;
  for (const char* key : {"from", "until"})
    if (item[key]) {
      error(item[key], path + "." + key, std::string("'") + key + "' goes with 'every'");
      ok = false;
    }
  if (auto n = item["at"]) {
    if (auto t = time_value(n, path + ".at"))
      times.push_back(*t);
    else
      ok = false;
  } else if (ok) { // a stray from/until already said what is wrong
    error(item, path, "missing required key 'at' (when the action happens, such as 2d)");
    ok = false;
  }
  return times;
}

void scenario_reader::read_timeline(const YAML::Node& node) {
  if (!node.IsSequence()) {
    error(node, "timeline", "expected a list of timeline entries");
    return;
  }
  std::map<std::string, std::size_t> ids;
  for (std::size_t i = 0; i < node.size(); ++i) {
    const std::string path = "timeline[" + std::to_string(i) + "]";
    const YAML::Node item = node[i];
    if (!item.IsMap()) {
      error(item, path,
            "expected a mapping with 'at' and one action, such as "
            "{at: 2d, revoke: {account: fca_alice_chk}}");
      continue;
    }
    read_timeline_entry(item, path, i, ids);
  }
}

// Before anything is made once per time: the entries of the whole timeline (of
// the scenario and its fragments) stay within their limit, said once.
void scenario_reader::count_timeline_entries(const YAML::Node& item,
                                             const std::string& path,
                                             std::vector<engine::duration>& times,
                                             bool& ok) {
  if (!times.empty() && !timeline_full_ &&
      timeline_entries_ + times.size() > max_timeline_entries) {
    const bool repeating = static_cast<bool>(item["every"]);
    error(repeating ? item["every"] : item, path + (repeating ? ".every" : ""),
          "the timeline has more than " + std::to_string(max_timeline_entries) +
              " entries with this one (a repeating entry counts once per time): "
              "repeat less often or over a shorter span");
    timeline_full_ = true;
  }
  if (timeline_full_) {
    ok = false;
    times.clear();
  }
  timeline_entries_ += times.size();
}

// The entry once per time; a repeating one's occurrences are named <id>_1, <id>_2, ….
void scenario_reader::add_occurrences(timeline_entry& entry,
                                      const std::vector<engine::duration>& times,
                                      bool repeats) {
  // An unnamed request still needs an id in the trace: name it after its line.
  std::string base_id = entry.id;
  if (base_id.empty() && std::holds_alternative<request_relink_action>(entry.action))
    base_id = "request_line_" + std::to_string(entry.where.line);
  if (base_id.empty() && std::holds_alternative<create_session_action>(entry.action))
    base_id = "fcsess_line_" + std::to_string(entry.where.line);
  for (std::size_t k = 0; k < times.size(); ++k) {
    timeline_entry occurrence = entry;
    occurrence.at = times[k];
    occurrence.id =
        base_id.empty() || !repeats ? base_id : base_id + "_" + std::to_string(k + 1);
    s_.timeline.push_back(std::move(occurrence));
  }
}

// One entry as written: its times, its id, its one action; it becomes one
// entry of the run per time.
void scenario_reader::read_timeline_entry(const YAML::Node& item, const std::string& path,
                                          std::size_t i,
                                          std::map<std::string, std::size_t>& ids) {
  timeline_entry entry;
  entry.where = where(item);
  bool unknown_keys = false;
  const auto actions = entry_actions(item, path, unknown_keys);
  bool ok = true;
  // Once (`at`), or repeated (`every`, from `from` or `at`, until `until` or the
  // horizon): a repeating entry becomes one entry per time.
  std::vector<engine::duration> times =
      item["every"] ? repeated_times(item, path, ok) : single_time(item, path, ok);
  count_timeline_entries(item, path, times, ok);
  if (auto n = item["id"]) {
    if (auto id = identifier(n, path + ".id")) {
      entry.id = *id;
      if (!ids.emplace(*id, i).second)
        error(n, path + ".id", "timeline id '" + *id + "' is used twice");
    }
  }
  if (actions.empty() && !unknown_keys)
    error(item, path, "the entry has no action; available: " + join(action_names()));
  if (actions.size() > 1)
    error(item, path,
          "one action per timeline entry, found " + std::to_string(actions.size()));
  if (actions.size() != 1)
    return;
  // The id counts as declared even when the action has errors of its own, so
  // that expectations naming it do not add a second, misleading error.
  // A repeating entry's occurrences are named <id>_1, <id>_2, … in time order.
  const bool repeats = static_cast<bool>(item["every"]);
  auto occurrence_id = [&](std::size_t k) {
    return entry.id.empty() || !repeats ? entry.id
                                        : entry.id + "_" + std::to_string(k + 1);
  };
  for (std::size_t k = 0; k < std::max<std::size_t>(times.size(), 1); ++k) {
    if (!entry.id.empty() && actions[0].first == "request_relink")
      declared_requests_.push_back(occurrence_id(k));
    // Sessions of picked accounts are named after them, known only at run time.
    if (!entry.id.empty() && actions[0].first == "create_relink_session" &&
        !(actions[0].second.IsMap() && actions[0].second["accounts"]))
      declared_sessions_.push_back(occurrence_id(k));
  }
  // Read the action even when the time was bad, so its errors show too.
  auto action =
      read_action(actions[0].first, actions[0].second, path + "." + actions[0].first);
  if (!action || !ok)
    return;
  entry.action = std::move(*action);
  add_occurrences(entry, times, repeats);
}

} // namespace sim::reading
