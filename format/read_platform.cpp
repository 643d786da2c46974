// The platform (its policy, automation and payments) and the mailer: the
// settings of the world's two parties that are not banks or customers.

#include "format/http_url.hpp"
#include "format/reader.hpp"

namespace sim::reading {

void scenario_reader::read_auto_relink(const YAML::Node& node) {
  const std::string path = "platform.policy.auto_relink";
  if (!check_map(node, path, {"on", "delivery", "after", "channel"}, {"on"}))
    return;
  auto& p = s_.platform.auto_relink;
  const keys triggers{"deactivated", "upcoming_account_number_expiry",
                      "upcoming_deactivation"};
  const YAML::Node on = node["on"];
  if (!on.IsSequence() || on.size() == 0) {
    error(on, path + ".on",
          "expected a list of events, such as [deactivated, "
          "upcoming_account_number_expiry]");
    return;
  }
  for (std::size_t i = 0; i < on.size(); ++i) {
    const std::string item_path = path + ".on[" + std::to_string(i) + "]";
    auto word = scalar(on[i], item_path, "an event");
    if (!word)
      continue;
    if (*word == "deactivated")
      p.on_deactivated = true;
    else if (*word == "upcoming_account_number_expiry")
      p.on_upcoming_account_number_expiry = true;
    else if (*word == "upcoming_deactivation")
      p.on_upcoming_deactivation = true;
    else
      error(on[i], item_path,
            "auto_relink cannot react to '" + *word + "'" +
                suggestion_suffix(*word, triggers) + "; it reacts to " + join(triggers));
  }
  if (auto n = node["delivery"]) {
    if (auto text = scalar(n, path + ".delivery", "email or url")) {
      if (auto d = actors::from_string(actors::all_delivery_methods, *text))
        p.delivery = *d;
      else
        error(n, path + ".delivery",
              "unknown delivery '" + *text + "': expected email or url");
    }
  }
  if (auto n = node["channel"])
    if (auto c = identifier(n, path + ".channel"))
      p.channel = *c;
  if (auto n = node["after"])
    if (auto d = duration_value(n, path + ".after"))
      p.after = *d;
}

void scenario_reader::read_policy(const YAML::Node& node) {
  if (!check_map(node, "platform.policy", {"payments", "auto_relink"}))
    return;
  if (auto n = node["auto_relink"])
    read_auto_relink(n);
  const YAML::Node payments = node["payments"];
  if (!payments)
    return;
  const std::string path = "platform.policy.payments";
  if (!check_map(payments, path, {"every", "amount", "retry"}, {"every", "amount"}))
    return;
  auto& p = s_.platform.payments;
  if (auto every = duration_value(payments["every"], path + ".every")) {
    if (*every < engine::hours(1))
      error(payments["every"], path + ".every",
            "payments run at most hourly (every >= 1h)");
    else
      p.every = *every;
  }
  if (auto amount = count(payments["amount"], path + ".amount", max_payment_cents))
    p.amount = static_cast<std::int64_t>(*amount);
  if (auto retry = payments["retry"];
      retry && check_map(retry, path + ".retry", {"after", "max"}, {"after", "max"})) {
    if (auto after = duration_value(retry["after"], path + ".retry.after")) {
      if (*after <= engine::duration{0})
        error(retry["after"], path + ".retry.after", "a retry waits longer than 0s");
      else
        p.retry_after = *after;
    }
    if (auto max = count(retry["max"], path + ".retry.max", max_payment_retries))
      p.retries = static_cast<std::uint32_t>(*max);
  }
}

void scenario_reader::read_mailer(const YAML::Node& node) {
  if (!check_map(node, "mailer", {"latency", "bounce_rate"}))
    return;
  if (auto n = node["latency"])
    if (auto d = distribution_value(n, "mailer.latency", engine::value_kind::time))
      s_.mailer.latency = *d;
  if (auto n = node["bounce_rate"])
    if (auto p = probability(n, "mailer.bounce_rate"))
      s_.mailer.bounce_rate = *p;
}

void scenario_reader::read_endpoint(const YAML::Node& node) {
  const std::string path = "platform.endpoint";
  if (!check_map(node, path,
                 {"url", "command", "ready", "secret_key", "signing_secret", "allow_remote",
                  "answer_timeout", "start_timeout", "time_limit", "max_calls", "api_port"},
                 {"url"}))
    return;
  endpoint_spec e;
  e.where = where(node);
  if (auto n = node["allow_remote"])
    if (auto b = boolean(n, path + ".allow_remote"))
      e.allow_remote = *b;
  for (const char* key : {"url", "ready"}) {
    const YAML::Node n = node[key];
    if (!n)
      continue;
    const auto url = scalar(n, path + "." + key, "an http:// URL");
    if (!url)
      continue;
    const auto parsed = parse_http_url(*url);
    if (!parsed)
      error(n, path + "." + key,
            "expected an http:// URL such as http://127.0.0.1:4242/webhooks, not '" + *url +
              "'");
    else if (!is_loopback(parsed->host) && !e.allow_remote)
      error(n, path + "." + key,
            "'" + parsed->host + "' is not this machine: relinksim sends webhooks and test keys to "
            "loopback addresses only, unless platform.endpoint.allow_remote is true");
    else
      (std::string(key) == "url" ? e.url : e.ready) = *url;
  }
  if (auto n = node["command"])
    if (auto text = scalar(n, path + ".command", "a shell command"))
      e.command = *text;
  if (auto n = node["secret_key"])
    if (auto text = scalar(n, path + ".secret_key", "a test secret key")) {
      if (text->rfind("sk_test_", 0) != 0 || text->size() == 8)
        error(n, path + ".secret_key",
              "a secret key here is a test key, sk_test_...: relinksim is not Stripe's "
              "live mode");
      else
        e.secret_key = *text;
    }
  if (auto n = node["signing_secret"])
    if (auto text = scalar(n, path + ".signing_secret", "a signing secret")) {
      if (text->rfind("whsec_", 0) != 0 || text->size() == 6)
        error(n, path + ".signing_secret",
              "a webhook signing secret is whsec_... (as the endpoint's library expects)");
      else
        e.signing_secret = *text;
    }
  const std::pair<const char*, engine::duration*> timeouts[] = {
      {"answer_timeout", &e.answer_timeout},
      {"start_timeout", &e.start_timeout},
      {"time_limit", &e.time_limit}};
  for (const auto& [key, into] : timeouts)
    if (auto n = node[key])
      if (auto d = duration_value(n, path + "." + key)) {
        if (*d < engine::seconds(1) || *d > engine::hours(24))
          error(n, path + "." + key, std::string(key) + " is real time from 1s to 24h");
        else
          *into = *d;
      }
  if (auto n = node["max_calls"])
    if (auto calls = count(n, path + ".max_calls", 100'000)) {
      if (*calls == 0)
        error(n, path + ".max_calls", "max_calls is at least 1");
      else
        e.max_calls = static_cast<std::uint32_t>(*calls);
    }
  if (auto n = node["api_port"])
    if (auto port = count(n, path + ".api_port", 65535))
      e.api_port = static_cast<std::uint16_t>(*port);
  s_.platform.endpoint = std::move(e);
}

void scenario_reader::read_platform(const YAML::Node& node) {
  if (!check_map(node, "platform",
                 {"endpoint", "confirmed_emails", "connect", "link_lifetime", "policy"}))
    return;
  if (auto n = node["endpoint"])
    read_endpoint(n);
  if (auto n = node["policy"])
    read_policy(n);
  if (node["endpoint"] && node["policy"] && node["policy"]["auto_relink"])
    error(node["policy"]["auto_relink"], "platform.policy.auto_relink",
          "auto_relink models a platform's webhook handler; with platform.endpoint the "
          "platform's own handler runs instead: leave one of them out");
  if (auto n = node["confirmed_emails"]) {
    if (!n.IsSequence())
      error(n, "platform.confirmed_emails", "expected a list of email addresses");
    else
      for (std::size_t i = 0; i < n.size(); ++i)
        if (auto e = scalar(n[i], "platform.confirmed_emails[" + std::to_string(i) + "]",
                            "an email address"))
          s_.platform.confirmed_emails.push_back(*e);
  }
  if (auto n = node["connect"])
    if (auto b = boolean(n, "platform.connect"))
      s_.platform.connect = *b;
  if (auto n = node["link_lifetime"])
    if (auto d = duration_value(n, "platform.link_lifetime")) {
      if (*d <= engine::duration{0})
        error(n, "platform.link_lifetime", "link_lifetime must be longer than 0s");
      else
        s_.platform.link_lifetime = *d;
    }
}

} // namespace sim::reading
