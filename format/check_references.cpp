// Checks that need the whole scenario read first: every id an item refers to
// exists, listed ids do not collide with generated ones, and what is done with
// an account is what its permissions allow.

#include "format/reader.hpp"

#include <algorithm>
#include <tuple>

namespace sim::reading {

// Listed ids must not look like the ids a population generates. Each listed id
// is split at its underscores and the pieces looked up among the populations'
// names, so that many populations and many listed ids do not multiply; the
// errors come out by population, customers before accounts, as listed.
void scenario_reader::check_population_ids() {
  std::map<std::string, std::size_t> population_index;
  for (std::size_t i = 0; i < s_.populations.size(); ++i)
    population_index.emplace(s_.populations[i].name, i);
  // The populations whose generated ids `id` (`<prefix><name>_…`) could be.
  auto matches = [&](const std::string& id, const std::string& prefix) {
    std::vector<std::size_t> found;
    if (population_index.empty() || id.rfind(prefix, 0) != 0)
      return found;
    for (auto end = id.find('_', prefix.size()); end != std::string::npos;
         end = id.find('_', end + 1))
      if (auto p = population_index.find(id.substr(prefix.size(), end - prefix.size()));
          p != population_index.end())
        found.push_back(p->second);
    return found;
  };
  // (population, customers first, position in the list)
  std::vector<std::tuple<std::size_t, int, std::size_t>> collisions;
  for (std::size_t k = 0; k < s_.customers.size(); ++k)
    for (std::size_t p : matches(s_.customers[k].id, "cus_"))
      collisions.emplace_back(p, 0, k);
  for (std::size_t k = 0; k < s_.accounts.size(); ++k)
    for (std::size_t p : matches(s_.accounts[k].id, "fca_"))
      collisions.emplace_back(p, 1, k);
  std::sort(collisions.begin(), collisions.end());
  for (const auto& [p, is_account, k] : collisions) {
    const std::string& name = s_.populations[p].name;
    if (is_account == 0)
      error(mark_at(s_.customers[k].where), "customers",
            "customer id '" + s_.customers[k].id +
                "' may collide with the ids population '" + name + "' generates (cus_" +
                name + "_000001, …)");
    else
      error(mark_at(s_.accounts[k].where), "accounts",
            "account id '" + s_.accounts[k].id +
                "' may collide with the ids population '" + name + "' generates (fca_" +
                name + "_000001_1, …)");
  }
}

namespace {

// The ids of one kind a reference may name: the list in its order for
// did-you-mean, which runs only on a miss; a set for lookups (a population can
// list a million accounts); and the characters a suggestion among them reads.
struct known_ids {
  keys list;
  std::set<std::string> set;
  std::uint64_t chars = 0;
  const char* noun = "";
};

known_ids known(keys list, const char* noun) {
  known_ids k;
  k.set.insert(list.begin(), list.end());
  for (const auto& id : list)
    k.chars += id.size();
  k.list = std::move(list);
  k.noun = noun;
  return k;
}

template <class Items, class Id>
keys ids_of(const Items& items, Id id) {
  keys out;
  for (const auto& item : items)
    out.push_back(item.*id);
  return out;
}

} // namespace

void scenario_reader::check_references() {
  // An authorization is shared by the accounts behind it: listed once, in order.
  const auto authorizations = ids_of(s_.accounts, &account_spec::authorization);
  const std::set<std::string> unique_authorizations(authorizations.begin(),
                                                    authorizations.end());
  using kind = reference::kind;
  const std::map<kind, known_ids> ids{
      {kind::account, known(ids_of(s_.accounts, &account_spec::id), "account")},
      {kind::authorization,
       known(keys(unique_authorizations.begin(), unique_authorizations.end()),
             "authorization (fcauth_<holder>_<institution>)")},
      {kind::institution,
       known(ids_of(s_.institutions, &institution_spec::id), "institution")},
      {kind::behavior, known(ids_of(s_.behaviors, &behavior_spec::name), "behavior")},
      {kind::session,
       known(declared_sessions_, "session (a timeline id of a create_relink_session)")},
      {kind::customer, known(ids_of(s_.customers, &customer_spec::id), "customer")},
      {kind::population,
       known(ids_of(s_.populations, &population_spec::name), "population")},
      {kind::request,
       known(declared_requests_, "request (a timeline id of a request_relink)")}};
  for (const auto& r : references_) {
    const known_ids& k = ids.at(r.what);
    if (k.set.count(r.id) != 0)
      continue;
    // A suggestion compares the id with every known one: many misses in a large
    // world would multiply, so they stop once their budget is spent.
    const bool suggest = afford_suggestion(r.id.size(), k.chars, k.list.size());
    file_ = r.file;
    error(r.mark, r.path,
          std::string("unknown ") + k.noun + " '" + r.id + "'" +
              (suggest ? sim::suggestion_suffix(r.id, k.list) : std::string()));
    file_ = s_.file;
  }
}

// What the scenario does with an account must be what its permissions allow, as
// Stripe refuses a refresh or a PaymentMethod the holder did not permit. An account
// whose permissions are not stated gets what it is used for.
void scenario_reader::check_profiles() {
  std::map<std::string_view, account_spec*> by_id;
  for (auto& a : s_.accounts)
    by_id[a.id] = &a;
  const std::string outer_file = file_;
  for (const auto& use : permission_uses_) {
    const auto found = by_id.find(use.account);
    if (found == by_id.end())
      continue; // an unknown account: its reference is reported already
    account_spec& a = *found->second;
    file_ = use.file;
    if (use.needs == account_permission::payment_method &&
        !supports_us_bank_account(a.profile))
      error(use.mark, use.path,
            use.what + " needs a checking or savings account; " + a.id + " is " +
                std::string(to_string(a.profile.subcategory)));
    else if (!account_places_.at(a.id).permissions_stated)
      a.profile.permissions.add(use.needs);
    else if (!a.profile.permissions.has(use.needs))
      error(use.mark, use.path,
            use.what + " needs the '" + std::string(to_string(use.needs)) +
                "' permission, which " + a.id + "'s permissions do not list");
  }
  file_ = outer_file;
  if (s_.platform.payments.every <= engine::duration{0})
    return;
  // Recurring debits take every account.
  for (const auto& a : s_.accounts) {
    std::string problem;
    if (!supports_us_bank_account(a.profile))
      problem = "is " + std::string(to_string(a.profile.subcategory)) +
                ", and only checking and savings accounts can be debited";
    else if (!a.profile.permissions.has(account_permission::payment_method))
      problem = "does not list the 'payment_method' permission a debit needs";
    if (problem.empty())
      continue;
    const auto& place = account_places_.at(a.id);
    file_ = place.file;
    error(place.mark, place.path,
          "platform.policy.payments debits every account, but " + a.id + " " + problem);
  }
  file_ = outer_file;
}

} // namespace sim::reading
