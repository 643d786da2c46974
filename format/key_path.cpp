#include "format/key_path.hpp"

namespace sim {
namespace {

// The item of `list` whose `id` is `name`, else the first whose `name` is (an
// institution's `name` is its display name: an id wins over it); -1 when none is.
long item_named(const YAML::Node& list, const std::string& name) {
  for (const char* key : {"id", "name"})
    for (std::size_t i = 0; i < list.size(); ++i) {
      const YAML::Node item = list[i];
      if (!item.IsMap())
        continue;
      if (const YAML::Node id = item[key]; id && id.IsScalar() && id.Scalar() == name)
        return static_cast<long>(i);
    }
  return -1;
}

// Walks every step but the last through existing nodes (making missing mappings
// when `make` is set); returns the parent of the last step, or why it could not.
// `index` is the last step's list index once resolved.
std::optional<YAML::Node> walk(const YAML::Node& root, const key_path& path, bool make,
                               std::string& why, long& index) {
  YAML::Node node = root;
  std::string walked;
  for (std::size_t k = 0; k < path.size(); ++k) {
    const auto& step = path[k];
    const bool last = k + 1 == path.size();
    if (step.key.empty()) { // into a list
      walked += "[" + (step.item.empty() ? std::to_string(step.index) : step.item) + "]";
      if (!node.IsSequence()) {
        why = "'" + walked + "' is not in a list";
        return std::nullopt;
      }
      index = step.item.empty() ? step.index : item_named(node, step.item);
      if (index < 0 || static_cast<std::size_t>(index) >= node.size()) {
        why = "'" + walked + "' does not exist";
        return std::nullopt;
      }
      if (!last)
        node.reset(node[static_cast<std::size_t>(index)]);
      continue;
    }
    walked += (walked.empty() ? "" : ".") + step.key;
    if (!node.IsMap()) {
      why = "'" + walked + "' is not inside a mapping";
      return std::nullopt;
    }
    if (last)
      break;
    if (!node[step.key]) {
      if (!make) {
        why = "'" + walked + "' does not exist";
        return std::nullopt;
      }
      node[step.key] = YAML::Node(YAML::NodeType::Map);
    }
    node.reset(node[step.key]);
  }
  return node;
}

} // namespace

std::optional<key_path> parse_key_path(const std::string& text) {
  key_path path;
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '.') {
      ++i;
      continue;
    }
    if (text[i] != '[') {
      const auto end = text.find_first_of(".[", i);
      path.push_back({text.substr(i, end - i), -1, ""});
      i = end == std::string::npos ? text.size() : end;
      continue;
    }
    const auto close = text.find(']', i);
    if (close == std::string::npos || close == i + 1)
      return std::nullopt;
    const std::string inside = text.substr(i + 1, close - i - 1);
    if (inside.find_first_not_of("0123456789") == std::string::npos) {
      if (inside.size() > 6)
        return std::nullopt;
      path.push_back({"", std::stol(inside), ""});
    } else {
      if (inside.find('[') != std::string::npos)
        return std::nullopt;
      path.push_back({"", -1, inside});
    }
    i = close + 1;
  }
  if (path.empty())
    return std::nullopt;
  return path;
}

std::optional<YAML::Node> find_at_key_path(const YAML::Node& root, const key_path& path,
                                           std::string& why) {
  long index = -1;
  auto parent = walk(root, path, false, why, index);
  if (!parent)
    return std::nullopt;
  const auto& last = path.back();
  if (last.key.empty())
    return (*parent)[static_cast<std::size_t>(index)];
  const YAML::Node& constant = *parent; // reading must not add the key
  YAML::Node found = constant[last.key];
  if (!found) {
    why = "'" + last.key + "' does not exist there";
    return std::nullopt;
  }
  return found;
}

std::optional<key_path> indexed_key_path(const YAML::Node& root, const key_path& path,
                                        std::string& why) {
  key_path out;
  for (std::size_t k = 0; k < path.size(); ++k) {
    key_path step(path.begin(), path.begin() + static_cast<long>(k) + 1);
    out.push_back(path[k]);
    if (path[k].item.empty())
      continue;
    long index = -1;
    if (!walk(root, step, false, why, index))
      return std::nullopt;
    out.back() = {"", index, ""};
  }
  return out;
}

std::string put_at_key_path(const YAML::Node& root, const key_path& path,
                            const YAML::Node& value) {
  std::string why;
  long index = -1;
  auto parent = walk(root, path, true, why, index);
  if (!parent)
    return why;
  const auto& last = path.back();
  if (last.key.empty())
    (*parent)[static_cast<std::size_t>(index)] = value;
  else
    (*parent)[last.key] = value;
  return {};
}

} // namespace sim
