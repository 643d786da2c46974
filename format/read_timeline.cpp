// The timeline: when each action happens, how often it repeats, and what it does.

#include "format/reader.hpp"

#include <algorithm>
#include <variant>

namespace sim::reading {

std::optional<timeline_action> scenario_reader::read_action(const std::string& name,
                                                            const YAML::Node& body,
                                                            const std::string& path) {
  auto single_account = [&]() -> std::optional<std::string> {
    if (!check_map(body, path, {"account"}, {"account"}))
      return std::nullopt;
    auto id = identifier(body["account"], path + ".account");
    if (id)
      refer(reference::kind::account, *id, body["account"], path + ".account");
    return id;
  };
  // An account; with `authorization` every account of those credentials; with
  // `accounts` the accounts a pick draws.
  struct target {
    std::string account, authorization;
    std::optional<account_pick> pick;
  };
  auto account_or_authorization = [&]() -> std::optional<target> {
    if (!check_map(body, path, {"account", "authorization", "accounts"},
                   body.IsMap() && (body["authorization"] || body["accounts"])
                       ? keys{}
                       : keys{"account"}))
      return std::nullopt;
    if ((body["account"] ? 1 : 0) + (body["authorization"] ? 1 : 0) +
            (body["accounts"] ? 1 : 0) >
        1) {
      error(body, path, "name one of account, authorization or accounts");
      return std::nullopt;
    }
    if (auto n = body["accounts"]) {
      auto pick = read_pick(n, path + ".accounts");
      if (!pick)
        return std::nullopt;
      return target{{}, {}, std::move(pick)};
    }
    if (auto n = body["authorization"]) {
      auto id = identifier(n, path + ".authorization");
      if (!id)
        return std::nullopt;
      refer(reference::kind::authorization, *id, n, path + ".authorization");
      return target{{}, *id, {}};
    }
    auto id = identifier(body["account"], path + ".account");
    if (!id)
      return std::nullopt;
    refer(reference::kind::account, *id, body["account"], path + ".account");
    return target{*id, {}, {}};
  };
  auto deactivation =
      [&](actors::inactive_cause cause) -> std::optional<timeline_action> {
    if (auto t = account_or_authorization())
      return deactivate_action{t->account, cause, t->authorization, t->pick};
    return std::nullopt;
  };
  if (name == "revoke") {
    if (auto t = account_or_authorization())
      return revoke_action{t->account, t->authorization, t->pick};
  } else if (name == "close_account") {
    if (auto id = single_account())
      return deactivate_action{*id, actors::inactive_cause::account_closed, {}, {}};
  } else if (name == "expire_access") {
    return deactivation(actors::inactive_cause::access_expired);
  } else if (name == "require_reauth") {
    return deactivation(actors::inactive_cause::institution_requirement);
  } else if (name == "create_relink_session") {
    if (!check_map(body, path,
                   {"account", "authorization", "accounts", "delivery", "notify"}))
      return std::nullopt;
    create_session_action a;
    bool ok = true;
    if ((body["account"] ? 1 : 0) + (body["authorization"] ? 1 : 0) +
            (body["accounts"] ? 1 : 0) >
        1) {
      error(body, path,
            "a session relinks one of an account, an authorization or picked "
            "accounts");
      ok = false;
    } else if (auto picked = body["accounts"]) {
      a.pick = read_pick(picked, path + ".accounts");
      ok = ok && a.pick;
    } else if (auto n = body["authorization"]) {
      auto id = identifier(n, path + ".authorization");
      ok = ok && id;
      if (id) {
        a.authorization = *id;
        refer(reference::kind::authorization, *id, n, path + ".authorization");
      }
    } else if (auto account = body["account"]) {
      auto id = identifier(account, path + ".account");
      ok = ok && id;
      if (id) {
        a.account = *id;
        refer(reference::kind::account, *id, account, path + ".account");
      }
    } else {
      error(body, path, "a session needs 'account', 'authorization' or 'accounts'");
      ok = false;
    }
    if (auto n = body["delivery"]) {
      auto d = scalar(n, path + ".delivery", "email or url");
      if (d && *d != "email" && *d != "url") {
        error(n, path + ".delivery",
              "unknown delivery '" + *d + "': expected email or url" +
                  suggestion_suffix(*d, {"email", "url"}));
        d.reset();
      }
      ok = ok && d;
      if (d)
        a.delivery = *d;
    }
    if (auto n = body["notify"]) {
      if (a.delivery != "url") {
        error(n, path + ".notify",
              "notify goes with delivery: url (the platform tells the "
              "customer itself)");
        ok = false;
      } else if (check_map(n, path + ".notify", {"channel", "after"})) {
        if (auto c = n["channel"]) {
          auto id = identifier(c, path + ".notify.channel");
          ok = ok && id;
          if (id)
            a.channel = *id;
        }
        if (auto after = n["after"]) {
          auto d = duration_value(after, path + ".notify.after");
          ok = ok && d;
          if (d)
            a.notify_after = *d;
        }
      }
    } else if (a.delivery == "url") {
      a.channel = "in_app";
    }
    if (!ok)
      return std::nullopt;
    return a;
  } else if (name == "webhook_faults") {
    if (!check_map(body, path, {"duplicates", "reorder", "down_for"}))
      return std::nullopt;
    webhook_faults_action a;
    bool ok = true;
    if (auto n = body["duplicates"]) {
      auto p = probability(n, path + ".duplicates");
      ok = ok && p;
      a.duplicates = p.value_or(0.0);
    }
    if (auto n = body["reorder"]) {
      auto p = probability(n, path + ".reorder");
      ok = ok && p;
      a.reorder = p.value_or(0.0);
    }
    if (auto n = body["down_for"]) {
      auto d = duration_value(n, path + ".down_for");
      ok = ok && d;
      a.down_for = d.value_or(engine::duration{0});
    }
    if (!ok)
      return std::nullopt;
    return a;
  } else if (name == "refresh") {
    if (!check_map(body, path, {"account", "kind"}, {"account"}))
      return std::nullopt;
    refresh_action a;
    auto id = identifier(body["account"], path + ".account");
    if (id)
      refer(reference::kind::account, *id, body["account"], path + ".account");
    if (auto n = body["kind"]) {
      const keys kinds{"balance", "transactions", "ownership"};
      auto k = scalar(n, path + ".kind", "balance, transactions or ownership");
      if (k && std::find(kinds.begin(), kinds.end(), *k) == kinds.end()) {
        error(n, path + ".kind",
              "unknown refresh kind '" + *k + "'" + suggestion_suffix(*k, kinds) +
                  "; expected balance, transactions or ownership");
        return std::nullopt;
      }
      if (!k)
        return std::nullopt;
      a.kind = *k;
    }
    if (!id)
      return std::nullopt;
    a.account = *id;
    permission_uses_.push_back(
        {a.account, *permission_for_refresh(a.kind),
         (a.kind == "ownership" ? "an " : "a ") + a.kind + " refresh",
         body["account"].Mark(), path + ".account", file_});
    return a;
  } else if (name == "mailer_outage") {
    if (!check_map(body, path, {"for"}, {"for"}))
      return std::nullopt;
    auto length = duration_value(body["for"], path + ".for");
    if (!length)
      return std::nullopt;
    if (*length <= engine::duration{0}) {
      error(body["for"], path + ".for", "an outage lasts longer than 0s");
      return std::nullopt;
    }
    return mailer_outage_action{*length};
  } else if (name == "bounce") {
    if (!check_map(body, path, {"email"}, {"email"}))
      return std::nullopt;
    if (auto address = scalar(body["email"], path + ".email", "an email address"))
      return bounce_action{*address};
    return std::nullopt;
  } else if (name == "set_email") {
    if (!check_map(body, path, {"customer", "email"}, {"customer", "email"}))
      return std::nullopt;
    auto id = identifier(body["customer"], path + ".customer");
    if (id)
      refer(reference::kind::customer, *id, body["customer"], path + ".customer");
    const YAML::Node email = body["email"];
    std::optional<std::string> address = std::string{};
    if (!email.IsNull()) {
      address = scalar(email, path + ".email", "an email address, or null to remove it");
      if (address && address->find('@') == std::string::npos) {
        error(email, path + ".email", "'" + *address + "' is not an email address");
        address.reset();
      }
    }
    if (!id || !address)
      return std::nullopt;
    return set_email_action{*id, *address};
  } else if (name == "set_behavior") {
    if (!check_map(body, path, {"customer", "behavior"}, {"customer", "behavior"}))
      return std::nullopt;
    auto id = identifier(body["customer"], path + ".customer");
    auto behavior = identifier(body["behavior"], path + ".behavior");
    if (id)
      refer(reference::kind::customer, *id, body["customer"], path + ".customer");
    if (behavior)
      refer(reference::kind::behavior, *behavior, body["behavior"], path + ".behavior");
    if (!id || !behavior)
      return std::nullopt;
    return set_behavior_action{*id, *behavior};
  } else if (name == "payment") {
    if (!check_map(body, path, {"account", "amount"}, {"account", "amount"}))
      return std::nullopt;
    auto id = identifier(body["account"], path + ".account");
    if (id)
      refer(reference::kind::account, *id, body["account"], path + ".account");
    auto amount = count(body["amount"], path + ".amount", max_payment_cents);
    if (!id || !amount)
      return std::nullopt;
    permission_uses_.push_back({*id, account_permission::payment_method, "an ACH debit",
                                body["account"].Mark(), path + ".account", file_});
    return payment_action{*id, static_cast<std::int64_t>(*amount)};
  } else if (name == "outage") {
    if (!check_map(body, path, {"institution", "for", "deactivates", "recovers", "kind"},
                   {"institution", "for"}))
      return std::nullopt;
    outage_action a;
    auto id = identifier(body["institution"], path + ".institution");
    if (id)
      refer(reference::kind::institution, *id, body["institution"],
            path + ".institution");
    auto length = duration_value(body["for"], path + ".for");
    if (length && *length <= engine::duration{0}) {
      error(body["for"], path + ".for", "an outage lasts longer than 0s");
      length.reset();
    }
    bool ok = id && length;
    if (auto n = body["deactivates"]) {
      auto p = probability(n, path + ".deactivates");
      ok = ok && p;
      a.deactivates = p.value_or(0.0);
    }
    if (auto n = body["recovers"]) {
      auto p = probability(n, path + ".recovers");
      ok = ok && p;
      a.recovers = p.value_or(0.0);
    }
    if (auto n = body["kind"]) {
      auto k = scalar(n, path + ".kind", "scheduled, unscheduled or error");
      const keys kinds{"scheduled", "unscheduled", "error"};
      if (k && std::find(kinds.begin(), kinds.end(), *k) == kinds.end()) {
        error(n, path + ".kind",
              "unknown outage kind '" + *k + "'" + suggestion_suffix(*k, kinds) +
                  "; expected scheduled, unscheduled or error");
        k.reset();
      }
      ok = ok && k;
      if (k)
        a.kind = *k;
    }
    if (!ok)
      return std::nullopt;
    a.institution = *id;
    a.length = *length;
    return a;
  } else if (name == "disconnect") {
    if (auto id = single_account())
      return disconnect_action{*id};
  } else if (name == "expire_tan") {
    if (auto id = single_account())
      return expire_tan_action{*id};
  } else if (name == "schedule_deactivation") {
    const bool whole = body.IsMap() && body["authorization"];
    if (!check_map(body, path, {"account", "authorization", "date", "cause"},
                   whole ? keys{"date"} : keys{"account", "date"}))
      return std::nullopt;
    if (whole && body["account"]) {
      error(body, path, "name either an account or an authorization, not both");
      return std::nullopt;
    }
    schedule_deactivation_action a;
    const char* target = whole ? "authorization" : "account";
    auto id = identifier(body[target], path + "." + target);
    if (id)
      refer(whole ? reference::kind::authorization : reference::kind::account, *id,
            body[target], path + "." + target);
    auto date = time_value(body["date"], path + ".date");
    if (auto n = body["cause"]) {
      if (auto text = scalar(n, path + ".cause", "a cause")) {
        auto cause = actors::from_string(actors::all_scheduled_causes, *text);
        if (!cause) {
          const keys names = names_of(actors::all_scheduled_causes);
          error(n, path + ".cause",
                "a scheduled deactivation's cause is one of " + join(names) + ", not '" +
                    *text + "'" + suggestion_suffix(*text, names));
          return std::nullopt;
        }
        a.cause = *cause;
      }
    }
    if (!id || !date)
      return std::nullopt;
    (whole ? a.authorization : a.account) = *id;
    a.date = *date;
    return a;
  } else if (name == "request_relink") {
    if (!check_map(body, path, {"accounts", "via"}, {"accounts"}))
      return std::nullopt;
    request_relink_action a;
    const YAML::Node accounts = body["accounts"];
    if (!accounts.IsSequence()) {
      a.selector = read_selector(accounts, path + ".accounts");
      if (!a.selector)
        return std::nullopt;
    } else {
      a.accounts = identifier_list(accounts, path + ".accounts");
    }
    if (accounts.IsSequence()) {
      if (accounts.size() == 0)
        error(accounts, path + ".accounts", "a request needs at least one account");
      for (std::size_t i = 0; i < accounts.size() && i < a.accounts.size(); ++i)
        refer(reference::kind::account, a.accounts[i], accounts[i],
              path + ".accounts[" + std::to_string(i) + "]");
    }
    if (auto n = body["via"])
      if (auto v = scalar(n, path + ".via", "dashboard or account_menu")) {
        if (*v != "dashboard" && *v != "account_menu")
          error(n, path + ".via",
                "unknown via '" + *v + "': expected dashboard or account_menu" +
                    suggestion_suffix(*v, {"dashboard", "account_menu"}));
        a.via = *v;
      }
    return a;
  }
  return std::nullopt;
}

void scenario_reader::read_timeline(const YAML::Node& node) {
  if (!node.IsSequence()) {
    error(node, "timeline", "expected a list of timeline entries");
    return;
  }
  std::map<std::string, std::size_t> ids;
  for (std::size_t i = 0; i < node.size(); ++i) {
    const std::string path = "timeline[" + std::to_string(i) + "]";
    const YAML::Node item = node[i];
    if (!item.IsMap()) {
      error(item, path,
            "expected a mapping with 'at' and one action, such as "
            "{at: 2d, revoke: {account: fca_alice_chk}}");
      continue;
    }
    timeline_entry entry;
    entry.where = where(item);
    std::vector<std::pair<std::string, YAML::Node>> actions;
    bool unknown_keys = false;
    for (const auto& kv : item) {
      const std::string key = kv.first.Scalar();
      if (key == "at" || key == "id" || key == "every" || key == "from" || key == "until")
        continue;
      if (std::find(available_actions.begin(), available_actions.end(), key) !=
          available_actions.end()) {
        actions.emplace_back(key, kv.second);
      } else {
        keys known = available_actions;
        known.insert(known.end(), {"at", "id", "every", "from", "until"});
        error(kv.first, path,
              "unknown action '" + key + "'" + suggestion_suffix(key, known));
        unknown_keys = true;
      }
    }
    bool ok = true;
    // Once (`at`), or repeated (`every`, from `from` or `at`, until `until` or the
    // horizon): a repeating entry becomes one entry per time.
    std::vector<engine::duration> times;
    if (auto every = item["every"]) {
      if (item["at"] && item["from"]) {
        error(item["from"], path + ".from",
              "use either 'at' or 'from' to start a repetition");
        ok = false;
      }
      engine::duration step{0};
      if (const auto period = duration_value(every, path + ".every")) {
        step = *period;
        if (step <= engine::duration{0})
          error(every, path + ".every", "a repetition needs a period longer than 0s");
      }
      const bool period_ok = step > engine::duration{0};
      std::optional<engine::duration> from = engine::duration{0};
      if (auto n = item["from"] ? item["from"] : item["at"])
        from = time_value(n, path + (item["from"] ? ".from" : ".at"));
      std::optional<engine::duration> until = s_.horizon;
      if (auto n = item["until"])
        until = time_value(n, path + ".until");
      ok = ok && period_ok && from && until;
      const auto first = from.value_or(engine::duration{0});
      const auto last = until.value_or(engine::duration{0});
      if (ok && last < first) {
        // Without `until` the repetition ends at the horizon: a start past it is
        // already refused where it is written, or the horizon is missing (said).
        if (item["until"])
          error(item["until"], path + ".until", "until comes before the first time");
        ok = false;
      }
      if (ok && static_cast<std::uint64_t>((last - first) / step) + 1 > max_repetitions) {
        error(every, path + ".every",
              "this repeats more than " + std::to_string(max_repetitions) +
                  " times; use a longer period or a shorter span");
        ok = false;
      }
      for (auto t = first; ok && t <= last; t += step)
        times.push_back(t);
    } else {
      for (const char* key : {"from", "until"})
        if (item[key]) {
          error(item[key], path + "." + key,
                std::string("'") + key + "' goes with 'every'");
          ok = false;
        }
      if (auto n = item["at"]) {
        if (auto t = time_value(n, path + ".at"))
          times.push_back(*t);
        else
          ok = false;
      } else if (ok) { // a stray from/until already said what is wrong
        error(item, path,
              "missing required key 'at' (when the action happens, such as 2d)");
        ok = false;
      }
    }
    // Before anything is made once per time: the entries of the whole timeline
    // (of the scenario and its fragments) stay within their limit.
    if (!times.empty() && !timeline_full_ &&
        timeline_entries_ + times.size() > max_timeline_entries) {
      const bool repeating = static_cast<bool>(item["every"]);
      error(repeating ? item["every"] : item, path + (repeating ? ".every" : ""),
            "the timeline has more than " + std::to_string(max_timeline_entries) +
                " entries with this one (a repeating entry counts once per time): repeat "
                "less "
                "often or over a shorter span");
      timeline_full_ = true;
    }
    if (timeline_full_) {
      ok = false;
      times.clear();
    }
    timeline_entries_ += times.size();
    if (auto n = item["id"]) {
      if (auto id = identifier(n, path + ".id")) {
        entry.id = *id;
        if (!ids.emplace(*id, i).second)
          error(n, path + ".id", "timeline id '" + *id + "' is used twice");
      }
    }
    if (actions.empty() && !unknown_keys)
      error(item, path, "the entry has no action; available: " + join(available_actions));
    if (actions.size() > 1)
      error(item, path,
            "one action per timeline entry, found " + std::to_string(actions.size()));
    if (actions.size() != 1)
      continue;
    // The id counts as declared even when the action has errors of its own, so
    // that expectations naming it do not add a second, misleading error.
    // A repeating entry's occurrences are named <id>_1, <id>_2, … in time order.
    const bool repeats = static_cast<bool>(item["every"]);
    auto occurrence_id = [&](std::size_t k) {
      return entry.id.empty() || !repeats ? entry.id
                                          : entry.id + "_" + std::to_string(k + 1);
    };
    for (std::size_t k = 0; k < std::max<std::size_t>(times.size(), 1); ++k) {
      if (!entry.id.empty() && actions[0].first == "request_relink")
        declared_requests_.push_back(occurrence_id(k));
      // Sessions of picked accounts are named after them, known only at run time.
      if (!entry.id.empty() && actions[0].first == "create_relink_session" &&
          !(actions[0].second.IsMap() && actions[0].second["accounts"]))
        declared_sessions_.push_back(occurrence_id(k));
    }
    // Read the action even when the time was bad, so its errors show too.
    auto action =
        read_action(actions[0].first, actions[0].second, path + "." + actions[0].first);
    if (!action || !ok)
      continue;
    entry.action = std::move(*action);
    // An unnamed request still needs an id in the trace: name it after its line.
    std::string base_id = entry.id;
    if (base_id.empty() && std::holds_alternative<request_relink_action>(entry.action))
      base_id = "request_line_" + std::to_string(entry.where.line);
    if (base_id.empty() && std::holds_alternative<create_session_action>(entry.action))
      base_id = "fcsess_line_" + std::to_string(entry.where.line);
    for (std::size_t k = 0; k < times.size(); ++k) {
      timeline_entry occurrence = entry;
      occurrence.at = times[k];
      occurrence.id =
          base_id.empty() || !repeats ? base_id : base_id + "_" + std::to_string(k + 1);
      s_.timeline.push_back(std::move(occurrence));
    }
  }
}

} // namespace sim::reading
