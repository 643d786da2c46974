// Every kind of expectation, declared once: its word, its reader, its shape in
// the JSON Schema and its row in docs/scenario-format.md. The loader, the schema
// and the reference page all read this table.

#include "format/expectation_kinds.hpp"

#include "domain/events.hpp"
#include "format/limits.hpp"
#include "format/metric_names.hpp"
#include "format/schema_parts.hpp"

#include <nlohmann/json.hpp>

namespace sim::reading {
namespace {

using namespace schema_parts;
using schema_parts::names_of;

json bound() {
  return {{"type", "integer"}, {"minimum", 0}, {"maximum", max_expected_count}};
}

json request_schema() {
  return object({{"request", ref("id")},
                 {"accepted", ref("ids")},
                 {"rejected",
                  {{"type", "object"},
                   {"additionalProperties", names_of(actors::all_rejection_reasons)}}},
                 {"accepted_count", bound()},
                 {"rejected_count", bound()}},
                {"request"});
}

json account_schema() {
  return object({{"account", ref("id")},
                 {"status", names_of(actors::all_account_statuses)},
                 {"cause", names_of(actors::all_inactive_causes)},
                 {"action", names_of(actors::all_inactive_actions)},
                 {"tan", names_of(actors::all_tan_statuses)},
                 {"relink", names_of(all_relink_statuses)},
                 {"at", ref("time")},
                 {"by", ref("time")},
                 {"throughout", ref("window")}},
                {"account"});
}

json event_schema() {
  std::vector<std::string> events(actors::events::all.begin(), actors::events::all.end());
  return object(
      {{"event", one_of_names(events)},
       {"account", ref("id")},
       {"where",
        {{"type", "object"},
         {"additionalProperties", {{"type", {"string", "number", "boolean"}}}}}},
       {"between", ref("window")},
       {"count", bound()},
       {"min", bound()},
       {"max", bound()}},
      {"event"});
}

json emails_schema() {
  return object({{"emails", object({{"to", {{"type", "string"}}}, {"count", bound()}},
                                   {"to", "count"})}},
                {"emails"});
}

json payments_schema() {
  return object(
      {{"payments",
        object({{"account", ref("id")}, {"succeeded", bound()}, {"failed", bound()}})}},
      {"payments"});
}

json session_schema() {
  return object(
      {{"session", ref("id")},
       {"status", one_of_names({"pending", "succeeded", "failed", "cancelled"})},
       {"failure_reason", one_of_names({"no_account", "no_authorization", "other"})}},
      {"session", "status"});
}

json webhooks_schema() {
  return object({{"webhooks", object({{"delivered", bound()},
                                      {"duplicates", bound()},
                                      {"dropped", bound()},
                                      {"out_of_order_min", bound()}})}},
                {"webhooks"});
}

json metric_schema() {
  std::vector<std::string> metrics;
  for (const auto& m : all_metric_names)
    metrics.emplace_back(m.name);
  return object({{"metric", one_of_names(metrics)},
                 {"min", {{"type", "number"}}},
                 {"max", {{"type", "number"}}},
                 {"equals", {{"type", "number"}}}},
                {"metric"});
}

} // namespace

// In the order the loader lists them in its errors and the schema in its oneOf.
const std::vector<expectation_kind>& expectation_kinds() {
  static const std::vector<expectation_kind> all{
      {"request", 1, &scenario_reader::read_request_expectation, request_schema,
       R"md(`request: ID`)md",
       R"md(`accepted: [ids]`, `rejected: {id: reason}`, `accepted_count`, `rejected_count` (at least one))md",
       R"md(each named account had that outcome in that request; the totals match)md"},
      {"account", 6, &scenario_reader::read_account_expectation, account_schema,
       R"md(`account: ID`)md",
       R"md(`status`, `cause`, `action`, `tan` (TAN status), `relink` (status of its latest relink; at least one of these); `at: T` \| `at: end` \| `by: T` \| `throughout: [T1, T2]` (default `at: end`))md",
       R"md(see below)md"},
      {"event", 0, &scenario_reader::read_event_expectation, event_schema,
       R"md(`event: TYPE`)md",
       R"md(`account` (filter), `where: {field: value, …}` (filters on the event's fields, see [events.md](events.md); a time field compares as a time, `72h` is `3d`), `between: [T1, T2]` (only events at T1 … T2, both included), `count` or `min`/`max` (default `min: 1`))md",
       R"md(the number of such events matches)md"},
      {"emails", 2, &scenario_reader::read_emails_expectation, emails_schema,
       R"md(`emails`)md", R"md(`{to: ADDRESS, count: N}`)md",
       R"md(exactly N relink emails were sent to that address)md"},
      {"payments", 5, &scenario_reader::read_payments_expectation, payments_schema,
       R"md(`payments`)md",
       R"md(`{account: ID (optional), succeeded: N, failed: N}` (at least one count))md",
       R"md(that many debit attempts succeeded / failed (all accounts without `account`))md"},
      {"session", 4, &scenario_reader::read_session_expectation, session_schema,
       R"md(`session: ID`)md",
       R"md(`status` (`pending` \| `succeeded` \| `failed` \| `cancelled`), `failure_reason` (`other` \| `no_account` \| `no_authorization`; optional))md",
       R"md(the session ended the run in that status)md"},
      {"webhooks", 3, &scenario_reader::read_webhooks_expectation, webhooks_schema,
       R"md(`webhooks`)md",
       R"md(`{delivered: N, duplicates: N, dropped: N, out_of_order_min: N}` (at least one))md",
       R"md(what the platform's endpoint received: every `financial_connections.*` event, each account's `created` at 0s included)md"},
      {"metric", 7, &scenario_reader::read_metric_expectation, metric_schema,
       R"md(`metric: NAME`)md", R"md(`min`, `max` (numbers) or `equals`)md",
       R"md(a figure of the run within bounds; the metrics are listed below)md"},
  };
  return all;
}

const expectation_kind* find_expectation_kind(const YAML::Node& item) {
  const expectation_kind* found = nullptr;
  for (const auto& kind : expectation_kinds())
    if (item[std::string(kind.name)] &&
        (found == nullptr || kind.precedence < found->precedence))
      found = &kind;
  return found;
}

keys expectation_names() {
  keys names;
  for (const auto& kind : expectation_kinds())
    names.emplace_back(kind.name);
  return names;
}

std::string expectation_table_markdown() {
  std::string out = "| kind | keys | passes when |\n|---|---|---|\n";
  for (const auto& kind : expectation_kinds())
    out += "| " + std::string(kind.kind_doc) + " | " + std::string(kind.keys_doc) +
           " | " + std::string(kind.passes_doc) + " |\n";
  return out;
}

} // namespace sim::reading
