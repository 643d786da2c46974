// Expectations: what the run must show, each kind with its own keys.

#include "domain/events.hpp"
#include "format/expectation_kinds.hpp"
#include "format/metric_names.hpp"
#include "format/reader.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace sim::reading {

std::optional<expectation_body>
scenario_reader::read_event_expectation(const YAML::Node& item, const std::string& path) {
  const YAML::Node n = item["event"];
  if (!check_map(item, path,
                 {"event", "account", "where", "count", "min", "max", "between"}))
    return std::nullopt;
  event_expectation e;
  if (auto b = item["between"]) {
    auto window = time_window(b, path + ".between");
    if (!window)
      return std::nullopt;
    e.between = window;
  }
  if (auto type = scalar(n, path + ".event", "an event type")) {
    keys types(actors::events::all.begin(), actors::events::all.end());
    if (std::find(types.begin(), types.end(), *type) == types.end()) {
      error(n, path + ".event",
            "unknown event type '" + *type + "'" + suggestion_suffix(*type, types));
      return std::nullopt;
    }
    e.type = *type;
  }
  if (auto a = item["account"])
    if (auto id = identifier(a, path + ".account")) {
      e.account = *id;
      refer(reference::kind::account, *id, a, path + ".account");
    }
  if (auto w = item["where"]) {
    if (!w.IsMap() || w.size() == 0) {
      error(w, path + ".where",
            "expected a mapping of event fields to values, such as "
            "{status: failed}");
      return std::nullopt;
    }
    for (const auto& kv : w) {
      auto key = identifier(kv.first, path + ".where");
      auto value =
          key ? scalar(kv.second, path + ".where." + *key, "a value") : std::nullopt;
      if (!key || !value)
        return std::nullopt;
      e.where.emplace_back(*key, *value);
    }
  }
  if (auto c = item["count"])
    e.count = count(c, path + ".count", max_expected_count);
  if (auto c = item["min"])
    e.min = count(c, path + ".min", max_expected_count);
  if (auto c = item["max"])
    e.max = count(c, path + ".max", max_expected_count);
  if (item["count"] && (item["min"] || item["max"])) {
    error(item["count"], path + ".count", "use either count or min/max, not both");
    return std::nullopt;
  }
  if (e.min && e.max && *e.min > *e.max) {
    error(item["min"], path + ".min", "min is larger than max");
    return std::nullopt;
  }
  if (!e.count && !e.min && !e.max)
    e.min = 1; // "this event happens" reads as at least once
  return e;
}

std::optional<expectation_body>
scenario_reader::read_request_expectation(const YAML::Node& item,
                                          const std::string& path) {
  const YAML::Node n = item["request"];
  if (!check_map(item, path,
                 {"request", "accepted", "rejected", "accepted_count", "rejected_count"}))
    return std::nullopt;
  request_expectation e;
  if (auto id = identifier(n, path + ".request")) {
    e.request = *id;
    refer(reference::kind::request, *id, n, path + ".request");
  }
  if (auto a = item["accepted"]) {
    if (a.IsSequence() && a.size() == 0)
      error(a, path + ".accepted",
            "an empty list checks nothing: name accounts, or use "
            "accepted_count: 0");
    e.accepted = identifier_list(a, path + ".accepted");
    for (std::size_t i = 0; a.IsSequence() && i < a.size() && i < e.accepted.size(); ++i)
      refer(reference::kind::account, e.accepted[i], a[i],
            path + ".accepted[" + std::to_string(i) + "]");
  }
  if (auto r = item["rejected"]) {
    if (!r.IsMap() || r.size() == 0) {
      error(r, path + ".rejected",
            "expected a mapping from account ids to reason codes, "
            "such as {fca_bob_sav: no_email} (for none, use "
            "rejected_count: 0)");
    } else {
      const keys reasons = names_of(actors::all_rejection_reasons);
      for (const auto& kv : r) {
        auto id = identifier(kv.first, path + ".rejected");
        auto code =
            scalar(kv.second, path + ".rejected." + (id ? *id : "?"), "a reason code");
        if (!id || !code)
          continue;
        refer(reference::kind::account, *id, kv.first, path + ".rejected." + *id);
        auto reason = actors::from_string(actors::all_rejection_reasons, *code);
        if (!reason) {
          error(kv.second, path + ".rejected." + *id,
                "unknown reason code '" + *code + "'" +
                    suggestion_suffix(*code, reasons) +
                    "; reason codes: " + join(reasons));
          continue;
        }
        e.rejected.emplace_back(*id, *reason);
      }
    }
  }
  if (auto c = item["accepted_count"])
    e.accepted_count = count(c, path + ".accepted_count", max_expected_count);
  if (auto c = item["rejected_count"])
    e.rejected_count = count(c, path + ".rejected_count", max_expected_count);
  if (!item["accepted"] && !item["rejected"] && !item["accepted_count"] &&
      !item["rejected_count"]) {
    error(item, path,
          "a request expectation needs accepted, rejected, accepted_count "
          "or rejected_count");
    return std::nullopt;
  }
  return e;
}

