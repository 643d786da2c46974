#include "format/account_profile.hpp"

#include <cstdio>

namespace sim {

std::string_view to_string(account_category x) {
  switch (x) {
    case account_category::cash: return "cash";
    case account_category::credit: return "credit";
    case account_category::investment: return "investment";
    case account_category::other: return "other";
  }
  return "?";
}

std::string_view to_string(account_subcategory x) {
  switch (x) {
    case account_subcategory::checking: return "checking";
    case account_subcategory::savings: return "savings";
    case account_subcategory::credit_card: return "credit_card";
    case account_subcategory::line_of_credit: return "line_of_credit";
    case account_subcategory::mortgage: return "mortgage";
    case account_subcategory::other: return "other";
  }
  return "?";
}

std::string_view to_string(account_permission x) {
  switch (x) {
    case account_permission::balances: return "balances";
    case account_permission::ownership: return "ownership";
    case account_permission::payment_method: return "payment_method";
    case account_permission::transactions: return "transactions";
  }
  return "?";
}

std::string_view to_string(account_subscription x) {
  switch (x) {
    case account_subscription::balance: return "balance";
    case account_subscription::inferred_balances: return "inferred_balances";
    case account_subscription::transactions: return "transactions";
  }
  return "?";
}

bool fits(account_category c, account_subcategory s) {
  using sub = account_subcategory;
  if (s == sub::other)
    return true;
  switch (c) {
    case account_category::cash: return s == sub::checking || s == sub::savings;
    case account_category::credit:
      return s == sub::credit_card || s == sub::line_of_credit || s == sub::mortgage;
    case account_category::investment:
    case account_category::other: return false;
  }
  return false;
}

account_category category_of(account_subcategory s) {
  switch (s) {
    case account_subcategory::credit_card:
    case account_subcategory::line_of_credit:
    case account_subcategory::mortgage: return account_category::credit;
    case account_subcategory::checking:
    case account_subcategory::savings:
    case account_subcategory::other: return account_category::cash;
  }
  return account_category::cash;
}

account_subcategory default_subcategory(account_category c) {
  switch (c) {
    case account_category::cash: return account_subcategory::checking;
    case account_category::credit: return account_subcategory::credit_card;
    case account_category::investment:
    case account_category::other: return account_subcategory::other;
  }
  return account_subcategory::other;
}

account_permission permission_for_refresh(actors::refresh_kind kind) {
  switch (kind) {
  case actors::refresh_kind::balance:
    return account_permission::balances;
  case actors::refresh_kind::transactions:
    return account_permission::transactions;
  case actors::refresh_kind::ownership:
    return account_permission::ownership;
  }
  return account_permission::balances;
}

// Stripe documents that a transactions subscription needs the transactions
// permission; the preview-only balance subscriptions are taken to need balances.
account_permission permission_for(account_subscription s) {
  return s == account_subscription::transactions ? account_permission::transactions
                                                 : account_permission::balances;
}

std::optional<std::string> display_name_of(const account_profile& p) {
  using state = account_profile::text_state;
  if (p.display_name_state == state::stated)
    return p.display_name;
  if (p.display_name_state == state::null)
    return std::nullopt;
  switch (p.subcategory) {
    case account_subcategory::checking: return "Checking";
    case account_subcategory::savings: return "Savings";
    case account_subcategory::credit_card: return "Credit Card";
    case account_subcategory::line_of_credit: return "Line of Credit";
    case account_subcategory::mortgage: return "Mortgage";
    case account_subcategory::other: return std::nullopt;
  }
  return std::nullopt;
}

std::optional<std::string> last4_of(const account_profile& p,
                                    std::string_view account_id) {
  using state = account_profile::text_state;
  if (p.last4_state == state::stated)
    return p.last4;
  if (p.last4_state == state::null)
    return std::nullopt;
  // FNV-1a of the id: a fixed function of the account, not of the run's seed,
  // so that an account keeps its number across seeds as a real one would.
  std::uint64_t hash = 14695981039346656037ull;
  for (unsigned char c : account_id) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  char digits[8];
  std::snprintf(digits, sizeof digits, "%04u", static_cast<unsigned>(hash % 10000));
  return std::string(digits);
}

bool supports_us_bank_account(const account_profile& p) {
  return p.subcategory == account_subcategory::checking ||
         p.subcategory == account_subcategory::savings;
}

} // namespace sim
