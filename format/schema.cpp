#include "format/schema.hpp"

#include "domain/domain.hpp"
#include "domain/events.hpp"
#include "format/expectation_kinds.hpp"
#include "format/limits.hpp"
#include "format/metric_names.hpp"
#include "format/scenario.hpp"
#include "format/schema_parts.hpp"
#include "format/timeline_actions.hpp"

#include <nlohmann/json.hpp>

namespace sim {
namespace schema_parts {

json ref(const char* name) {
  return {{"$ref", std::string("#/$defs/") + name}};
}

// Standard YAML reads `{ latency: uniform(20s, 2m) }` as `latency: "uniform(20s"` and
// a key `2m)` without value; relinksim reads the call whole. Both halves are
// allowed so that editors accept what relinksim accepts.
const char* split_call_head = R"(^(uniform|exp|normal|lognormal)\([^)]*$)";
const char* split_call_tail = R"(^[^,()]*\)$)";

json object(json properties, std::vector<std::string> required) {
  json o{{"type", "object"},
         {"properties", std::move(properties)},
         {"patternProperties", {{split_call_tail, {{"type", "null"}}}}},
         {"additionalProperties", false}};
  if (!required.empty())
    o["required"] = std::move(required);
  return o;
}

json one_of_names(std::vector<std::string> names) {
  return {{"enum", std::move(names)}};
}

} // namespace schema_parts

namespace {

using namespace schema_parts;

json described(json schema, const char* text) {
  schema["description"] = text;
  return schema;
}

json list_of(json items) {
  return {{"type", "array"}, {"items", std::move(items)}};
}

json unique_list_of(json items) {
  json list = list_of(std::move(items));
  list["uniqueItems"] = true;
  return list;
}

json count(std::uint64_t most) {
  return {{"type", "integer"}, {"minimum", 0}, {"maximum", most}};
}

json definitions() {
  // Durations: whole numbers with units, each unit once (the validator checks that);
  // seconds may carry three decimals.
  const std::string duration = R"(^([0-9]+[wdhm]|[0-9]+(\.[0-9]{1,3})?s)+$)";
  const std::string call = R"(^(uniform|exp|normal|lognormal)\(.*\)$)";
  const json split_call{{"type", "string"}, {"pattern", split_call_head}};
  json defs;
  defs["id"] =
      described({{"type", "string"}, {"pattern", "^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$"}},
                "letters, digits, _, - and .; at most 128 characters");
  defs["ids"] = list_of(ref("id"));
  defs["duration"] =
      described({{"anyOf", json::array({json{{"type", "string"}, {"pattern", duration}},
                                        json{{"const", 0}}})}},
                "whole numbers with units s m h d w, such as 90s, 36h, 1d12h");
  defs["time"] =
      described({{"anyOf", json::array({ref("duration"), json{{"const", "end"}}})}},
                "a duration from start, or end (the horizon)");
  defs["window"] = described({{"type", "array"},
                              {"prefixItems", json::array({ref("time"), ref("time")})},
                              {"minItems", 2},
                              {"maxItems", 2}},
                             "[FROM, TO], both included");
  defs["probability"] = {{"type", "number"}, {"minimum", 0}, {"maximum", 1}};
  defs["drawn_probability"] = described(
      {{"anyOf", json::array({ref("probability"),
                              json{{"type", "string"}, {"pattern", R"(^uniform\(.*\)$)"}},
                              split_call})}},
      "a probability, or uniform(a, b) within [0, 1] drawn at each use");
  defs["delay"] =
      described({{"anyOf", json::array({ref("duration"),
                                        json{{"type", "string"}, {"pattern", call}},
                                        split_call, ref("weights")})}},
                "a duration; uniform(a, b), exp(mean), normal(mean, sd), "
                "lognormal(median, sigma); or "
                "{duration: weight, …}");
  defs["number_draw"] =
      described({{"anyOf", json::array({json{{"type", "number"}, {"minimum", 0}},
                                        json{{"type", "string"}, {"pattern", call}},
                                        split_call, ref("weights")})}},
                "a number; uniform(a, b), exp(mean), normal(mean, sd), lognormal(median, "
                "sigma); or "
                "{number: weight, …}");
  defs["weights"] =
      described({{"type", "object"},
                 {"additionalProperties", {{"type", "number"}, {"minimum", 0}}},
                 {"minProperties", 1}},
                "{name: weight, …}");
  defs["selector"] = described(
      {{"anyOf", json::array({json{{"enum", {"all", "eligible", "inactive", "expiring"}}},
                              ref("ids"),
                              object({{"select", names_of(actors::all_select_filters)},
                                      {"population", ref("id")},
                                      {"institution", ref("id")},
                                      {"sample", ref("probability")},
                                      {"limit", count(sim::max_generated_accounts)}})})}},
      "a list of account ids, a filter word, or {select, population, institution, "
      "sample, limit}");
  defs["pick"] =
      described(object({{"population", ref("id")},
                        {"institution", ref("id")},
                        {"sample", ref("probability")},
                        {"limit", count(sim::max_generated_accounts)}}),
                "{population, institution, sample, limit}: accounts picked when the "
                "run starts");
  // YAML reads `last4: 0042` as a number where relinksim reads the text: both pass.
  const json last4{
      {"anyOf", json::array({json{{"type", "string"}, {"pattern", "^[0-9]{4}$"}},
                             json{{"type", "integer"}, {"minimum", 0}, {"maximum", 9999}},
                             json{{"type", "null"}}})}};
  defs["account"] = object(
      {{"id", ref("id")},
       {"institution", ref("id")},
       {"tan_expires", ref("time")},
       {"display_name",
        {{"type", {"string", "null"}}, {"minLength", 1}, {"maxLength", 5000}}},
       {"category", names_of(all_account_categories)},
       {"subcategory", names_of(all_account_subcategories)},
       {"last4", described(last4, "the last four digits of the account number, or null")},
       {"permissions", unique_list_of(names_of(all_account_permissions))},
       {"subscriptions", unique_list_of(names_of(all_account_subscriptions))},
       {"balance", described({{"type", "integer"},
                              {"minimum", -999'999'999'999},
                              {"maximum", 999'999'999'999}},
                             "cents (USD)")}},
      {"id", "institution"});
  return defs;
}

json platform() {
  json auto_relink = object(
      {{"on", list_of(one_of_names({"deactivated", "upcoming_account_number_expiry",
                                    "upcoming_deactivation"}))},
       {"delivery", names_of(actors::all_delivery_methods)},
       {"after", ref("duration")},
       {"channel", ref("id")}},
      {"on"});
  json payments =
      object({{"every", ref("duration")},
              {"amount", {{"type", "integer"}, {"minimum", 1}}},
              {"retry", object({{"after", ref("duration")}, {"max", count(100)}},
                               {"after", "max"})}},
             {"every", "amount"});
  json endpoint = object({{"url", {{"type", "string"}, {"pattern", "^http://"}}},
                          {"command", {{"type", "string"}}},
                          {"ready", {{"type", "string"}, {"pattern", "^http://"}}},
                          {"secret_key", {{"type", "string"}, {"pattern", "^sk_test_."}}},
                          {"signing_secret", {{"type", "string"}, {"pattern", "^whsec_."}}},
                          {"allow_remote", {{"type", "boolean"}}},
                          {"answer_timeout", ref("duration")},
                          {"start_timeout", ref("duration")},
                          {"time_limit", ref("duration")},
                          {"max_calls", {{"type", "integer"}, {"minimum", 1}, {"maximum", 100000}}},
                          {"api_port", {{"type", "integer"}, {"minimum", 0}, {"maximum", 65535}}}},
                         {"url"});
  return object(
      {{"endpoint", endpoint},
       {"confirmed_emails", list_of({{"type", "string"}})},
       {"connect", {{"type", "boolean"}}},
       {"link_lifetime", ref("duration")},
       {"policy", object({{"payments", payments}, {"auto_relink", auto_relink}})}});
}

json institution() {
  return object(
      {{"id", ref("id")},
       {"name", {{"type", "string"}}},
       {"auth", object({{"success", ref("probability")}, {"latency", ref("delay")}})},
       {"tans",
        object({{"lifetime", ref("duration")}, {"activation", ref("duration")}})}},
      {"id"});
}

json behavior() {
  return object({{"opens", ref("drawn_probability")},
                 {"open_after", ref("delay")},
                 {"completes", ref("drawn_probability")},
                 {"abandons", ref("drawn_probability")},
                 {"picks_other_account", ref("drawn_probability")},
                 {"cancels", ref("drawn_probability")},
                 {"flow_time", ref("delay")},
                 {"clicks_twice", ref("drawn_probability")}});
}

json customer() {
  return object({{"id", ref("id")},
                 {"kind", one_of_names({"customer", "connected_account"})},
                 {"email", {{"type", {"string", "null"}}}},
                 {"behavior", ref("id")},
                 {"accounts", list_of(ref("account"))}},
                {"id"});
}

json population() {
  return object(
      {{"name", ref("id")},
       {"customers", {{"type", "integer"}, {"minimum", 1}, {"maximum", sim::max_population_customers}}},
       {"accounts_per_customer", ref("number_draw")},
       {"institution", {{"anyOf", json::array({ref("id"), ref("weights")})}}},
       {"email",
        {{"anyOf", json::array({ref("probability"),
                                object({{"share", ref("probability")},
                                        {"address", {{"type", "string"}}}})})}}},
       {"behavior", {{"anyOf", json::array({ref("id"), ref("weights")})}}},
       {"tan_expires", ref("delay")}},
      {"name", "customers", "institution"});
}

json timeline_entry_schema() {
  json properties{{"at", ref("time")},
                  {"id", ref("id")},
                  {"every", ref("duration")},
                  {"from", ref("time")},
                  {"until", ref("time")}};
  json exactly_one = json::array();
  for (const auto& kind : reading::action_kinds()) {
    const std::string name(kind.name);
    properties[name] = kind.schema();
    exactly_one.push_back({{"required", {name}}});
  }
  json entry = object(std::move(properties));
  entry["oneOf"] = std::move(exactly_one);
  entry["anyOf"] =
      json::array({json{{"required", {"at"}}}, json{{"required", {"every"}}}});
  return entry;
}

json vary() {
  const json bound{{"anyOf", json::array({json{{"type", "number"}}, ref("duration")})}};
  json between{{"type", "array"},
                {"prefixItems", json::array({bound, bound})},
                {"minItems", 2},
                {"maxItems", 2}};
  json range = object({{"between", described(between, "[low, high]: two durations or two numbers")},
                       {"step", described(bound, "draws are low + k × step (default: "
                                                 "a minute or a second, 1, 0.001)")}},
                      {"between"});
  json choice = object({{"one_of", {{"type", "array"}, {"minItems", 1}}}}, {"one_of"});
  return described(
      object({{"faults", described(unique_list_of(ref("id")),
                                   "timeline entry ids: each run keeps a random half")},
              {"values", described({{"type", "object"},
                                    {"additionalProperties",
                                     {{"oneOf", json::array({range, choice})}}}},
                                   "key path → {between, step} or {one_of}")},
              {"keep", described(unique_list_of(one_of_names(reading::expectation_names())),
                                 "the expectation kinds judged under variation")}}),
      "what `relinksim explore` varies from run to run; a run plays the file as written");
}

json expectation_schema() {
  json kinds = json::array();
  for (const auto& kind : reading::expectation_kinds())
    kinds.push_back(kind.schema());
  return {{"oneOf", kinds}};
}

} // namespace

std::string scenario_schema() {
  json schema;
  schema["$schema"] = "https://json-schema.org/draft/2020-12/schema";
  schema["title"] = "relinksim scenario";
  schema["description"] =
      "A relinksim scenario: the world, a timeline of faults and requests, and the "
      "expected "
      "outcomes. The schema checks the shape; `relinksim validate` checks everything.";
  schema["type"] = "object";
  schema["properties"] = {
      {"scenario",
       described(ref("id"), "the scenario's id: report folder name, test names")},
      {"format", described({{"const", sim::scenario_format}},
                           "the scenario format it is written for; another is refused")},
      {"title",
       described({{"type", "string"}}, "one line saying what the scenario shows")},
      {"tags", ref("ids")},
      {"seed", {{"type", "integer"}, {"minimum", 0}}},
      {"start", described({{"type", "string"},
                           {"pattern",
                            "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$"}},
                          "calendar date of t = 0, UTC")},
      {"horizon", described(ref("duration"), "how long to simulate")},
      {"mode", one_of_names({"sandbox", "live"})},
      {"platform", platform()},
      {"institutions", list_of(institution())},
      {"behaviors", {{"type", "object"}, {"additionalProperties", behavior()}}},
      {"customers", list_of(customer())},
      {"accounts", list_of(ref("account"))},
      {"populations", list_of(population())},
      {"include", list_of({{"type", "string"}})},
      {"mailer",
       object({{"latency", ref("delay")}, {"bounce_rate", ref("probability")}})},
      {"timeline", list_of(timeline_entry_schema())},
      {"expect", list_of(expectation_schema())},
      {"vary", vary()},
  };
  schema["required"] = {"scenario", "horizon"};
  schema["additionalProperties"] = false;
  schema["$defs"] = definitions();
  return schema.dump(2) + "\n";
}

std::string reference_tables() {
  return reading::action_table_markdown() + "\n" + reading::expectation_table_markdown() +
         "\n";
}

} // namespace sim
