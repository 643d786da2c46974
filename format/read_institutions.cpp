// Institutions: the banks accounts are held at, with their auth and TAN settings.

#include "format/reader.hpp"

namespace sim::reading {

void scenario_reader::read_institutions(const YAML::Node& node) {
  if (!node.IsSequence()) {
    error(node, "institutions", "expected a list of institutions");
    return;
  }
  std::set<std::string> ids;
  for (std::size_t i = 0; i < node.size(); ++i) {
    const std::string path = "institutions[" + std::to_string(i) + "]";
    const YAML::Node item = node[i];
    if (!check_map(item, path, {"id", "name", "auth", "tans"}, {"id"}))
      continue;
    institution_spec inst;
    inst.where = where(item);
    auto id = identifier(item["id"], path + ".id");
    if (!id)
      continue;
    if (!ids.insert(*id).second)
      error(item["id"], path + ".id", "institution '" + *id + "' is defined twice");
    inst.id = *id;
    inst.name = *id;
    if (auto n = item["name"])
      if (auto t = scalar(n, path + ".name", "a name"))
        inst.name = *t;
    if (auto auth = item["auth"];
        auth && check_map(auth, path + ".auth", {"success", "latency"})) {
      if (auto n = auth["success"])
        if (auto p = probability(n, path + ".auth.success"))
          inst.auth_success = *p;
      if (auto n = auth["latency"])
        if (auto d =
                distribution_value(n, path + ".auth.latency", engine::value_kind::time))
          inst.auth_latency = *d;
    }
    if (auto tans = item["tans"];
        tans && check_map(tans, path + ".tans", {"lifetime", "activation"})) {
      if (auto n = tans["lifetime"])
        if (auto d = duration_value(n, path + ".tans.lifetime")) {
          if (*d <= engine::duration{0})
            error(n, path + ".tans.lifetime", "a TAN's lifetime must be longer than 0s");
          else
            inst.tan_lifetime = *d;
        }
      if (auto n = tans["activation"])
        if (auto d = duration_value(n, path + ".tans.activation"))
          inst.tan_activation = *d;
    }
    s_.institutions.push_back(std::move(inst));
  }
}

} // namespace sim::reading
