#include "reports/report_folder.hpp"

#include "reports/atomic_file.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <optional>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace reports {
namespace {

namespace fs = std::filesystem;

// What a run writes into its folder, and the suite's log of it.
constexpr std::array<const char*, 8> report_files{
    "events.jsonl", "webhooks.jsonl", "accounts.jsonl", "report.json",
    "junit.xml",    "report.html",    "console.log",    "platform.log"};
// Subfolders relinksim nests in a run's folder, and leftovers of a killed process.
constexpr int nesting_max = 4;

bool is_digits(const std::string& text) {
  return !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
}

bool is_report_file(const std::string& name) {
  for (const char* file : report_files) {
    const std::string report = file;
    if (name == report)
      return true;
    const std::string temporary = report + ".tmp."; // write_atomically's, of a killed run
    if (name.rfind(temporary, 0) == 0 && is_digits(name.substr(temporary.size())))
      return true;
  }
  return false;
}

// `determinism-check` and `seed-N` (a suite's), `.NAME.tmp.*` and `.NAME.old.*` (a
// staging or replaced folder of a run that was killed before it cleaned up).
bool is_report_subfolder(const std::string& name) {
  if (name == "determinism-check")
    return true;
  if (name.rfind("seed-", 0) == 0 && is_digits(name.substr(5)))
    return true;
  return name.size() > 1 && name.front() == '.' &&
         (name.find(".tmp.", 1) != std::string::npos ||
          name.find(".old.", 1) != std::string::npos);
}

// The first entry (by name) of `dir` that relinksim would not have written there,
// as a path relative to `dir`; nothing when every entry is a report.
std::optional<std::string> first_foreign_entry(const fs::path& dir, int depth) {
  std::error_code error;
  std::vector<fs::directory_entry> entries;
  for (fs::directory_iterator it(dir, error), end; !error && it != end;
       it.increment(error))
    entries.push_back(*it);
  if (error)
    return dir.filename().string() + " (unreadable: " + error.message() + ")";
  std::sort(entries.begin(), entries.end());
  for (const auto& entry : entries) {
    const std::string name = entry.path().filename().string();
    const auto type = entry.symlink_status(error).type();
    if (type == fs::file_type::regular && is_report_file(name))
      continue;
    if (type == fs::file_type::directory && is_report_subfolder(name) &&
        depth < nesting_max) {
      if (auto inside = first_foreign_entry(entry.path(), depth + 1))
        return name + "/" + *inside;
      continue;
    }
    return name;
  }
  return std::nullopt;
}

// The folder the reports go to: trailing separators dropped, and a symbolic link
// followed (its target is replaced, never the link).
fs::path resolved(const std::string& target) {
  fs::path path = fs::path(target).lexically_normal();
  if (!path.has_filename() && path.has_parent_path())
    path = path.parent_path();
  std::error_code error;
  if (fs::is_symlink(path, error)) {
    const auto canonical = fs::canonical(path, error);
    if (!error)
      return canonical;
  }
  return path;
}

// Whether `folder` is the current folder or one that holds it: swapping it would
// pull the floor from under the shell that started relinksim.
bool holds_current_folder(const fs::path& folder) {
  std::error_code error;
  const auto here = fs::canonical(fs::current_path(error), error);
  const auto there = fs::canonical(folder, error);
  if (error)
    return false;
  return std::mismatch(there.begin(), there.end(), here.begin(), here.end()).first ==
         there.end();
}

// Whether `folder` is where another file system is mounted (a container's volume,
// say): it cannot be renamed, so it cannot be swapped.
bool is_mount_point(const fs::path& folder) {
  struct stat inside {
  }, above{};
  const fs::path parent = folder.has_parent_path() ? folder.parent_path() : ".";
  return ::stat(folder.c_str(), &inside) == 0 && ::stat(parent.c_str(), &above) == 0 &&
         inside.st_dev != above.st_dev;
}

std::string refusal(const std::string& target, const std::string& why) {
  return "cannot write reports into " + target + ": " + why;
}

// Why a folder must hold reports only, said before each way it does not.
const std::string replaced_whole = "a run's reports replace their folder as a whole, ";

} // namespace

folder_names::folder_names(std::set<std::string> reserved)
    : taken_(std::move(reserved)) {}

std::string folder_names::claim(const std::string& scenario) {
  std::string name = scenario;
  for (int n = 2; !taken_.insert(name).second; ++n)
    name = scenario + "-" + std::to_string(n);
  return name;
}

