#pragma once

// What every reader of a section of the scenario shares (internal to format/):
// where errors go and how they name their place, the did-you-mean budget, and
// the readers of one value (an id, a duration, a time, a count, a distribution).
// Each section of the format has its reader in a file of its own
// (read_institutions.cpp, read_timeline.cpp, …); `scenario_reader` puts them
// together, and loader.cpp drives it over the file and its includes.

#include "domain/domain.hpp"
#include "format/diagnostics.hpp"
#include "format/limits.hpp"
#include "format/loader.hpp"
#include "format/scenario.hpp"

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>
#include <yaml-cpp/yaml.h>

namespace sim::reading {

using keys = std::vector<std::string>;

inline const keys top_level_keys{
    "scenario",  "format",    "title",       "tags",     "seed",         "start",
    "horizon",   "mode",      "platform",    "institutions", "behaviors", "customers",
    "accounts",  "populations", "mailer",    "include",  "timeline",     "expect",
    "vary"};

bool is_identifier(const std::string& s);
std::string join(const keys& words);

template <class Enum, std::size_t N>
keys names_of(const std::array<Enum, N>& all) {
  using actors::to_string;
  keys out;
  for (Enum e : all)
    out.emplace_back(to_string(e));
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

// `text` with each comma inside a distribution call replaced by ';' (columns
// unchanged), their places kept in `marks`.
std::string protect_distribution_commas(std::string text, protected_commas& marks);

class reader_context {
public:
  reader_context(std::string file, std::vector<override_value> overrides)
      : overrides_(std::move(overrides)), file_(file) {
    s_.file = std::move(file);
  }

protected:
  // -- reporting -------------------------------------------------------------
  // The override a YAML path came from, if any (its own path, or one inside it).
  const override_value* override_for(const std::string& path) const {
    for (const auto& o : overrides_)
      if (path == o.path || path.rfind(o.path + ".", 0) == 0 ||
          path.rfind(o.path + "[", 0) == 0 || o.path.rfind(path + ".", 0) == 0)
        return &o;
    return nullptr;
  }
  // `subject`: the path of what is wrong when `path` is its parent (unknown keys).
  void error(const YAML::Mark& mark, const std::string& path, std::string message,
             const std::string& subject = {}) {
    // A value that came from --set has no place in the file: name the override.
    if (const auto* o = override_for(subject.empty() ? path : subject)) {
      errors_.push_back(
          {"--set " + o->path + "=" + o->value, 1, 1, std::move(message), path});
      return;
    }
    errors_.push_back({file_, mark.line + 1, mark.column + 1, std::move(message), path});
  }
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
  // An optional probability under `key` of `map`: `into` keeps its default when the
  // key is absent or wrong; false only when it is present and wrong (and said).
  bool optional_probability(const YAML::Node& map, const char* key, const std::string& path,
                            double& into);
  std::optional<engine::distribution> probability_distribution(const YAML::Node& node,
                                                               const std::string& path);
  std::optional<std::uint64_t> count(const YAML::Node& node, const std::string& path,
                                     std::uint64_t limit);
  std::optional<bool> boolean(const YAML::Node& node, const std::string& path);
  std::optional<engine::distribution> distribution_value(const YAML::Node& node,
                                                         const std::string& path,
                                                         engine::value_kind kind);
  std::optional<engine::distribution>
  choice_value(const YAML::Node& node, const std::string& path, engine::value_kind kind);
  std::vector<std::string> identifier_list(const YAML::Node& node,
                                           const std::string& path);
  // `T`, or `end` (the horizon) when allowed; checked against the horizon.
  std::optional<engine::duration>
  time_value(const YAML::Node& node, const std::string& path, bool* is_end = nullptr);
  // `[T1, T2]`: two times, the first not after the second.
  std::optional<std::pair<engine::duration, engine::duration>>
  time_window(const YAML::Node& node, const std::string& path);

  template <class Enum, std::size_t N>
  std::optional<Enum> word(const YAML::Node& node, const std::string& path,
                           const char* what, const std::array<Enum, N>& all);
  template <class Enum, std::size_t N>
  std::optional<enum_set<Enum>> word_set(const YAML::Node& node, const std::string& path,
                                         const char* what,
                                         const std::array<Enum, N>& all);

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

  scenario s_;
  std::vector<override_value> overrides_;
  std::string file_;                  // the file being read: the scenario, or a fragment
  std::uint64_t suggestion_work_ = 0; // see afford_suggestion
  protected_commas commas_;
  std::vector<diagnostic> errors_;
  std::vector<reference> references_;
  bool horizon_known_ = false;
};

template <class Enum, std::size_t N>
std::optional<Enum> reader_context::word(const YAML::Node& node, const std::string& path,
                                         const char* what,
                                         const std::array<Enum, N>& all) {
  const keys names = names_of(all);
  auto text = scalar(node, path, (std::string("one of ") + join(names)).c_str());
  if (!text)
    return std::nullopt;
  auto value = actors::from_string(all, *text);
  if (!value)
    error(node, path,
          "unknown " + std::string(what) + " '" + *text + "'" +
              suggestion_suffix(*text, names) + "; expected one of " + join(names));
  return value;
}

// A list of distinct words of one vocabulary, such as [payment_method, balances].
template <class Enum, std::size_t N>
std::optional<enum_set<Enum>>
reader_context::word_set(const YAML::Node& node, const std::string& path,
                         const char* what, const std::array<Enum, N>& all) {
  if (!node.IsSequence()) {
    error(node, path,
          "expected a list of " + std::string(what) + "s, each one of " +
              join(names_of(all)));
    return std::nullopt;
  }
  enum_set<Enum> out;
  bool ok = true;
  for (std::size_t i = 0; i < node.size(); ++i) {
    const std::string item_path = path + "[" + std::to_string(i) + "]";
    auto value = word(node[i], item_path, what, all);
    if (value && out.has(*value)) {
      error(node[i], item_path,
            "'" + std::string(to_string(*value)) + "' is listed twice");
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

// The scenario as its sections are read, one reader per section; loader.cpp
// adds the file-level work (includes, overrides, parsing, limits of the text).
class scenario_reader : public reader_context {
public:
  using reader_context::reader_context;

  load_result load(const std::string& text);

  // -- the timeline's actions, one reader per kind (read_actions.cpp), named by
  // the table of action kinds (timeline_actions.cpp) --------------------------
  std::optional<timeline_action> read_revoke(const YAML::Node& body,
                                             const std::string& path);
  std::optional<timeline_action> read_close_account(const YAML::Node& body,
                                                    const std::string& path);
  std::optional<timeline_action> read_expire_access(const YAML::Node& body,
                                                    const std::string& path);
  std::optional<timeline_action> read_require_reauth(const YAML::Node& body,
                                                     const std::string& path);
  std::optional<timeline_action> read_create_relink_session(const YAML::Node& body,
                                                            const std::string& path);
  std::optional<timeline_action> read_platform_job(const YAML::Node& body,
                                                  const std::string& path);
  std::optional<timeline_action> read_webhook_faults(const YAML::Node& body,
                                                     const std::string& path);
  std::optional<timeline_action> read_refresh(const YAML::Node& body,
                                              const std::string& path);
  std::optional<timeline_action> read_mailer_outage(const YAML::Node& body,
                                                    const std::string& path);
  std::optional<timeline_action> read_bounce(const YAML::Node& body,
                                             const std::string& path);
  std::optional<timeline_action> read_set_email(const YAML::Node& body,
                                                const std::string& path);
  std::optional<timeline_action> read_set_behavior(const YAML::Node& body,
                                                   const std::string& path);
  std::optional<timeline_action> read_payment(const YAML::Node& body,
                                              const std::string& path);
  std::optional<timeline_action> read_outage(const YAML::Node& body,
                                             const std::string& path);
  std::optional<timeline_action> read_disconnect(const YAML::Node& body,
                                                 const std::string& path);
  std::optional<timeline_action> read_expire_tan(const YAML::Node& body,
                                                 const std::string& path);
  std::optional<timeline_action> read_schedule_deactivation(const YAML::Node& body,
                                                            const std::string& path);
  std::optional<timeline_action> read_request_relink(const YAML::Node& body,
                                                     const std::string& path);

  // -- expectations, one reader per kind (read_expectations.cpp), named by the
  // table of expectation kinds (expectation_kinds.cpp) -------------------------
  std::optional<expectation_body> read_event_expectation(const YAML::Node& item,
                                                         const std::string& path);
  std::optional<expectation_body> read_request_expectation(const YAML::Node& item,
                                                           const std::string& path);
  std::optional<expectation_body> read_emails_expectation(const YAML::Node& item,
                                                          const std::string& path);
  std::optional<expectation_body> read_webhooks_expectation(const YAML::Node& item,
                                                            const std::string& path);
  std::optional<expectation_body> read_session_expectation(const YAML::Node& item,
                                                           const std::string& path);
  std::optional<expectation_body> read_payments_expectation(const YAML::Node& item,
                                                            const std::string& path);
  std::optional<expectation_body> read_account_expectation(const YAML::Node& item,
                                                           const std::string& path);
  std::optional<expectation_body> read_metric_expectation(const YAML::Node& item,
                                                          const std::string& path);

private:
  // -- the file, its includes and overrides (loader.cpp) ---------------------
  void apply_overrides(YAML::Node& root);
  bool parse(const std::string& text, YAML::Node& root);
  bool check_utf8(const std::string& text);
  void read_sections(const YAML::Node& root);
  void read_includes(const YAML::Node& list);
  void read_fragment(const std::string& text, const std::string& label,
                     const std::string& canonical);

  // -- sections, each in its own read_*.cpp ----------------------------------
  void read_header(const YAML::Node& root);
  void read_platform(const YAML::Node& node);
  void read_policy(const YAML::Node& node);
  void read_endpoint(const YAML::Node& node);
  void read_auto_relink(const YAML::Node& node);
  void read_mailer(const YAML::Node& node);
  void read_institutions(const YAML::Node& node);
  void read_behaviors(const YAML::Node& node);
  void read_customers(const YAML::Node& node);
  void read_account(const YAML::Node& node, const std::string& path,
                    const std::string& holder);
  void read_profile(const YAML::Node& node, const std::string& path, account_profile& p);
  void read_category(const YAML::Node& node, const std::string& path, account_profile& p);
  void read_permissions(const YAML::Node& node, const std::string& path,
                        account_profile& p);
  std::optional<std::string> nullable_text(const YAML::Node& node,
                                           const std::string& path, const char* what,
                                           account_profile::text_state& state);
  void read_populations(const YAML::Node& node);
  std::optional<engine::distribution> accounts_per_customer(const YAML::Node& n,
                                                            const std::string& path);
  bool read_population_email(const YAML::Node& n, const std::string& path,
                             population_spec& p);
  std::optional<weighted_names>
  weighted_choice(const YAML::Node& node, const std::string& path, reference::kind what);
  std::optional<actors::account_selector> read_selector(const YAML::Node& node,
                                                        const std::string& path);
  std::optional<account_pick> read_pick(const YAML::Node& node, const std::string& path);
  void read_timeline(const YAML::Node& node);
  void read_timeline_entry(const YAML::Node& item, const std::string& path, std::size_t i,
                           std::map<std::string, std::size_t>& ids);
  std::vector<std::pair<std::string, YAML::Node>>
  entry_actions(const YAML::Node& item, const std::string& path, bool& unknown_keys);
  std::vector<engine::duration> repeated_times(const YAML::Node& item,
                                               const std::string& path, bool& ok);
  void count_timeline_entries(const YAML::Node& item, const std::string& path,
                              std::vector<engine::duration>& times, bool& ok);
  void add_occurrences(timeline_entry& entry, const std::vector<engine::duration>& times,
                       bool repeats);
  std::vector<engine::duration> single_time(const YAML::Node& item,
                                            const std::string& path, bool& ok);
  std::optional<timeline_action>
  read_action(const std::string& name, const YAML::Node& body, const std::string& path);
  // An account; with `authorization` every account of those credentials; with
  // `accounts` the accounts a pick draws.
  struct action_target {
    std::string account, authorization;
    std::optional<account_pick> pick;
  };
  std::optional<std::string> single_account(const YAML::Node& body,
                                            const std::string& path);
  std::optional<action_target> account_or_authorization(const YAML::Node& body,
                                                        const std::string& path);
  bool session_target(const YAML::Node& body, const std::string& path,
                      create_session_action& a);
  bool session_notify(const YAML::Node& n, const std::string& path,
                      create_session_action& a);
  bool account_check_time(const YAML::Node& item, const std::string& path,
                          account_expectation& e);
  std::optional<timeline_action> deactivation(const YAML::Node& body,
                                              const std::string& path,
                                              actors::inactive_cause cause);
  void read_expectations(const YAML::Node& node);
  void read_vary(const YAML::Node& node, const YAML::Node& root);
  std::optional<varied_value> read_varied_value(const YAML::Node& key, const YAML::Node& body,
                                                const YAML::Node& root);
  std::optional<expectation_body> read_expectation(const YAML::Node& node,
                                                   const std::string& path);

  // -- checks once everything is read (check_references.cpp) -----------------
  void check_profiles();
  void check_references();
  void check_population_ids();

  std::vector<std::string> include_stack_; // canonical paths, for cycles
  std::size_t fragments_read_ = 0;
  std::size_t bytes_read_ = 0;   // of the scenario and its fragments, see max_file_bytes
  std::uint64_t nodes_read_ = 0; // likewise, see max_yaml_nodes
  std::uint64_t timeline_entries_ = 0; // once per time, see max_timeline_entries
  bool timeline_full_ = false;         // reported once
  std::set<std::string> fragments_seen_;
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
  std::uint64_t hash_ = 14695981039346656037ull; // of every text read, see mix()
};

} // namespace sim::reading
