#include "cli/completion.hpp"

#include <CLI/CLI.hpp>

#include <sstream>
#include <string_view>
#include <vector>

namespace cli {
namespace {

// One option of a command, as a completion script needs it.
struct option_words {
  std::vector<std::string> names; // --long and -s forms
  std::string description;
  bool takes_value = false;
  std::vector<std::string> choices; // from a CLI::IsMember check: "TEXT:{a,b}"
};

struct command_words {
  std::string name;
  std::string description;
  std::vector<option_words> options;
  bool takes_files = false; // a positional argument: scenario files or folders
};

std::vector<std::string> choices_of(const std::string& type_name) {
  std::vector<std::string> out;
  auto open = type_name.find(":{");
  auto close = type_name.rfind('}');
  if (open == std::string::npos || close == std::string::npos || close < open) return out;
  std::string item;
  for (char c : type_name.substr(open + 2, close - open - 2)) {
    if (c == ',') {
      out.push_back(item);
      item.clear();
    } else if (c != ' ') {
      item += c;
    }
  }
  if (!item.empty()) out.push_back(item);
  return out;
}

command_words words_of(CLI::App& app) {
  command_words command{app.get_name(), app.get_description(), {}, false};
  for (const CLI::Option* option : app.get_options()) {
    if (option->get_positional()) {
      command.takes_files = true;
      continue;
    }
    option_words words;
    for (const auto& name : option->get_lnames()) words.names.push_back("--" + name);
    for (const auto& name : option->get_snames()) words.names.push_back("-" + name);
    words.description = option->get_description();
    words.takes_value = option->get_expected_max() != 0; // a flag expects none
    words.choices = choices_of(option->get_type_name());
    command.options.push_back(std::move(words));
  }
  return command;
}

std::string joined(const std::vector<std::string>& words, std::string_view between = " ") {
  std::string out;
  for (const auto& word : words) {
    if (!out.empty()) out += between;
    out += word;
  }
  return out;
}

// A word inside single quotes in either shell.
std::string single_quoted(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string bash_script(const command_words& top, const std::vector<command_words>& commands) {
  std::ostringstream out;
  std::vector<std::string> names;
  for (const auto& command : commands) names.push_back(command.name);
  std::vector<std::string> top_words = names;
  for (const auto& option : top.options)
    top_words.insert(top_words.end(), option.names.begin(), option.names.end());

  out << "# bash completion for relinksim, written by `relinksim completion bash`\n"
      << "_relinksim() {\n"
      << "  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n"
      << "  local command='' i\n"
      << "  for ((i = 1; i < COMP_CWORD; i++)); do\n"
      << "    case ${COMP_WORDS[i]} in\n"
      << "      " << joined(names, "|") << ") command=${COMP_WORDS[i]}; break ;;\n"
      << "    esac\n"
      << "  done\n"
      << "  case $command in\n"
      << "    '')\n"
      << "      COMPREPLY=($(compgen -W " << single_quoted(joined(top_words)) << " -- \"$cur\"))\n"
      << "      return ;;\n";
  for (const auto& command : commands) {
    out << "    " << command.name << ")\n      case $prev in\n";
    std::vector<std::string> option_names;
    std::vector<std::string> valued;
    for (const auto& option : command.options) {
      option_names.insert(option_names.end(), option.names.begin(), option.names.end());
      if (!option.choices.empty())
        out << "        " << joined(option.names, "|") << ")\n          COMPREPLY=($(compgen -W "
            << single_quoted(joined(option.choices)) << " -- \"$cur\"))\n          return ;;\n";
      else if (option.takes_value)
        valued.insert(valued.end(), option.names.begin(), option.names.end());
    }
    if (!valued.empty())
      out << "        " << joined(valued, "|")
          << ")\n          compopt -o filenames 2>/dev/null\n"
          << "          COMPREPLY=($(compgen -f -- \"$cur\"))\n          return ;;\n";
    out << "      esac\n"
        << "      if [[ $cur == -* ]]; then\n"
        << "        COMPREPLY=($(compgen -W " << single_quoted(joined(option_names))
        << " -- \"$cur\"))\n";
    if (command.takes_files)
      out << "      else\n"
          << "        compopt -o filenames 2>/dev/null\n"
          << "        COMPREPLY=($(compgen -d -- \"$cur\") "
             "$(compgen -f -X '!*.yaml' -- \"$cur\") $(compgen -f -X '!*.yml' -- \"$cur\"))\n";
    out << "      fi ;;\n";
  }
  out << "  esac\n"
      << "}\n"
      << "complete -F _relinksim relinksim\n";
  return out.str();
}

// A description inside an _arguments spec's brackets, or a _describe item.
std::string zsh_text(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '[' || c == ']' || c == ':' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

std::string zsh_script(const std::vector<command_words>& commands,
                       const command_words& top) {
  std::ostringstream out;
  out << "#compdef relinksim\n"
      << "# zsh completion for relinksim, written by `relinksim completion zsh`\n"
      << "_relinksim() {\n"
      << "  local -a commands\n"
      << "  commands=(\n";
  for (const auto& command : commands)
    out << "    " << single_quoted(command.name + ':' + zsh_text(command.description)) << '\n';
  out << "  )\n"
      << "  if (( CURRENT == 2 )); then\n"
      << "    _describe -t commands 'relinksim command' commands\n";
  for (const auto& option : top.options)
    for (const auto& name : option.names)
      out << "    compadd -- " << single_quoted(name) << '\n';
  out << "    return\n"
      << "  fi\n"
      << "  local command=${words[2]}\n"
      << "  shift words\n"
      << "  (( CURRENT-- ))\n"
      << "  case $command in\n";
  for (const auto& command : commands) {
    out << "    " << command.name << ")\n      _arguments -s";
    for (const auto& option : command.options) {
      std::string action;
      if (!option.choices.empty())
        action = ":" + option.names.front().substr(2) + ":(" + joined(option.choices) + ")";
      else if (option.takes_value)
        action = ":" + option.names.front().substr(2) + ":_files";
      std::string exclusive = option.names.size() > 1 ? "(" + joined(option.names) + ")" : "";
      std::string names = option.names.size() > 1 ? "{" + joined(option.names, ",") + "}"
                                                  : option.names.front();
      // {a,b} must stay outside quotes for zsh to expand it.
      out << " \\\n        ";
      if (!exclusive.empty()) out << single_quoted(exclusive);
      out << names << single_quoted("[" + zsh_text(option.description) + "]" + action);
    }
    if (command.takes_files)
      out << " \\\n        '*:scenario file or folder:_files -g \"*.(yaml|yml)(-.)\"'";
    out << " ;;\n";
  }
  out << "  esac\n"
      << "}\n"
      << "_relinksim \"$@\"\n";
  return out.str();
}

} // namespace

std::string completion_script(CLI::App& app, const std::string& shell) {
  command_words top = words_of(app);
  std::vector<command_words> commands;
  for (CLI::App* command : app.get_subcommands([](CLI::App*) { return true; }))
    commands.push_back(words_of(*command));
  return shell == "zsh" ? zsh_script(commands, top) : bash_script(top, commands);
}

} // namespace cli