std::optional<expectation_body>
scenario_reader::read_emails_expectation(const YAML::Node& item,
                                         const std::string& path) {
  const YAML::Node n = item["emails"];
  if (!check_map(item, path, {"emails"}) ||
      !check_map(n, path + ".emails", {"to", "count"}, {"to", "count"}))
    return std::nullopt;
  emails_expectation e;
  auto to = scalar(n["to"], path + ".emails.to", "an email address");
  auto c = count(n["count"], path + ".emails.count", max_expected_count);
  if (!to || !c)
    return std::nullopt;
  e.to = *to;
  e.count = *c;
  return e;
}

std::optional<expectation_body>
scenario_reader::read_webhooks_expectation(const YAML::Node& item,
                                           const std::string& path) {
  const YAML::Node n = item["webhooks"];
  if (!check_map(item, path, {"webhooks"}) ||
      !check_map(n, path + ".webhooks",
                 {"delivered", "duplicates", "dropped", "out_of_order_min"}))
    return std::nullopt;
  webhooks_expectation e;
  if (auto c = n["delivered"])
    e.delivered = count(c, path + ".webhooks.delivered", max_expected_count);
  if (auto c = n["duplicates"])
    e.duplicates = count(c, path + ".webhooks.duplicates", max_expected_count);
  if (auto c = n["dropped"])
    e.dropped = count(c, path + ".webhooks.dropped", max_expected_count);
  if (auto c = n["out_of_order_min"])
    e.out_of_order_min =
        count(c, path + ".webhooks.out_of_order_min", max_expected_count);
  if (!e.delivered && !e.duplicates && !e.dropped && !e.out_of_order_min) {
    error(n, path + ".webhooks",
          "a webhooks expectation needs delivered, duplicates, dropped "
          "or out_of_order_min");
    return std::nullopt;
  }
  return e;
}

std::optional<expectation_body>
scenario_reader::read_session_expectation(const YAML::Node& item,
                                          const std::string& path) {
  const YAML::Node n = item["session"];
  if (!check_map(item, path, {"session", "status", "failure_reason"}, {"status"}))
    return std::nullopt;
  session_expectation e;
  auto id = identifier(n, path + ".session");
  if (id)
    refer(reference::kind::session, *id, n, path + ".session");
  const keys statuses{"pending", "succeeded", "failed", "cancelled"};
  auto status = scalar(item["status"], path + ".status", "a session status");
  if (status && std::find(statuses.begin(), statuses.end(), *status) == statuses.end()) {
    error(item["status"], path + ".status",
          "unknown session status '" + *status + "'" +
              suggestion_suffix(*status, statuses) + "; expected one of " +
              join(statuses));
    status.reset();
  }
  if (auto f = item["failure_reason"]) {
    const keys reasons{"no_account", "no_authorization", "other"};
    auto reason = scalar(f, path + ".failure_reason", "a failure reason");
    if (reason && std::find(reasons.begin(), reasons.end(), *reason) == reasons.end()) {
      error(f, path + ".failure_reason",
            "unknown failure_reason '" + *reason + "'" +
                suggestion_suffix(*reason, reasons) + "; expected one of " +
                join(reasons));
      return std::nullopt;
    }
    if (reason)
      e.failure_reason = *reason;
  }
  if (!id || !status)
    return std::nullopt;
  e.session = *id;
  e.status = *status;
  return e;
}

