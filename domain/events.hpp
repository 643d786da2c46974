#pragma once

// The catalogue of trace event types. Stripe's own webhook types (DOMAIN.md §3)
// keep their exact names; the simulator's internal steps of a hosted relink
// (requests, emails, the customer's flow) use `relink_request.*` and `email.*`;
// those of API sessions `relink_session.*`.
// Expectations and reports name events by these strings.

#include <array>
#include <string_view>

namespace actors::events {

inline constexpr std::string_view account_created = "financial_connections.account.created";
inline constexpr std::string_view account_deactivated =
  "financial_connections.account.deactivated";
inline constexpr std::string_view account_reactivated =
  "financial_connections.account.reactivated";
inline constexpr std::string_view account_disconnected =
  "financial_connections.account.disconnected";
inline constexpr std::string_view refreshed_balance =
  "financial_connections.account.refreshed_balance";
inline constexpr std::string_view refreshed_transactions =
  "financial_connections.account.refreshed_transactions";
inline constexpr std::string_view refreshed_ownership =
  "financial_connections.account.refreshed_ownership";
inline constexpr std::string_view account_numbers_updated =
  "financial_connections.account.account_numbers_updated";
inline constexpr std::string_view upcoming_account_number_expiry =
  "financial_connections.account.upcoming_account_number_expiry";
inline constexpr std::string_view upcoming_deactivation =
  "financial_connections.account.upcoming_deactivation";
inline constexpr std::string_view expected_deactivation_date_updated =
  "financial_connections.account.expected_deactivation_date_updated";

inline constexpr std::string_view authorization_upcoming_deactivation =
  "financial_connections.authorization.upcoming_deactivation";
inline constexpr std::string_view authorization_expected_deactivation_date_updated =
  "financial_connections.authorization.expected_deactivation_date_updated";

// A relink renewed the access an announced deactivation was about.
inline constexpr std::string_view scheduled_deactivation_cancelled =
  "account.scheduled_deactivation_cancelled";

// Authorizations: Stripe publishes no (de|re)activation events for them; these
// are the simulator's record of the credentials behind a group of accounts.
inline constexpr std::string_view authorization_deactivated = "authorization.deactivated";
inline constexpr std::string_view authorization_reactivated = "authorization.reactivated";

// Institutions.
inline constexpr std::string_view institution_outage_started = "institution.outage_started";
inline constexpr std::string_view institution_outage_ended = "institution.outage_ended";

// Payments (ACH debits).
inline constexpr std::string_view payment_succeeded = "payment.succeeded";
inline constexpr std::string_view payment_failed = "payment.failed";

// API relink sessions.
inline constexpr std::string_view session_created = "relink_session.created";
inline constexpr std::string_view session_rejected = "relink_session.rejected";
inline constexpr std::string_view session_notified = "relink_session.notified";
// A `url` session's link reaches the customer in the platform's notification, not
// an email: its opening and its link's click are steps of the session.
inline constexpr std::string_view session_notification_opened =
  "relink_session.notification_opened";
inline constexpr std::string_view session_link_clicked = "relink_session.link_clicked";
inline constexpr std::string_view session_updated = "financial_connections.session.updated";

inline constexpr std::string_view auto_relink_triggered = "platform.auto_relink";

inline constexpr std::string_view relink_requested = "relink_request.created";
inline constexpr std::string_view relink_selected = "relink_request.selected";
inline constexpr std::string_view relink_accepted = "relink_request.accepted";
inline constexpr std::string_view relink_rejected = "relink_request.rejected";
inline constexpr std::string_view relink_flow_started = "relink_request.flow_started";
inline constexpr std::string_view relink_link_refused = "relink_request.link_refused";
inline constexpr std::string_view relink_succeeded = "relink_request.succeeded";
inline constexpr std::string_view relink_failed = "relink_request.failed";
inline constexpr std::string_view relink_abandoned = "relink_request.abandoned";
inline constexpr std::string_view relink_cancelled = "relink_request.cancelled";
inline constexpr std::string_view relink_expired = "relink_request.expired";

inline constexpr std::string_view email_queued = "email.queued";
inline constexpr std::string_view email_deferred = "email.deferred";
inline constexpr std::string_view email_sent = "email.sent";
inline constexpr std::string_view email_bounced = "email.bounced";
inline constexpr std::string_view mailer_outage_started = "mailer.outage_started";
inline constexpr std::string_view holder_email_updated = "customer.email_updated";
inline constexpr std::string_view email_delivered = "email.delivered";
inline constexpr std::string_view email_opened = "email.opened";
inline constexpr std::string_view email_link_clicked = "email.link_clicked";

inline constexpr std::string_view institution_auth_attempted =
  "institution.authentication_attempted";

// A platform in the loop (platform.endpoint): each attempt to deliver a webhook to
// its endpoint, and its answer.
inline constexpr std::string_view webhook_answered = "webhook.answered";
inline constexpr std::string_view webhook_failed = "webhook.failed";
inline constexpr std::string_view platform_api_call = "platform.api_call";
inline constexpr std::string_view platform_job = "platform.job";

inline constexpr std::array<std::string_view, 52> all{
  platform_job,
  platform_api_call,
  webhook_answered,
  webhook_failed,
  scheduled_deactivation_cancelled,
  authorization_upcoming_deactivation,
  authorization_expected_deactivation_date_updated,
  refreshed_balance,
  refreshed_transactions,
  refreshed_ownership,
  auto_relink_triggered,
  session_created,
  session_rejected,
  session_notified,
  session_notification_opened,
  session_link_clicked,
  session_updated,
  holder_email_updated,
  relink_cancelled,
  email_queued,
  email_deferred,
  email_bounced,
  mailer_outage_started,
  relink_selected,
  payment_succeeded,
  payment_failed,
  authorization_deactivated,
  authorization_reactivated,
  institution_outage_started,
  institution_outage_ended,
  account_created,
  account_deactivated,
  account_reactivated,
  account_disconnected,
  account_numbers_updated,
  upcoming_account_number_expiry,
  upcoming_deactivation,
  expected_deactivation_date_updated,
  relink_requested,
  relink_accepted,
  relink_rejected,
  relink_flow_started,
  relink_link_refused,
  relink_succeeded,
  relink_failed,
  relink_abandoned,
  relink_expired,
  email_sent,
  email_delivered,
  email_opened,
  email_link_clicked,
  institution_auth_attempted};

} // namespace actors::events
