#pragma once

// Report folders: what each run's folder is called, and how its files get there.
//
// A run writes every file into a fresh hidden folder beside its target and swaps
// it in whole at the end, so that a report folder is always one run's: a run that
// fails half-way (a full disk) leaves the previous run's folder as it was, and one
// that succeeds never leaves an older file beside its own. A folder is replaced
// only when it holds nothing but what relinksim writes, so that an `--out`
// pointed at the wrong place never deletes anyone's files.

#include <set>
#include <string>

namespace reports {

// One folder name per run side by side: the scenario's name or, when that is
// already taken (two files, one scenario name) or reserved (a file of the
// suite's own, such as junit.xml), the first free `<name>-2`, `<name>-3`, ...
// The one rule for `run` with several files and for `suite`.
class folder_names {
public:
  explicit folder_names(std::set<std::string> reserved = {});
  std::string claim(const std::string& scenario);

private:
  std::set<std::string> taken_;
};

// Throws write_error, saying why, when `target` exists and a run's reports could
// not replace it: not a folder, the current folder (or one holding it), or a
// folder holding anything relinksim does not write there.
void check_replaceable(const std::string& target);

// A run's report folder while it is being written. Files go to path(); commit()
// swaps the whole folder in for `target` and then removes the old one. Never
// committed (an error, an exception), it is removed and `target` stays as it was.
class staged_folder {
public:
  // Throws write_error when the staging folder cannot be made.
  explicit staged_folder(const std::string& target);
  staged_folder(const staged_folder&) = delete;
  staged_folder& operator=(const staged_folder&) = delete;
  ~staged_folder();

  const std::string& path() const { return staging_; }
  // Throws write_error naming the path and the system's reason.
  void commit();

private:
  std::string target_;
  std::string staging_;
  // The first folder above the target that this made, if any: a run that never
  // commits leaves no empty folders behind.
  std::string made_;
  bool committed_ = false;
};

} // namespace reports
