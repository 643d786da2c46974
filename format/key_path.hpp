#pragma once

// A path to a value in a scenario's YAML, as `--set` and `vary:` write it: keys
// and indexes as in error paths (`platform.link_lifetime`, `timeline[2].at`), and
// a list item named by its `id` or `name` (`timeline[outage].at`,
// `populations[bulk].customers`), which stays right when items come and go.

#include <optional>
#include <string>
#include <vector>
#include <yaml-cpp/yaml.h>

namespace sim {

struct key_step {
  std::string key;  // a mapping's key, or
  long index = -1;  // a list's index, or
  std::string item; // the list item whose `id` or `name` is this
};
using key_path = std::vector<key_step>;

// nullopt when `text` is not a path of keys, indexes and item names.
std::optional<key_path> parse_key_path(const std::string& text);

// The node at `path` in `root`, or nullopt with `why` said.
std::optional<YAML::Node> find_at_key_path(const YAML::Node& root, const key_path& path,
                                           std::string& why);

// `path` with each list item named by id or name replaced by its index in `root`:
// a path that stays right while values along it change (an item's id among them).
std::optional<key_path> indexed_key_path(const YAML::Node& root, const key_path& path,
                                        std::string& why);

// Puts `value` at `path`, making missing mappings on the way (so that
// `platform.link_lifetime=3d` works without a platform section); returns why it
// could not, or an empty text.
std::string put_at_key_path(const YAML::Node& root, const key_path& path,
                            const YAML::Node& value);

} // namespace sim
