#pragma once

// A scenario as loaded from YAML: the world, its timeline and the expected
// outcomes, every item with the place in the file it came from.

#include "domain/domain.hpp"
#include "domain/customer_behavior.hpp"
#include "domain/selector.hpp"
#include "domain/auto_relink.hpp"
#include "engine/distribution.hpp"
#include "engine/duration.hpp"
#include "format/account_profile.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace sim {

struct source_location {
  int line = 0;   // 1-based
  int column = 0; // 1-based
};

struct payments_policy_spec {
  engine::duration every{0}; // 0: no recurring debits
  std::int64_t amount = 0;   // cents
  engine::duration retry_after = engine::days(1);
  std::uint32_t retries = 0;
};

struct mailer_spec {
  engine::distribution latency = engine::distribution::constant(
    static_cast<double>(engine::seconds(30).count()), engine::value_kind::time);
  double bounce_rate = 0.0;
};

// The platform's own code, outside relinksim (docs/platform-in-the-loop.md): its
// webhook endpoint gets every webhook, signed, in lockstep with virtual time. The
// durations here are real (wall-clock) time.
struct endpoint_spec {
  std::string url;                 // http://HOST:PORT/PATH, its webhook endpoint
  std::string command;             // started before the run (sh -c, in the scenario's
                                   // folder) and stopped after; empty: already running
  std::string ready;               // polled until it answers 2xx; empty: url's port
  std::string secret_key = "sk_test_relinksim";
  std::string signing_secret = "whsec_relinksim";
  bool allow_remote = false;       // url on another host than this one
  engine::duration answer_timeout = engine::seconds(10);
  engine::duration start_timeout = engine::seconds(30);
  engine::duration time_limit = engine::minutes(10);
  std::uint32_t max_calls = 100; // API calls while one delivery waits for its answer
  std::uint16_t api_port = 0;     // where the API listens on 127.0.0.1; 0: a free port
  source_location where;
};

struct platform_spec {
  std::optional<endpoint_spec> endpoint;
  std::vector<std::string> confirmed_emails;
  bool connect = false;
  engine::duration link_lifetime = engine::days(7);
  payments_policy_spec payments;
  actors::auto_relink_policy auto_relink;
};

struct institution_spec {
  std::string id;
  std::string name;
  double auth_success = 1.0;
  engine::distribution auth_latency = engine::distribution::constant(
    static_cast<double>(engine::seconds(30).count()), engine::value_kind::time);
  std::optional<engine::duration> tan_lifetime; // of a TAN issued by a relink
  engine::duration tan_activation{0};           // pending before transactable
  source_location where;
};

struct behavior_spec {
  std::string name;
  actors::customer_behavior behavior;
  source_location where;
};

struct account_spec {
  std::string id;
  std::string institution;
  std::optional<engine::duration> tan_expires;
  std::string holder; // empty: linked without an account holder
  std::string authorization; // derived: one per holder and institution
  std::string population;    // empty: listed in the file
  account_profile profile;   // what Stripe's account object says of it
  source_location where;
};

// A weighted choice among named things (institutions, behaviours).
using weighted_names = std::vector<std::pair<std::string, double>>;

// Customers and accounts generated at run time from distributions, with ids
// cus_<name>_<n> (n from 000001) and fca_<name>_<n>_<k> (k from 1).
struct population_spec {
  std::string name;
  std::uint64_t customers = 0;
  engine::distribution accounts_per_customer = engine::distribution::constant(1.0);
  weighted_names institutions;
  double email_share = 1.0;
  std::string email_address; // empty: each customer its own, <id>@example.test
  weighted_names behaviors;  // empty: the default behaviour
  std::optional<engine::distribution> tan_expires;
  source_location where;
};

struct customer_spec {
  std::string id;
  actors::holder_kind kind = actors::holder_kind::customer;
  std::string email;
  std::string behavior; // empty: the default behaviour
  source_location where;
};

