// Every kind of timeline action, declared once: its name, its reader, its shape
// in the JSON Schema and its row in docs/scenario-format.md. The loader, the
// schema and the reference page all read this table, so a new action is one
// entry here and its reader (read_actions.cpp), then its actor.

#include "format/timeline_actions.hpp"

#include "format/schema_parts.hpp"

#include <nlohmann/json.hpp>

namespace sim::reading {
namespace {

using namespace schema_parts;

json account_only_schema() {
  return object({{"account", ref("id")}}, {"account"});
}

// Exactly one of the three targets.
json account_or_authorization_schema() {
  json o = object(
      {{"account", ref("id")}, {"authorization", ref("id")}, {"accounts", ref("pick")}});
  o["oneOf"] =
      json::array({json{{"required", {"account"}}}, json{{"required", {"authorization"}}},
                   json{{"required", {"accounts"}}}});
  return o;
}

json schedule_deactivation_schema() {
  return object({{"account", ref("id")},
                 {"authorization", ref("id")},
                 {"date", ref("time")},
                 {"cause", schema_parts::names_of(actors::all_scheduled_causes)}},
                {"date"});
}

json outage_schema() {
  return object({{"institution", ref("id")},
                 {"for", ref("duration")},
                 {"deactivates", ref("probability")},
                 {"recovers", ref("probability")},
                 {"kind", one_of_names({"scheduled", "unscheduled", "error"})}},
                {"institution", "for"});
}

json platform_job_schema() {
  return object({{"path", {{"type", "string"}, {"pattern", "^/"}}}}, {"path"});
}

json payment_schema() {
  return object(
      {{"account", ref("id")}, {"amount", {{"type", "integer"}, {"minimum", 1}}}},
      {"account", "amount"});
}

json mailer_outage_schema() {
  return object({{"for", ref("duration")}}, {"for"});
}

json bounce_schema() {
  return object({{"email", {{"type", "string"}}}}, {"email"});
}

json set_email_schema() {
  return object({{"customer", ref("id")}, {"email", {{"type", {"string", "null"}}}}},
                {"customer", "email"});
}

json set_behavior_schema() {
  return object({{"customer", ref("id")}, {"behavior", ref("id")}},
                {"customer", "behavior"});
}

json create_relink_session_schema() {
  return object(
      {{"account", ref("id")},
       {"authorization", ref("id")},
       {"accounts", ref("pick")},
       {"delivery", schema_parts::names_of(actors::all_delivery_methods)},
       {"notify", object({{"channel", ref("id")}, {"after", ref("duration")}})}});
}

json refresh_schema() {
  return object({{"account", ref("id")},
                 {"kind", schema_parts::names_of(actors::all_refresh_kinds)}},
                {"account"});
}

json webhook_faults_schema() {
  return object({{"duplicates", ref("probability")},
                 {"reorder", ref("probability")},
                 {"down_for", ref("duration")}});
}

json request_relink_schema() {
  return object({{"accounts", ref("selector")},
                 {"via", schema_parts::names_of(actors::all_relink_vias)}},
                {"accounts"});
}

} // namespace

// In the order the loader lists them in its errors.
const std::vector<action_kind>& action_kinds() {
  static const std::vector<action_kind> all{
      {"revoke", &scenario_reader::read_revoke, account_or_authorization_schema,
       R"md(`account`, `authorization` or `accounts` (a pick))md",
       R"md(the customer revokes access at the bank: `inactive`, cause `access_denied`, action `relink_required`; the TAN is deactivated)md"},
      {"expire_access", &scenario_reader::read_expire_access,
       account_or_authorization_schema,
       R"md(`account`, `authorization` or `accounts` (a pick))md",
       R"md(access expired (e.g. a one-year bank authentication): cause `access_expired`, action `relink_required`)md"},
      {"require_reauth", &scenario_reader::read_require_reauth,
       account_or_authorization_schema,
       R"md(`account`, `authorization` or `accounts` (a pick))md",
       R"md(the bank needs new credentials or MFA: cause `institution_requirement`)md"},
      {"close_account", &scenario_reader::read_close_account, account_only_schema,
       R"md(`account`)md",
       R"md(the bank closes the account: `inactive`, cause `account_closed`, action `none` (not repairable))md"},
      {"schedule_deactivation", &scenario_reader::read_schedule_deactivation,
       schedule_deactivation_schema,
       R"md(`account` or `authorization`, `date` (a time), `cause` (`access_expired` \| `institution_requirement` \| `unspecified`, default `access_expired`))md",
       R"md(announces a deactivation: `upcoming_deactivation` 30 days before `date` (at once when nearer); a second one for the same account moves the date (`expected_deactivation_date_updated` once the notice went out); at `date` the account goes inactive with that cause; a successful relink before then calls it off. For an `authorization` the notices are `financial_connections.authorization.upcoming_deactivation` / `.expected_deactivation_date_updated`, and at `date` every account goes down with it)md"},
      {"expire_tan", &scenario_reader::read_expire_tan, account_only_schema,
       R"md(`account`)md", R"md(the TAN expires now)md"},
      {"disconnect", &scenario_reader::read_disconnect, account_only_schema,
       R"md(`account`)md",
       R"md(the platform disconnects it: `disconnected`, terminal)md"},
      {"outage", &scenario_reader::read_outage, outage_schema,
       R"md(`institution`, `for` (duration > 0s), `deactivates` (probability, default 0), `recovers` (probability, default 0), `kind` (`scheduled` \| `unscheduled` \| `error`, default `unscheduled`))md",
       R"md(each authorization at the institution goes inactive (`account_unavailable`) with probability `deactivates`; while the outage lasts every re-authentication fails (the relink fails, `failure_reason: other`); when it ends each of those authorizations recovers by itself with probability `recovers`. `kind` is recorded, all kinds behave alike)md"},
      {"payment", &scenario_reader::read_payment, payment_schema,
       R"md(`account`, `amount` (cents))md",
       R"md(one ACH debit now (retried on the platform's policy); the account needs `payment_method` and to be a checking or savings account)md"},
      {"mailer_outage", &scenario_reader::read_mailer_outage, mailer_outage_schema,
       R"md(`for` (duration > 0s))md",
       R"md(the mailer is down: emails are deferred and retried)md"},
      {"bounce", &scenario_reader::read_bounce, bounce_schema, R"md(`email`)md",
       R"md(that address hard-bounces every email from now on)md"},
      {"set_email", &scenario_reader::read_set_email, set_email_schema,
       R"md(`customer`, `email` (an address, or `null` to remove it))md",
       R"md(the platform changes the holder's email; later requests use the new one)md"},
      {"set_behavior", &scenario_reader::read_set_behavior, set_behavior_schema,
       R"md(`customer`, `behavior`)md",
       R"md(the customer behaves by another profile from now on)md"},
      {"create_relink_session", &scenario_reader::read_create_relink_session,
       create_relink_session_schema,
       R"md(`account`, `authorization` or `accounts` (a pick: one session per picked account, named `<id>_<account id>`); `delivery` (`email` \| `url`, default `email`); `notify: {channel: ID, after: DURATION}` (with `url`; default `in_app`, `0s`))md",
       R"md(an API relink session (see below))md"},
      {"refresh", &scenario_reader::read_refresh, refresh_schema,
       R"md(`account`, `kind` (`balance` \| `transactions` \| `ownership`, default `balance`))md",
       R"md(a data refresh: `refreshed_<kind>` with `status` `succeeded`, or `failed` with `reason` `no_access` (the account is not active) or `institution_outage`; the account needs the permission of that kind (see Accounts))md"},
      {"webhook_faults", &scenario_reader::read_webhook_faults, webhook_faults_schema, R"md(`duplicates` (probability), `reorder` (probability), `down_for` (duration))md", R"md(from this time on (until the next `webhook_faults`), each webhook is sent twice with probability `duplicates` (the copy 1–10 minutes later, same event id), held back 1–30 minutes with probability `reorder`; the endpoint is down for `down_for` from this time, and deliveries are retried after 5m, 30m, 2h, 5h, then every 10h, for up to 3 days after the event, then dropped. It changes what the platform receives (`webhooks.jsonl`), not the world. With `platform.endpoint`, copies and held-back deliveries reach the real endpoint at their instants; `down_for` is refused (the real endpoint answers or does not))md"},
      {"platform_job", &scenario_reader::read_platform_job, platform_job_schema,
       R"md(`path` (on the platform's host, such as `/jobs/debit`))md",
       R"md(with `platform.endpoint`: relinksim POSTs `{"job": PATH, "time": VIRTUAL TIME}` to `path` on the endpoint's host, signed as a webhook, and waits for the answer; the API calls the job makes meanwhile happen at this instant ([platform in the loop](platform-in-the-loop.md)). A cron job of the platform's, in virtual time)md"},
      {"request_relink", &scenario_reader::read_request_relink, request_relink_schema,
       R"md(`accounts` (a list of ids, or a selector), `via` (`dashboard` \| `account_menu`, default `dashboard`))md",
       R"md(the platform asks for hosted relink; each account is accepted or rejected at that instant)md"},
  };
  return all;
}

const action_kind* find_action_kind(std::string_view name) {
  for (const auto& kind : action_kinds())
    if (kind.name == name)
      return &kind;
  return nullptr;
}

keys action_names() {
  keys names;
  for (const auto& kind : action_kinds())
    names.emplace_back(kind.name);
  return names;
}

std::string action_table_markdown() {
  std::string out = "| action | keys | effect |\n|---|---|---|\n";
  for (const auto& kind : action_kinds())
    out += "| `" + std::string(kind.name) + "` | " + std::string(kind.keys_doc) + " | " +
           std::string(kind.effect_doc) + " |\n";
  return out;
}

} // namespace sim::reading