std::optional<expectation_body>
scenario_reader::read_payments_expectation(const YAML::Node& item,
                                           const std::string& path) {
  const YAML::Node n = item["payments"];
  if (!check_map(item, path, {"payments"}) ||
      !check_map(n, path + ".payments", {"account", "succeeded", "failed"}))
    return std::nullopt;
  payments_expectation e;
  if (auto a = n["account"])
    if (auto id = identifier(a, path + ".payments.account")) {
      e.account = *id;
      refer(reference::kind::account, *id, a, path + ".payments.account");
    }
  if (auto c = n["succeeded"])
    e.succeeded = count(c, path + ".payments.succeeded", max_expected_count);
  if (auto c = n["failed"])
    e.failed = count(c, path + ".payments.failed", max_expected_count);
  if (!n["succeeded"] && !n["failed"]) {
    error(n, path + ".payments", "a payments expectation needs succeeded or failed");
    return std::nullopt;
  }
  return e;
}

// When the account is checked: `at: T` (or `end`), `by: T`, `throughout: [T1, T2]`,
// at most one of them; without any, at the horizon. False when that is wrong.
bool scenario_reader::account_check_time(const YAML::Node& item, const std::string& path,
                                         account_expectation& e) {
  const char* given = nullptr;
  for (const char* key : {"at", "by", "throughout"})
    if (item[key]) {
      if (given != nullptr) {
        error(item[key], path + "." + key,
              std::string("use one of 'at', 'by' and 'throughout', not both '") + given +
                  "' and '" + key + "'");
        return false;
      }
      given = key;
    }
  if (auto w = item["throughout"]) {
    auto window = time_window(w, path + ".throughout");
    if (!window)
      return false;
    e.when = check_time::throughout;
    e.time = window->first;
    e.until = window->second;
    e.at_end = false;
  } else if (auto t = item["at"]) {
    bool is_end = false;
    auto when = time_value(t, path + ".at", &is_end);
    if (!when)
      return false;
    e.when = check_time::at;
    e.time = *when;
    e.at_end = is_end;
  } else if (auto b = item["by"]) {
    auto when = time_value(b, path + ".by");
    if (!when)
      return false;
    e.when = check_time::by;
    e.time = *when;
    e.at_end = false;
  } else {
    e.when = check_time::at;
    e.time = s_.horizon;
    e.at_end = true;
  }
  return true;
}

std::optional<expectation_body>
scenario_reader::read_account_expectation(const YAML::Node& item,
                                          const std::string& path) {
  const YAML::Node n = item["account"];
  if (!check_map(item, path,
                 {"account", "status", "cause", "action", "tan", "relink", "at", "by",
                  "throughout"}))
    return std::nullopt;
  account_expectation e;
  if (auto id = identifier(n, path + ".account")) {
    e.account = *id;
    refer(reference::kind::account, *id, n, path + ".account");
  }
  auto read_enum = [&](const char* key, const auto& all, auto& out) {
    if (auto v = item[key]) {
      const std::string p = path + "." + key;
      if (auto text = scalar(v, p, "a value")) {
        out = actors::from_string(all, *text);
        if (!out) {
          const keys names = names_of(all);
          error(v, p,
                "unknown " + std::string(key) + " '" + *text + "'" +
                    suggestion_suffix(*text, names) + "; expected one of " + join(names));
        }
      }
    }
  };
  read_enum("status", actors::all_account_statuses, e.status);
  read_enum("cause", actors::all_inactive_causes, e.cause);
  read_enum("action", actors::all_inactive_actions, e.action);
  read_enum("tan", actors::all_tan_statuses, e.tan);
  read_enum("relink", all_relink_statuses, e.relink);
  if (!item["status"] && !item["cause"] && !item["action"] && !item["tan"] &&
      !item["relink"]) {
    error(item, path,
          "an account expectation needs status, cause, action, tan or relink");
    return std::nullopt;
  }
  if (!account_check_time(item, path, e))
    return std::nullopt;
  return e;
}

