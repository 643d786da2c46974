#include "format/yaml_text.hpp"

#include "format/reader.hpp"

#include <cmath>
#include <cstdlib>

namespace sim {
namespace {

// A copy of `node` with every value's text as written (the loader's reading
// protects a distribution call's commas, which the tree would otherwise keep as
// ';') and nothing shared: an alias becomes a copy of what it names, so that
// changing one place never changes another.
YAML::Node as_written(const YAML::Node& node, const reading::protected_commas& marks) {
  if (node.IsScalar())
    return YAML::Node(marks.restore(node));
  if (node.IsNull())
    return YAML::Node(YAML::NodeType::Null);
  if (!node.IsMap() && !node.IsSequence())
    return YAML::Node();
  YAML::Node out(node.IsMap() ? YAML::NodeType::Map : YAML::NodeType::Sequence);
  out.SetStyle(node.Style());
  for (const auto& item : node) {
    if (node.IsMap())
      out.force_insert(as_written(item.first, marks), as_written(item.second, marks));
    else
      out.push_back(as_written(item, marks));
  }
  return out;
}

// A collection's nodes keep the style they were written in; on one line, all flow.
void flow_style(YAML::Node node) {
  if (node.IsMap() || node.IsSequence())
    node.SetStyle(YAML::EmitterStyle::Flow);
  if (node.IsSequence())
    for (std::size_t i = 0; i < node.size(); ++i)
      flow_style(node[i]);
  if (node.IsMap())
    for (auto item : node)
      flow_style(item.second);
}

} // namespace

std::optional<YAML::Node> parse_scenario_yaml(const std::string& text, std::string& error) {
  reading::protected_commas marks;
  const std::string protected_text = reading::protect_distribution_commas(text, marks);
  try {
    return as_written(YAML::Load(protected_text), marks);
  } catch (const YAML::Exception& e) {
    error = "YAML syntax error at " + std::to_string(e.mark.line + 1) + ":" +
            std::to_string(e.mark.column + 1) + ": " + e.msg;
    return std::nullopt;
  }
}

std::string scenario_yaml_text(const YAML::Node& root) {
  YAML::Emitter out;
  out.SetIndent(2);
  out << root;
  std::string text = out.c_str();
  if (text.empty() || text.back() != '\n')
    text += '\n';
  return text;
}

std::optional<double> plain_number(const std::string& text) {
  if (text.empty())
    return std::nullopt;
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size() || !std::isfinite(value))
    return std::nullopt;
  return value;
}

std::string scenario_yaml_line(const YAML::Node& value) {
  YAML::Node copy = YAML::Clone(value);
  flow_style(copy);
  YAML::Emitter out;
  out << copy;
  return out.c_str();
}

} // namespace sim
