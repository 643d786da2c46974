#include "format/loader.hpp"

#include "engine/utf8.hpp"

#include "domain/events.hpp"
#include "format/metric_names.hpp"
#include "format/populations.hpp"
#include "format/source_text.hpp"
#include "format/yaml_prescan.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <tuple>

namespace sim {
namespace {

using keys = std::vector<std::string>;

// FNV-1a, 64 bits: a fingerprint of what a run read, for reports (not security).
void mix(std::uint64_t& hash, std::string_view bytes) {
  for (unsigned char c : bytes) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
}

std::string hex(std::uint64_t value) {
  static const char digits[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, value >>= 4)
    out[static_cast<std::size_t>(i)] = digits[value & 0xf];
  return out;
}

const keys top_level_keys{"scenario", "title",    "tags",      "seed",
                          "start",    "horizon",  "mode",      "platform",
                          "institutions", "behaviors", "customers", "accounts",
                          "populations", "mailer", "include", "timeline", "expect"};
const keys selector_words{"all", "eligible", "inactive", "expiring"};
const keys available_actions{"revoke",     "expire_access", "require_reauth",
                             "close_account", "schedule_deactivation", "expire_tan",
                             "disconnect", "outage",        "payment",
                             "mailer_outage", "bounce",     "set_email",
                             "set_behavior", "create_relink_session", "refresh",
                             "webhook_faults", "request_relink"};
const keys expectation_kinds{"request",  "account", "event",   "emails",
                             "payments", "session", "webhooks", "metric"};

bool is_identifier(const std::string& s) {
  if (s.empty() || s.size() > max_id_length || s.front() == '.' || s.front() == '-')
    return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_' || c == '-' || c == '.';
  });
}

template <class Enum, std::size_t N>
keys names_of(const std::array<Enum, N>& all) {
  using actors::to_string;
  keys out;
  for (Enum e : all)
    out.emplace_back(to_string(e));
  return out;
}

// The path, absolute and with symbolic links resolved as far as they exist; when
// that fails (a name too long, a loop of links), absolute and normalised only.
std::filesystem::path canonical_or_plain(const std::filesystem::path& path) {
  namespace fs = std::filesystem;
  std::error_code error;
  fs::path absolute = fs::absolute(path.empty() ? fs::path(".") : path, error);
  if (error)
    absolute = path;
  fs::path resolved = fs::weakly_canonical(absolute, error);
  return error ? absolute.lexically_normal() : resolved;
}

std::string too_many_nodes_message() {
  return "more than " + std::to_string(max_yaml_nodes) +
         " YAML nodes (values, keys, lists and mappings; an alias counts the nodes it "
         "names; includes count too): generate large worlds with populations";
}

std::string join(const keys& words) {
  std::string out;
  for (const auto& w : words)
    out += (out.empty() ? "" : ", ") + w;
  return out;
}

// YAML splits a flow mapping at every comma, so `{latency: uniform(20s, 2m)}` --
// the form the format documents -- would read as `uniform(20s` and a key `2m)`.
// Before parsing, commas inside a distribution call are replaced by ';' in place
// (columns unchanged, so every error still points at the right character), and
// their positions are kept so that scalars read back the original text.
struct protected_commas {
  std::set<std::pair<int, int>> positions; // (line, column), 0-based as yaml-cpp marks

  std::string restore(const YAML::Node& node) const {
    std::string text = node.Scalar();
    if (positions.empty())
      return text;
    const int line = node.Mark().line;
    const int column = node.Mark().column;
    for (std::size_t i = 0; i < text.size(); ++i)
      if (text[i] == ';' && positions.count({line, column + static_cast<int>(i)}) > 0)
        text[i] = ',';
    return text;
  }
};

std::string protect_distribution_commas(std::string text, protected_commas& marks) {
  int line = 0, column = 0;
  char quote = 0;
  bool comment = false;
  // The last character other than a space on this line, outside quotes: a quote
  // opens a scalar only where one can start (line start, or after ": ", "- ", "[",
  // "{", ","), so the apostrophe in `title: Bob's bank` is just a letter.
  char last = '\n';
  for (std::size_t i = 0; i < text.size(); ++i, ++column) {
    const char c = text[i];
    if (c == '\n') {
      line++, column = -1, comment = false, last = '\n';
      continue; // quoted scalars may span lines
    }
    if (comment)
      continue;
    if (quote != 0) {
      if (c == '\\' && quote == '"')
        ++i, ++column;
      else if (c == quote)
        quote = 0;
      continue;
    }
    const bool scalar_start = last == '\n' || last == ':' || last == '-' || last == '[' ||
                              last == '{' || last == ',' || last == '?';
    if ((c == '"' || c == '\'') && scalar_start) {
      quote = c;
      continue;
    }
    if (c != ' ' && c != '\t')
      last = c;
    if (c == '#' && (i == 0 || text[i - 1] == ' ' || text[i - 1] == '\t')) {
      comment = true;
      continue;
    }
    const bool word_start = i == 0 || !(std::isalnum(static_cast<unsigned char>(text[i - 1])) ||
                                        text[i - 1] == '_');
    if (!word_start)
      continue;
    // Any `word(` call, not only the known distributions, so that a misspelt one
    // (`gauss(1m, 2m)`) reads as one value and is reported as such.
    std::size_t length = 0;
    while (i + length < text.size() &&
           (std::isalnum(static_cast<unsigned char>(text[i + length])) || text[i + length] == '_'))
      ++length;
    if (length == 0 || i + length >= text.size() || text[i + length] != '(')
      continue;
    ++length; // the '('
    std::size_t j = i + length;
    int col = column + static_cast<int>(length);
    for (; j < text.size() && text[j] != ')' && text[j] != '\n'; ++j, ++col)
      if (text[j] == ',') {
        text[j] = ';';
        marks.positions.insert({line, col});
      }
  }
  return text;
}

// The first byte that is not UTF-8, as line and column (defined below).
std::optional<std::pair<int, int>> first_non_utf8(const std::string& text);

class loader {
public:
  loader(std::string file, std::vector<override_value> overrides)
    : overrides_(std::move(overrides)), file_(file) {
    s_.file = std::move(file);
  }

  load_result load(const std::string& text);

private:
  // -- reporting -------------------------------------------------------------
  // The override a YAML path came from, if any (its own path, or one inside it).
  const override_value* override_for(const std::string& path) const {
    for (const auto& o : overrides_)
      if (path == o.path || path.rfind(o.path + ".", 0) == 0 || path.rfind(o.path + "[", 0) == 0 ||
          o.path.rfind(path + ".", 0) == 0)
        return &o;
    return nullptr;
  }
  // `subject`: the path of what is wrong when `path` is its parent (unknown keys).
  void error(const YAML::Mark& mark, const std::string& path, std::string message,
             const std::string& subject = {}) {
    // A value that came from --set has no place in the file: name the override.
    if (const auto* o = override_for(subject.empty() ? path : subject)) {
      errors_.push_back({"--set " + o->path + "=" + o->value, 1, 1, std::move(message), path});
      return;
    }
    errors_.push_back({file_, mark.line + 1, mark.column + 1, std::move(message), path});
  }
  void apply_overrides(YAML::Node& root);
  void error(const YAML::Node& node, const std::string& path, std::string message,
             const std::string& subject = {}) {
    error(node.Mark(), path, std::move(message), subject);
  }
  static YAML::Mark mark_at(const source_location& where) {
    YAML::Mark m;
    m.line = where.line - 1;
    m.column = where.column - 1;
    return m;
  }
  static source_location where(const YAML::Node& node) {
    return {node.Mark().line + 1, node.Mark().column + 1};
  }

  // Did-you-mean within the scenario's budget (max_suggestion_work): empty once
  // it is spent. They hide sim::'s own inside the loader.
  bool afford_suggestion(std::size_t word_size, std::uint64_t candidate_chars,
                         std::size_t candidates) {
    const std::uint64_t cost = (word_size + 1) * (candidate_chars + candidates);
    if (cost > max_suggestion_work - suggestion_work_)
      return false;
    suggestion_work_ += cost;
    return true;
  }
  bool afford_suggestion(std::string_view word, const keys& candidates) {
    std::uint64_t chars = 0;
    for (const auto& c : candidates)
      chars += c.size();
    return afford_suggestion(word.size(), chars, candidates.size());
  }
  std::string did_you_mean(std::string_view word, const keys& candidates) {
    return afford_suggestion(word, candidates) ? sim::did_you_mean(word, candidates)
                                               : std::string();
  }
  std::string suggestion_suffix(std::string_view word, const keys& candidates) {
    return afford_suggestion(word, candidates) ? sim::suggestion_suffix(word, candidates)
                                               : std::string();
  }

  // -- typed readers: report and return nullopt on bad input -----------------
  bool check_map(const YAML::Node& node, const std::string& path, const keys& allowed,
                 const keys& required = {});
  std::optional<std::string> scalar(const YAML::Node& node, const std::string& path,
                                    const char* what);
  std::optional<std::string> identifier(const YAML::Node& node, const std::string& path);
  std::optional<engine::duration> duration_value(const YAML::Node& node,
                                                 const std::string& path);
  std::optional<double> probability(const YAML::Node& node, const std::string& path);
  std::optional<engine::distribution> probability_distribution(const YAML::Node& node,
                                                               const std::string& path);
  std::optional<std::uint64_t> count(const YAML::Node& node, const std::string& path,
                                     std::uint64_t limit);
  std::optional<bool> boolean(const YAML::Node& node, const std::string& path);
  std::optional<engine::distribution> distribution_value(const YAML::Node& node,
                                                         const std::string& path,
                                                         engine::value_kind kind);
  std::optional<engine::distribution> choice_value(const YAML::Node& node,
                                                   const std::string& path,
                                                   engine::value_kind kind);
  std::vector<std::string> identifier_list(const YAML::Node& node, const std::string& path);
  // `T`, or `end` (the horizon) when allowed; checked against the horizon.
  std::optional<engine::duration> time_value(const YAML::Node& node, const std::string& path,
                                             bool* is_end = nullptr);
  // `[T1, T2]`: two times, the first not after the second.
  std::optional<std::pair<engine::duration, engine::duration>>
  time_window(const YAML::Node& node, const std::string& path);

  // -- sections --------------------------------------------------------------
  void read_header(const YAML::Node& root);
  void read_platform(const YAML::Node& node);
  void read_policy(const YAML::Node& node);
  bool parse(const std::string& text, YAML::Node& root);
  bool check_utf8(const std::string& text);
  void read_sections(const YAML::Node& root);
  void read_includes(const YAML::Node& list);
  void read_fragment(const std::string& text, const std::string& label,
                     const std::string& canonical);
  void read_auto_relink(const YAML::Node& node);
  void read_mailer(const YAML::Node& node);
  void read_institutions(const YAML::Node& node);
  void read_behaviors(const YAML::Node& node);
  void read_customers(const YAML::Node& node);
  void read_account(const YAML::Node& node, const std::string& path,
                    const std::string& holder);
  void read_profile(const YAML::Node& node, const std::string& path, account_profile& p);
  void read_category(const YAML::Node& node, const std::string& path, account_profile& p);
  void read_permissions(const YAML::Node& node, const std::string& path, account_profile& p);
  template <class Enum, std::size_t N>
  std::optional<Enum> word(const YAML::Node& node, const std::string& path, const char* what,
                           const std::array<Enum, N>& all);
  template <class Enum, std::size_t N>
  std::optional<enum_set<Enum>> word_set(const YAML::Node& node, const std::string& path,
                                         const char* what, const std::array<Enum, N>& all);
  std::optional<std::string> nullable_text(const YAML::Node& node, const std::string& path,
                                           const char* what, account_profile::text_state& state);
  void check_profiles();
  void read_timeline(const YAML::Node& node);
  std::optional<timeline_action> read_action(const std::string& name, const YAML::Node& body,
                                             const std::string& path);
  void read_expectations(const YAML::Node& node);
  std::optional<expectation_body> read_expectation(const YAML::Node& node,
                                                   const std::string& path);
  void check_references();
  void check_population_ids();

