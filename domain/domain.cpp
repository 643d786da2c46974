#include "domain/domain.hpp"

#include "domain/selector.hpp"

namespace actors {

std::string_view to_string(account_status x) {
  switch (x) {
    case account_status::active: return "active";
    case account_status::inactive: return "inactive";
    case account_status::disconnected: return "disconnected";
  }
  return "?";
}

std::string_view to_string(inactive_action x) {
  switch (x) {
    case inactive_action::none: return "none";
    case inactive_action::relink_required: return "relink_required";
  }
  return "?";
}

std::string_view to_string(inactive_cause x) {
  switch (x) {
    case inactive_cause::access_denied: return "access_denied";
    case inactive_cause::access_expired: return "access_expired";
    case inactive_cause::account_closed: return "account_closed";
    case inactive_cause::account_unavailable: return "account_unavailable";
    case inactive_cause::institution_requirement: return "institution_requirement";
    case inactive_cause::unspecified: return "unspecified";
  }
  return "?";
}

std::string_view to_string(rejection_reason x) {
  switch (x) {
    case rejection_reason::disconnected: return "disconnected";
    case rejection_reason::not_repairable: return "not_repairable";
    case rejection_reason::not_inactive_or_expiring: return "not_inactive_or_expiring";
    case rejection_reason::no_account_holder: return "no_account_holder";
    case rejection_reason::no_email: return "no_email";
    case rejection_reason::sandbox_email_unconfirmed: return "sandbox_email_unconfirmed";
    case rejection_reason::cooldown_48h: return "cooldown_48h";
  }
  return "?";
}

std::string_view to_string(tan_status x) {
  switch (x) {
    case tan_status::pending: return "pending";
    case tan_status::transactable: return "transactable";
    case tan_status::expired: return "expired";
    case tan_status::deactivated: return "deactivated";
  }
  return "?";
}

std::string_view to_string(holder_kind x) {
  switch (x) {
    case holder_kind::customer: return "customer";
    case holder_kind::connected_account: return "account";
  }
  return "?";
}

std::string authorization_id(std::string_view holder_id, std::string_view institution_id,
                             std::string_view account_id) {
  if (holder_id.empty())
    return "fcauth_" + std::string(account_id);
  return "fcauth_" + std::string(holder_id) + "_" + std::string(institution_id);
}

std::string_view to_string(platform_mode x) {
  switch (x) {
    case platform_mode::sandbox: return "sandbox";
    case platform_mode::live: return "live";
  }
  return "?";
}

std::string_view to_string(delivery_method x) {
  switch (x) {
  case delivery_method::email:
    return "email";
  case delivery_method::url:
    return "url";
  }
  return "?";
}

std::string_view to_string(relink_via x) {
  switch (x) {
  case relink_via::dashboard:
    return "dashboard";
  case relink_via::account_menu:
    return "account_menu";
  }
  return "?";
}

std::string_view to_string(refresh_kind x) {
  switch (x) {
  case refresh_kind::balance:
    return "balance";
  case refresh_kind::transactions:
    return "transactions";
  case refresh_kind::ownership:
    return "ownership";
  }
  return "?";
}

std::string_view to_string(reactivated_by x) {
  return x == reactivated_by::relink ? "relink" : "bank";
}

std::string_view to_string(select_filter x) {
  switch (x) {
  case select_filter::all:
    return "all";
  case select_filter::eligible:
    return "eligible";
  case select_filter::inactive:
    return "inactive";
  case select_filter::expiring:
    return "expiring";
  }
  return "?";
}

} // namespace actors
