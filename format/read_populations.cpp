// Populations, and the account picks and selectors that draw from them.

#include "format/reader.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace sim::reading {

std::optional<weighted_names> scenario_reader::weighted_choice(const YAML::Node& node,
                                                               const std::string& path,
                                                               reference::kind what) {
  weighted_names out;
  if (node.IsScalar()) { // one name: all of them
    if (auto id = identifier(node, path)) {
      refer(what, *id, node, path);
      out.emplace_back(*id, 1.0);
      return out;
    }
    return std::nullopt;
  }
  if (!node.IsMap() || node.size() == 0) {
    error(node, path,
          "expected a name or a mapping from names to weights, such as "
          "{prompt: 0.5, slow: 0.3, ignores: 0.2}");
    return std::nullopt;
  }
  double total = 0.0;
  for (const auto& kv : node) {
    auto id = identifier(kv.first, path);
    if (!id)
      return std::nullopt;
    auto text = scalar(kv.second, path + "." + *id, "a weight");
    if (!text)
      return std::nullopt;
    char* end = nullptr;
    const double w = std::strtod(text->c_str(), &end);
    if (end != text->c_str() + text->size() || !std::isfinite(w) || w < 0) {
      error(kv.second, path + "." + *id, "weight '" + *text + "' is not a number >= 0");
      return std::nullopt;
    }
    refer(what, *id, kv.first, path);
    out.emplace_back(*id, w);
    total += w;
  }
  if (total <= 0) {
    error(node, path, "the weights add up to 0: nothing can be chosen");
    return std::nullopt;
  }
  return out;
}

// `accounts_per_customer`: a count, whole numbers only, whose largest draw stays
// within the limit of accounts per customer.
std::optional<engine::distribution>
scenario_reader::accounts_per_customer(const YAML::Node& n, const std::string& path) {
  auto d = distribution_value(n, path, engine::value_kind::number);
  if (d && d->form == engine::distribution::shape::uniform &&
      (d->a != std::floor(d->a) || d->b != std::floor(d->b))) {
    error(n, path,
          "uniform(a, b) of a count draws whole numbers from a to b: a and b must be "
          "whole numbers");
    d.reset();
  }
  // Shapes with a bound must keep it within the limit; exp, normal and
  // lognormal have none, and their draws are cut to it.
  if (d && std::isfinite(d->highest()) &&
      d->highest() > static_cast<double>(max_accounts_per_customer)) {
    char most[32];
    std::snprintf(most, sizeof most, "%g", d->highest());
    error(n, path,
          (n.IsScalar() ? "'" + commas_.restore(n) + "'" : std::string("this choice")) +
              " can give a customer " + most + " accounts: at most " +
              std::to_string(max_accounts_per_customer) + " per customer");
    d.reset();
  }
  return d;
}

// `email`: the share of customers with an address, alone or as {share, address}.
bool scenario_reader::read_population_email(const YAML::Node& n, const std::string& path,
                                            population_spec& p) {
  bool ok = true;
  if (n.IsMap()) {
    if (check_map(n, path, {"share", "address"})) {
      if (auto share = n["share"]) {
        auto v = probability(share, path + ".share");
        ok = ok && v;
        p.email_share = v.value_or(1.0);
      }
      if (auto address = n["address"]) {
        auto v = scalar(address, path + ".address", "an email address");
        ok = ok && v;
        if (v)
          p.email_address = *v;
      }
    }
  } else {
    auto v = probability(n, path);
    ok = ok && v;
    p.email_share = v.value_or(1.0);
  }
  return ok;
}