void check_replaceable(const std::string& target) {
  const fs::path path = resolved(target);
  const std::string name = path.filename().string();
  if (name.empty() || name == "." || name == "..")
    throw write_error(
        refusal(target, replaced_whole + "so it must be a folder of its own"));
  std::error_code error;
  const auto status = fs::status(path, error);
  if (status.type() == fs::file_type::not_found)
    return;
  if (error)
    throw write_error(refusal(target, error.message()));
  if (!fs::is_directory(status))
    throw write_error(refusal(target, "it is a file, not a folder"));
  if (holds_current_folder(path))
    throw write_error(
        refusal(target, replaced_whole + "and this one is (or holds) the current folder; "
                                         "give --out a folder of its own"));
  if (is_mount_point(path))
    throw write_error(
        refusal(target, replaced_whole + "and this one is a mount point, which cannot be "
                                         "replaced; give --out a folder inside it"));
  if (auto foreign = first_foreign_entry(path, 0))
    throw write_error(
        refusal(target, replaced_whole + "and it holds '" + *foreign +
                            "', which relinksim does not write; give --out a "
                            "new folder, or one of reports only"));
}

staged_folder::staged_folder(const std::string& target) : target_(target) {
  const fs::path path = resolved(target);
  std::error_code error;
  if (path.has_parent_path()) {
    fs::path first_missing;
    for (fs::path p = path.parent_path(); !p.empty() && !fs::exists(p, error);
         p = p.parent_path()) {
      first_missing = p;
      if (p == p.parent_path())
        break;
    }
    made_ = first_missing.string();
    fs::create_directories(path.parent_path(), error);
    if (error)
      throw write_error("cannot create directory " + target + ": " + error.message());
  }
  // A name no other process uses: this one's id, and a count for its other folders.
  const std::string stem =
      "." + path.filename().string() + ".tmp." + std::to_string(::getpid()) + ".";
  for (int n = 1;; ++n) {
    const fs::path staging = path.parent_path() / (stem + std::to_string(n));
    if (fs::create_directory(staging, error)) {
      staging_ = staging.string();
      return;
    }
    if (error) // beside the target, where the swap needs it
      throw write_error("cannot create directory " + staging.string() + " beside " +
                        target + ": " + error.message());
  }
}

staged_folder::~staged_folder() {
  if (committed_)
    return;
  std::error_code ignored;
  fs::remove_all(staging_, ignored);
  // Only folders this made, and only while nothing else was put in them.
  for (fs::path p = fs::path(staging_).parent_path(); !made_.empty() && !p.empty();
       p = p.parent_path()) {
    if (!fs::remove(p, ignored) || p == fs::path(made_))
      break;
  }
}

void staged_folder::commit() {
  check_replaceable(target_); // again: the folder may have changed while the run ran
  const fs::path path = resolved(target_);
  std::string old; // where the replaced folder went
  int reason = 0;
  if (::renameat2(AT_FDCWD, staging_.c_str(), AT_FDCWD, path.c_str(), RENAME_NOREPLACE) ==
      0) {
    committed_ = true;
  } else if (reason = errno; reason == EEXIST || reason == ENOTEMPTY) {
    if (::renameat2(AT_FDCWD, staging_.c_str(), AT_FDCWD, path.c_str(),
                    RENAME_EXCHANGE) == 0) {
      committed_ = true;
      old = staging_;
    } else {
      reason = errno;
    }
  }
  if (!committed_ && (reason == EINVAL || reason == ENOSYS)) {
    // A file system without atomic exchange: the old folder aside, the new one
    // in, the old one back if that fails. Never both mixed in one folder.
    std::error_code error;
    if (fs::exists(path)) {
      old = (path.parent_path() /
             ("." + path.filename().string() + ".old." + std::to_string(::getpid())))
                .string();
      fs::rename(path, old, error);
      if (error)
        throw write_error("cannot move " + target_ + " aside to " + old + ": " +
                          error.message());
    }
    fs::rename(staging_, path, error);
    if (error) {
      std::error_code ignored;
      if (!old.empty())
        fs::rename(old, path, ignored);
      throw write_error("cannot move " + staging_ + " to " + target_ + ": " +
                        error.message());
    }
    committed_ = true;
  }
  if (!committed_)
    throw write_error("cannot move " + staging_ + " to " + target_ + ": " +
                      std::strerror(reason));
  if (old.empty())
    return;
  std::error_code error;
  fs::remove_all(old, error);
  if (error)
    throw write_error("the reports are in " + target_ + ", but the previous ones could " +
                      "not be removed from " + old + ": " + error.message());
}

} // namespace reports
