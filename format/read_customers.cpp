// Customers and their accounts, each account with what Stripe's account object
// says of it (category, permissions, subscriptions, display name, balance).

#include "format/reader.hpp"

#include <algorithm>
#include <cstdlib>

namespace sim::reading {

void scenario_reader::read_account(const YAML::Node& node, const std::string& path,
                                   const std::string& holder) {
  if (!check_map(node, path,
                 {"id", "institution", "tan_expires", "display_name", "category",
                  "subcategory", "last4", "permissions", "subscriptions", "balance"},
                 {"id", "institution"}))
    return;
  account_spec a;
  a.where = where(node);
  a.holder = holder;
  auto id = identifier(node["id"], path + ".id");
  auto institution = identifier(node["institution"], path + ".institution");
  if (!id || !institution)
    return;
  a.id = *id;
  a.institution = *institution;
  a.authorization = actors::authorization_id(holder, a.institution, a.id);
  refer(reference::kind::institution, a.institution, node["institution"],
        path + ".institution");
  if (auto n = node["tan_expires"])
    a.tan_expires = duration_value(n, path + ".tan_expires");
  read_profile(node, path, a.profile);
  const bool stated = node["permissions"].IsDefined();
  account_places_.emplace(
      a.id, account_place{stated ? node["permissions"].Mark() : node.Mark(),
                          stated ? path + ".permissions" : path, file_, stated});
  if (!account_ids_.insert(a.id).second) {
    error(node["id"], path + ".id", "account '" + a.id + "' is defined twice");
    return;
  }
  s_.accounts.push_back(std::move(a));
}

// A text Stripe may leave null: `null` says so; leaving the key out takes the default.
std::optional<std::string>
scenario_reader::nullable_text(const YAML::Node& node, const std::string& path,
                               const char* what, account_profile::text_state& state) {
  if (node.IsNull()) {
    state = account_profile::text_state::null;
    return std::nullopt;
  }
  auto text = scalar(node, path, what);
  if (text)
    state = account_profile::text_state::stated;
  return text;
}

// `category` and `subcategory`: either alone implies the other; both must pair
// as Stripe pairs them.
void scenario_reader::read_category(const YAML::Node& node, const std::string& path,
                                    account_profile& p) {
  std::optional<account_category> category;
  std::optional<account_subcategory> subcategory;
  if (auto n = node["category"])
    category = word(n, path + ".category", "category", all_account_categories);
  if (auto n = node["subcategory"])
    subcategory =
        word(n, path + ".subcategory", "subcategory", all_account_subcategories);
  if ((node["category"] && !category) || (node["subcategory"] && !subcategory))
    return;
  if (category && subcategory && !fits(*category, *subcategory)) {
    keys fitting;
    for (auto s : all_account_subcategories)
      if (fits(*category, s))
        fitting.emplace_back(to_string(s));
    error(node["subcategory"], path + ".subcategory",
          "a " + std::string(to_string(*category)) + " account's subcategory is one of " +
              join(fitting) + ", not '" + std::string(to_string(*subcategory)) + "'");
    return;
  }
  p.category = category      ? *category
               : subcategory ? category_of(*subcategory)
                             : p.category;
  p.subcategory = subcategory ? *subcategory : default_subcategory(p.category);
}

void scenario_reader::read_permissions(const YAML::Node& node, const std::string& path,
                                       account_profile& p) {
  bool permissions_read = true;
  if (auto n = node["permissions"]) {
    auto set = word_set(n, path + ".permissions", "permission", all_account_permissions);
    if (set)
      p.permissions = *set;
    permissions_read = set.has_value();
  }
  const YAML::Node n = node["subscriptions"];
  if (!n)
    return;
  auto set =
      word_set(n, path + ".subscriptions", "subscription", all_account_subscriptions);
  if (!set)
    return;
  p.subscriptions = *set;
  for (std::size_t i = 0; i < n.size(); ++i) {
    const auto s = *actors::from_string(all_account_subscriptions, n[i].Scalar());
    const auto needs = permission_for(s);
    if (!node["permissions"])
      p.permissions.add(needs); // unstated permissions allow what the account is used for
    else if (permissions_read && !p.permissions.has(needs))
      error(n[i], path + ".subscriptions[" + std::to_string(i) + "]",
            "a " + std::string(to_string(s)) + " subscription needs the '" +
                std::string(to_string(needs)) +
                "' permission, which the account's permissions "
                "do not list");
  }
}

// What Stripe's account object says of the account itself (format/account_profile.hpp).
void scenario_reader::read_profile(const YAML::Node& node, const std::string& path,
                                   account_profile& p) {
  read_category(node, path, p);
  if (auto n = node["display_name"])
    if (auto text = nullable_text(n, path + ".display_name", "a name, or null",
                                  p.display_name_state)) {
      if (text->empty() || text->size() > 5000) {
        error(n, path + ".display_name",
              "a display_name has 1 to 5000 characters, or is null");
        p.display_name_state = account_profile::text_state::by_default;
      } else {
        p.display_name = *text;
      }
    }
  if (auto n = node["last4"])
    if (auto text =
            nullable_text(n, path + ".last4", "four digits, or null", p.last4_state)) {
      const bool digits =
          text->size() == 4 && std::all_of(text->begin(), text->end(),
                                           [](char c) { return c >= '0' && c <= '9'; });
      if (!digits) {
        error(n, path + ".last4",
              "last4 is the last four digits of the account number, such "
              "as \"6789\", not '" +
                  *text + "'");
        p.last4_state = account_profile::text_state::by_default;
      } else {
        p.last4 = *text;
      }
    }
  read_permissions(node, path, p);
  if (auto n = node["balance"])
    if (auto text = scalar(n, path + ".balance", "a whole number of cents")) {
      const bool negative = !text->empty() && (*text)[0] == '-';
      const std::string digits = negative ? text->substr(1) : *text;
      const bool ok = !digits.empty() && digits.size() <= 12 &&
                      std::all_of(digits.begin(), digits.end(),
                                  [](char c) { return c >= '0' && c <= '9'; });
      if (!ok)
        error(n, path + ".balance",
              "'" + *text +
                  "' is not a whole number of cents (at most "
                  "12 digits, negative for money owed)");
      else
        p.balance = std::strtoll(text->c_str(), nullptr, 10);
    }
}

void scenario_reader::read_customers(const YAML::Node& node) {
  if (!node.IsSequence()) {
    error(node, "customers", "expected a list of customers");
    return;
  }
  std::set<std::string> ids;
  for (std::size_t i = 0; i < node.size(); ++i) {
    const std::string path = "customers[" + std::to_string(i) + "]";
    const YAML::Node item = node[i];
    if (!check_map(item, path, {"id", "kind", "email", "behavior", "accounts"}, {"id"}))
      continue;
    customer_spec c;
    c.where = where(item);
    auto id = identifier(item["id"], path + ".id");
    if (!id)
      continue;
    c.id = *id;
    if (!ids.insert(c.id).second)
      error(item["id"], path + ".id", "customer '" + c.id + "' is defined twice");
    if (auto n = item["kind"]) {
      if (auto k = scalar(n, path + ".kind", "customer or connected_account")) {
        if (*k == "connected_account") {
          c.kind = actors::holder_kind::connected_account;
          if (!s_.platform.connect)
            error(n, path + ".kind",
                  "a connected_account holder needs 'platform.connect: true'");
        } else if (*k != "customer") {
          error(n, path + ".kind",
                "unknown kind '" + *k +
                    "': expected customer or "
                    "connected_account" +
                    suggestion_suffix(*k, {"customer", "connected_account"}));
        }
      }
    }
    if (auto n = item["email"])
      if (auto e = scalar(n, path + ".email", "an email address")) {
        if (e->find('@') == std::string::npos)
          error(n, path + ".email", "'" + *e + "' is not an email address");
        else
          c.email = *e;
      }
    if (auto n = item["behavior"])
      if (auto b = identifier(n, path + ".behavior")) {
        c.behavior = *b;
        refer(reference::kind::behavior, *b, n, path + ".behavior");
      }
    if (auto n = item["accounts"]) {
      if (!n.IsSequence())
        error(n, path + ".accounts", "expected a list of accounts");
      else
        for (std::size_t j = 0; j < n.size(); ++j)
          read_account(n[j], path + ".accounts[" + std::to_string(j) + "]", c.id);
    }
    s_.customers.push_back(std::move(c));
  }
}

} // namespace sim::reading
