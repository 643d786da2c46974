#pragma once

// The payments processor: ACH debits through each account's us_bank_account
// PaymentMethod. A debit goes through when the account's number can move money at
// that instant: a TAN that is not transactable blocks the PaymentMethod
// (tokenized_account_number_deactivated) and the debit returns R04; a closed
// account returns R02 (bank_account_closed). A failed debit is retried on the
// platform's retry policy, each attempt a new ACH entry (and a new fee).
//
// What each number can do is told by the accounts themselves, whenever it changes
// (can_debit_atom): a payment round then costs no message per account, where
// asking every account each round was two thirds of all messages of a large run.
// Every change is settled before the next timed message fires (the kernel runs
// to quiescence between them), so a debit sees the number as it is at its instant.
//
// Interface (payments_actor in protocol.hpp):
//   can_debit_atom, index, debit_answer       an account's number changed what it can do
//   debit_atom, account_id, amount, attempt   one debit (timeline)
//   retry_atom, index, amount, attempt        (to itself) a failed debit's next attempt
//   round_atom                                (to itself) the recurring round:
//                                             one debit per account, in id order

#include "actors/protocol.hpp"

#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>
#include <vector>

namespace engine {
class kernel;
}

namespace actors {

struct payment_policy {
  engine::duration every{0}; // 0: no recurring debits
  std::int64_t amount = 0;   // in cents
  engine::duration retry_after{0};
  std::uint32_t retries = 0; // further attempts after a failure
};

struct payments_config {
  payment_policy policy;
  // In id order, as texts the trace keeps (trace::keep): each debit's `account`
  // field points at one instead of copying it. An account's index here is the one
  // it reports its number under.
  std::vector<std::string_view> account_ids;
};

struct payments_state {
  payments_config config;
  engine::kernel* kernel = nullptr;
  std::uint64_t payments_made = 0;
  std::vector<std::string_view> ids; // config.account_ids
  // What each account's number can do now, by index; until an account says
  // otherwise, a plain account number that moves money.
  std::vector<debit_answer> numbers;
  static inline const char* name = "payments";
};

using payments_actor_ptr = payments_actor::stateful_pointer<payments_state>;

payments_actor::behavior_type payments_behavior(payments_actor_ptr self,
                                                engine::kernel* kernel,
                                                payments_config config);

} // namespace actors