// Accounts a timeline action picks instead of naming them (`accounts: {population,
// institution, sample, limit}`): drawn once, when the populations are expanded,
// from the accounts as generated; the run then sees one entry per picked account
// (format/populations.hpp). `select` is always `all`: a pick is not a state filter.
using account_pick = actors::account_selector;

// Timeline actions. Those with `authorization` set act on the credentials of a
// whole group of accounts instead of one account.
struct revoke_action {
  std::string account;
  std::string authorization;
  std::optional<account_pick> pick;
};
// close_account, expire_access, require_reauth: the bank deactivates the
// connection with this cause.
struct deactivate_action {
  std::string account;
  actors::inactive_cause cause = actors::inactive_cause::unspecified;
  std::string authorization;
  std::optional<account_pick> pick;
};
struct outage_action {
  std::string institution;
  engine::duration length{0};
  double deactivates = 0.0;
  double recovers = 0.0;
  std::string kind = "unscheduled";
};
struct disconnect_action { std::string account; };
struct create_session_action {
  std::string account;       // one account, or
  std::string authorization; // every account of an authorization, or
  std::optional<account_pick> pick; // one session per picked account
  actors::delivery_method delivery = actors::delivery_method::email;
  std::string channel = "email";
  engine::duration notify_after{0};
};
struct refresh_action {
  std::string account;
  actors::refresh_kind kind = actors::refresh_kind::balance;
};
// Faults of the platform's webhook endpoint from this entry on (see
// sim/webhook_delivery.hpp): they change what the platform receives, not what
// happens in the world.
struct webhook_faults_action {
  double duplicates = 0.0;
  double reorder = 0.0;
  engine::duration down_for{0};
};
struct mailer_outage_action { engine::duration length{0}; };
struct bounce_action { std::string email; };
struct set_email_action {
  std::string customer;
  std::string email; // empty: the address is removed
};
struct set_behavior_action {
  std::string customer;
  std::string behavior;
};
struct payment_action {
  std::string account;
  std::int64_t amount = 0; // cents
};
struct expire_tan_action { std::string account; };
// The platform's own job at this instant (platform.endpoint): relinksim POSTs to
// `path` on the endpoint's host and waits for the answer, as for a webhook.
struct platform_job_action { std::string path; };
struct schedule_deactivation_action {
  std::string account;
  engine::duration date{0};
  actors::inactive_cause cause = actors::inactive_cause::access_expired;
  std::string authorization; // set: the credentials of every account behind it
};
struct request_relink_action {
  std::vector<std::string> accounts;              // a list of ids, or
  std::optional<actors::account_selector> selector; // the Dashboard's filters
  actors::relink_via via = actors::relink_via::dashboard;
};
using timeline_action =
  std::variant<revoke_action, deactivate_action, disconnect_action, expire_tan_action,
               schedule_deactivation_action, outage_action, payment_action,
               mailer_outage_action, bounce_action, set_email_action, set_behavior_action,
               create_session_action, refresh_action, webhook_faults_action, platform_job_action,
               request_relink_action>;

struct timeline_entry {
  engine::duration at{0};
  std::string id; // optional: lets expectations name it
  timeline_action action;
  source_location where;
};

// Expectations.
struct request_expectation {
  std::string request;
  std::vector<std::string> accepted;
  std::vector<std::pair<std::string, actors::rejection_reason>> rejected;
  std::optional<std::uint64_t> accepted_count;
  std::optional<std::uint64_t> rejected_count;
};

// When an account expectation is checked: `at: T`, `at: end`, `by: T`, or
// `throughout: [T1, T2]` (every state the account is in from T1 to T2).
enum class check_time { at, by, throughout };

// The state of an account's latest relink (hosted request or API session), as the
// account's detail page shows it; `none` before the first one.
enum class relink_status {
  none, requested, email_sent, delivered, bounced, opened, flow_started,
  succeeded, failed, cancelled, expired
};
inline constexpr std::array<relink_status, 11> all_relink_statuses{
  relink_status::none,      relink_status::requested, relink_status::email_sent,
  relink_status::delivered, relink_status::bounced,   relink_status::opened,
  relink_status::flow_started, relink_status::succeeded, relink_status::failed,
  relink_status::cancelled, relink_status::expired};
