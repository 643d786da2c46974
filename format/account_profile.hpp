#pragma once

// What Stripe's `financial_connections.account` says of the account itself, as
// opposed to its state (sim/history.hpp): the kind of account, its name and
// number at the bank, and what the platform was allowed to do with it when it was
// linked. A scenario may state each of these (docs/scenario-format.md); what it
// leaves out takes a default that depends only on the account, so every run of
// a scenario writes the same objects.
//
// The words are Stripe's own (preview spec, `financial_connections.account`).

#include "domain/domain.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sim {

enum class account_category { cash, credit, investment, other };
enum class account_subcategory {
  checking, savings, credit_card, line_of_credit, mortgage, other
};
// What the account holder let the platform do (`permissions`).
enum class account_permission { balances, ownership, payment_method, transactions };
// The data Stripe refreshes on its own for the platform (`subscriptions`):
// `transactions` is in the GA spec; `balance` and `inferred_balances` only in the
// preview spec.
enum class account_subscription { balance, inferred_balances, transactions };

std::string_view to_string(account_category);
std::string_view to_string(account_subcategory);
std::string_view to_string(account_permission);
std::string_view to_string(account_subscription);

inline constexpr std::array<account_category, 4> all_account_categories{
  account_category::cash, account_category::credit, account_category::investment,
  account_category::other};
inline constexpr std::array<account_subcategory, 6> all_account_subcategories{
  account_subcategory::checking,       account_subcategory::savings,
  account_subcategory::credit_card,    account_subcategory::line_of_credit,
  account_subcategory::mortgage,       account_subcategory::other};
inline constexpr std::array<account_permission, 4> all_account_permissions{
  account_permission::balances, account_permission::ownership,
  account_permission::payment_method, account_permission::transactions};
inline constexpr std::array<account_subscription, 3> all_account_subscriptions{
  account_subscription::balance, account_subscription::inferred_balances,
  account_subscription::transactions};

// Stripe pairs them: cash is checking, savings or other; credit is credit_card,
// line_of_credit, mortgage or other; investment and other are only other.
bool fits(account_category, account_subcategory);
// The category a subcategory stated alone implies, and the subcategory a category
// stated alone implies.
account_category category_of(account_subcategory);
account_subcategory default_subcategory(account_category);

// The permission a refresh of this kind needs, and the one a subscription needs.
account_permission permission_for_refresh(actors::refresh_kind);
account_permission permission_for(account_subscription);

// A set of enum values, one bit each, iterated in declaration order (the order
// Stripe's objects list them in here).
template <class Enum>
class enum_set {
public:
  constexpr enum_set() = default;
  constexpr bool has(Enum e) const { return (bits_ & bit(e)) != 0; }
  constexpr void add(Enum e) { bits_ = static_cast<std::uint8_t>(bits_ | bit(e)); }
  constexpr bool empty() const { return bits_ == 0; }
  friend constexpr bool operator==(enum_set a, enum_set b) { return a.bits_ == b.bits_; }

private:
  static constexpr std::uint8_t bit(Enum e) {
    return static_cast<std::uint8_t>(1u << static_cast<unsigned>(e));
  }
  std::uint8_t bits_ = 0;
};

struct account_profile {
  account_category category = account_category::cash;
  account_subcategory subcategory = account_subcategory::checking;
  // Text fields Stripe may leave null: unset takes the default, `null` is null.
  enum class text_state : std::uint8_t { by_default, stated, null };
  text_state display_name_state = text_state::by_default;
  text_state last4_state = text_state::by_default;
  std::string display_name;
  std::string last4;
  // A debit needs payment_method; the loader adds the data permissions the
  // scenario's own refreshes need when the scenario does not list them.
  enum_set<account_permission> permissions = [] {
    enum_set<account_permission> p;
    p.add(account_permission::payment_method);
    return p;
  }();
  enum_set<account_subscription> subscriptions;
  // The current balance the bank reports at each successful balance refresh, in
  // cents (USD): positive is money the holder has, negative money it owes.
  std::int64_t balance = 0;
};

// `display_name` and `last4` as the account object shows them (nullopt: null).
// The defaults: the subcategory in words ("Checking"), and four digits drawn
// from the account's id, so that accounts differ and runs agree.
std::optional<std::string> display_name_of(const account_profile& p);
std::optional<std::string> last4_of(const account_profile& p,
                                    std::string_view account_id);

// `supported_payment_method_types`: ACH debits (us_bank_account) from checking
// and savings accounts only.
bool supports_us_bank_account(const account_profile& p);

} // namespace sim
