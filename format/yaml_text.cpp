#include "format/yaml_text.hpp"

#include "format/reader.hpp"

namespace sim {
namespace {

// Gives every value its text as written: the loader's reading protects a
// distribution call's commas, which the tree would otherwise keep as ';'.
void restore_commas(YAML::Node node, const reading::protected_commas& marks) {
  if (node.IsScalar()) {
    const std::string text = marks.restore(node);
    if (text != node.Scalar())
      node = text;
    return;
  }
  if (node.IsSequence())
    for (std::size_t i = 0; i < node.size(); ++i)
      restore_commas(node[i], marks);
  if (node.IsMap())
    for (auto item : node)
      restore_commas(item.second, marks);
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
    YAML::Node root = YAML::Load(protected_text);
    restore_commas(root, marks);
    return root;
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

std::string scenario_yaml_line(const YAML::Node& value) {
  YAML::Node copy = YAML::Clone(value);
  flow_style(copy);
  YAML::Emitter out;
  out << copy;
  return out.c_str();
}

} // namespace sim
