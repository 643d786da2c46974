#pragma once

// The domain's vocabulary, spelled exactly as Stripe spells it (DOMAIN.md §2), with
// conversions to and from text. No CAF here: the loader and reports use it too.

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace actors {

enum class account_status { active, inactive, disconnected };
enum class inactive_action { none, relink_required };
enum class inactive_cause {
  access_denied,
  access_expired,
  account_closed,
  account_unavailable,
  institution_requirement,
  unspecified
};

// Why an account was not accepted for hosted relink, in the order the rules are
// applied: the first failing rule names the reason (DOMAIN.md §1).
enum class rejection_reason {
  disconnected,
  not_repairable,
  not_inactive_or_expiring,
  no_account_holder,
  no_email,
  sandbox_email_unconfirmed,
  cooldown_48h
};

// A tokenized account number's life: pending -> transactable -> expired | deactivated.
// Only a transactable number moves money.
enum class tan_status { pending, transactable, expired, deactivated };

enum class holder_kind { customer, connected_account };

// How the link reaches the holder (`hosted.delivery_method`): in Stripe's
// email, or in the platform's own notification (`url`), which is no email.
enum class delivery_method { email, url };

// Where in the platform's own interface a relink was asked for.
enum class relink_via { dashboard, account_menu };

// What data a refresh asks the institution for.
enum class refresh_kind { balance, transactions, ownership };
enum class platform_mode { sandbox, live };

// Who brought an inactive account or authorization back: a relink (the customer
// re-authenticated: a new TAN is issued) or the bank (it restored the connection
// after an outage: the numbers stay as they are).
enum class reactivated_by { relink, bank };

std::string_view to_string(account_status);
std::string_view to_string(inactive_action);
std::string_view to_string(inactive_cause);
std::string_view to_string(rejection_reason);
std::string_view to_string(tan_status);
std::string_view to_string(holder_kind);
std::string_view to_string(platform_mode);
std::string_view to_string(delivery_method);
std::string_view to_string(relink_via);
std::string_view to_string(refresh_kind);
std::string_view to_string(reactivated_by);

// Every value of each enumeration, in declaration order: used for parsing,
// did-you-mean suggestions and documentation.
inline constexpr std::array<account_status, 3> all_account_statuses{
  account_status::active, account_status::inactive, account_status::disconnected};
inline constexpr std::array<inactive_action, 2> all_inactive_actions{
  inactive_action::none, inactive_action::relink_required};
inline constexpr std::array<inactive_cause, 6> all_inactive_causes{
  inactive_cause::access_denied,       inactive_cause::access_expired,
  inactive_cause::account_closed,      inactive_cause::account_unavailable,
  inactive_cause::institution_requirement, inactive_cause::unspecified};
inline constexpr std::array<rejection_reason, 7> all_rejection_reasons{
  rejection_reason::disconnected,          rejection_reason::not_repairable,
  rejection_reason::not_inactive_or_expiring, rejection_reason::no_account_holder,
  rejection_reason::no_email,              rejection_reason::sandbox_email_unconfirmed,
  rejection_reason::cooldown_48h};

inline constexpr std::array<tan_status, 4> all_tan_statuses{
  tan_status::pending, tan_status::transactable, tan_status::expired, tan_status::deactivated};
inline constexpr std::array<delivery_method, 2> all_delivery_methods{
    delivery_method::email, delivery_method::url};
inline constexpr std::array<relink_via, 2> all_relink_vias{relink_via::dashboard,
                                                           relink_via::account_menu};
inline constexpr std::array<refresh_kind, 3> all_refresh_kinds{
    refresh_kind::balance, refresh_kind::transactions, refresh_kind::ownership};
// Causes a scheduled deactivation may announce (status_details.active.cause).
inline constexpr std::array<inactive_cause, 3> all_scheduled_causes{
  inactive_cause::access_expired, inactive_cause::institution_requirement,
  inactive_cause::unspecified};

// The id of the authorization behind an account: one per holder and institution;
// an account linked without a holder has credentials of its own.
std::string authorization_id(std::string_view holder_id, std::string_view institution_id,
                             std::string_view account_id);

template <class Enum, std::size_t N>
std::optional<Enum> from_string(const std::array<Enum, N>& all, std::string_view text) {
  for (Enum value : all)
    if (to_string(value) == text)
      return value;
  return std::nullopt;
}

} // namespace actors
