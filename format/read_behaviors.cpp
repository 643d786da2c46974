// Behaviours: named profiles of how a customer answers a relink.

#include "format/reader.hpp"

namespace sim::reading {

void scenario_reader::read_behaviors(const YAML::Node& node) {
  if (!node.IsMap()) {
    error(node, "behaviors", "expected a mapping from behaviour names to profiles");
    return;
  }
  for (const auto& item : node) {
    auto name = identifier(item.first, "behaviors");
    if (!name)
      continue;
    const std::string path = "behaviors." + *name;
    if (!check_map(item.second, path,
                   {"opens", "open_after", "completes", "abandons", "picks_other_account",
                    "cancels", "flow_time", "clicks_twice"}))
      continue;
    if (item.second["completes"] && item.second["abandons"]) {
      error(item.second["abandons"], path + ".abandons",
            "use either completes or abandons (abandons is 1 - completes), not both");
      continue;
    }
    behavior_spec b;
    b.name = *name;
    b.where = where(item.first);
    if (auto n = item.second["opens"])
      if (auto p = probability_distribution(n, path + ".opens"))
        b.behavior.opens = *p;
    if (auto n = item.second["open_after"])
      if (auto d = distribution_value(n, path + ".open_after", engine::value_kind::time))
        b.behavior.open_after = *d;
    if (auto n = item.second["completes"])
      if (auto p = probability_distribution(n, path + ".completes"))
        b.behavior.completes = *p;
    if (auto n = item.second["abandons"])
      if (auto p = probability_distribution(n, path + ".abandons")) {
        // completes = 1 - abandons, for a constant or a uniform alike.
        auto c = *p;
        c.a = 1.0 - p->b;
        c.b = 1.0 - p->a;
        if (c.form == engine::distribution::shape::constant)
          c = engine::distribution::constant(1.0 - p->a);
        b.behavior.completes = c;
      }
    if (auto n = item.second["picks_other_account"])
      if (auto p = probability_distribution(n, path + ".picks_other_account"))
        b.behavior.picks_other_account = *p;
    if (auto n = item.second["cancels"])
      if (auto p = probability_distribution(n, path + ".cancels"))
        b.behavior.cancels = *p;
    if (auto n = item.second["clicks_twice"])
      if (auto p = probability_distribution(n, path + ".clicks_twice"))
        b.behavior.clicks_twice = *p;
    if (auto n = item.second["flow_time"])
      if (auto d = distribution_value(n, path + ".flow_time", engine::value_kind::time))
        b.behavior.flow_time = *d;
    s_.behaviors.push_back(std::move(b));
  }
}

} // namespace sim::reading
