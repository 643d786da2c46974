#include "actors/repair.hpp"

namespace actors {

repair_effect repair_of(const repair_facts& account) {
  switch (account.status) {
  case account_status::disconnected:
    return repair_effect::none;
  case account_status::active:
    return repair_effect::renew_tan;
  case account_status::inactive:
    break;
  }
  // The coordinator never accepts a closed account, but stay safe.
  if (account.own_cause == inactive_cause::account_closed)
    return repair_effect::none;
  return account.authorization_down ? repair_effect::through_authorization
                                    : repair_effect::reactivate;
}

} // namespace actors
