// The readers of the timeline's actions, one per kind; format/timeline_actions.cpp
// declares each kind with its keys and names its reader here.

#include "format/reader.hpp"

namespace sim::reading {

std::optional<std::string> scenario_reader::single_account(const YAML::Node& body,
                                                           const std::string& path) {
  if (!check_map(body, path, {"account"}, {"account"}))
    return std::nullopt;
  auto id = identifier(body["account"], path + ".account");
  if (id)
    refer(reference::kind::account, *id, body["account"], path + ".account");
  return id;
}

std::optional<scenario_reader::action_target>
scenario_reader::account_or_authorization(const YAML::Node& body,
                                          const std::string& path) {
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
    return action_target{{}, {}, std::move(pick)};
  }
  if (auto n = body["authorization"]) {
    auto id = identifier(n, path + ".authorization");
    if (!id)
      return std::nullopt;
    refer(reference::kind::authorization, *id, n, path + ".authorization");
    return action_target{{}, *id, {}};
  }
  auto id = identifier(body["account"], path + ".account");
  if (!id)
    return std::nullopt;
  refer(reference::kind::account, *id, body["account"], path + ".account");
  return action_target{*id, {}, {}};
}

std::optional<timeline_action>
scenario_reader::deactivation(const YAML::Node& body, const std::string& path,
                              actors::inactive_cause cause) {
  if (auto t = account_or_authorization(body, path))
    return deactivate_action{t->account, cause, t->authorization, t->pick};
  return std::nullopt;
}

std::optional<timeline_action> scenario_reader::read_revoke(const YAML::Node& body,
                                                            const std::string& path) {
  if (auto t = account_or_authorization(body, path))
    return revoke_action{t->account, t->authorization, t->pick};
  return std::nullopt;
}

std::optional<timeline_action>
scenario_reader::read_close_account(const YAML::Node& body, const std::string& path) {
  if (auto id = single_account(body, path))
    return deactivate_action{*id, actors::inactive_cause::account_closed, {}, {}};
  return std::nullopt;
}

std::optional<timeline_action>
scenario_reader::read_expire_access(const YAML::Node& body, const std::string& path) {
  return deactivation(body, path, actors::inactive_cause::access_expired);
}

std::optional<timeline_action>
scenario_reader::read_require_reauth(const YAML::Node& body, const std::string& path) {
  return deactivation(body, path, actors::inactive_cause::institution_requirement);
}

// Which accounts the session relinks: one of an account, an authorization or a pick.
bool scenario_reader::session_target(const YAML::Node& body, const std::string& path,
                                     create_session_action& a) {
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
  return ok;
}

