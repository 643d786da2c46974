#pragma once

// The account history: the one reading of the trace that expectations, invariants,
// metrics and every report take their accounts from. It is fed each event once, in
// order, as the run records it; nothing else folds the trace into account state.
//
// What it keeps is bounded by the world, not by the number of events: each
// account's state now, its relinks, the run's figures, and the changes over time of
// the accounts that expectations name ("followed" accounts).

#include "domain/domain.hpp"
#include "engine/trace.hpp"
#include "sim/metrics.hpp"
#include "format/scenario.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace sim {

// What an account is at one instant, as its detail page would show it.
struct account_state {
  actors::account_status status = actors::account_status::active;
  // status_details.inactive: set while inactive, never while active.
  std::optional<actors::inactive_cause> cause;
  std::optional<actors::inactive_action> action;
  // status_details.active: a deactivation announced and not yet due or called off.
  std::optional<engine::duration> scheduled_date;
  std::optional<actors::inactive_cause> scheduled_cause;
  // The account's current TAN; all empty for a plain account number.
  std::string tan; // "tan_2" (a copy: the trace frees its texts once read)
  std::optional<actors::tan_status> tan_status;
  std::optional<engine::duration> tan_expected_expiry;
  // Its latest relink (a hosted request's accepted account, or an API session).
  std::string relink_id; // empty: none yet
  relink_status relink = relink_status::none;
  // The last change of status.
  engine::duration since{0};
  std::string_view last_change; // its event type; empty: unchanged since creation
};

// One event that changed a followed account's state, and the state it left.
struct account_change {
  engine::duration time{0};
  std::uint32_t sequence = 0;
  std::string_view type;
  account_state after;
};

// One relink: a hosted request's accepted account or an API session.
struct relink_record {
  std::uint32_t account = 0; // the account's row
  engine::duration opened_at{0};
  std::uint32_t opened_sequence = 0;
  bool by_email = true; // false: an API session delivered by url
  relink_status status = relink_status::requested;
};

bool is_terminal(relink_status s);

// Accounts by status at evenly spaced instants of the horizon.
struct status_series {
  static constexpr std::size_t samples = 120; // intervals: samples + 1 instants
  std::vector<std::int64_t> t_ms;
  std::vector<std::uint64_t> active, inactive, disconnected;
};

class account_history {
public:
  account_history() = default;
  // `followed`: accounts whose every change is kept (those expectations name).
  account_history(engine::duration horizon, std::vector<std::string> followed);
  // Room for `accounts` accounts at once: no vector grows past what it needs.
  void reserve(std::size_t accounts);

  // The one fold: called once per event, in trace order.
  void record(const engine::trace_event& e);
  // The run ended at `end` (the horizon, or earlier when it was stopped).
  void finish(engine::duration end);

  // -- accounts ---------------------------------------------------------------
  std::size_t accounts() const { return rows_.size(); }
  // nullptr for an id the trace never created.
  const account_state* state(std::string_view account) const;
  bool followed(std::string_view account) const;
  // Every change of a followed account, creation first; empty before creation.
  const std::vector<account_change>& changes(std::string_view account) const;
  // A followed account's state after every event at or before `t`; nullopt before
  // it was created.
  std::optional<account_state> at(std::string_view account, engine::duration t) const;

  // -- relinks ----------------------------------------------------------------
  const relink_record* relink(std::string_view id) const;
  // Every relink, in no particular order: a caller that shows them sorts them.
  template <class F>
  void for_each_relink(F&& f) const {
    for (const auto& [id, r] : relinks_)
      f(r);
  }
  std::string_view account_id(std::uint32_t number) const { return rows_[number].id; }

  // -- figures ----------------------------------------------------------------
  const run_metrics& metrics() const { return metrics_; }
  const status_series& statuses() const { return series_; }

private:
  struct account_row {
    std::string_view id; // the trace's copy
    account_state state;
    std::optional<engine::duration> down_since; // start of the current inactive spell
    std::uint8_t stages = 0;                     // funnel stages reached, one bit each
    bool deactivated = false, repaired = false, recovered = false;
    std::int32_t log = -1; // index into logs_ when followed
  };

  account_row* row_of(std::string_view account);
  // The row of an account id, or none: by the address of the id's text first.
  std::optional<std::uint32_t> row_number(std::string_view account) const;
  void create(const engine::trace_event& e);
  bool apply_account_event(account_row& r, const engine::trace_event& e);
  bool apply_relink_event(const engine::trace_event& e);
  void count(const engine::trace_event& e);
  void reach(account_row& r, funnel_stage s);
  void set_status(account_row& r, actors::account_status to);
  void sample_until(engine::duration t, bool inclusive);
  void log_change(account_row& r, const engine::trace_event& e);

  engine::duration horizon_{0};
  std::vector<std::string> followed_ids_;
  std::vector<account_row> rows_;
  std::unordered_map<std::string_view, std::uint32_t> index_; // keys: the trace's texts
  // The same rows by the address of the id text their account_created event
  // carried: an account records every event with the same view of its id, and
  // the webhooks and the checks ask with it, so most lookups compare a pointer
  // instead of hashing and comparing text (which was most of the follower's time).
  // Open addressing; slots hold (address, row + 1), 0 for empty.
  std::vector<std::pair<const char*, std::uint32_t>> by_address_;
  std::size_t addresses_ = 0;
  void remember_address(const char* at, std::uint32_t row);
  std::unordered_map<std::string, relink_record> relinks_; // by relink id (copies)
  std::vector<std::vector<account_change>> logs_;
  run_metrics metrics_;
  std::array<std::uint64_t, 3> by_status_{}; // active, inactive, disconnected now
  std::uint64_t inactive_now_ = 0;
  status_series series_;
  std::size_t next_sample_ = 0;
};

} // namespace sim
