#include "sim/stories.hpp"

#include "sim/expectations.hpp"

#include <algorithm>
#include <set>
#include <variant>

namespace sim {

story_keeper::story_keeper(const scenario& spec, const std::vector<std::string>& ids) {
  for (const auto& id : ids)
    stories_[id];
  for (const auto& a : spec.accounts)
    if (stories_.count(a.id) > 0 && !a.holder.empty())
      holders_[a.holder].push_back(a.id);
}

void story_keeper::visit(const engine::trace_event& e) {
  if (stories_.empty())
    return;
  // The stories it belongs to: its entity's, the account it names, and the
  // holder's accounts' when it is the holder's own.
  const std::string_view account = e.field("account");
  std::vector<std::vector<const engine::trace_event*>*> into;
  const auto add = [&](std::string_view id) {
    if (id.empty())
      return;
    if (const auto i = stories_.find(id); i != stories_.end() &&
                                          std::find(into.begin(), into.end(), &i->second) == into.end())
      into.push_back(&i->second);
  };
  add(e.entity);
  add(account);
  if (account.empty())
    if (const auto h = holders_.find(e.entity); h != holders_.end())
      for (const auto& id : h->second)
        add(id);
  if (into.empty())
    return;
  const engine::trace_event* copy = &kept_.record_copy(e);
  for (auto* story : into)
    story->push_back(copy);
}

const std::vector<const engine::trace_event*>* story_keeper::story(std::string_view id) const {
  const auto i = stories_.find(id);
  return i == stories_.end() ? nullptr : &i->second;
}

std::vector<std::string> story_ids(const scenario& spec, const std::string& also) {
  std::set<std::string> ids;
  if (!also.empty())
    ids.insert(also);
  std::set<std::string> addresses, sessions;
  for (const auto& e : spec.expectations) {
    if (auto account = subject_account(e); !account.empty())
      ids.insert(account);
    if (const auto* r = std::get_if<request_expectation>(&e.body)) {
      ids.insert(r->accepted.begin(), r->accepted.end());
      for (const auto& [account, reason] : r->rejected)
        ids.insert(account);
    } else if (const auto* m = std::get_if<emails_expectation>(&e.body)) {
      addresses.insert(m->to);
    } else if (const auto* s = std::get_if<session_expectation>(&e.body)) {
      sessions.insert(s->session);
    }
  }
  // The accounts of holders an address belongs to, now or after a change.
  std::set<std::string> holders;
  for (const auto& c : spec.customers)
    if (addresses.count(c.email) > 0)
      holders.insert(c.id);
  std::set<std::string> authorizations;
  for (const auto& entry : spec.timeline) {
    if (const auto* s = std::get_if<set_email_action>(&entry.action);
        s && addresses.count(s->email) > 0)
      holders.insert(s->customer);
    if (const auto* c = std::get_if<create_session_action>(&entry.action);
        c && sessions.count(entry.id) > 0) {
      if (!c->account.empty())
        ids.insert(c->account);
      if (!c->authorization.empty())
        authorizations.insert(c->authorization);
    }
  }
  if (!also.empty()) // a holder's: the stories of its accounts
    holders.insert(also);
  for (const auto& a : spec.accounts)
    if (holders.count(a.holder) > 0 || authorizations.count(a.authorization) > 0)
      ids.insert(a.id);
  return {ids.begin(), ids.end()};
}

} // namespace sim
