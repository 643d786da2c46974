#include "explore/shrink.hpp"

#include "engine/duration.hpp"
#include "format/key_path.hpp"
#include "format/yaml_text.hpp"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <optional>
#include <set>

namespace explore {
namespace {

// Runs candidates and remembers what each text did: ddmin meets the same
// candidate again after a change elsewhere. With `jobs` > 1 the candidates after
// the first that fails have run too, for nothing; they count, and the limit of
// runs applies, only as they would one at a time, so that the result and its
// count do not depend on `jobs`.
class tester {
public:
  tester(const failure& target, const shrink_plan& plan, const judge& run)
      : target_(target), plan_(plan), run_(run) {}

  // The first of `candidates` that still fails as the target, in order.
  std::optional<std::size_t> first_failing(const std::vector<YAML::Node>& candidates) {
    const unsigned jobs = std::max(1u, plan_.jobs);
    for (std::size_t from = 0; from < candidates.size(); from += jobs) {
      if (!can_run())
        return std::nullopt;
      const std::size_t to = std::min(candidates.size(), from + jobs);
      std::vector<std::string> texts, unknown;
      for (std::size_t i = from; i < to; ++i) {
        texts.push_back(sim::scenario_yaml_text(candidates[i]));
        if (known_.count(texts.back()) == 0 &&
            std::find(unknown.begin(), unknown.end(), texts.back()) == unknown.end())
          unknown.push_back(texts.back());
      }
      if (!unknown.empty()) {
        const auto verdicts = run_(unknown);
        for (std::size_t k = 0; k < unknown.size(); ++k)
          known_[unknown[k]] = verdicts[k].fails_as(target_);
      }
      for (std::size_t i = from; i < to; ++i) {
        const std::string& text = texts[i - from];
        if (consulted_.count(text) == 0) { // one run, as one at a time would make it
          if (runs_ >= plan_.max_runs) {
            stopped_ = true;
            return std::nullopt;
          }
          consulted_.insert(text);
          ++runs_;
        }
        if (known_[text])
          return i;
      }
    }
    return std::nullopt;
  }
  bool can_run() {
    if (runs_ >= plan_.max_runs || (plan_.keep_going && !plan_.keep_going()))
      stopped_ = true;
    return !stopped_;
  }
  void say(const std::string& line) const {
    if (plan_.step)
      plan_.step(line);
  }
  std::uint64_t runs() const { return runs_; }
  bool stopped() const { return stopped_; }

private:
  const failure& target_;
  const shrink_plan& plan_;
  const judge& run_;
  std::map<std::string, bool> known_;
  std::set<std::string> consulted_;
  std::uint64_t runs_ = 0;
  bool stopped_ = false;
};

YAML::Node at_path(const YAML::Node& root, const std::string& path) {
  std::string why;
  const auto steps = sim::parse_key_path(path);
  auto node = steps ? sim::find_at_key_path(root, *steps, why) : std::nullopt;
  return node ? *node : YAML::Node();
}

// `root` with the collection at `path` (a list, or a mapping such as behaviors)
// holding only the items of `all` that `keep` marks; none left: the key goes.
YAML::Node with_items(const YAML::Node& root, const std::string& path, const YAML::Node& all,
                      const std::vector<bool>& keep) {
  YAML::Node copy = YAML::Clone(root);
  const YAML::Node& old = all;
  YAML::Node kept(old.IsMap() ? YAML::NodeType::Map : YAML::NodeType::Sequence);
  kept.SetStyle(old.Style());
  std::size_t i = 0;
  for (auto item : old) {
    if (keep[i++]) {
      if (old.IsMap())
        kept[item.first] = item.second;
      else
        kept.push_back(item);
    }
  }
  const auto steps = sim::parse_key_path(path);
  if (std::count(keep.begin(), keep.end(), true) == 0 && steps->size() == 1)
    copy.remove(steps->front().key);
  else
    sim::put_at_key_path(copy, *steps, YAML::Clone(kept));
  return copy;
}

// The removed items of `collection`, by their id, name or key where they have one,
// else by index (from 0): "cut, ask", "[0-2]".
std::string removed_text(const YAML::Node& collection, const std::vector<bool>& removed) {
  std::vector<std::string> names;
  std::size_t i = 0;
  for (const auto& item : collection) {
    const std::size_t index = i++;
    if (!removed[index])
      continue;
    if (collection.IsMap() && item.first.IsScalar()) {
      names.push_back(item.first.Scalar());
      continue;
    }
    std::string label = "[" + std::to_string(index) + "]";
    if (item.IsMap())
      for (const char* key : {"id", "name", "account", "request", "metric", "event", "session"})
        if (item[key] && item[key].IsScalar()) {
          label = item[key].Scalar();
          break;
        }
    names.push_back(label);
  }
  std::string text;
  for (const auto& n : names)
    text += (text.empty() ? "" : ", ") + n;
  return text;
}

// Delta debugging over the collection at `path`: chunks of its items removed, the
// first candidate that still fails kept, the chunks halved when none does.
bool ddmin(YAML::Node& root, const std::string& path, tester& test) {
  // The collection as it was: each mask keeps some of these items.
  const YAML::Node list = YAML::Clone(at_path(root, path));
  if (!list || !(list.IsSequence() || list.IsMap()) || list.size() == 0)
    return false;
  std::vector<bool> keep(list.size(), true);
  std::size_t chunks = 1; // first: all of it
  bool changed = false;
  while (test.can_run()) {
    std::vector<std::size_t> alive;
    for (std::size_t i = 0; i < keep.size(); ++i)
      if (keep[i])
        alive.push_back(i);
    if (alive.empty())
      break;
    chunks = std::min(chunks, alive.size());
    std::vector<YAML::Node> candidates;
    std::vector<std::vector<bool>> masks;
    for (std::size_t c = 0; c < chunks; ++c) {
      const std::size_t from = alive.size() * c / chunks, to = alive.size() * (c + 1) / chunks;
      auto mask = keep;
      for (std::size_t k = from; k < to; ++k)
        mask[alive[k]] = false;
      candidates.push_back(with_items(root, path, list, mask));
      masks.push_back(std::move(mask));
    }
    if (const auto hit = test.first_failing(candidates)) {
      std::vector<bool> removed(keep.size(), false);
      for (std::size_t i = 0; i < keep.size(); ++i)
        removed[i] = keep[i] && !masks[*hit][i];
      const auto gone = static_cast<std::size_t>(std::count(removed.begin(), removed.end(), true));
      const auto had = static_cast<std::size_t>(std::count(keep.begin(), keep.end(), true));
      test.say(path + ": without " + removed_text(list, removed) + " (" +
               std::to_string(had - gone) + " of " + std::to_string(had) +
               " left): still fails");
      keep = masks[*hit];
      root = candidates[*hit];
      changed = true;
      chunks = std::max<std::size_t>(chunks - 1, 1);
      continue;
    }
    if (chunks >= alive.size())
      break;
    chunks = std::min(alive.size(), chunks * 2);
  }
  return changed;
}

std::string one_line(const YAML::Node& n) {
  std::string text = sim::scenario_yaml_text(n);
  text.pop_back();
  if (text.find('\n') != std::string::npos || text.size() > 60)
    text = text.substr(0, std::min<std::size_t>(57, text.find('\n'))) + "...";
  return text;
}

// Tries each replacement of the value at `path` in order; keeps the first that
// still fails.
bool try_values(YAML::Node& root, const std::string& path,
                const std::vector<YAML::Node>& replacements, tester& test) {
  if (replacements.empty())
    return false;
  const auto steps = sim::parse_key_path(path);
  std::vector<YAML::Node> candidates;
  for (const auto& r : replacements) {
    YAML::Node copy = YAML::Clone(root);
    sim::put_at_key_path(copy, *steps, r);
    candidates.push_back(copy);
  }
  const auto hit = test.first_failing(candidates);
  if (!hit)
    return false;
  test.say(path + ": " + one_line(at_path(root, path)) + " -> " +
           one_line(replacements[*hit]));
  root = candidates[*hit];
  return true;
}

std::optional<double> number(const YAML::Node& n) {
  return n.IsScalar() ? sim::plain_number(n.Scalar()) : std::nullopt;
}

// The first argument of a call such as `uniform(20s, 2m)`, trimmed; nullopt for
// text that is no call.
std::optional<std::string> first_argument(const std::string& text) {
  const auto open = text.find('(');
  if (open == 0 || open == std::string::npos || text.back() != ')' ||
      text.find_first_not_of("abcdefghijklmnopqrstuvwxyz_") != open)
    return std::nullopt;
  const auto end = text.find_first_of(",)", open + 1);
  const auto from = text.find_first_not_of(' ', open + 1);
  const auto to = text.find_last_not_of(' ', end - 1);
  if (from == std::string::npos || from >= end || to < from)
    return std::nullopt;
  return text.substr(from, to - from + 1);
}

// The keys whose mapping is a weighted choice ({name: weight, …}, {1h: 0.7, 1d:
// 0.3}); any other mapping is a section to look inside.
bool weighted_choice_key(const std::string& path) {
  const std::string key = path.substr(path.find_last_of('.') + 1);
  for (const char* k : {"behavior", "institution", "open_after", "flow_time", "latency",
                        "tan_expires", "accounts_per_customer"})
    if (key == k)
      return true;
  return false;
}

// Simpler forms of the value at `path` that decides how something behaves: a
// probability made certain, a distribution its first value, a weighted choice one
// of its names.
std::vector<YAML::Node> simpler_forms(const YAML::Node& n, const std::string& path) {
  std::vector<YAML::Node> forms;
  if (n.IsMap()) {
    if (!weighted_choice_key(path))
      return forms;
    for (const auto& item : n)
      if (number(item.second) && item.first.IsScalar())
        forms.push_back(YAML::Node(item.first.Scalar()));
    if (forms.size() != n.size())
      forms.clear();
    return forms;
  }
  if (!n.IsScalar())
    return forms;
  if (const auto first = first_argument(n.Scalar()))
    forms.push_back(YAML::Node(*first));
  else if (const auto p = number(n); p && *p > 0.0 && *p < 1.0)
    forms = {YAML::Node("0"), YAML::Node("1")};
  return forms;
}

// Every value of the world's behaviour (and of the timeline's actions: an outage's
// share, a pick's sample) that could be simpler, as a key path.
void behaviour_values(const YAML::Node& node, const std::string& path,
                      std::vector<std::string>& out) {
  if (!simpler_forms(node, path).empty()) {
    out.push_back(path);
    return;
  }
  if (node.IsMap()) {
    for (const auto& item : node)
      if (item.first.IsScalar() && item.first.Scalar() != "id" && item.first.Scalar() != "name" &&
          item.first.Scalar() != "at")
        behaviour_values(item.second, path + (path.empty() ? "" : ".") + item.first.Scalar(),
                         out);
  } else if (node.IsSequence()) {
    for (std::size_t i = 0; i < node.size(); ++i)
      behaviour_values(node[i], path + "[" + std::to_string(i) + "]", out);
  }
}

bool simplify_behaviours(YAML::Node& root, tester& test) {
  std::vector<std::string> paths;
  for (const char* section : {"behaviors", "institutions", "mailer", "populations", "timeline"})
    if (const YAML::Node n = root[section])
      behaviour_values(n, section, paths);
  bool changed = false;
  for (const auto& path : paths)
    changed |= try_values(root, path, simpler_forms(at_path(root, path), path), test);
  return changed;
}

bool halve_populations(YAML::Node& root, tester& test) {
  const YAML::Node populations = root["populations"];
  if (!populations || !populations.IsSequence())
    return false;
  bool changed = false;
  for (std::size_t i = 0; i < populations.size(); ++i) {
    const std::string path = "populations[" + std::to_string(i) + "].customers";
    for (auto n = number(at_path(root, path)); n && *n > 1;
         n = number(at_path(root, path))) {
      const auto count = static_cast<long long>(*n);
      // One customer first, then half as many.
      std::vector<YAML::Node> fewer{YAML::Node("1")};
      if (count / 2 > 1)
        fewer.push_back(YAML::Node(std::to_string(count / 2)));
      if (!try_values(root, path, fewer, test))
        break;
      changed = true;
    }
  }
  return changed;
}

// Instants rounded down to the day, the hour, the minute: the first that still
// fails.
bool round_instants(YAML::Node& root, tester& test) {
  const YAML::Node timeline = root["timeline"];
  if (!timeline || !timeline.IsSequence())
    return false;
  bool changed = false;
  for (std::size_t i = 0; i < timeline.size(); ++i) {
    const std::string path = "timeline[" + std::to_string(i) + "].at";
    const YAML::Node at = at_path(root, path);
    const auto d = at && at.IsScalar() ? engine::parse_duration(at.Scalar()) : std::nullopt;
    if (!d)
      continue;
    std::vector<YAML::Node> rounder;
    for (const auto unit : {engine::days(1), engine::hours(1), engine::minutes(1)}) {
      const engine::duration r = *d / unit * unit;
      if (r != *d &&
          std::none_of(rounder.begin(), rounder.end(),
                       [&](const YAML::Node& n) { return n.Scalar() == engine::format_duration(r); }))
        rounder.push_back(YAML::Node(engine::format_duration(r)));
    }
    changed |= try_values(root, path, rounder, test);
  }
  return changed;
}

// The shortest horizon in whole days that still fails (searched as if failing
// were monotone in it, which it nearly always is).
bool cut_horizon(YAML::Node& root, tester& test) {
  const YAML::Node h = root["horizon"];
  const auto horizon = h && h.IsScalar() ? engine::parse_duration(h.Scalar()) : std::nullopt;
  if (!horizon)
    return false;
  long long low = 1, high = (*horizon + engine::days(1) - engine::duration(1)) / engine::days(1);
  bool changed = false;
  while (low <= high && test.can_run()) {
    const long long middle = low + (high - low) / 2;
    const engine::duration tried = engine::days(middle);
    if (tried >= *horizon || // no longer than it was
        try_values(root, "horizon", {YAML::Node(engine::format_duration(tried))}, test)) {
      changed |= tried < *horizon;
      high = middle - 1;
    } else {
      low = middle + 1;
    }
  }
  return changed;
}

// The keys an entry can do without (a customer's behaviour, an institution's
// authentication, an account's TAN expiry): ddmin over each entry's keys. A key the
// format requires, or one another entry refers through, is refused by the loader
// and stays.
bool drop_optional_keys(YAML::Node& root, tester& test) {
  std::vector<std::string> entries;
  for (const char* list : {"customers", "accounts", "institutions", "populations"})
    if (const YAML::Node n = root[list]; n && n.IsSequence())
      for (std::size_t i = 0; i < n.size(); ++i)
        entries.push_back(std::string(list) + "[" + std::to_string(i) + "]");
  if (const YAML::Node customers = root["customers"]; customers && customers.IsSequence())
    for (std::size_t i = 0; i < customers.size(); ++i)
      if (const YAML::Node accounts = customers[i]["accounts"]; accounts && accounts.IsSequence())
        for (std::size_t j = 0; j < accounts.size(); ++j)
          entries.push_back("customers[" + std::to_string(i) + "].accounts[" +
                            std::to_string(j) + "]");
  bool changed = false;
  for (const auto& entry : entries)
    if (at_path(root, entry).IsMap())
      changed |= ddmin(root, entry, test);
  return changed;
}

std::size_t size_of(const YAML::Node& n) { return n && (n.IsSequence() || n.IsMap()) ? n.size() : 0; }

} // namespace

std::size_t entries_of(const YAML::Node& root) {
  std::size_t n = size_of(root["timeline"]) + size_of(root["expect"]) +
                  size_of(root["customers"]) + size_of(root["accounts"]) +
                  size_of(root["populations"]) + size_of(root["institutions"]) +
                  size_of(root["behaviors"]);
  if (const YAML::Node customers = root["customers"]; customers && customers.IsSequence())
    for (const auto& c : customers)
      n += c.IsMap() ? size_of(c["accounts"]) : 0;
  return n;
}

// Rounds of shrinking at the most (each one shrinks, so few are ever needed).
constexpr int max_rounds = 20;

shrink_result shrink_scenario(const YAML::Node& start, const failure& target,
                              const shrink_plan& plan, const judge& run) {
  tester test(target, plan, run);
  YAML::Node root = YAML::Clone(start);
  bool changed = true;
  for (int round = 1; round <= max_rounds && changed && test.can_run(); ++round) {
    test.say("round " + std::to_string(round) + ": " + std::to_string(entries_of(root)) +
             " entries");
    changed = false;
    for (const char* list :
         {"expect", "timeline", "customers", "accounts", "populations", "behaviors"})
      changed |= ddmin(root, list, test);
    if (const YAML::Node customers = root["customers"]; customers && customers.IsSequence())
      for (std::size_t i = 0; i < customers.size(); ++i)
        changed |= ddmin(root, "customers[" + std::to_string(i) + "].accounts", test);
    changed |= ddmin(root, "institutions", test);
    changed |= drop_optional_keys(root, test);
    changed |= halve_populations(root, test);
    changed |= simplify_behaviours(root, test);
    changed |= round_instants(root, test);
    changed |= cut_horizon(root, test);
  }
  // A round that still changed something at the last: not done, stopped.
  return {root, test.runs(), test.stopped() || changed};
}

} // namespace explore
