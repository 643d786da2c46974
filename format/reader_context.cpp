// The readers of one value, shared by every section: each reports what is wrong
// with the value where it stands and returns nullopt, so a section goes on
// reading and every problem of a file is reported at once.

#include "format/reader.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace sim::reading {

bool is_identifier(const std::string& s) {
  if (s.empty() || s.size() > max_id_length || s.front() == '.' || s.front() == '-')
    return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_' || c == '-' || c == '.';
  });
}

std::string join(const keys& words) {
  std::string out;
  for (const auto& w : words)
    out += (out.empty() ? "" : ", ") + w;
  return out;
}

bool reader_context::check_map(const YAML::Node& node, const std::string& path,
                               const keys& allowed, const keys& required) {
  if (!node.IsMap()) {
    error(node, path, "expected a mapping with keys " + join(allowed));
    return false;
  }
  keys suggested; // a misspelt key already explains its missing twin
  for (const auto& item : node) {
    const YAML::Node& key = item.first;
    if (!key.IsScalar()) {
      error(key, path, "a key must be a plain word");
      continue;
    }
    const std::string& name = key.Scalar();
    if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
      suggested.push_back(did_you_mean(name, allowed));
      error(key, path, "unknown key '" + name + "'" + suggestion_suffix(name, allowed),
            path.empty() ? name : path + "." + name);
    }
  }
  bool complete = true;
  for (const auto& name : required)
    if (!node[name]) {
      complete = false;
      if (std::find(suggested.begin(), suggested.end(), name) != suggested.end())
        continue;
      error(node, path, "missing required key '" + name + "'");
    }
  return complete;
}

std::optional<std::string> reader_context::scalar(const YAML::Node& node,
                                                  const std::string& path,
                                                  const char* what) {
  if (!node.IsScalar() || node.Tag() == "tag:yaml.org,2002:null" ||
      (node.Tag() == "?" && node.Scalar() == "~")) {
    error(node, path, std::string("expected ") + what);
    return std::nullopt;
  }
  return commas_.restore(node);
}

std::optional<std::string> reader_context::identifier(const YAML::Node& node,
                                                      const std::string& path) {
  auto text = scalar(node, path, "an id");
  if (!text)
    return std::nullopt;
  if (!is_identifier(*text)) {
    error(node, path,
          "'" + *text +
              "' is not a valid id: use letters, digits, '_', '-' "
              "and '.' (at most " +
              std::to_string(max_id_length) + " characters)");
    return std::nullopt;
  }
  return text;
}

std::optional<engine::duration> reader_context::duration_value(const YAML::Node& node,
                                                               const std::string& path) {
  auto text = scalar(node, path, "a duration such as 90s, 15m, 36h, 2d or 1d12h");
  if (!text)
    return std::nullopt;
  auto d = engine::parse_duration(*text);
  if (!d) {
    error(node, path,
          "bad duration '" + *text +
              "': expected whole numbers with units s, m, h, d, w, "
              "such as 90s, 15m, 36h, 2d or 1d12h");
    return std::nullopt;
  }
  if (*d > max_horizon) {
    error(node, path,
          "duration " + engine::format_duration(*d) + " is longer than the limit " +
              engine::format_duration(max_horizon));
    return std::nullopt;
  }
  return d;
}

std::optional<engine::duration> reader_context::time_value(const YAML::Node& node,
                                                           const std::string& path,
                                                           bool* is_end) {
  if (node.IsScalar() && node.Scalar() == "end") { // the horizon, wherever a time goes
    if (is_end != nullptr)
      *is_end = true;
    return s_.horizon;
  }
  auto d = duration_value(node, path);
  if (d && horizon_known_ && *d > s_.horizon) {
    error(node, path,
          "time " + engine::format_duration(*d) + " is past the horizon (" +
              engine::format_duration(s_.horizon) + ")");
    return std::nullopt;
  }
  return d;
}

std::optional<std::pair<engine::duration, engine::duration>>
reader_context::time_window(const YAML::Node& node, const std::string& path) {
  if (!node.IsSequence() || node.size() != 2) {
    error(node, path, "expected a window of two times [FROM, TO], such as [2d, end]");
    return std::nullopt;
  }
  auto from = time_value(node[0], path + "[0]");
  auto to = time_value(node[1], path + "[1]");
  if (!from || !to)
    return std::nullopt;
  if (*from > *to) {
    error(node[1], path + "[1]",
          "the window ends (" + engine::format_duration(*to) + ") before it begins (" +
              engine::format_duration(*from) + ")");
    return std::nullopt;
  }
  return std::pair{*from, *to};
}

bool reader_context::optional_probability(const YAML::Node& map, const char* key,
                                          const std::string& path, double& into) {
  const YAML::Node node = map[key];
  if (!node)
    return true;
  const auto p = probability(node, path + "." + key);
  if (p)
    into = *p;
  return p.has_value();
}

std::optional<double> reader_context::probability(const YAML::Node& node,
                                                  const std::string& path) {
  auto text = scalar(node, path, "a probability between 0 and 1");
  if (!text)
    return std::nullopt;
  char* end = nullptr;
  const double p = std::strtod(text->c_str(), &end);
  if (text->empty() || end != text->c_str() + text->size() || !std::isfinite(p)) {
    error(node, path,
          "'" + *text + "' is not a number: expected a probability between 0 and 1");
    return std::nullopt;
  }
  if (p < 0.0 || p > 1.0) {
    error(node, path, "probability " + *text + " is outside [0, 1]");
    return std::nullopt;
  }
  return p;
}