std::string_view to_string(relink_status s);

struct account_expectation {
  std::string account;
  std::optional<actors::account_status> status;
  std::optional<actors::inactive_cause> cause;
  std::optional<actors::inactive_action> action;
  std::optional<actors::tan_status> tan;
  std::optional<relink_status> relink;
  check_time when = check_time::at;
  engine::duration time{0};    // `at`, `by`, or the start of `throughout`
  engine::duration until{0};   // the end of `throughout`
  bool at_end = true;
};

struct event_expectation {
  std::string type;
  std::string account; // empty: any
  std::vector<std::pair<std::string, std::string>> where; // field filters
  std::optional<std::uint64_t> count;
  std::optional<std::uint64_t> min;
  std::optional<std::uint64_t> max;
  std::optional<std::pair<engine::duration, engine::duration>> between; // both included
};

struct emails_expectation {
  std::string to;
  std::uint64_t count = 0;
};

struct payments_expectation {
  std::string account; // empty: all accounts
  std::optional<std::uint64_t> succeeded;
  std::optional<std::uint64_t> failed;
};

// An API relink session's status at the end, and its failure reason.
struct session_expectation {
  std::string session;
  std::string status; // pending | succeeded | failed | cancelled
  std::string failure_reason;
};

// A figure of the run (sim/metrics.hpp lists them) within bounds.
struct metric_expectation {
  std::string metric;
  std::optional<double> min;
  std::optional<double> max;
  std::optional<double> equals;
};

// What the platform's endpoint received.
struct webhooks_expectation {
  std::optional<std::uint64_t> delivered;
  std::optional<std::uint64_t> duplicates;
  std::optional<std::uint64_t> dropped;
  std::optional<std::uint64_t> out_of_order_min;
};

using expectation_body = std::variant<request_expectation, account_expectation,
                                      event_expectation, emails_expectation,
                                      payments_expectation, session_expectation,
                                      webhooks_expectation, metric_expectation>;

struct expectation {
  expectation_body body;
  source_location where;
};

// What `relinksim explore` varies from run to run (docs/explore-and-shrink.md); a
// run plays the scenario as written.
enum class varied_kind { duration, integer, number, choice };

struct varied_value {
  std::string path; // a key path (format/key_path.hpp) into the file itself
  varied_kind kind = varied_kind::number;
  // `between: [low, high]` in steps of `step` from low (milliseconds for durations).
  double low = 0.0, high = 0.0, step = 0.0;
  std::vector<std::string> choices; // `one_of`: each choice as YAML text
  source_location where;
};

struct vary_spec {
  std::vector<std::string> faults; // timeline entry ids, each on in half the runs
  std::vector<varied_value> values;
  std::vector<std::string> keep;   // the expectation kinds judged under variation
  source_location where;
};

struct scenario {
  std::string file; // as given on the command line
  std::string source_hash; // of the file, its includes and --set values: "fnv1a64:…"
  std::string name;
  std::string title;
  std::vector<std::string> tags;
  std::uint64_t seed = 1;
  std::int64_t start_unix_seconds = 0;
  std::string start_text;
  engine::duration horizon{0};
  actors::platform_mode mode = actors::platform_mode::sandbox;
  platform_spec platform;
  mailer_spec mailer;
  std::vector<institution_spec> institutions;
  std::vector<behavior_spec> behaviors;
  std::vector<customer_spec> customers;
  std::vector<account_spec> accounts; // all accounts, owned or not, in file order
  std::vector<population_spec> populations; // expanded into customers and accounts by a run
  std::vector<timeline_entry> timeline;
  std::vector<expectation> expectations;
  std::optional<vary_spec> vary;
};

} // namespace sim