void scenario_reader::read_populations(const YAML::Node& node) {
  if (!node.IsSequence()) {
    error(node, "populations", "expected a list of populations");
    return;
  }
  std::set<std::string> names;
  double generated = 0;
  for (std::size_t i = 0; i < node.size(); ++i) {
    const std::string path = "populations[" + std::to_string(i) + "]";
    const YAML::Node item = node[i];
    if (!check_map(item, path,
                   {"name", "customers", "accounts_per_customer", "institution", "email",
                    "behavior", "tan_expires"},
                   {"name", "customers", "institution"}))
      continue;
    population_spec p;
    p.where = where(item);
    auto name = identifier(item["name"], path + ".name");
    if (name && !names.insert(*name).second)
      error(item["name"], path + ".name", "population '" + *name + "' is defined twice");
    auto customers =
        count(item["customers"], path + ".customers", max_population_customers);
    auto institutions = weighted_choice(item["institution"], path + ".institution",
                                        reference::kind::institution);
    bool ok = name && customers && institutions;
    if (auto n = item["accounts_per_customer"]) {
      auto d = accounts_per_customer(n, path + ".accounts_per_customer");
      ok = ok && d;
      if (d)
        p.accounts_per_customer = *d;
    }
    if (auto n = item["email"]) {
      const bool email_ok = read_population_email(n, path + ".email", p);
      ok = ok && email_ok;
    }
    if (auto n = item["behavior"]) {
      auto b = weighted_choice(n, path + ".behavior", reference::kind::behavior);
      ok = ok && b;
      if (b)
        p.behaviors = *b;
    }
    if (auto n = item["tan_expires"]) {
      auto d = distribution_value(n, path + ".tan_expires", engine::value_kind::time);
      ok = ok && d;
      p.tan_expires = d;
    }
    if (!ok)
      continue;
    p.name = *name;
    p.customers = *customers;
    p.institutions = *institutions;
    const double per_customer =
        std::min<double>(p.accounts_per_customer.highest(), max_accounts_per_customer);
    const double with_this =
        generated + static_cast<double>(p.customers) * std::max(per_customer, 0.0);
    if (with_this > static_cast<double>(max_generated_accounts)) {
      error(item["customers"], path + ".customers",
            "populations may generate up to " + std::to_string(max_generated_accounts) +
                " accounts; these could generate " +
                std::to_string(std::llround(with_this)));
      continue;
    }
    generated = with_this;
    s_.populations.push_back(std::move(p));
  }
}

std::optional<actors::account_selector>
scenario_reader::read_selector(const YAML::Node& node, const std::string& path) {
  actors::account_selector sel;
  auto read_word = [&](const YAML::Node& n, const std::string& p) {
    auto word = scalar(n, p, "all, eligible, inactive or expiring");
    if (!word)
      return false;
    auto filter = actors::from_string(actors::all_select_filters, *word);
    if (!filter) {
      error(n, p,
            "unknown selector '" + *word + "'" +
                suggestion_suffix(*word, names_of(actors::all_select_filters)) +
                "; expected a list of ids, all, eligible, inactive, expiring, or a "
                "mapping with select, population, institution, sample, limit");
      return false;
    }
    sel.select = *filter;
    return true;
  };
  if (node.IsScalar())
    return read_word(node, path) ? std::optional(sel) : std::nullopt;
  if (!check_map(node, path, {"select", "population", "institution", "sample", "limit"}))
    return std::nullopt;
  bool ok = true;
  if (auto n = node["select"])
    ok = read_word(n, path + ".select") && ok;
  if (auto n = node["population"]) {
    auto id = identifier(n, path + ".population");
    ok = ok && id;
    if (id) {
      sel.population = *id;
      refer(reference::kind::population, *id, n, path + ".population");
    }
  }
  if (auto n = node["institution"]) {
    auto id = identifier(n, path + ".institution");
    ok = ok && id;
    if (id) {
      sel.institution = *id;
      refer(reference::kind::institution, *id, n, path + ".institution");
    }
  }
  ok = optional_probability(node, "sample", path, sel.sample) && ok;
  if (auto n = node["limit"]) {
    auto l = count(n, path + ".limit", max_generated_accounts);
    ok = ok && l;
    sel.limit = l;
  }
  return ok ? std::optional(sel) : std::nullopt;
}

// Accounts a fault or session picks from the generated ones: the selector's
// mapping without `select`, since the pick is drawn once, before the run.
std::optional<account_pick> scenario_reader::read_pick(const YAML::Node& node,
                                                       const std::string& path) {
  if (!node.IsMap()) {
    error(node, path,
          "expected a mapping {population, institution, sample, limit} picking "
          "accounts when the run starts");
    return std::nullopt;
  }
  if (auto n = node["select"]) {
    error(n, path + ".select",
          "accounts are picked here when the run starts, not by their "
          "state: use population, institution, sample, limit");
    return std::nullopt;
  }
  return read_selector(node, path);
}

} // namespace sim::reading