std::optional<expectation_body>
scenario_reader::read_metric_expectation(const YAML::Node& item,
                                         const std::string& path) {
  const YAML::Node n = item["metric"];
  if (!check_map(item, path, {"metric", "min", "max", "equals"}))
    return std::nullopt;
  metric_expectation e;
  auto name = scalar(n, path + ".metric", "a metric name");
  if (!name)
    return std::nullopt;
  if (find_metric_name(*name) == nullptr) {
    keys names;
    for (const auto& d : all_metric_names)
      names.emplace_back(d.name);
    error(n, path + ".metric",
          "unknown metric '" + *name + "'" + suggestion_suffix(*name, names) +
              "; metrics: " + join(names));
    return std::nullopt;
  }
  e.metric = *name;
  auto number = [&](const char* key) -> std::optional<double> {
    auto text = scalar(item[key], path + "." + key, "a number");
    if (!text)
      return std::nullopt;
    char* end = nullptr;
    const double v = std::strtod(text->c_str(), &end);
    if (text->empty() || end != text->c_str() + text->size() || !std::isfinite(v)) {
      error(item[key], path + "." + key, "'" + *text + "' is not a number");
      return std::nullopt;
    }
    return v;
  };
  bool ok = true;
  if (item["min"])
    ok = (e.min = number("min")).has_value() && ok;
  if (item["max"])
    ok = (e.max = number("max")).has_value() && ok;
  if (item["equals"])
    ok = (e.equals = number("equals")).has_value() && ok;
  if (!ok)
    return std::nullopt;
  if (!e.min && !e.max && !e.equals) {
    error(item, path, "a metric expectation needs min, max or equals");
    return std::nullopt;
  }
  if (e.equals && (e.min || e.max)) {
    error(item["equals"], path + ".equals", "use either equals or min/max, not both");
    return std::nullopt;
  }
  if (e.min && e.max && *e.min > *e.max) {
    error(item["min"], path + ".min", "min is larger than max");
    return std::nullopt;
  }
  return e;
}

std::optional<expectation_body>
scenario_reader::read_expectation(const YAML::Node& item, const std::string& path) {
  if (const auto* kind = find_expectation_kind(item))
    return (this->*(kind->read))(item, path);
  const keys kinds = expectation_names();
  std::string first_key = item.begin() != item.end() ? item.begin()->first.Scalar() : "";
  error(item, path,
        "unknown expectation '" + first_key + "'" + suggestion_suffix(first_key, kinds) +
            "; expected one of " + join(kinds));
  return std::nullopt;
}

void scenario_reader::read_expectations(const YAML::Node& node) {
  if (!node.IsSequence()) {
    error(node, "expect", "expected a list of expectations");
    return;
  }
  for (std::size_t i = 0; i < node.size(); ++i) {
    const std::string path = "expect[" + std::to_string(i) + "]";
    const YAML::Node item = node[i];
    if (!item.IsMap() || item.size() == 0) {
      error(item, path,
            "expected a mapping such as {account: fca_alice_chk, status: active}");
      continue;
    }
    if (auto body = read_expectation(item, path))
      s_.expectations.push_back({std::move(*body), where(item)});
  }
}

} // namespace sim::reading
