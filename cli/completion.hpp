#pragma once
// Shell completion scripts for relinksim, written from the command line's own
// definition (the CLI11 app main() builds), so that they never name a command or
// an option the program does not have.

#include <string>

namespace CLI {
class App;
}

namespace cli {

// The shells a script is written for.
inline constexpr const char* completion_shells[] = {"bash", "zsh"};

// The completion script for `shell` (one of completion_shells): for bash, a
// function registered with `complete -F`; for zsh, a `#compdef` function file.
std::string completion_script(CLI::App& app, const std::string& shell);

} // namespace cli
