#pragma once

// What an account's number can do for an ACH debit (DOMAIN.md §2), as a pure
// function of the account's values: no CAF, no clock.

#include "domain/domain.hpp"

#include <cstdint>
#include <optional>
#include <string_view>

namespace actors {

// The answer an account tells the payments processor each time it changes. Text
// fields are string literals, so an answer allocates nothing.
struct debit_answer {
  bool allowed = false;
  const char* blocked_reason =
      ""; // tokenized_account_number_deactivated | bank_account_closed
  const char* ach_return_code = ""; // R04 | R02
  std::uint32_t tan = 0; // the TAN debited (tan_N); 0: the plain account number

  friend bool operator==(const debit_answer& a, const debit_answer& b) {
    return a.allowed == b.allowed &&
           std::string_view(a.blocked_reason) == b.blocked_reason &&
           std::string_view(a.ach_return_code) == b.ach_return_code && a.tan == b.tan;
  }
  friend bool operator!=(const debit_answer& a, const debit_answer& b) {
    return !(a == b);
  }
};

// The account's number: its TAN when it has one.
struct number_facts {
  account_status status = account_status::active;
  inactive_cause cause = inactive_cause::unspecified;
  struct tan_facts {
    std::uint32_t generation = 1; // tan_N
    tan_status status = tan_status::transactable;
  };
  std::optional<tan_facts> tan;
};

// An inactive account still moves money on a plain account number (inactive
// means no fresh data); a closed one returns R02; a TAN moves money only while
// transactable, else R04.
debit_answer check_debit(const number_facts& number);

} // namespace actors
