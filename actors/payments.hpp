#pragma once

// The payments processor: ACH debits through each account's us_bank_account
// PaymentMethod. A debit asks the account what its number can do at that instant:
// a TAN that is not transactable blocks the PaymentMethod
// (tokenized_account_number_deactivated) and the debit returns R04; a closed
// account returns R02 (bank_account_closed). A failed debit is retried on the
// platform's retry policy, each attempt a new ACH entry (and a new fee).
//
// Interface:
//   debit_atom, account_id, amount, attempt   one debit (timeline or retry)
//   round_atom                                (to itself) the recurring round:
//                                             one debit per account, in id order

#include "actors/protocol.hpp"

#include <caf/event_based_actor.hpp>
#include <caf/stateful_actor.hpp>

#include <map>
#include <unordered_map>

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
  std::map<std::string, caf::actor> accounts; // in id order
};

struct payments_state {
  payments_config config;
  engine::kernel* kernel = nullptr;
  std::uint64_t payments_made = 0;
  // Debits waiting for their account's answer, by token (the payment number).
  struct pending_debit {
    const std::string* account_id = nullptr; // a key of config.accounts
    std::int64_t amount = 0;
    std::uint32_t attempt = 1;
  };
  std::unordered_map<std::uint64_t, pending_debit> pending;
  static inline const char* name = "payments";
};

using payments_actor_ptr = caf::stateful_actor<payments_state>*;

caf::behavior payments_actor(payments_actor_ptr self, engine::kernel* kernel,
                             payments_config config);

} // namespace actors
