#include "actors/payments.hpp"

#include "actors/events.hpp"
#include "engine/kernel.hpp"

namespace actors {
namespace {

void debit(payments_actor_ptr self, const std::string& account_id, const caf::actor& account,
           std::int64_t amount, std::uint32_t attempt) {
  auto& s = self->state;
  // A token and our own map, not a CAF request: a round has one debit in flight
  // per account, and CAF 0.17 looks pending request handlers up linearly.
  const auto token = ++s.payments_made;
  s.pending.emplace(token, payments_state::pending_debit{&account_id, amount, attempt});
  self->send(account, can_debit_atom::value, token);
}

void debit(payments_actor_ptr self, const std::string& account_id, std::int64_t amount,
           std::uint32_t attempt) {
  auto i = self->state.config.accounts.find(account_id);
  if (i != self->state.config.accounts.end()) // ids are validated on load
    debit(self, i->first, i->second, amount, attempt);
}

void settle(payments_actor_ptr self, std::uint64_t token, const debit_answer& answer) {
  auto& st = self->state;
  auto i = st.pending.find(token);
  if (i == st.pending.end())
    return;
  const auto d = i->second;
  st.pending.erase(i);
  std::vector<engine::trace_field> fields{
    {"account", *d.account_id},
    {"amount", std::to_string(d.amount)},
    {"attempt", std::to_string(d.attempt)},
    {"number", answer.tan > 0 ? "tan_" + std::to_string(answer.tan) : "account_number"}};
  if (answer.allowed) {
    st.kernel->events().record(st.kernel->now(), events::payment_succeeded,
                               "py_" + std::to_string(token), std::move(fields));
    return;
  }
  fields.push_back({"blocked_reason", answer.blocked_reason});
  fields.push_back({"ach_return_code", answer.ach_return_code});
  st.kernel->events().record(st.kernel->now(), events::payment_failed,
                             "py_" + std::to_string(token), std::move(fields));
  const auto& policy = st.config.policy;
  if (d.attempt <= policy.retries)
    self->delayed_send(self, policy.retry_after, debit_atom::value, *d.account_id, d.amount,
                       d.attempt + 1);
}

} // namespace

caf::behavior payments_actor(payments_actor_ptr self, engine::kernel* kernel,
                             payments_config config) {
  kernel->guard(self, "payments");
  self->state.kernel = kernel;
  self->state.config = std::move(config);
  if (self->state.config.policy.every > engine::duration{0})
    self->delayed_send(self, self->state.config.policy.every, round_atom::value);
  return {
    [=](debit_atom, const std::string& account_id, std::int64_t amount, std::uint32_t attempt) {
      debit(self, account_id, amount, attempt);
    },
    [=](debit_reply_atom, std::uint64_t token, const debit_answer& answer) {
      settle(self, token, answer);
    },
    [=](round_atom) {
      const auto& policy = self->state.config.policy;
      for (const auto& [id, account] : self->state.config.accounts)
        debit(self, id, account, policy.amount, 1);
      self->delayed_send(self, policy.every, round_atom::value);
    },
  };
}

} // namespace actors
