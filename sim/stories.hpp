#pragma once

// The stories a run's reports may tell: for an account, its events, those naming
// it, and its holder's own (not about another account). They are kept as the run
// records them, for the ids known before it starts (the accounts expectations
// name, and one the user follows), as copies in a small trace of their own: the
// reports read no pass over the run's trace.

#include "engine/trace.hpp"
#include "format/scenario.hpp"

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace sim {

class story_keeper {
public:
  story_keeper() = default;
  // `ids`: accounts (or holders, requests, relinks) whose stories are kept.
  story_keeper(const scenario& spec, const std::vector<std::string>& ids);

  // Each event of the run, in order.
  void visit(const engine::trace_event& e);

  // The events of `id`'s story, in order; nullptr when it was not kept.
  const std::vector<const engine::trace_event*>* story(std::string_view id) const;

private:
  engine::trace kept_; // copies, with their sequence in the run's trace
  std::map<std::string, std::vector<const engine::trace_event*>, std::less<>> stories_;
  // A holder's id -> the kept accounts it holds.
  std::map<std::string, std::vector<std::string>, std::less<>> holders_;
};

// The ids whose stories a run keeps for its reports: every account an expectation
// names or implies (its request's accounts, those an email address or a session
// reaches), and `also` (`--follow`, `explain`): an account, or a holder's accounts.
std::vector<std::string> story_ids(const scenario& spec, const std::string& also);

} // namespace sim
