#pragma once

// Checks that stay on in every build. `assert` vanishes under NDEBUG, which the
// shipped build defines, and an impossible state then goes on silently; a check
// stops the program with its name instead. Checks are for programmer errors
// only: bad input gets an error message, never a failed check.
//
//   ENGINE_CHECK(row < rows.size(), "no row " + std::to_string(row));
//
// The condition is one predictable branch; the message is evaluated only when the
// check fails, so it may build a string. The kernel adds to a failure where the
// run was: the virtual time and what was being handled.

#include "engine/duration.hpp"

#include <stdexcept>
#include <string>

namespace engine {

class check_failed : public std::logic_error {
public:
  check_failed(const char* condition, const char* file, int line, std::string message);

  const std::string& condition() const { return condition_; } // as written
  const std::string& file() const { return file_; }           // relative to the project
  int line() const { return line_; }
  const std::string& message() const { return message_; }
  // The check's name: "row < rows.size() (actors/customer.cpp:27: no row 9)".
  const std::string& check() const { return check_; }

  // Where a run was when the check fired: set by the kernel when it fired in a
  // handler; `located()` is false for a check outside one.
  void locate(duration at, std::string while_handling);
  bool located() const { return located_; }
  duration at() const { return at_; }
  const std::string& while_handling() const { return while_handling_; }

  // "internal check failed: <check>", then " at <time> while handling <what>"
  // once located.
  const char* what() const noexcept override { return what_.c_str(); }

private:
  std::string condition_, file_, message_, check_;
  int line_ = 0;
  bool located_ = false;
  duration at_{0};
  std::string while_handling_;
  std::string what_;
};

// Throws check_failed; out of line, so that a check costs its call site a branch.
[[noreturn]] void fail_check(const char* condition, const char* file, int line,
                             std::string message);

} // namespace engine

#if defined(__GNUC__)
#define ENGINE_CHECK_LIKELY(x) __builtin_expect(static_cast<bool>(x), 1)
#else
#define ENGINE_CHECK_LIKELY(x) static_cast<bool>(x)
#endif

// Never compiled out: NDEBUG does not touch it.
#define ENGINE_CHECK(condition, message)                                                 \
  (ENGINE_CHECK_LIKELY(condition)                                                        \
     ? static_cast<void>(0)                                                              \
     : ::engine::fail_check(#condition, __FILE__, __LINE__, (message)))