std::optional<engine::distribution>
reader_context::probability_distribution(const YAML::Node& node,
                                         const std::string& path) {
  if (node.IsScalar() && node.Scalar().find('(') == std::string::npos) {
    auto p = probability(node, path);
    if (!p)
      return std::nullopt;
    return engine::distribution::constant(*p);
  }
  auto d = distribution_value(node, path, engine::value_kind::number);
  if (!d)
    return std::nullopt;
  if (d->form != engine::distribution::shape::uniform || d->a < 0.0 || d->b > 1.0) {
    error(node, path,
          "a probability is a number in [0, 1] or uniform(a, b) within [0, 1], "
          "not '" +
              commas_.restore(node) + "'");
    return std::nullopt;
  }
  return d;
}

std::optional<std::uint64_t> reader_context::count(const YAML::Node& node,
                                                   const std::string& path,
                                                   std::uint64_t limit) {
  auto text = scalar(node, path, "a whole number");
  if (!text)
    return std::nullopt;
  const bool digits = !text->empty() && text->size() <= 19 &&
                      std::all_of(text->begin(), text->end(),
                                  [](char c) { return c >= '0' && c <= '9'; });
  if (!digits) {
    error(node, path, "'" + *text + "' is not a whole number >= 0");
    return std::nullopt;
  }
  const std::uint64_t value = std::strtoull(text->c_str(), nullptr, 10);
  if (value > limit) {
    error(node, path, *text + " is larger than the limit " + std::to_string(limit));
    return std::nullopt;
  }
  return value;
}

std::optional<bool> reader_context::boolean(const YAML::Node& node,
                                            const std::string& path) {
  auto text = scalar(node, path, "true or false");
  if (!text)
    return std::nullopt;
  if (*text == "true")
    return true;
  if (*text == "false")
    return false;
  error(node, path, "'" + *text + "' is not true or false");
  return std::nullopt;
}

std::optional<engine::distribution>
reader_context::distribution_value(const YAML::Node& node, const std::string& path,
                                   engine::value_kind kind) {
  const char* what =
      kind == engine::value_kind::time
          ? "a duration or a distribution of durations, such as uniform(2h, 4h)"
          : "a number or a distribution of numbers, such as uniform(1, 3)";
  if (node.IsMap())
    return choice_value(node, path, kind);
  auto text = scalar(node, path, what);
  if (!text)
    return std::nullopt;
  auto parsed = engine::parse_distribution(*text, kind);
  if (!parsed.value) {
    // Wholly of the other kind (`uniform(1, 2)` for a delay): say what the key takes.
    const auto other = kind == engine::value_kind::time ? engine::value_kind::number
                                                        : engine::value_kind::time;
    if (engine::parse_distribution(*text, other).value)
      error(node, path, "'" + *text + "': expected " + what);
    else
      error(node, path, "bad distribution '" + *text + "': " + parsed.error);
    return std::nullopt;
  }
  return parsed.value;
}

// `{value: weight, …}`: one of the values, drawn with the weights.
std::optional<engine::distribution>
reader_context::choice_value(const YAML::Node& node, const std::string& path,
                             engine::value_kind kind) {
  engine::distribution d;
  d.form = engine::distribution::shape::choice;
  d.kind = kind;
  double total = 0;
  bool ok = true;
  for (const auto& kv : node) {
    const std::string key = kv.first.IsScalar() ? kv.first.Scalar() : "";
    auto parsed = engine::parse_distribution(key, kind);
    if (!parsed.value || parsed.value->form != engine::distribution::shape::constant) {
      error(kv.first, path,
            "'" + key + "' is not a choice: expected " +
                (kind == engine::value_kind::time ? "durations" : "numbers") +
                " with weights, such as " +
                (kind == engine::value_kind::time ? "{1h: 0.7, 1d: 0.3}"
                                                  : "{1: 0.6, 2: 0.4}"));
      ok = false;
      continue;
    }
    auto text = scalar(kv.second, path + "." + key, "a weight");
    char* end = nullptr;
    const double weight = text ? std::strtod(text->c_str(), &end) : -1;
    if (!text || end == text->c_str() || *end != '\0' || !(weight >= 0) || weight > 1e9) {
      if (text)
        error(kv.second, path + "." + key,
              "weight '" + *text + "' must be a number >= 0");
      ok = false;
      continue;
    }
    d.choices.push_back(parsed.value->a);
    d.weights.push_back(weight);
    total += weight;
  }
  if (!ok)
    return std::nullopt;
  if (d.choices.empty() || total <= 0) {
    error(node, path, "a choice needs at least one value with a weight above 0");
    return std::nullopt;
  }
  return d;
}

std::vector<std::string> reader_context::identifier_list(const YAML::Node& node,
                                                         const std::string& path) {
  std::vector<std::string> out;
  if (!node.IsSequence()) {
    error(node, path, "expected a list of ids, such as [fca_alice_chk, fca_bob_sav]");
    return out;
  }
  std::set<std::string> seen;
  for (std::size_t i = 0; i < node.size(); ++i) {
    const std::string item_path = path + "[" + std::to_string(i) + "]";
    if (auto id = identifier(node[i], item_path)) {
      if (!seen.insert(*id).second) {
        error(node[i], item_path, "'" + *id + "' is listed twice");
        continue;
      }
      out.push_back(*id);
    }
  }
  return out;
}

} // namespace sim::reading
