// The file as a whole: its text within the limits, parsed, overridden by --set,
// with its includes; each section is then handed to its own reader (read_*.cpp).

#include "format/loader.hpp"

#include "engine/utf8.hpp"
#include "format/key_path.hpp"
#include "format/reader.hpp"
#include "format/source_text.hpp"
#include "format/yaml_prescan.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <set>
#include <yaml-cpp/yaml.h>

namespace sim::reading {
namespace {

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

} // namespace

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
    const bool word_start =
        i == 0 ||
        !(std::isalnum(static_cast<unsigned char>(text[i - 1])) || text[i - 1] == '_');
    if (!word_start)
      continue;
    // Any `word(` call, not only the known distributions, so that a misspelt one
    // (`gauss(1m, 2m)`) reads as one value and is reported as such.
    std::size_t length = 0;
    while (i + length < text.size() &&
           (std::isalnum(static_cast<unsigned char>(text[i + length])) ||
            text[i + length] == '_'))
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

namespace {

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

} // namespace

// Each override's value is parsed as YAML and put at its path.
void scenario_reader::apply_overrides(YAML::Node& root) {
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
    const auto path = parse_key_path(o.path);
    if (!path) {
      fail("malformed key path '" + o.path +
           "': write keys, indexes and item ids like timeline[2].at or timeline[outage].at");
      continue;
    }
    if (const std::string why = put_at_key_path(root, *path, value); !why.empty())
      fail(why);
  }
}

// Parses one file's text into `root`, reporting syntax errors and duplicate keys
// against the file being read. False when there is nothing to read further.
bool scenario_reader::parse(const std::string& text, YAML::Node& root) {
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
    errors_.push_back(
        {file_, e.mark.line + 1, e.mark.column + 1, "YAML syntax error: " + e.msg, ""});
    return false;
  }
  return true;
}

// The world and timeline sections, from the scenario or from a fragment.
void scenario_reader::read_sections(const YAML::Node& root) {
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
      error(n, "accounts",
            "expected a list of accounts linked without an account holder");
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
void scenario_reader::read_includes(const YAML::Node& list) {
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
      error(list[i], path,
            "cannot read '" + *name + "': " + unreadable_reason(resolve_error.value()));
      continue;
    }
    const auto relative = target.lexically_relative(root_dir);
    if (fs::path(*name).is_absolute() || relative.empty() || *relative.begin() == "..") {
      error(list[i], path,
            "'" + *name +
                "' is outside the scenario's folder; includes stay "
                "inside " +
                root_dir.string());
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
      error(list[i], path,
            "too many levels of include: at most " + std::to_string(max_include_depth));
      continue;
    }
    if (++fragments_read_ > max_included_files) {
      error(list[i], path,
            "too many included files: at most " + std::to_string(max_included_files));
      continue;
    }
    auto read = read_source_file(target.string(), max_file_bytes - bytes_read_);
    if (!read.text) {
      error(list[i], path,
            "cannot read '" + *name + "': " +
                (read.too_large ? "the scenario and its includes together are "
                                  "larger than the limit of " +
                                      byte_size_text(max_file_bytes)
                                : read.error));
      continue;
    }
    bytes_read_ += read.text->size();
    read_fragment(*read.text, (here / *name).lexically_normal().string(),
                  target.string());
  }
}

void scenario_reader::read_fragment(const std::string& text, const std::string& label,
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
    keys allowed{"include",  "platform", "institutions", "behaviors", "customers",
                 "accounts", "mailer",   "populations",  "timeline",  "expect"};
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

bool scenario_reader::check_utf8(const std::string& text) {
  if (auto at = first_non_utf8(text)) {
    errors_.push_back({file_, at->first, at->second,
                       "the file is not UTF-8 text: save it as UTF-8", ""});
    return false;
  }
  return true;
}

load_result scenario_reader::load(const std::string& text) {
  YAML::Node root;
  if (text.size() > max_file_bytes) {
    errors_.push_back(
        {file_, 1, 1,
         "the scenario is larger than the limit of " + byte_size_text(max_file_bytes),
         ""});
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
    errors_.push_back({s_.file, 1, 1,
                       "the file is empty: a scenario needs at least "
                       "'scenario' and 'horizon'",
                       ""});
    return {std::nullopt, std::move(errors_)};
  }
  if (!check_map(root, "", top_level_keys))
    return {std::nullopt, std::move(errors_)};
  read_header(root);
  if (auto n = root["include"])
    read_includes(n);
  read_sections(root);
  if (auto n = root["vary"])
    read_vary(n, root);
  check_population_ids();
  check_references();
  check_profiles();
  if (!errors_.empty())
    return {std::nullopt, std::move(errors_)};
  // Stable order of the timeline: by time, then as written (equal times keep
  // the file's order, which is the order they fire in).
  std::stable_sort(
      s_.timeline.begin(), s_.timeline.end(),
      [](const timeline_entry& a, const timeline_entry& b) { return a.at < b.at; });
  s_.source_hash = "fnv1a64:" + hex(hash_);
  return {std::move(s_), {}};
}

} // namespace sim::reading

namespace sim {

std::optional<override_value> parse_override(const std::string& text) {
  const auto equals = text.find('=');
  if (equals == std::string::npos || equals == 0)
    return std::nullopt;
  return override_value{text.substr(0, equals), text.substr(equals + 1)};
}

load_result load_scenario_text(const std::string& text, const std::string& file,
                               const std::vector<override_value>& overrides) {
  return reading::scenario_reader(file, overrides).load(text);
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