  // -- references checked once everything is read ----------------------------
  struct reference {
    enum class kind {
      account,
      authorization,
      institution,
      behavior,
      request,
      population,
      customer,
      session
    };
    kind what;
    std::string id;
    YAML::Mark mark;
    std::string path;
    std::string file; // the scenario or the fragment it was written in
  };
  void refer(reference::kind what, const std::string& id, const YAML::Node& node,
             const std::string& path) {
    references_.push_back({what, id, node.Mark(), path, file_});
  }

  void read_populations(const YAML::Node& node);
  std::optional<weighted_names> weighted_choice(const YAML::Node& node, const std::string& path,
                                                reference::kind what);
  std::optional<actors::account_selector> read_selector(const YAML::Node& node,
                                                        const std::string& path);
  std::optional<account_pick> read_pick(const YAML::Node& node, const std::string& path);

  scenario s_;
  std::vector<override_value> overrides_;
  std::string file_;            // the file being read: the scenario, or a fragment
  std::vector<std::string> include_stack_; // canonical paths, for cycles
  std::size_t fragments_read_ = 0;
  std::size_t bytes_read_ = 0;  // of the scenario and its fragments, see max_file_bytes
  std::uint64_t nodes_read_ = 0; // likewise, see max_yaml_nodes
  std::uint64_t suggestion_work_ = 0;  // see afford_suggestion
  std::uint64_t timeline_entries_ = 0; // once per time, see max_timeline_entries
  bool timeline_full_ = false;         // reported once
  std::set<std::string> fragments_seen_;
  protected_commas commas_;
  std::vector<diagnostic> errors_;
  std::vector<reference> references_;
  std::set<std::string> account_ids_;
  keys declared_requests_;
  keys declared_sessions_;
  // What each account's permissions must allow (refreshes, debits), checked once
  // every account is read; accounts that state no permissions get them instead.
  struct permission_use {
    std::string account;
    account_permission needs;
    std::string what; // "a balance refresh"
    YAML::Mark mark;
    std::string path;
    std::string file;
  };
  std::vector<permission_use> permission_uses_;
  // Where each listed account is written, and whether it states its permissions.
  struct account_place {
    YAML::Mark mark; // of `permissions` when stated, else of the account
    std::string path, file;
    bool permissions_stated = false;
  };
  std::map<std::string, account_place> account_places_;
  bool horizon_known_ = false;
  std::uint64_t hash_ = 14695981039346656037ull; // of every text read, see mix()
};

bool loader::check_map(const YAML::Node& node, const std::string& path, const keys& allowed,
                       const keys& required) {
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

std::optional<std::string> loader::scalar(const YAML::Node& node, const std::string& path,
                                          const char* what) {
  if (!node.IsScalar() || node.Tag() == "tag:yaml.org,2002:null" ||
      (node.Tag() == "?" && node.Scalar() == "~")) {
    error(node, path, std::string("expected ") + what);
    return std::nullopt;
  }
  return commas_.restore(node);
}

std::optional<std::string> loader::identifier(const YAML::Node& node, const std::string& path) {
  auto text = scalar(node, path, "an id");
  if (!text)
    return std::nullopt;
  if (!is_identifier(*text)) {
    error(node, path, "'" + *text + "' is not a valid id: use letters, digits, '_', '-' "
                      "and '.' (at most " + std::to_string(max_id_length) + " characters)");
    return std::nullopt;
  }
  return text;
}

std::optional<engine::duration> loader::duration_value(const YAML::Node& node,
                                                       const std::string& path) {
  auto text = scalar(node, path, "a duration such as 90s, 15m, 36h, 2d or 1d12h");
  if (!text)
    return std::nullopt;
  auto d = engine::parse_duration(*text);
  if (!d) {
    error(node, path, "bad duration '" + *text +
                        "': expected whole numbers with units s, m, h, d, w, "
                        "such as 90s, 15m, 36h, 2d or 1d12h");
    return std::nullopt;
  }
  if (*d > max_horizon) {
    error(node, path, "duration " + engine::format_duration(*d) + " is longer than the limit " +
                        engine::format_duration(max_horizon));
    return std::nullopt;
  }
  return d;
}

std::optional<engine::duration> loader::time_value(const YAML::Node& node,
                                                   const std::string& path, bool* is_end) {
  if (node.IsScalar() && node.Scalar() == "end") { // the horizon, wherever a time goes
    if (is_end != nullptr)
      *is_end = true;
    return s_.horizon;
  }
  auto d = duration_value(node, path);
  if (d && horizon_known_ && *d > s_.horizon) {
    error(node, path, "time " + engine::format_duration(*d) + " is past the horizon (" +
                        engine::format_duration(s_.horizon) + ")");
    return std::nullopt;
  }
  return d;
}

std::optional<std::pair<engine::duration, engine::duration>>
loader::time_window(const YAML::Node& node, const std::string& path) {
  if (!node.IsSequence() || node.size() != 2) {
    error(node, path, "expected a window of two times [FROM, TO], such as [2d, end]");
    return std::nullopt;
  }
  auto from = time_value(node[0], path + "[0]");
  auto to = time_value(node[1], path + "[1]");
  if (!from || !to)
    return std::nullopt;
  if (*from > *to) {
    error(node[1], path + "[1]", "the window ends (" + engine::format_duration(*to) +
                                   ") before it begins (" + engine::format_duration(*from) + ")");
    return std::nullopt;
  }
  return std::pair{*from, *to};
}

std::optional<double> loader::probability(const YAML::Node& node, const std::string& path) {
  auto text = scalar(node, path, "a probability between 0 and 1");
  if (!text)
    return std::nullopt;
  char* end = nullptr;
  const double p = std::strtod(text->c_str(), &end);
  if (text->empty() || end != text->c_str() + text->size() || !std::isfinite(p)) {
    error(node, path, "'" + *text + "' is not a number: expected a probability between 0 and 1");
    return std::nullopt;
  }
  if (p < 0.0 || p > 1.0) {
    error(node, path, "probability " + *text + " is outside [0, 1]");
    return std::nullopt;
  }
  return p;
}

std::optional<engine::distribution> loader::probability_distribution(const YAML::Node& node,
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
    error(node, path, "a probability is a number in [0, 1] or uniform(a, b) within [0, 1], "
                      "not '" + commas_.restore(node) + "'");
    return std::nullopt;
  }
  return d;
}