// `notify: {channel, after}`: how the platform tells the customer, with url delivery.
bool scenario_reader::session_notify(const YAML::Node& n, const std::string& path,
                                     create_session_action& a) {
  bool ok = true;
  if (a.delivery != actors::delivery_method::url) {
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
  return ok;
}

std::optional<timeline_action>
scenario_reader::read_create_relink_session(const YAML::Node& body,
                                            const std::string& path) {
  if (!check_map(body, path,
                 {"account", "authorization", "accounts", "delivery", "notify"}))
    return std::nullopt;
  create_session_action a;
  bool ok = session_target(body, path, a);
  if (auto n = body["delivery"]) {
    auto text = scalar(n, path + ".delivery", "email or url");
    std::optional<actors::delivery_method> d;
    if (text) {
      d = actors::from_string(actors::all_delivery_methods, *text);
      if (!d)
        error(n, path + ".delivery",
              "unknown delivery '" + *text + "': expected email or url" +
                  suggestion_suffix(*text, names_of(actors::all_delivery_methods)));
    }
    ok = ok && d;
    if (d)
      a.delivery = *d;
  }
  if (auto n = body["notify"]) {
    const bool notify_ok = session_notify(n, path, a);
    ok = ok && notify_ok;
  } else if (a.delivery == actors::delivery_method::url) {
    a.channel = "in_app";
  }
  if (!ok)
    return std::nullopt;
  return a;
}

std::optional<timeline_action>
scenario_reader::read_platform_job(const YAML::Node& body, const std::string& path) {
  if (!check_map(body, path, {"path"}, {"path"}))
    return std::nullopt;
  if (!s_.platform.endpoint) { // the platform section is read first
    error(body, path,
          "platform_job calls the platform's own program: it needs platform.endpoint");
    return std::nullopt;
  }
  auto text = scalar(body["path"], path + ".path", "a path such as /jobs/debit");
  if (!text)
    return std::nullopt;
  if (text->empty() || text->front() != '/' ||
      text->find_first_of(" \t\r\n#?") != std::string::npos) {
    error(body["path"], path + ".path",
          "expected a path on the platform's host, such as /jobs/debit, not '" + *text + "'");
    return std::nullopt;
  }
  return platform_job_action{*text};
}

std::optional<timeline_action>
scenario_reader::read_webhook_faults(const YAML::Node& body, const std::string& path) {
  if (!check_map(body, path, {"duplicates", "reorder", "down_for"}))
    return std::nullopt;
  // With platform.endpoint the real endpoint answers, or does not: whether it is
  // down is its own to say (a non-2xx answer or a timeout is retried as Stripe
  // retries). Copies and deliveries held back reach it as they would any endpoint.
  if (s_.platform.endpoint && body["down_for"]) { // the platform section is read first
    error(body["down_for"], path + ".down_for",
          "down_for models the platform's endpoint being down; with platform.endpoint the "
          "real one answers or does not (a non-2xx answer or a timeout is retried as Stripe "
          "retries)");
    return std::nullopt;
  }
  webhook_faults_action a;
  bool ok = true;
  ok = optional_probability(body, "duplicates", path, a.duplicates) && ok;
  ok = optional_probability(body, "reorder", path, a.reorder) && ok;
  if (auto n = body["down_for"]) {
    auto d = duration_value(n, path + ".down_for");
    ok = ok && d;
    a.down_for = d.value_or(engine::duration{0});
  }
  if (!ok)
    return std::nullopt;
  return a;
}

std::optional<timeline_action> scenario_reader::read_refresh(const YAML::Node& body,
                                                             const std::string& path) {
  if (!check_map(body, path, {"account", "kind"}, {"account"}))
    return std::nullopt;
  refresh_action a;
  auto id = identifier(body["account"], path + ".account");
  if (id)
    refer(reference::kind::account, *id, body["account"], path + ".account");
  if (auto n = body["kind"]) {
    auto text = scalar(n, path + ".kind", "balance, transactions or ownership");
    if (!text)
      return std::nullopt;
    auto k = actors::from_string(actors::all_refresh_kinds, *text);
    if (!k) {
      error(n, path + ".kind",
            "unknown refresh kind '" + *text + "'" +
                suggestion_suffix(*text, names_of(actors::all_refresh_kinds)) +
                "; expected balance, transactions or ownership");
      return std::nullopt;
    }
    a.kind = *k;
  }
  if (!id)
    return std::nullopt;
  a.account = *id;
  permission_uses_.push_back({a.account, permission_for_refresh(a.kind),
                              (a.kind == actors::refresh_kind::ownership ? "an " : "a ") +
                                  std::string(actors::to_string(a.kind)) + " refresh",
                              body["account"].Mark(), path + ".account", file_});
  return a;
}

std::optional<timeline_action>
scenario_reader::read_mailer_outage(const YAML::Node& body, const std::string& path) {
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
}

std::optional<timeline_action> scenario_reader::read_bounce(const YAML::Node& body,
                                                            const std::string& path) {
  if (!check_map(body, path, {"email"}, {"email"}))
    return std::nullopt;
  if (auto address = scalar(body["email"], path + ".email", "an email address"))
    return bounce_action{*address};
  return std::nullopt;
}

std::optional<timeline_action> scenario_reader::read_set_email(const YAML::Node& body,
                                                               const std::string& path) {
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
}

std::optional<timeline_action>
scenario_reader::read_set_behavior(const YAML::Node& body, const std::string& path) {
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
}

std::optional<timeline_action> scenario_reader::read_payment(const YAML::Node& body,
                                                             const std::string& path) {
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
}

std::optional<timeline_action> scenario_reader::read_outage(const YAML::Node& body,
                                                            const std::string& path) {
  if (!check_map(body, path, {"institution", "for", "deactivates", "recovers", "kind"},
                 {"institution", "for"}))
    return std::nullopt;
  outage_action a;
  auto id = identifier(body["institution"], path + ".institution");
  if (id)
    refer(reference::kind::institution, *id, body["institution"], path + ".institution");
  auto length = duration_value(body["for"], path + ".for");
  if (length && *length <= engine::duration{0}) {
    error(body["for"], path + ".for", "an outage lasts longer than 0s");
    length.reset();
  }
  bool ok = id && length;
  ok = optional_probability(body, "deactivates", path, a.deactivates) && ok;
  ok = optional_probability(body, "recovers", path, a.recovers) && ok;
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
}

std::optional<timeline_action> scenario_reader::read_disconnect(const YAML::Node& body,
                                                                const std::string& path) {
  if (auto id = single_account(body, path))
    return disconnect_action{*id};
  return std::nullopt;
}

std::optional<timeline_action> scenario_reader::read_expire_tan(const YAML::Node& body,
                                                                const std::string& path) {
  if (auto id = single_account(body, path))
    return expire_tan_action{*id};
  return std::nullopt;
}

std::optional<timeline_action>
scenario_reader::read_schedule_deactivation(const YAML::Node& body,
                                            const std::string& path) {
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
}

std::optional<timeline_action>
scenario_reader::read_request_relink(const YAML::Node& body, const std::string& path) {
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
    if (auto text = scalar(n, path + ".via", "dashboard or account_menu")) {
      if (auto v = actors::from_string(actors::all_relink_vias, *text))
        a.via = *v;
      else
        error(n, path + ".via",
              "unknown via '" + *text + "': expected dashboard or account_menu" +
                  suggestion_suffix(*text, names_of(actors::all_relink_vias)));
    }
  return a;
}

} // namespace sim::reading
