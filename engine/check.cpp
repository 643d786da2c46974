#include "engine/check.hpp"

#include <string_view>
#include <utility>

#ifndef ENGINE_SOURCE_ROOT
#define ENGINE_SOURCE_ROOT ""
#endif

namespace engine {
namespace {

// A file as the project names it: the build passes absolute paths, which would
// make a check's name differ from one checkout to the next. Under ccache with a
// base_dir the paths come relative to the build folder instead ("../../engine/
// kernel.cpp"); the build folder lies inside the project, so what follows the
// leading "../" is the project's own name for the file.
std::string project_relative(const char* file) {
  const std::string_view root = ENGINE_SOURCE_ROOT;
  std::string_view path = file;
  if (!root.empty() && path.substr(0, root.size()) == root)
    path.remove_prefix(root.size());
  while (path.substr(0, 3) == "../")
    path.remove_prefix(3);
  return std::string(path);
}

std::string name_of(const std::string& condition, const std::string& file, int line,
                    const std::string& message) {
  return condition + " (" + file + ":" + std::to_string(line) +
         (message.empty() ? "" : ": " + message) + ")";
}

} // namespace

check_failed::check_failed(const char* condition, const char* file, int line,
                           std::string message)
  : std::logic_error("internal check failed"),
    condition_(condition),
    file_(project_relative(file)),
    message_(std::move(message)),
    check_(name_of(condition_, file_, line, message_)),
    line_(line),
    what_("internal check failed: " + check_) {}

void check_failed::locate(duration at, std::string while_handling) {
  located_ = true;
  at_ = at;
  while_handling_ = std::move(while_handling);
  what_ = "internal check failed: " + check_ + " at " + format_duration(at_) +
          " while handling " + while_handling_;
}

void fail_check(const char* condition, const char* file, int line, std::string message) {
  throw check_failed(condition, file, line, std::move(message));
}

} // namespace engine