std::optional<std::uint64_t> loader::count(const YAML::Node& node, const std::string& path,
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

std::optional<bool> loader::boolean(const YAML::Node& node, const std::string& path) {
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

std::optional<engine::distribution> loader::distribution_value(const YAML::Node& node,
                                                               const std::string& path,
                                                               engine::value_kind kind) {
  const char* what = kind == engine::value_kind::time
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
std::optional<engine::distribution> loader::choice_value(const YAML::Node& node,
                                                         const std::string& path,
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
              (kind == engine::value_kind::time ? "{1h: 0.7, 1d: 0.3}" : "{1: 0.6, 2: 0.4}"));
      ok = false;
      continue;
    }
    auto text = scalar(kv.second, path + "." + key, "a weight");
    char* end = nullptr;
    const double weight = text ? std::strtod(text->c_str(), &end) : -1;
    if (!text || end == text->c_str() || *end != '\0' || !(weight >= 0) || weight > 1e9) {
      if (text)
        error(kv.second, path + "." + key, "weight '" + *text + "' must be a number >= 0");
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

std::vector<std::string> loader::identifier_list(const YAML::Node& node,
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

void loader::read_header(const YAML::Node& root) {
  if (auto n = root["scenario"]) {
    if (auto id = identifier(n, "scenario"))
      s_.name = *id;
  } else {
    error(root, "", "missing required key 'scenario' (the scenario's id)");
  }
  if (auto n = root["title"])
    if (auto t = scalar(n, "title", "a one-line title"))
      s_.title = *t;
  if (auto n = root["tags"]) {
    if (!n.IsSequence())
      error(n, "tags", "expected a list of words, such as [outage, hosted-email]");
    else
      for (std::size_t i = 0; i < n.size(); ++i)
        if (auto t = identifier(n[i], "tags[" + std::to_string(i) + "]"))
          s_.tags.push_back(*t);
  }
  if (auto n = root["seed"])
    if (auto v = count(n, "seed", max_seed))
      s_.seed = *v;
  s_.start_text = "2026-01-01T00:00:00Z";
  if (auto n = root["start"]) {
    if (auto t = scalar(n, "start", "a UTC time such as 2026-03-02T09:00:00Z")) {
      if (engine::parse_utc_timestamp(*t))
        s_.start_text = *t;
      else
        error(n, "start", "bad start '" + *t + "': expected a UTC time such as 2026-03-02T09:00:00Z");
    }
  }
  s_.start_unix_seconds = *engine::parse_utc_timestamp(s_.start_text);
  if (auto n = root["horizon"]) {
    if (auto d = duration_value(n, "horizon")) {
      if (*d <= engine::duration{0})
        error(n, "horizon", "the horizon must be longer than 0s");
      else if (*d > max_horizon)
        error(n, "horizon", "horizon " + engine::format_duration(*d) + " is longer than the limit " +
                              engine::format_duration(max_horizon));
      else {
        s_.horizon = *d;
        horizon_known_ = true;
      }
    }
  } else {
    error(root, "", "missing required key 'horizon' (how long to simulate, such as 21d)");
  }
  // Reports write times as RFC 3339, whose years end at 9999.
  if (horizon_known_ &&
      s_.start_unix_seconds + s_.horizon.count() / 1000 > latest_unix_seconds) {
    const YAML::Node n = root["horizon"];
    error(n, "horizon", "start " + s_.start_text + " plus the horizon " +
                          engine::format_duration(s_.horizon) + " ends after " +
                          engine::format_utc_timestamp(latest_unix_seconds) +
                          ": times are written as RFC 3339, whose years end at 9999");
  }
  if (auto n = root["mode"]) {
    if (auto m = scalar(n, "mode", "sandbox or live")) {
      if (*m == "sandbox")
        s_.mode = actors::platform_mode::sandbox;
      else if (*m == "live")
        s_.mode = actors::platform_mode::live;
      else
        error(n, "mode", "unknown mode '" + *m + "': expected sandbox or live" +
                           suggestion_suffix(*m, {"sandbox", "live"}));
    }
  }
}

void loader::read_auto_relink(const YAML::Node& node) {
  const std::string path = "platform.policy.auto_relink";
  if (!check_map(node, path, {"on", "delivery", "after", "channel"}, {"on"}))
    return;
  auto& p = s_.platform.auto_relink;
  const keys triggers{"deactivated", "upcoming_account_number_expiry", "upcoming_deactivation"};
  const YAML::Node on = node["on"];
  if (!on.IsSequence() || on.size() == 0) {
    error(on, path + ".on", "expected a list of events, such as [deactivated, "
                            "upcoming_account_number_expiry]");
    return;
  }
  for (std::size_t i = 0; i < on.size(); ++i) {
    const std::string item_path = path + ".on[" + std::to_string(i) + "]";
    auto word = scalar(on[i], item_path, "an event");
    if (!word)
      continue;
    if (*word == "deactivated")
      p.on_deactivated = true;
    else if (*word == "upcoming_account_number_expiry")
      p.on_upcoming_account_number_expiry = true;
    else if (*word == "upcoming_deactivation")
      p.on_upcoming_deactivation = true;
    else
      error(on[i], item_path, "auto_relink cannot react to '" + *word + "'" +
                                suggestion_suffix(*word, triggers) + "; it reacts to " +
                                join(triggers));
  }
  if (auto n = node["delivery"]) {
    auto d = scalar(n, path + ".delivery", "email or url");
    if (d && *d != "email" && *d != "url")
      error(n, path + ".delivery", "unknown delivery '" + *d + "': expected email or url");
    else if (d)
      p.delivery = *d;
  }
  if (auto n = node["channel"])
    if (auto c = identifier(n, path + ".channel"))
      p.channel = *c;
  if (auto n = node["after"])
    if (auto d = duration_value(n, path + ".after"))
      p.after = *d;
}

void loader::read_policy(const YAML::Node& node) {
  if (!check_map(node, "platform.policy", {"payments", "auto_relink"}))
    return;
  if (auto n = node["auto_relink"])
    read_auto_relink(n);
  const YAML::Node payments = node["payments"];
  if (!payments)
    return;
  const std::string path = "platform.policy.payments";
  if (!check_map(payments, path, {"every", "amount", "retry"}, {"every", "amount"}))
    return;
  auto& p = s_.platform.payments;
  if (auto every = duration_value(payments["every"], path + ".every")) {
    if (*every < engine::hours(1))
      error(payments["every"], path + ".every", "payments run at most hourly (every >= 1h)");
    else
      p.every = *every;
  }
  if (auto amount = count(payments["amount"], path + ".amount", max_payment_cents))
    p.amount = static_cast<std::int64_t>(*amount);
  if (auto retry = payments["retry"];
      retry && check_map(retry, path + ".retry", {"after", "max"}, {"after", "max"})) {
    if (auto after = duration_value(retry["after"], path + ".retry.after")) {
      if (*after <= engine::duration{0})
        error(retry["after"], path + ".retry.after", "a retry waits longer than 0s");
      else
        p.retry_after = *after;
    }
    if (auto max = count(retry["max"], path + ".retry.max", max_payment_retries))
      p.retries = static_cast<std::uint32_t>(*max);
  }
}

void loader::read_mailer(const YAML::Node& node) {
  if (!check_map(node, "mailer", {"latency", "bounce_rate"}))
    return;
  if (auto n = node["latency"])
    if (auto d = distribution_value(n, "mailer.latency", engine::value_kind::time))
      s_.mailer.latency = *d;
  if (auto n = node["bounce_rate"])
    if (auto p = probability(n, "mailer.bounce_rate"))
      s_.mailer.bounce_rate = *p;
}

void loader::read_platform(const YAML::Node& node) {
  if (!check_map(node, "platform", {"confirmed_emails", "connect", "link_lifetime", "policy"}))
    return;
  if (auto n = node["policy"])
    read_policy(n);
  if (auto n = node["confirmed_emails"]) {
    if (!n.IsSequence())
      error(n, "platform.confirmed_emails", "expected a list of email addresses");
    else
      for (std::size_t i = 0; i < n.size(); ++i)
        if (auto e = scalar(n[i], "platform.confirmed_emails[" + std::to_string(i) + "]",
                            "an email address"))
          s_.platform.confirmed_emails.push_back(*e);
  }
  if (auto n = node["connect"])
    if (auto b = boolean(n, "platform.connect"))
      s_.platform.connect = *b;
  if (auto n = node["link_lifetime"])
    if (auto d = duration_value(n, "platform.link_lifetime")) {
      if (*d <= engine::duration{0})
        error(n, "platform.link_lifetime", "link_lifetime must be longer than 0s");
      else
        s_.platform.link_lifetime = *d;
    }
}

void loader::read_institutions(const YAML::Node& node) {
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
    if (auto auth = item["auth"]; auth && check_map(auth, path + ".auth", {"success", "latency"})) {
      if (auto n = auth["success"])
        if (auto p = probability(n, path + ".auth.success"))
          inst.auth_success = *p;
      if (auto n = auth["latency"])
        if (auto d = distribution_value(n, path + ".auth.latency", engine::value_kind::time))
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

void loader::read_behaviors(const YAML::Node& node) {
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

void loader::read_account(const YAML::Node& node, const std::string& path,
                          const std::string& holder) {
  if (!check_map(node, path,
                 {"id", "institution", "tan_expires", "display_name", "category", "subcategory",
                  "last4", "permissions", "subscriptions", "balance"},
                 {"id", "institution"}))
    return;
  account_spec a;
  a.where = where(node);
  a.holder = holder;
  auto id = identifier(node["id"], path + ".id");
  auto institution = identifier(node["institution"], path + ".institution");
  if (!id || !institution)
    return;
  a.id = *id;
  a.institution = *institution;
  a.authorization = actors::authorization_id(holder, a.institution, a.id);
  refer(reference::kind::institution, a.institution, node["institution"], path + ".institution");
  if (auto n = node["tan_expires"])
    a.tan_expires = duration_value(n, path + ".tan_expires");
  read_profile(node, path, a.profile);
  const bool stated = node["permissions"].IsDefined();
  account_places_.emplace(a.id, account_place{stated ? node["permissions"].Mark() : node.Mark(),
                                              stated ? path + ".permissions" : path, file_,
                                              stated});
  if (!account_ids_.insert(a.id).second) {
    error(node["id"], path + ".id", "account '" + a.id + "' is defined twice");
    return;
  }
  s_.accounts.push_back(std::move(a));
}

template <class Enum, std::size_t N>
std::optional<Enum> loader::word(const YAML::Node& node, const std::string& path,
                                 const char* what, const std::array<Enum, N>& all) {
  const keys names = names_of(all);
  auto text = scalar(node, path, (std::string("one of ") + join(names)).c_str());
  if (!text)
    return std::nullopt;
  auto value = actors::from_string(all, *text);
  if (!value)
    error(node, path, "unknown " + std::string(what) + " '" + *text + "'" +
                        suggestion_suffix(*text, names) + "; expected one of " + join(names));
  return value;
}

// A list of distinct words of one vocabulary, such as [payment_method, balances].
template <class Enum, std::size_t N>
std::optional<enum_set<Enum>> loader::word_set(const YAML::Node& node, const std::string& path,
                                               const char* what,
                                               const std::array<Enum, N>& all) {
  if (!node.IsSequence()) {
    error(node, path, "expected a list of " + std::string(what) + "s, each one of " +
                        join(names_of(all)));
    return std::nullopt;
  }
  enum_set<Enum> out;
  bool ok = true;
  for (std::size_t i = 0; i < node.size(); ++i) {
    const std::string item_path = path + "[" + std::to_string(i) + "]";
    auto value = word(node[i], item_path, what, all);
    if (value && out.has(*value)) {
      error(node[i], item_path, "'" + std::string(to_string(*value)) + "' is listed twice");
      value.reset();
    }
    if (value)
      out.add(*value);
    ok = ok && value.has_value();
  }
  if (!ok)
    return std::nullopt;
  return out;
}

// A text Stripe may leave null: `null` says so; leaving the key out takes the default.
std::optional<std::string> loader::nullable_text(const YAML::Node& node, const std::string& path,
                                                 const char* what,
                                                 account_profile::text_state& state) {
  if (node.IsNull()) {
    state = account_profile::text_state::null;
    return std::nullopt;
  }
  auto text = scalar(node, path, what);
  if (text)
    state = account_profile::text_state::stated;
  return text;
}

// `category` and `subcategory`: either alone implies the other; both must pair
// as Stripe pairs them.
void loader::read_category(const YAML::Node& node, const std::string& path,
                           account_profile& p) {
  std::optional<account_category> category;
  std::optional<account_subcategory> subcategory;
  if (auto n = node["category"])
    category = word(n, path + ".category", "category", all_account_categories);
  if (auto n = node["subcategory"])
    subcategory = word(n, path + ".subcategory", "subcategory", all_account_subcategories);
  if ((node["category"] && !category) || (node["subcategory"] && !subcategory))
    return;
  if (category && subcategory && !fits(*category, *subcategory)) {
    keys fitting;
    for (auto s : all_account_subcategories)
      if (fits(*category, s))
        fitting.emplace_back(to_string(s));
    error(node["subcategory"], path + ".subcategory",
          "a " + std::string(to_string(*category)) + " account's subcategory is one of " +
            join(fitting) + ", not '" + std::string(to_string(*subcategory)) + "'");
    return;
  }
  p.category = category ? *category : subcategory ? category_of(*subcategory) : p.category;
  p.subcategory = subcategory ? *subcategory : default_subcategory(p.category);
}

void loader::read_permissions(const YAML::Node& node, const std::string& path,
                              account_profile& p) {
  bool permissions_read = true;
  if (auto n = node["permissions"]) {
    auto set = word_set(n, path + ".permissions", "permission", all_account_permissions);
    if (set)
      p.permissions = *set;
    permissions_read = set.has_value();
  }
  const YAML::Node n = node["subscriptions"];
  if (!n)
    return;
  auto set = word_set(n, path + ".subscriptions", "subscription", all_account_subscriptions);
  if (!set)
    return;
  p.subscriptions = *set;
  for (std::size_t i = 0; i < n.size(); ++i) {
    const auto s = *actors::from_string(all_account_subscriptions, n[i].Scalar());
    const auto needs = permission_for(s);
    if (!node["permissions"])
      p.permissions.add(needs); // unstated permissions allow what the account is used for
    else if (permissions_read && !p.permissions.has(needs))
      error(n[i], path + ".subscriptions[" + std::to_string(i) + "]",
            "a " + std::string(to_string(s)) + " subscription needs the '" +
              std::string(to_string(needs)) + "' permission, which the account's permissions "
              "do not list");
  }
}

// What Stripe's account object says of the account itself (format/account_profile.hpp).
void loader::read_profile(const YAML::Node& node, const std::string& path, account_profile& p) {
  read_category(node, path, p);
  if (auto n = node["display_name"])
    if (auto text = nullable_text(n, path + ".display_name", "a name, or null",
                                  p.display_name_state)) {
      if (text->empty() || text->size() > 5000) {
        error(n, path + ".display_name", "a display_name has 1 to 5000 characters, or is null");
        p.display_name_state = account_profile::text_state::by_default;
      } else {
        p.display_name = *text;
      }
    }
  if (auto n = node["last4"])
    if (auto text = nullable_text(n, path + ".last4", "four digits, or null", p.last4_state)) {
      const bool digits = text->size() == 4 &&
                          std::all_of(text->begin(), text->end(),
                                      [](char c) { return c >= '0' && c <= '9'; });
      if (!digits) {
        error(n, path + ".last4", "last4 is the last four digits of the account number, such "
                                  "as \"6789\", not '" + *text + "'");
        p.last4_state = account_profile::text_state::by_default;
      } else {
        p.last4 = *text;
      }
    }
  read_permissions(node, path, p);
  if (auto n = node["balance"])
    if (auto text = scalar(n, path + ".balance", "a whole number of cents")) {
      const bool negative = !text->empty() && (*text)[0] == '-';
      const std::string digits = negative ? text->substr(1) : *text;
      const bool ok = !digits.empty() && digits.size() <= 12 &&
                      std::all_of(digits.begin(), digits.end(),
                                  [](char c) { return c >= '0' && c <= '9'; });
      if (!ok)
        error(n, path + ".balance", "'" + *text + "' is not a whole number of cents (at most "
                                    "12 digits, negative for money owed)");
      else
        p.balance = std::strtoll(text->c_str(), nullptr, 10);
    }
}

void loader::read_customers(const YAML::Node& node) {
  if (!node.IsSequence()) {
    error(node, "customers", "expected a list of customers");
    return;
  }
  std::set<std::string> ids;
  for (std::size_t i = 0; i < node.size(); ++i) {
    const std::string path = "customers[" + std::to_string(i) + "]";
    const YAML::Node item = node[i];
    if (!check_map(item, path, {"id", "kind", "email", "behavior", "accounts"}, {"id"}))
      continue;
    customer_spec c;
    c.where = where(item);
    auto id = identifier(item["id"], path + ".id");
    if (!id)
      continue;
    c.id = *id;
    if (!ids.insert(c.id).second)
      error(item["id"], path + ".id", "customer '" + c.id + "' is defined twice");
    if (auto n = item["kind"]) {
      if (auto k = scalar(n, path + ".kind", "customer or connected_account")) {
        if (*k == "connected_account") {
          c.kind = actors::holder_kind::connected_account;
          if (!s_.platform.connect)
            error(n, path + ".kind",
                  "a connected_account holder needs 'platform.connect: true'");
        } else if (*k != "customer") {
          error(n, path + ".kind", "unknown kind '" + *k + "': expected customer or "
                                   "connected_account" +
                                     suggestion_suffix(*k, {"customer", "connected_account"}));
        }
      }
    }
    if (auto n = item["email"])
      if (auto e = scalar(n, path + ".email", "an email address")) {
        if (e->find('@') == std::string::npos)
          error(n, path + ".email", "'" + *e + "' is not an email address");
        else
          c.email = *e;
      }
    if (auto n = item["behavior"])
      if (auto b = identifier(n, path + ".behavior")) {
        c.behavior = *b;
        refer(reference::kind::behavior, *b, n, path + ".behavior");
      }
    if (auto n = item["accounts"]) {
      if (!n.IsSequence())
        error(n, path + ".accounts", "expected a list of accounts");
      else
        for (std::size_t j = 0; j < n.size(); ++j)
          read_account(n[j], path + ".accounts[" + std::to_string(j) + "]", c.id);
    }
    s_.customers.push_back(std::move(c));
  }
}

std::optional<weighted_names> loader::weighted_choice(const YAML::Node& node,
                                                      const std::string& path,
                                                      reference::kind what) {
  weighted_names out;
  if (node.IsScalar()) { // one name: all of them
    if (auto id = identifier(node, path)) {
      refer(what, *id, node, path);
      out.emplace_back(*id, 1.0);
      return out;
    }
    return std::nullopt;
  }
  if (!node.IsMap() || node.size() == 0) {
    error(node, path, "expected a name or a mapping from names to weights, such as "
                      "{prompt: 0.5, slow: 0.3, ignores: 0.2}");
    return std::nullopt;
  }
  double total = 0.0;
  for (const auto& kv : node) {
    auto id = identifier(kv.first, path);
    if (!id)
      return std::nullopt;
    auto text = scalar(kv.second, path + "." + *id, "a weight");
    if (!text)
      return std::nullopt;
    char* end = nullptr;
    const double w = std::strtod(text->c_str(), &end);
    if (end != text->c_str() + text->size() || !std::isfinite(w) || w < 0) {
      error(kv.second, path + "." + *id, "weight '" + *text + "' is not a number >= 0");
      return std::nullopt;
    }
    refer(what, *id, kv.first, path);
    out.emplace_back(*id, w);
    total += w;
  }
  if (total <= 0) {
    error(node, path, "the weights add up to 0: nothing can be chosen");
    return std::nullopt;
  }
  return out;
}

void loader::read_populations(const YAML::Node& node) {
  if (!node.IsSequence()) {
    error(node, "populations", "expected a list of populations");
    return;
  }
  std::set<std::string> names;
  double generated = 0;
  for (std::size_t i = 0; i < node.size(); ++i) {
    const std::string path = "populations[" + std::to_string(i) + "]";
    const YAML::Node item = node[i];
    if (!check_map(item, path,
                   {"name", "customers", "accounts_per_customer", "institution", "email",
                    "behavior", "tan_expires"},
                   {"name", "customers", "institution"}))
      continue;
    population_spec p;
    p.where = where(item);
    auto name = identifier(item["name"], path + ".name");
    if (name && !names.insert(*name).second)
      error(item["name"], path + ".name", "population '" + *name + "' is defined twice");
    auto customers =
      count(item["customers"], path + ".customers", max_population_customers);
    auto institutions = weighted_choice(item["institution"], path + ".institution",
                                        reference::kind::institution);
    bool ok = name && customers && institutions;
    if (auto n = item["accounts_per_customer"]) {
      auto d = distribution_value(n, path + ".accounts_per_customer", engine::value_kind::number);
      if (d && d->form == engine::distribution::shape::uniform &&
          (d->a != std::floor(d->a) || d->b != std::floor(d->b))) {
        error(n, path + ".accounts_per_customer",
              "uniform(a, b) of a count draws whole numbers from a to b: a and b must be whole "
              "numbers");
        d.reset();
      }
      // Shapes with a bound must keep it within the limit; exp, normal and
      // lognormal have none, and their draws are cut to it.
      if (d && std::isfinite(d->highest()) &&
          d->highest() > static_cast<double>(max_accounts_per_customer)) {
        char most[32];
        std::snprintf(most, sizeof most, "%g", d->highest());
        error(n, path + ".accounts_per_customer",
              (n.IsScalar() ? "'" + commas_.restore(n) + "'" : std::string("this choice")) +
                " can give a customer " + most + " accounts: at most " +
                std::to_string(max_accounts_per_customer) + " per customer");
        d.reset();
      }
      ok = ok && d;
      if (d)
        p.accounts_per_customer = *d;
    }
    if (auto n = item["email"]) {
      if (n.IsMap()) {
        if (check_map(n, path + ".email", {"share", "address"})) {
          if (auto share = n["share"]) {
            auto v = probability(share, path + ".email.share");
            ok = ok && v;
            p.email_share = v.value_or(1.0);
          }
          if (auto address = n["address"]) {
            auto v = scalar(address, path + ".email.address", "an email address");
            ok = ok && v;
            if (v)
              p.email_address = *v;
          }
        }
      } else {
        auto v = probability(n, path + ".email");
        ok = ok && v;
        p.email_share = v.value_or(1.0);
      }
    }
    if (auto n = item["behavior"]) {
      auto b = weighted_choice(n, path + ".behavior", reference::kind::behavior);
      ok = ok && b;
      if (b)
        p.behaviors = *b;
    }
    if (auto n = item["tan_expires"]) {
      auto d = distribution_value(n, path + ".tan_expires", engine::value_kind::time);
      ok = ok && d;
      p.tan_expires = d;
    }
    if (!ok)
      continue;
    p.name = *name;
    p.customers = *customers;
    p.institutions = *institutions;
    const double per_customer = std::min<double>(p.accounts_per_customer.highest(),
                                                 max_accounts_per_customer);
    const double with_this = generated + static_cast<double>(p.customers) * std::max(per_customer, 0.0);
    if (with_this > static_cast<double>(max_generated_accounts)) {
      error(item["customers"], path + ".customers",
            "populations may generate up to " + std::to_string(max_generated_accounts) +
              " accounts; these could generate " + std::to_string(std::llround(with_this)));
      continue;
    }
    generated = with_this;
    s_.populations.push_back(std::move(p));
  }
}

std::optional<actors::account_selector> loader::read_selector(const YAML::Node& node,
                                                              const std::string& path) {
  actors::account_selector sel;
  auto read_word = [&](const YAML::Node& n, const std::string& p) {
    auto word = scalar(n, p, "all, eligible, inactive or expiring");
    if (!word)
      return false;
    if (std::find(selector_words.begin(), selector_words.end(), *word) == selector_words.end()) {
      error(n, p, "unknown selector '" + *word + "'" + suggestion_suffix(*word, selector_words) +
                    "; expected a list of ids, all, eligible, inactive, expiring, or a mapping "
                    "with select, population, institution, sample, limit");
      return false;
    }
    sel.select = *word;
    return true;
  };
  if (node.IsScalar())
    return read_word(node, path) ? std::optional(sel) : std::nullopt;
  if (!check_map(node, path, {"select", "population", "institution", "sample", "limit"}))
    return std::nullopt;
  bool ok = true;
  if (auto n = node["select"])
    ok = read_word(n, path + ".select") && ok;
  if (auto n = node["population"]) {
    auto id = identifier(n, path + ".population");
    ok = ok && id;
    if (id) {
      sel.population = *id;
      refer(reference::kind::population, *id, n, path + ".population");
    }
  }
  if (auto n = node["institution"]) {
    auto id = identifier(n, path + ".institution");
    ok = ok && id;
    if (id) {
      sel.institution = *id;
      refer(reference::kind::institution, *id, n, path + ".institution");
    }
  }
  if (auto n = node["sample"]) {
    auto p = probability(n, path + ".sample");
    ok = ok && p;
    sel.sample = p.value_or(1.0);
  }
  if (auto n = node["limit"]) {
    auto l = count(n, path + ".limit", max_generated_accounts);
    ok = ok && l;
    sel.limit = l;
  }
  return ok ? std::optional(sel) : std::nullopt;
}

// Accounts a fault or session picks from the generated ones: the selector's
// mapping without `select`, since the pick is drawn once, before the run.
std::optional<account_pick> loader::read_pick(const YAML::Node& node, const std::string& path) {
  if (!node.IsMap()) {
    error(node, path, "expected a mapping {population, institution, sample, limit} picking "
                      "accounts when the run starts");
    return std::nullopt;
  }
  if (auto n = node["select"]) {
    error(n, path + ".select", "accounts are picked here when the run starts, not by their "
                               "state: use population, institution, sample, limit");
    return std::nullopt;
  }
  return read_selector(node, path);
}

std::optional<timeline_action> loader::read_action(const std::string& name,
                                                   const YAML::Node& body,
                                                   const std::string& path) {
  auto single_account = [&]() -> std::optional<std::string> {
    if (!check_map(body, path, {"account"}, {"account"}))
      return std::nullopt;
    auto id = identifier(body["account"], path + ".account");
    if (id)
      refer(reference::kind::account, *id, body["account"], path + ".account");
    return id;
  };
  // An account; with `authorization` every account of those credentials; with
  // `accounts` the accounts a pick draws.
  struct target {
    std::string account, authorization;
    std::optional<account_pick> pick;
  };
  auto account_or_authorization = [&]() -> std::optional<target> {
    if (!check_map(body, path, {"account", "authorization", "accounts"},
                   body.IsMap() && (body["authorization"] || body["accounts"]) ? keys{}
                                                                               : keys{"account"}))
      return std::nullopt;
    if ((body["account"] ? 1 : 0) + (body["authorization"] ? 1 : 0) + (body["accounts"] ? 1 : 0) > 1) {
      error(body, path, "name one of account, authorization or accounts");
      return std::nullopt;
    }
    if (auto n = body["accounts"]) {
      auto pick = read_pick(n, path + ".accounts");
      if (!pick)
        return std::nullopt;
      return target{{}, {}, std::move(pick)};
    }
    if (auto n = body["authorization"]) {
      auto id = identifier(n, path + ".authorization");
      if (!id)
        return std::nullopt;
      refer(reference::kind::authorization, *id, n, path + ".authorization");
      return target{{}, *id, {}};
    }
    auto id = identifier(body["account"], path + ".account");
    if (!id)
      return std::nullopt;
    refer(reference::kind::account, *id, body["account"], path + ".account");
    return target{*id, {}, {}};
  };
  auto deactivation = [&](actors::inactive_cause cause) -> std::optional<timeline_action> {
    if (auto t = account_or_authorization())
      return deactivate_action{t->account, cause, t->authorization, t->pick};
    return std::nullopt;
  };
  if (name == "revoke") {
    if (auto t = account_or_authorization())
      return revoke_action{t->account, t->authorization, t->pick};
  } else if (name == "close_account") {
    if (auto id = single_account())
      return deactivate_action{*id, actors::inactive_cause::account_closed, {}, {}};
  } else if (name == "expire_access") {
    return deactivation(actors::inactive_cause::access_expired);
  } else if (name == "require_reauth") {
    return deactivation(actors::inactive_cause::institution_requirement);
  } else if (name == "create_relink_session") {
    if (!check_map(body, path, {"account", "authorization", "accounts", "delivery", "notify"}))
      return std::nullopt;
    create_session_action a;
    bool ok = true;
    if ((body["account"] ? 1 : 0) + (body["authorization"] ? 1 : 0) + (body["accounts"] ? 1 : 0) > 1) {
      error(body, path, "a session relinks one of an account, an authorization or picked "
                        "accounts");
      ok = false;
    } else if (auto picked = body["accounts"]) {
      a.pick = read_pick(picked, path + ".accounts");
      ok = ok && a.pick;
    } else if (auto n = body["authorization"]) {
      auto id = identifier(n, path + ".authorization");
      ok = ok && id;
      if (id) {
        a.authorization = *id;
        refer(reference::kind::authorization, *id, n, path + ".authorization");
      }
    } else if (auto account = body["account"]) {
      auto id = identifier(account, path + ".account");
      ok = ok && id;
      if (id) {
        a.account = *id;
        refer(reference::kind::account, *id, account, path + ".account");
      }
    } else {
      error(body, path, "a session needs 'account', 'authorization' or 'accounts'");
      ok = false;
    }
    if (auto n = body["delivery"]) {
      auto d = scalar(n, path + ".delivery", "email or url");
      if (d && *d != "email" && *d != "url") {
        error(n, path + ".delivery", "unknown delivery '" + *d + "': expected email or url" +
                                       suggestion_suffix(*d, {"email", "url"}));
        d.reset();
      }
      ok = ok && d;
      if (d)
        a.delivery = *d;
    }
    if (auto n = body["notify"]) {
      if (a.delivery != "url") {
        error(n, path + ".notify", "notify goes with delivery: url (the platform tells the "
                                   "customer itself)");
        ok = false;
      } else if (check_map(n, path + ".notify", {"channel", "after"})) {
        if (auto c = n["channel"]) {
          auto id = identifier(c, path + ".notify.channel");
          ok = ok && id;
          if (id)
            a.channel = *id;
        }
        if (auto after = n["after"]) {
          auto d = duration_value(after, path + ".notify.after");
          ok = ok && d;
          if (d)
            a.notify_after = *d;
        }
      }
    } else if (a.delivery == "url") {
      a.channel = "in_app";
    }
    if (!ok)
      return std::nullopt;
    return a;
  } else if (name == "webhook_faults") {
    if (!check_map(body, path, {"duplicates", "reorder", "down_for"}))
      return std::nullopt;
    webhook_faults_action a;
    bool ok = true;
    if (auto n = body["duplicates"]) {
      auto p = probability(n, path + ".duplicates");
      ok = ok && p;
      a.duplicates = p.value_or(0.0);
    }
    if (auto n = body["reorder"]) {
      auto p = probability(n, path + ".reorder");
      ok = ok && p;
      a.reorder = p.value_or(0.0);
    }
    if (auto n = body["down_for"]) {
      auto d = duration_value(n, path + ".down_for");
      ok = ok && d;
      a.down_for = d.value_or(engine::duration{0});
    }
    if (!ok)
      return std::nullopt;
    return a;
  } else if (name == "refresh") {
    if (!check_map(body, path, {"account", "kind"}, {"account"}))
      return std::nullopt;
    refresh_action a;
    auto id = identifier(body["account"], path + ".account");
    if (id)
      refer(reference::kind::account, *id, body["account"], path + ".account");
    if (auto n = body["kind"]) {
      const keys kinds{"balance", "transactions", "ownership"};
      auto k = scalar(n, path + ".kind", "balance, transactions or ownership");
      if (k && std::find(kinds.begin(), kinds.end(), *k) == kinds.end()) {
        error(n, path + ".kind", "unknown refresh kind '" + *k + "'" + suggestion_suffix(*k, kinds) +
                                   "; expected balance, transactions or ownership");
        return std::nullopt;
      }
      if (!k)
        return std::nullopt;
      a.kind = *k;
    }
    if (!id)
      return std::nullopt;
    a.account = *id;
    permission_uses_.push_back({a.account, *permission_for_refresh(a.kind),
                                (a.kind == "ownership" ? "an " : "a ") + a.kind + " refresh",
                                body["account"].Mark(),
                                path + ".account", file_});
    return a;
  } else if (name == "mailer_outage") {
    if (!check_map(body, path, {"for"}, {"for"}))
      return std::nullopt;
    auto length = duration_value(body["for"], path + ".for");
    if (!length)
      return std::nullopt;
    if (*length <= engine::duration{0}) {
      error(body["for"], path + ".for", "an outage lasts longer than 0s");
      return std::nullopt;
    }
    return mailer_outage_action{*length};
  } else if (name == "bounce") {
    if (!check_map(body, path, {"email"}, {"email"}))
      return std::nullopt;
    if (auto address = scalar(body["email"], path + ".email", "an email address"))
      return bounce_action{*address};
    return std::nullopt;
  } else if (name == "set_email") {
    if (!check_map(body, path, {"customer", "email"}, {"customer", "email"}))
      return std::nullopt;
    auto id = identifier(body["customer"], path + ".customer");
    if (id)
      refer(reference::kind::customer, *id, body["customer"], path + ".customer");
    const YAML::Node email = body["email"];
    std::optional<std::string> address = std::string{};
    if (!email.IsNull()) {
      address = scalar(email, path + ".email", "an email address, or null to remove it");
      if (address && address->find('@') == std::string::npos) {
        error(email, path + ".email", "'" + *address + "' is not an email address");
        address.reset();
      }
    }
    if (!id || !address)
      return std::nullopt;
    return set_email_action{*id, *address};
  } else if (name == "set_behavior") {
    if (!check_map(body, path, {"customer", "behavior"}, {"customer", "behavior"}))
      return std::nullopt;
    auto id = identifier(body["customer"], path + ".customer");
    auto behavior = identifier(body["behavior"], path + ".behavior");
    if (id)
      refer(reference::kind::customer, *id, body["customer"], path + ".customer");
    if (behavior)
      refer(reference::kind::behavior, *behavior, body["behavior"], path + ".behavior");
    if (!id || !behavior)
      return std::nullopt;
    return set_behavior_action{*id, *behavior};
  } else if (name == "payment") {
    if (!check_map(body, path, {"account", "amount"}, {"account", "amount"}))
      return std::nullopt;
    auto id = identifier(body["account"], path + ".account");
    if (id)
      refer(reference::kind::account, *id, body["account"], path + ".account");
    auto amount = count(body["amount"], path + ".amount", max_payment_cents);
    if (!id || !amount)
      return std::nullopt;
    permission_uses_.push_back({*id, account_permission::payment_method, "an ACH debit",
                                body["account"].Mark(), path + ".account", file_});
    return payment_action{*id, static_cast<std::int64_t>(*amount)};
  } else if (name == "outage") {
    if (!check_map(body, path, {"institution", "for", "deactivates", "recovers", "kind"},
                   {"institution", "for"}))
      return std::nullopt;
    outage_action a;
    auto id = identifier(body["institution"], path + ".institution");
    if (id)
      refer(reference::kind::institution, *id, body["institution"], path + ".institution");
    auto length = duration_value(body["for"], path + ".for");
    if (length && *length <= engine::duration{0}) {
      error(body["for"], path + ".for", "an outage lasts longer than 0s");
      length.reset();
    }
    bool ok = id && length;
    if (auto n = body["deactivates"]) {
      auto p = probability(n, path + ".deactivates");
      ok = ok && p;
      a.deactivates = p.value_or(0.0);
    }
    if (auto n = body["recovers"]) {
      auto p = probability(n, path + ".recovers");
      ok = ok && p;
      a.recovers = p.value_or(0.0);
    }
    if (auto n = body["kind"]) {
      auto k = scalar(n, path + ".kind", "scheduled, unscheduled or error");
      const keys kinds{"scheduled", "unscheduled", "error"};
      if (k && std::find(kinds.begin(), kinds.end(), *k) == kinds.end()) {
        error(n, path + ".kind", "unknown outage kind '" + *k + "'" + suggestion_suffix(*k, kinds) +
                                   "; expected scheduled, unscheduled or error");
        k.reset();
      }
      ok = ok && k;
      if (k)
        a.kind = *k;
    }
    if (!ok)
      return std::nullopt;
    a.institution = *id;
    a.length = *length;
    return a;
  } else if (name == "disconnect") {
    if (auto id = single_account())
      return disconnect_action{*id};
  } else if (name == "expire_tan") {
    if (auto id = single_account())
      return expire_tan_action{*id};
  } else if (name == "schedule_deactivation") {
    const bool whole = body.IsMap() && body["authorization"];
    if (!check_map(body, path, {"account", "authorization", "date", "cause"},
                   whole ? keys{"date"} : keys{"account", "date"}))
      return std::nullopt;
    if (whole && body["account"]) {
      error(body, path, "name either an account or an authorization, not both");
      return std::nullopt;
    }
    schedule_deactivation_action a;
    const char* target = whole ? "authorization" : "account";
    auto id = identifier(body[target], path + "." + target);
    if (id)
      refer(whole ? reference::kind::authorization : reference::kind::account, *id, body[target],
            path + "." + target);
    auto date = time_value(body["date"], path + ".date");
    if (auto n = body["cause"]) {
      if (auto text = scalar(n, path + ".cause", "a cause")) {
        auto cause = actors::from_string(actors::all_scheduled_causes, *text);
        if (!cause) {
          const keys names = names_of(actors::all_scheduled_causes);
          error(n, path + ".cause", "a scheduled deactivation's cause is one of " + join(names) +
                                      ", not '" + *text + "'" + suggestion_suffix(*text, names));
          return std::nullopt;
        }
        a.cause = *cause;
      }
    }
    if (!id || !date)
      return std::nullopt;
    (whole ? a.authorization : a.account) = *id;
    a.date = *date;
    return a;
  } else if (name == "request_relink") {
    if (!check_map(body, path, {"accounts", "via"}, {"accounts"}))
      return std::nullopt;
    request_relink_action a;
    const YAML::Node accounts = body["accounts"];
    if (!accounts.IsSequence()) {
      a.selector = read_selector(accounts, path + ".accounts");
      if (!a.selector)
        return std::nullopt;
    } else {
      a.accounts = identifier_list(accounts, path + ".accounts");
    }
    if (accounts.IsSequence()) {
      if (accounts.size() == 0)
        error(accounts, path + ".accounts", "a request needs at least one account");
      for (std::size_t i = 0; i < accounts.size() && i < a.accounts.size(); ++i)
        refer(reference::kind::account, a.accounts[i], accounts[i],
              path + ".accounts[" + std::to_string(i) + "]");
    }
    if (auto n = body["via"])
      if (auto v = scalar(n, path + ".via", "dashboard or account_menu")) {
        if (*v != "dashboard" && *v != "account_menu")
          error(n, path + ".via", "unknown via '" + *v + "': expected dashboard or account_menu" +
                                    suggestion_suffix(*v, {"dashboard", "account_menu"}));
        a.via = *v;
      }
    return a;
  }
  return std::nullopt;
}

void loader::read_timeline(const YAML::Node& node) {
  if (!node.IsSequence()) {
    error(node, "timeline", "expected a list of timeline entries");
    return;
  }
  std::map<std::string, std::size_t> ids;
  for (std::size_t i = 0; i < node.size(); ++i) {
    const std::string path = "timeline[" + std::to_string(i) + "]";
    const YAML::Node item = node[i];
    if (!item.IsMap()) {
      error(item, path, "expected a mapping with 'at' and one action, such as "
                        "{at: 2d, revoke: {account: fca_alice_chk}}");
      continue;
    }
    timeline_entry entry;
    entry.where = where(item);
    std::vector<std::pair<std::string, YAML::Node>> actions;
    bool unknown_keys = false;
    for (const auto& kv : item) {
      const std::string key = kv.first.Scalar();
      if (key == "at" || key == "id" || key == "every" || key == "from" || key == "until")
        continue;
      if (std::find(available_actions.begin(), available_actions.end(), key) !=
          available_actions.end()) {
        actions.emplace_back(key, kv.second);
      } else {
        keys known = available_actions;
        known.insert(known.end(), {"at", "id", "every", "from", "until"});
        error(kv.first, path, "unknown action '" + key + "'" + suggestion_suffix(key, known));
        unknown_keys = true;
      }
    }
    bool ok = true;
    // Once (`at`), or repeated (`every`, from `from` or `at`, until `until` or the
    // horizon): a repeating entry becomes one entry per time.
    std::vector<engine::duration> times;
    if (auto every = item["every"]) {
      if (item["at"] && item["from"]) {
        error(item["from"], path + ".from", "use either 'at' or 'from' to start a repetition");
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
        error(every, path + ".every", "this repeats more than " + std::to_string(max_repetitions) +
                                        " times; use a longer period or a shorter span");
        ok = false;
      }
      for (auto t = first; ok && t <= last; t += step)
        times.push_back(t);
    } else {
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
    }
    // Before anything is made once per time: the entries of the whole timeline
    // (of the scenario and its fragments) stay within their limit.
    if (!times.empty() && !timeline_full_ &&
        timeline_entries_ + times.size() > max_timeline_entries) {
      const bool repeating = static_cast<bool>(item["every"]);
      error(repeating ? item["every"] : item, path + (repeating ? ".every" : ""),
            "the timeline has more than " + std::to_string(max_timeline_entries) +
              " entries with this one (a repeating entry counts once per time): repeat less "
              "often or over a shorter span");
      timeline_full_ = true;
    }
    if (timeline_full_) {
      ok = false;
      times.clear();
    }
    timeline_entries_ += times.size();
    if (auto n = item["id"]) {
      if (auto id = identifier(n, path + ".id")) {
        entry.id = *id;
        if (!ids.emplace(*id, i).second)
          error(n, path + ".id", "timeline id '" + *id + "' is used twice");
      }
    }
    if (actions.empty() && !unknown_keys)
      error(item, path, "the entry has no action; available: " + join(available_actions));
    if (actions.size() > 1)
      error(item, path, "one action per timeline entry, found " + std::to_string(actions.size()));
    if (actions.size() != 1)
      continue;
    // The id counts as declared even when the action has errors of its own, so
    // that expectations naming it do not add a second, misleading error.
    // A repeating entry's occurrences are named <id>_1, <id>_2, … in time order.
    const bool repeats = static_cast<bool>(item["every"]);
    auto occurrence_id = [&](std::size_t k) {
      return entry.id.empty() || !repeats ? entry.id : entry.id + "_" + std::to_string(k + 1);
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
    auto action = read_action(actions[0].first, actions[0].second, path + "." + actions[0].first);
    if (!action || !ok)
      continue;
    entry.action = std::move(*action);
    // An unnamed request still needs an id in the trace: name it after its line.
    std::string base_id = entry.id;
    if (base_id.empty() && std::holds_alternative<request_relink_action>(entry.action))
      base_id = "request_line_" + std::to_string(entry.where.line);
    if (base_id.empty() && std::holds_alternative<create_session_action>(entry.action))
      base_id = "fcsess_line_" + std::to_string(entry.where.line);
    for (std::size_t k = 0; k < times.size(); ++k) {
      timeline_entry occurrence = entry;
      occurrence.at = times[k];
      occurrence.id = base_id.empty() || !repeats ? base_id : base_id + "_" + std::to_string(k + 1);
      s_.timeline.push_back(std::move(occurrence));
    }
  }
}

std::optional<expectation_body> loader::read_expectation(const YAML::Node& item,
                                                         const std::string& path) {
  if (auto n = item["event"]) {
    if (!check_map(item, path, {"event", "account", "where", "count", "min", "max", "between"}))
      return std::nullopt;
    event_expectation e;
    if (auto b = item["between"]) {
      auto window = time_window(b, path + ".between");
      if (!window)
        return std::nullopt;
      e.between = window;
    }
    if (auto type = scalar(n, path + ".event", "an event type")) {
      keys types(actors::events::all.begin(), actors::events::all.end());
      if (std::find(types.begin(), types.end(), *type) == types.end()) {
        error(n, path + ".event", "unknown event type '" + *type + "'" +
                                    suggestion_suffix(*type, types));
        return std::nullopt;
      }
      e.type = *type;
    }
    if (auto a = item["account"])
      if (auto id = identifier(a, path + ".account")) {
        e.account = *id;
        refer(reference::kind::account, *id, a, path + ".account");
      }
    if (auto w = item["where"]) {
      if (!w.IsMap() || w.size() == 0) {
        error(w, path + ".where", "expected a mapping of event fields to values, such as "
                                  "{status: failed}");
        return std::nullopt;
      }
      for (const auto& kv : w) {
        auto key = identifier(kv.first, path + ".where");
        auto value = key ? scalar(kv.second, path + ".where." + *key, "a value") : std::nullopt;
        if (!key || !value)
          return std::nullopt;
        e.where.emplace_back(*key, *value);
      }
    }
    if (auto c = item["count"])
      e.count = count(c, path + ".count", max_expected_count);
    if (auto c = item["min"])
      e.min = count(c, path + ".min", max_expected_count);
    if (auto c = item["max"])
      e.max = count(c, path + ".max", max_expected_count);
    if (item["count"] && (item["min"] || item["max"])) {
      error(item["count"], path + ".count", "use either count or min/max, not both");
      return std::nullopt;
    }
    if (e.min && e.max && *e.min > *e.max) {
      error(item["min"], path + ".min", "min is larger than max");
      return std::nullopt;
    }
    if (!e.count && !e.min && !e.max)
      e.min = 1; // "this event happens" reads as at least once
    return e;
  }
  if (auto n = item["request"]) {
    if (!check_map(item, path, {"request", "accepted", "rejected", "accepted_count",
                                "rejected_count"}))
      return std::nullopt;
    request_expectation e;
    if (auto id = identifier(n, path + ".request")) {
      e.request = *id;
      refer(reference::kind::request, *id, n, path + ".request");
    }
    if (auto a = item["accepted"]) {
      if (a.IsSequence() && a.size() == 0)
        error(a, path + ".accepted", "an empty list checks nothing: name accounts, or use "
                                     "accepted_count: 0");
      e.accepted = identifier_list(a, path + ".accepted");
      for (std::size_t i = 0; a.IsSequence() && i < a.size() && i < e.accepted.size(); ++i)
        refer(reference::kind::account, e.accepted[i], a[i],
              path + ".accepted[" + std::to_string(i) + "]");
    }
    if (auto r = item["rejected"]) {
      if (!r.IsMap() || r.size() == 0) {
        error(r, path + ".rejected", "expected a mapping from account ids to reason codes, "
                                     "such as {fca_bob_sav: no_email} (for none, use "
                                     "rejected_count: 0)");
      } else {
        const keys reasons = names_of(actors::all_rejection_reasons);
        for (const auto& kv : r) {
          auto id = identifier(kv.first, path + ".rejected");
          auto code = scalar(kv.second, path + ".rejected." + (id ? *id : "?"), "a reason code");
          if (!id || !code)
            continue;
          refer(reference::kind::account, *id, kv.first, path + ".rejected." + *id);
          auto reason = actors::from_string(actors::all_rejection_reasons, *code);
          if (!reason) {
            error(kv.second, path + ".rejected." + *id,
                  "unknown reason code '" + *code + "'" + suggestion_suffix(*code, reasons) +
                    "; reason codes: " + join(reasons));
            continue;
          }
          e.rejected.emplace_back(*id, *reason);
        }
      }
    }
    if (auto c = item["accepted_count"])
      e.accepted_count = count(c, path + ".accepted_count", max_expected_count);
    if (auto c = item["rejected_count"])
      e.rejected_count = count(c, path + ".rejected_count", max_expected_count);
    if (!item["accepted"] && !item["rejected"] && !item["accepted_count"] &&
        !item["rejected_count"]) {
      error(item, path, "a request expectation needs accepted, rejected, accepted_count "
                        "or rejected_count");
      return std::nullopt;
    }
    return e;
  }
  if (auto n = item["emails"]) {
    if (!check_map(item, path, {"emails"}) ||
        !check_map(n, path + ".emails", {"to", "count"}, {"to", "count"}))
      return std::nullopt;
    emails_expectation e;
    auto to = scalar(n["to"], path + ".emails.to", "an email address");
    auto c = count(n["count"], path + ".emails.count", max_expected_count);
    if (!to || !c)
      return std::nullopt;
    e.to = *to;
    e.count = *c;
    return e;
  }
  if (auto n = item["webhooks"]) {
    if (!check_map(item, path, {"webhooks"}) ||
        !check_map(n, path + ".webhooks", {"delivered", "duplicates", "dropped", "out_of_order_min"}))
      return std::nullopt;
    webhooks_expectation e;
    if (auto c = n["delivered"])
      e.delivered = count(c, path + ".webhooks.delivered", max_expected_count);
    if (auto c = n["duplicates"])
      e.duplicates = count(c, path + ".webhooks.duplicates", max_expected_count);
    if (auto c = n["dropped"])
      e.dropped = count(c, path + ".webhooks.dropped", max_expected_count);
    if (auto c = n["out_of_order_min"])
      e.out_of_order_min = count(c, path + ".webhooks.out_of_order_min", max_expected_count);
    if (!e.delivered && !e.duplicates && !e.dropped && !e.out_of_order_min) {
      error(n, path + ".webhooks", "a webhooks expectation needs delivered, duplicates, dropped "
                                   "or out_of_order_min");
      return std::nullopt;
    }
    return e;
  }
  if (auto n = item["session"]) {
    if (!check_map(item, path, {"session", "status", "failure_reason"}, {"status"}))
      return std::nullopt;
    session_expectation e;
    auto id = identifier(n, path + ".session");
    if (id)
      refer(reference::kind::session, *id, n, path + ".session");
    const keys statuses{"pending", "succeeded", "failed", "cancelled"};
    auto status = scalar(item["status"], path + ".status", "a session status");
    if (status && std::find(statuses.begin(), statuses.end(), *status) == statuses.end()) {
      error(item["status"], path + ".status", "unknown session status '" + *status + "'" +
                                                suggestion_suffix(*status, statuses) +
                                                "; expected one of " + join(statuses));
      status.reset();
    }
    if (auto f = item["failure_reason"]) {
      const keys reasons{"no_account", "no_authorization", "other"};
      auto reason = scalar(f, path + ".failure_reason", "a failure reason");
      if (reason && std::find(reasons.begin(), reasons.end(), *reason) == reasons.end()) {
        error(f, path + ".failure_reason", "unknown failure_reason '" + *reason + "'" +
                                             suggestion_suffix(*reason, reasons) +
                                             "; expected one of " + join(reasons));
        return std::nullopt;
      }
      if (reason)
        e.failure_reason = *reason;
    }
    if (!id || !status)
      return std::nullopt;
    e.session = *id;
    e.status = *status;
    return e;
  }
  if (auto n = item["payments"]) {
    if (!check_map(item, path, {"payments"}) ||
        !check_map(n, path + ".payments", {"account", "succeeded", "failed"}))
      return std::nullopt;
    payments_expectation e;
    if (auto a = n["account"])
      if (auto id = identifier(a, path + ".payments.account")) {
        e.account = *id;
        refer(reference::kind::account, *id, a, path + ".payments.account");
      }
    if (auto c = n["succeeded"])
      e.succeeded = count(c, path + ".payments.succeeded", max_expected_count);
    if (auto c = n["failed"])
      e.failed = count(c, path + ".payments.failed", max_expected_count);
    if (!n["succeeded"] && !n["failed"]) {
      error(n, path + ".payments", "a payments expectation needs succeeded or failed");
      return std::nullopt;
    }
    return e;
  }
  if (auto n = item["account"]) {
    if (!check_map(item, path,
                   {"account", "status", "cause", "action", "tan", "relink", "at", "by",
                    "throughout"}))
      return std::nullopt;
    account_expectation e;
    if (auto id = identifier(n, path + ".account")) {
      e.account = *id;
      refer(reference::kind::account, *id, n, path + ".account");
    }
    auto read_enum = [&](const char* key, const auto& all, auto& out) {
      if (auto v = item[key]) {
        const std::string p = path + "." + key;
        if (auto text = scalar(v, p, "a value")) {
          out = actors::from_string(all, *text);
          if (!out) {
            const keys names = names_of(all);
            error(v, p, "unknown " + std::string(key) + " '" + *text + "'" +
                          suggestion_suffix(*text, names) + "; expected one of " + join(names));
          }
        }
      }
    };
    read_enum("status", actors::all_account_statuses, e.status);
    read_enum("cause", actors::all_inactive_causes, e.cause);
    read_enum("action", actors::all_inactive_actions, e.action);
    read_enum("tan", actors::all_tan_statuses, e.tan);
    read_enum("relink", all_relink_statuses, e.relink);
    if (!item["status"] && !item["cause"] && !item["action"] && !item["tan"] &&
        !item["relink"]) {
      error(item, path, "an account expectation needs status, cause, action, tan or relink");
      return std::nullopt;
    }
    const char* given = nullptr;
    for (const char* key : {"at", "by", "throughout"})
      if (item[key]) {
        if (given != nullptr) {
          error(item[key], path + "." + key,
                std::string("use one of 'at', 'by' and 'throughout', not both '") + given +
                  "' and '" + key + "'");
          return std::nullopt;
        }
        given = key;
      }
    if (auto w = item["throughout"]) {
      auto window = time_window(w, path + ".throughout");
      if (!window)
        return std::nullopt;
      e.when = check_time::throughout;
      e.time = window->first;
      e.until = window->second;
      e.at_end = false;
    } else if (auto t = item["at"]) {
      bool is_end = false;
      auto when = time_value(t, path + ".at", &is_end);
      if (!when)
        return std::nullopt;
      e.when = check_time::at;
      e.time = *when;
      e.at_end = is_end;
    } else if (auto b = item["by"]) {
      auto when = time_value(b, path + ".by");
      if (!when)
        return std::nullopt;
      e.when = check_time::by;
      e.time = *when;
      e.at_end = false;
    } else {
      e.when = check_time::at;
      e.time = s_.horizon;
      e.at_end = true;
    }
    return e;
  }
  if (auto n = item["metric"]) {
    if (!check_map(item, path, {"metric", "min", "max", "equals"}))
      return std::nullopt;
    metric_expectation e;
    auto name = scalar(n, path + ".metric", "a metric name");
    if (!name)
      return std::nullopt;
    if (find_metric_name(*name) == nullptr) {
      keys names;
      for (const auto& d : all_metric_names)
        names.emplace_back(d.name);
      error(n, path + ".metric", "unknown metric '" + *name + "'" + suggestion_suffix(*name, names) +
                                   "; metrics: " + join(names));
      return std::nullopt;
    }
    e.metric = *name;
    auto number = [&](const char* key) -> std::optional<double> {
      auto text = scalar(item[key], path + "." + key, "a number");
      if (!text)
        return std::nullopt;
      char* end = nullptr;
      const double v = std::strtod(text->c_str(), &end);
      if (text->empty() || end != text->c_str() + text->size() || !std::isfinite(v)) {
        error(item[key], path + "." + key, "'" + *text + "' is not a number");
        return std::nullopt;
      }
      return v;
    };
    bool ok = true;
    if (item["min"])
      ok = (e.min = number("min")).has_value() && ok;
    if (item["max"])
      ok = (e.max = number("max")).has_value() && ok;
    if (item["equals"])
      ok = (e.equals = number("equals")).has_value() && ok;
    if (!ok)
      return std::nullopt;
    if (!e.min && !e.max && !e.equals) {
      error(item, path, "a metric expectation needs min, max or equals");
      return std::nullopt;
    }
    if (e.equals && (e.min || e.max)) {
      error(item["equals"], path + ".equals", "use either equals or min/max, not both");
      return std::nullopt;
    }
    if (e.min && e.max && *e.min > *e.max) {
      error(item["min"], path + ".min", "min is larger than max");
      return std::nullopt;
    }
    return e;
  }
  std::string first_key = item.begin() != item.end() ? item.begin()->first.Scalar() : "";
  error(item, path, "unknown expectation '" + first_key + "'" +
                      suggestion_suffix(first_key, expectation_kinds) + "; expected one of " +
                      join(expectation_kinds));
  return std::nullopt;
}

void loader::read_expectations(const YAML::Node& node) {
  if (!node.IsSequence()) {
    error(node, "expect", "expected a list of expectations");
    return;
  }
  for (std::size_t i = 0; i < node.size(); ++i) {
    const std::string path = "expect[" + std::to_string(i) + "]";
    const YAML::Node item = node[i];
    if (!item.IsMap() || item.size() == 0) {
      error(item, path, "expected a mapping such as {account: fca_alice_chk, status: active}");
      continue;
    }
    if (auto body = read_expectation(item, path))
      s_.expectations.push_back({std::move(*body), where(item)});
  }
}

// Listed ids must not look like the ids a population generates. Each listed id
// is split at its underscores and the pieces looked up among the populations'
// names, so that many populations and many listed ids do not multiply; the
// errors come out by population, customers before accounts, as listed.
void loader::check_population_ids() {
  std::map<std::string, std::size_t> population_index;
  for (std::size_t i = 0; i < s_.populations.size(); ++i)
    population_index.emplace(s_.populations[i].name, i);
  // The populations whose generated ids `id` (`<prefix><name>_…`) could be.
  auto matches = [&](const std::string& id, const std::string& prefix) {
    std::vector<std::size_t> found;
    if (population_index.empty() || id.rfind(prefix, 0) != 0)
      return found;
    for (auto end = id.find('_', prefix.size()); end != std::string::npos;
         end = id.find('_', end + 1))
      if (auto p = population_index.find(id.substr(prefix.size(), end - prefix.size()));
          p != population_index.end())
        found.push_back(p->second);
    return found;
  };
  // (population, customers first, position in the list)
  std::vector<std::tuple<std::size_t, int, std::size_t>> collisions;
  for (std::size_t k = 0; k < s_.customers.size(); ++k)
    for (std::size_t p : matches(s_.customers[k].id, "cus_"))
      collisions.emplace_back(p, 0, k);
  for (std::size_t k = 0; k < s_.accounts.size(); ++k)
    for (std::size_t p : matches(s_.accounts[k].id, "fca_"))
      collisions.emplace_back(p, 1, k);
  std::sort(collisions.begin(), collisions.end());
  for (const auto& [p, is_account, k] : collisions) {
    const std::string& name = s_.populations[p].name;
    if (is_account == 0)
      error(mark_at(s_.customers[k].where), "customers",
            "customer id '" + s_.customers[k].id +
              "' may collide with the ids population '" + name + "' generates (cus_" + name +
              "_000001, …)");
    else
      error(mark_at(s_.accounts[k].where), "accounts",
            "account id '" + s_.accounts[k].id + "' may collide with the ids population '" +
              name + "' generates (fca_" + name + "_000001_1, …)");
  }
}

void loader::check_references() {
  keys accounts, authorizations, institutions, behaviors, requests, populations, customers;
  for (const auto& c : s_.customers)
    customers.push_back(c.id);
  for (const auto& p : s_.populations)
    populations.push_back(p.name);
  for (const auto& a : s_.accounts) {
    accounts.push_back(a.id);
    authorizations.push_back(a.authorization);
  }
  for (const auto& i : s_.institutions)
    institutions.push_back(i.id);
  for (const auto& b : s_.behaviors)
    behaviors.push_back(b.name);
  requests = declared_requests_;
  const keys sessions = declared_sessions_;
  const std::set<std::string> session_set(sessions.begin(), sessions.end());
  // Sets for lookups (a population can list a million accounts); the vectors
  // stay for did-you-mean, which runs only on a miss.
  const std::set<std::string> account_set(accounts.begin(), accounts.end());
  const std::set<std::string> authorization_set(authorizations.begin(), authorizations.end());
  authorizations.assign(authorization_set.begin(), authorization_set.end());
  const std::set<std::string> institution_set(institutions.begin(), institutions.end());
  const std::set<std::string> behavior_set(behaviors.begin(), behaviors.end());
  const std::set<std::string> request_set(requests.begin(), requests.end());
  const std::set<std::string> population_set(populations.begin(), populations.end());
  const std::set<std::string> customer_set(customers.begin(), customers.end());
  // Each list's characters and length, for what a suggestion among it costs.
  std::map<const keys*, std::pair<std::uint64_t, std::size_t>> sizes;
  for (const keys* list : std::initializer_list<const keys*>{
         &accounts, &authorizations, &institutions, &behaviors, &requests, &populations,
         &customers, &sessions}) {
    std::uint64_t chars = 0;
    for (const auto& id : *list)
      chars += id.size();
    sizes[list] = {chars, list->size()};
  }
  for (const auto& r : references_) {
    const std::set<std::string>* known_set = nullptr;
    const keys* known = nullptr;
    const char* noun = "";
    switch (r.what) {
      case reference::kind::account:
        known = &accounts, known_set = &account_set, noun = "account";
        break;
      case reference::kind::authorization:
        known = &authorizations, known_set = &authorization_set,
        noun = "authorization (fcauth_<holder>_<institution>)";
        break;
      case reference::kind::institution:
        known = &institutions, known_set = &institution_set, noun = "institution";
        break;
      case reference::kind::behavior:
        known = &behaviors, known_set = &behavior_set, noun = "behavior";
        break;
      case reference::kind::session:
        known = &sessions, known_set = &session_set,
        noun = "session (a timeline id of a create_relink_session)";
        break;
      case reference::kind::customer:
        known = &customers, known_set = &customer_set, noun = "customer";
        break;
      case reference::kind::population:
        known = &populations, known_set = &population_set, noun = "population";
        break;
      case reference::kind::request:
        known = &requests, known_set = &request_set,
        noun = "request (a timeline id of a request_relink)";
        break;
    }
    if (known_set->count(r.id) == 0) {
      // A suggestion compares the id with every known one: many misses in a large
      // world would multiply, so they stop once their budget is spent.
      const auto& [chars, count] = sizes.at(known);
      const bool suggest = afford_suggestion(r.id.size(), chars, count);
      file_ = r.file;
      error(r.mark, r.path,
            std::string("unknown ") + noun + " '" + r.id + "'" +
              (suggest ? sim::suggestion_suffix(r.id, *known) : std::string()));
      file_ = s_.file;
    }
  }
}

// What the scenario does with an account must be what its permissions allow, as
// Stripe refuses a refresh or a PaymentMethod the holder did not permit. An account
// whose permissions are not stated gets what it is used for.
void loader::check_profiles() {
  std::map<std::string_view, account_spec*> by_id;
  for (auto& a : s_.accounts)
    by_id[a.id] = &a;
  const std::string outer_file = file_;
  for (const auto& use : permission_uses_) {
    const auto found = by_id.find(use.account);
    if (found == by_id.end())
      continue; // an unknown account: its reference is reported already
    account_spec& a = *found->second;
    file_ = use.file;
    if (use.needs == account_permission::payment_method && !supports_us_bank_account(a.profile))
      error(use.mark, use.path,
            use.what + " needs a checking or savings account; " + a.id + " is " +
              std::string(to_string(a.profile.subcategory)));
    else if (!account_places_.at(a.id).permissions_stated)
      a.profile.permissions.add(use.needs);
    else if (!a.profile.permissions.has(use.needs))
      error(use.mark, use.path,
            use.what + " needs the '" + std::string(to_string(use.needs)) +
              "' permission, which " + a.id + "'s permissions do not list");
  }
  file_ = outer_file;
  if (s_.platform.payments.every <= engine::duration{0})
    return;
  // Recurring debits take every account.
  for (const auto& a : s_.accounts) {
    std::string problem;
    if (!supports_us_bank_account(a.profile))
      problem = "is " + std::string(to_string(a.profile.subcategory)) +
                ", and only checking and savings accounts can be debited";
    else if (!a.profile.permissions.has(account_permission::payment_method))
      problem = "does not list the 'payment_method' permission a debit needs";
    if (problem.empty())
      continue;
    const auto& place = account_places_.at(a.id);
    file_ = place.file;
    error(place.mark, place.path,
          "platform.policy.payments debits every account, but " + a.id + " " + problem);
  }
  file_ = outer_file;
}

// Each override walks its path through existing mappings and sequences and puts
// its value (parsed as YAML) at the last step.
void loader::apply_overrides(YAML::Node& root) {
  for (const auto& o : overrides_) {
    const std::string source = "--set " + o.path + "=" + o.value;
    auto fail = [&](const std::string& message) {
      errors_.push_back({source, 1, 1, message, o.path});
    };
    // Files are refused when they are not UTF-8; a value from the command line is
    // held to the same, or reports would carry bytes no reader accepts.
    if (first_non_utf8(o.value)) {
      fail("the value is not UTF-8 text");
      continue;
    }
    YAML::Node value;
    auto scan = prescan_yaml(o.value, source, max_yaml_nodes - nodes_read_,
                             too_many_nodes_message());
    nodes_read_ += scan.nodes;
    if (scan.unreadable) {
      fail(scan.errors.back().message);
      continue;
    }
    try {
      value = YAML::Load(o.value);
    } catch (const YAML::Exception& e) {
      fail("the value is not YAML: " + e.msg);
      continue;
    }
    // Split `a.b[2].c` into steps: names and indexes.
    std::vector<std::pair<std::string, long>> steps; // (name, -1) or ("", index)
    bool malformed = false;
    std::size_t i = 0;
    while (i < o.path.size() && !malformed) {
      if (o.path[i] == '.') {
        ++i;
      } else if (o.path[i] == '[') {
        const auto close = o.path.find(']', i);
        const std::string digits = o.path.substr(i + 1, close == std::string::npos ? 0 : close - i - 1);
        malformed = close == std::string::npos || digits.empty() || digits.size() > 6 ||
                    digits.find_first_not_of("0123456789") != std::string::npos;
        if (!malformed)
          steps.emplace_back("", std::stol(digits));
        i = close == std::string::npos ? o.path.size() : close + 1;
      } else {
        const auto end = o.path.find_first_of(".[", i);
        steps.emplace_back(o.path.substr(i, end - i), -1);
        i = end == std::string::npos ? o.path.size() : end;
      }
    }
    if (malformed || steps.empty()) {
      fail("malformed key path '" + o.path + "': write keys and indexes like timeline[2].at");
      continue;
    }
    YAML::Node node = root;
    std::string walked;
    for (std::size_t k = 0; k < steps.size() && !malformed; ++k) {
      const auto& [name, index] = steps[k];
      const bool last = k + 1 == steps.size();
      if (index >= 0) {
        walked += "[" + std::to_string(index) + "]";
        if (!node.IsSequence() || static_cast<std::size_t>(index) >= node.size()) {
          fail("'" + walked + "' does not exist");
          malformed = true;
        } else if (last) {
          node[static_cast<std::size_t>(index)] = value;
        } else {
          node.reset(node[static_cast<std::size_t>(index)]);
        }
      } else {
        walked += (walked.empty() ? "" : ".") + name;
        if (!node.IsMap()) {
          fail("'" + walked + "' is not inside a mapping");
          malformed = true;
        } else if (last) {
          node[name] = value;
        } else {
          // A missing mapping is made: `platform.link_lifetime=3d` works without a
          // platform section, and a misspelt key meets the loader's own checks.
          if (!node[name])
            node[name] = YAML::Node(YAML::NodeType::Map);
          node.reset(node[name]);
        }
      }
    }
  }
}

// Parses one file's text into `root`, reporting syntax errors and duplicate keys
// against the file being read. False when there is nothing to read further.
bool loader::parse(const std::string& text, YAML::Node& root) {
  const std::string protected_text = protect_distribution_commas(text, commas_);
  // The events first: the tree is built only from a text whose nodes, with those
  // read before it, stay within the limit.
  auto scan = prescan_yaml(protected_text, file_, max_yaml_nodes - nodes_read_,
                           too_many_nodes_message());
  nodes_read_ += scan.nodes;
  for (auto& d : scan.errors)
    errors_.push_back(std::move(d));
  if (scan.unreadable)
    return false;
  try {
    root = YAML::Load(protected_text);
  } catch (const YAML::Exception& e) {
    errors_.push_back({file_, e.mark.line + 1, e.mark.column + 1,
                       "YAML syntax error: " + e.msg, ""});
    return false;
  }
  return true;
}

// The world and timeline sections, from the scenario or from a fragment.
void loader::read_sections(const YAML::Node& root) {
  if (auto n = root["platform"])
    read_platform(n);
  if (auto n = root["institutions"])
    read_institutions(n);
  if (auto n = root["behaviors"])
    read_behaviors(n);
  if (auto n = root["customers"])
    read_customers(n);
  if (auto n = root["accounts"]) {
    if (!n.IsSequence())
      error(n, "accounts", "expected a list of accounts linked without an account holder");
    else
      for (std::size_t j = 0; j < n.size(); ++j)
        read_account(n[j], "accounts[" + std::to_string(j) + "]", "");
  }
  if (auto n = root["mailer"])
    read_mailer(n);
  if (auto n = root["populations"])
    read_populations(n);
  if (auto n = root["timeline"])
    read_timeline(n);
  if (auto n = root["expect"])
    read_expectations(n);
}

// `include: [path, …]`: fragments of the world, timeline and expectations, read
// before the including file's own sections. Paths are relative to the including
// file and must stay inside the scenario's folder tree.
void loader::read_includes(const YAML::Node& list) {
  namespace fs = std::filesystem;
  if (!list.IsSequence()) {
    error(list, "include", "expected a list of files, such as [shared/banks.yaml]");
    return;
  }
  const fs::path root_dir = canonical_or_plain(fs::path(s_.file).parent_path());
  const fs::path here = fs::path(file_).parent_path();
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string path = "include[" + std::to_string(i) + "]";
    auto name = scalar(list[i], path, "a file path");
    if (!name)
      continue;
    if (name->empty() || name->find('\0') != std::string::npos) {
      error(list[i], path, "expected a file path, such as shared/banks.yaml");
      continue;
    }
    // A name the file system cannot resolve (too long, a loop of symbolic links)
    // is reported like a file that cannot be read.
    std::error_code resolve_error;
    const fs::path target =
      fs::weakly_canonical(fs::absolute(here / *name), resolve_error);
    if (resolve_error) {
      error(list[i], path, "cannot read '" + *name + "': " +
                             unreadable_reason(resolve_error.value()));
      continue;
    }
    const auto relative = target.lexically_relative(root_dir);
    if (fs::path(*name).is_absolute() || relative.empty() || *relative.begin() == "..") {
      error(list[i], path, "'" + *name + "' is outside the scenario's folder; includes stay "
                           "inside " + root_dir.string());
      continue;
    }
    if (std::find(include_stack_.begin(), include_stack_.end(), target.string()) !=
        include_stack_.end()) {
      error(list[i], path, "include cycle: '" + *name + "' is already being read");
      continue;
    }
    if (!fragments_seen_.insert(target.string()).second)
      continue; // included once already (a fragment shared by two others)
    // The stack holds the scenario and the fragments being read: a fragment read
    // from here would be at this depth.
    if (include_stack_.size() > max_include_depth) {
      error(list[i], path, "too many levels of include: at most " +
                             std::to_string(max_include_depth));
      continue;
    }
    if (++fragments_read_ > max_included_files) {
      error(list[i], path, "too many included files: at most " +
                             std::to_string(max_included_files));
      continue;
    }
    auto read = read_source_file(target.string(), max_file_bytes - bytes_read_);
    if (!read.text) {
      error(list[i], path, "cannot read '" + *name + "': " +
                             (read.too_large ? "the scenario and its includes together are "
                                               "larger than the limit of " +
                                                 byte_size_text(max_file_bytes)
                                             : read.error));
      continue;
    }
    bytes_read_ += read.text->size();
    read_fragment(*read.text, (here / *name).lexically_normal().string(), target.string());
  }
}

void loader::read_fragment(const std::string& text, const std::string& label,
                           const std::string& canonical) {
  const std::string outer_file = file_;
  const protected_commas outer_commas = commas_;
  file_ = label;
  commas_ = {};
  include_stack_.push_back(canonical);
  mix(hash_, std::string_view("\0include ", 9));
  mix(hash_, text);
  YAML::Node root;
  if (check_utf8(text) && parse(text, root) && !(root.IsNull() || !root.IsDefined())) {
    keys allowed{"include", "platform", "institutions", "behaviors", "customers", "accounts",
                 "mailer", "populations", "timeline", "expect"};
    if (check_map(root, "", allowed)) {
      if (auto n = root["include"])
        read_includes(n);
      read_sections(root);
    }
  }
  include_stack_.pop_back();
  file_ = outer_file;
  commas_ = outer_commas;
}

// The first byte that does not belong to well-formed UTF-8, as line and column;
// nullopt when the text is UTF-8. Reports would otherwise carry bytes no JSON or
// XML reader accepts.
std::optional<std::pair<int, int>> first_non_utf8(const std::string& text) {
  int line = 1, column = 1;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t length = engine::utf8_sequence(text, i);
    if (length == 0)
      return std::pair{line, column};
    if (text[i] == '\n')
      ++line, column = 1;
    else
      ++column;
    i += length;
  }
  return std::nullopt;
}

bool loader::check_utf8(const std::string& text) {
  if (auto at = first_non_utf8(text)) {
    errors_.push_back({file_, at->first, at->second,
                       "the file is not UTF-8 text: save it as UTF-8", ""});
    return false;
  }
  return true;
}

load_result loader::load(const std::string& text) {
  YAML::Node root;
  if (text.size() > max_file_bytes) {
    errors_.push_back({file_, 1, 1, "the scenario is larger than the limit of " +
                                      byte_size_text(max_file_bytes), ""});
    return {std::nullopt, std::move(errors_)};
  }
  bytes_read_ = text.size();
  if (!check_utf8(text))
    return {std::nullopt, std::move(errors_)};
  mix(hash_, text);
  for (const auto& o : overrides_) {
    mix(hash_, std::string_view("\0--set ", 7));
    mix(hash_, o.path + "=" + o.value);
  }
  include_stack_.push_back(canonical_or_plain(s_.file).string());
  if (!parse(text, root))
    return {std::nullopt, std::move(errors_)};
  if (!overrides_.empty() && root.IsMap())
    apply_overrides(root);
  if (!root.IsDefined() || root.IsNull()) {
    errors_.push_back({s_.file, 1, 1, "the file is empty: a scenario needs at least "
                                      "'scenario' and 'horizon'", ""});
    return {std::nullopt, std::move(errors_)};
  }
  if (!check_map(root, "", top_level_keys))
    return {std::nullopt, std::move(errors_)};
  read_header(root);
  if (auto n = root["include"])
    read_includes(n);
  read_sections(root);
  check_population_ids();
  check_references();
  check_profiles();
  if (!errors_.empty())
    return {std::nullopt, std::move(errors_)};
  // Stable order of the timeline: by time, then as written (equal times keep
  // the file's order, which is the order they fire in).
  std::stable_sort(s_.timeline.begin(), s_.timeline.end(),
                   [](const timeline_entry& a, const timeline_entry& b) { return a.at < b.at; });
  s_.source_hash = "fnv1a64:" + hex(hash_);
  return {std::move(s_), {}};
}

} // namespace

std::optional<override_value> parse_override(const std::string& text) {
  const auto equals = text.find('=');
  if (equals == std::string::npos || equals == 0)
    return std::nullopt;
  return override_value{text.substr(0, equals), text.substr(equals + 1)};
}

load_result load_scenario_text(const std::string& text, const std::string& file,
                               const std::vector<override_value>& overrides) {
  return loader(file, overrides).load(text);
}

load_result load_scenario_file(const std::string& path,
                               const std::vector<override_value>& overrides) {
  const bool standard_input = path == "-";
  const std::string label = standard_input ? "<stdin>" : path;
  auto read = standard_input ? read_standard_input(max_file_bytes)
                             : read_source_file(path, max_file_bytes);
  if (!read.text)
    return {std::nullopt, {{label, 1, 1, "cannot read the file: " + read.error, ""}}};
  return load_scenario_text(*read.text, label, overrides);
}

} // namespace sim
