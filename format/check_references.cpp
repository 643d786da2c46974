// Checks that need the whole scenario read first: every id an item refers to
// exists, listed ids do not collide with generated ones, and what is done with
// an account is what its permissions allow.

#include "format/reader.hpp"

#include <algorithm>
#include <initializer_list>
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

void scenario_reader::check_references() {
  keys accounts, authorizations, institutions, behaviors, requests, populations,
      customers;
  for (const auto& c : s_.customers)
    customers.push_back(c.id);
  for (const auto& p : s_.populations)
    populations.push_back(p.name);
  for (const auto& a : s_.accounts) {
    accounts.push_back(a.id);
    authorizations.push_back(a.authorization);
  }
  for (const auto& i : s_.institutions)
    institutions.push_back(i.id);
  for (const auto& b : s_.behaviors)
    behaviors.push_back(b.name);
  requests = declared_requests_;
  const keys sessions = declared_sessions_;
  const std::set<std::string> session_set(sessions.begin(), sessions.end());
  // Sets for lookups (a population can list a million accounts); the vectors
  // stay for did-you-mean, which runs only on a miss.
  const std::set<std::string> account_set(accounts.begin(), accounts.end());
  const std::set<std::string> authorization_set(authorizations.begin(),
                                                authorizations.end());
  authorizations.assign(authorization_set.begin(), authorization_set.end());
  const std::set<std::string> institution_set(institutions.begin(), institutions.end());
  const std::set<std::string> behavior_set(behaviors.begin(), behaviors.end());
  const std::set<std::string> request_set(requests.begin(), requests.end());
  const std::set<std::string> population_set(populations.begin(), populations.end());
  const std::set<std::string> customer_set(customers.begin(), customers.end());
  // Each list's characters and length, for what a suggestion among it costs.
  std::map<const keys*, std::pair<std::uint64_t, std::size_t>> sizes;
  for (const keys* list : std::initializer_list<const keys*>{
           &accounts, &authorizations, &institutions, &behaviors, &requests, &populations,
           &customers, &sessions}) {
    std::uint64_t chars = 0;
    for (const auto& id : *list)
      chars += id.size();
    sizes[list] = {chars, list->size()};
  }
  for (const auto& r : references_) {
    const std::set<std::string>* known_set = nullptr;
    const keys* known = nullptr;
    const char* noun = "";
    switch (r.what) {
    case reference::kind::account:
      known = &accounts, known_set = &account_set, noun = "account";
      break;
    case reference::kind::authorization:
      known = &authorizations, known_set = &authorization_set,
      noun = "authorization (fcauth_<holder>_<institution>)";
      break;
    case reference::kind::institution:
      known = &institutions, known_set = &institution_set, noun = "institution";
      break;
    case reference::kind::behavior:
      known = &behaviors, known_set = &behavior_set, noun = "behavior";
      break;
    case reference::kind::session:
      known = &sessions, known_set = &session_set,
      noun = "session (a timeline id of a create_relink_session)";
      break;
    case reference::kind::customer:
      known = &customers, known_set = &customer_set, noun = "customer";
      break;
    case reference::kind::population:
      known = &populations, known_set = &population_set, noun = "population";
      break;
    case reference::kind::request:
      known = &requests, known_set = &request_set,
      noun = "request (a timeline id of a request_relink)";
      break;
    }
    if (known_set->count(r.id) == 0) {
      // A suggestion compares the id with every known one: many misses in a large
      // world would multiply, so they stop once their budget is spent.
      const auto& [chars, count] = sizes.at(known);
      const bool suggest = afford_suggestion(r.id.size(), chars, count);
      file_ = r.file;
      error(r.mark, r.path,
            std::string("unknown ") + noun + " '" + r.id + "'" +
                (suggest ? sim::suggestion_suffix(r.id, *known) : std::string()));
      file_ = s_.file;
    }
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
