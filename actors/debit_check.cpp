#include "actors/debit_check.hpp"

namespace actors {

debit_answer check_debit(const number_facts& number) {
  if (number.status == account_status::inactive &&
      number.cause == inactive_cause::account_closed)
    return {false, "bank_account_closed", "R02", 0};
  if (!number.tan)
    return {true, "", "", 0};
  if (number.tan->status != tan_status::transactable)
    return {false, "tokenized_account_number_deactivated", "R04", number.tan->generation};
  return {true, "", "", number.tan->generation};
}

} // namespace actors
