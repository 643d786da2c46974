#include "actors/payments.hpp"

#include "domain/events.hpp"
#include "engine/check.hpp"
#include "engine/kernel.hpp"

#include <algorithm>
#include <charconv>
#include <string>

namespace actors {
namespace {

// A whole number as text, without allocating.
struct number_text {
  char digits[24];
  std::size_t size = 0;
  template <class Integer>
  explicit number_text(Integer n)
      : size(static_cast<std::size_t>(
            std::to_chars(digits, digits + sizeof digits, n).ptr - digits)) {}
  std::string_view view() const { return {digits, size}; }
};

void debit(payments_actor_ptr self, std::uint32_t index, std::int64_t amount,
           std::uint32_t attempt) {
  auto& st = self->state;
  // Indexes are the accounts' own (in id order), from the world and from this
  // actor's rounds and retries.
  ENGINE_CHECK(index < st.numbers.size(), "no payments row " + std::to_string(index) +
                                              " of " + std::to_string(st.numbers.size()));
  const auto& answer = st.numbers[index];
  const auto token = ++st.payments_made;
  char entity[32] = "py_";
  const auto entity_end = std::to_chars(entity + 3, entity + sizeof entity, token).ptr;
  char tan[32] = "tan_";
  const auto tan_end = std::to_chars(tan + 4, tan + sizeof tan, answer.tan).ptr;
  const number_text amount_text(amount);
  const number_text attempt_text(attempt);
  const bool plain = answer.tan == 0;
  engine::field_view fields[6] = {
      {"account", st.ids[index], true},
      {"amount", amount_text.view()},
      {"attempt", attempt_text.view()},
      {"number",
       plain ? std::string_view("account_number")
             : std::string_view(tan, static_cast<std::size_t>(tan_end - tan)),
       plain},
      {"blocked_reason", answer.blocked_reason, true}, // literals
      {"ach_return_code", answer.ach_return_code, true}};
  const std::string_view id(entity, static_cast<std::size_t>(entity_end - entity));
  if (answer.allowed) {
    st.kernel->events().record(st.kernel->now(), events::payment_succeeded, id,
                               {fields, 4});
    return;
  }
  st.kernel->events().record(st.kernel->now(), events::payment_failed, id, {fields, 6});
  const auto& policy = st.config.policy;
  if (attempt <= policy.retries)
    self->state.kernel->send_later(self, self, policy.retry_after, retry_atom::value,
                                   index, amount, attempt + 1);
}

} // namespace

payments_actor::behavior_type payments_behavior(payments_actor_ptr self,
                                                engine::kernel* kernel,
                                                payments_config config) {
  kernel->guard(self, "payments");
  auto& st = self->state;
  st.kernel = kernel;
  st.config = std::move(config);
  st.numbers.assign(st.config.account_ids.size(), debit_answer{true, "", "", 0});
  st.ids = std::move(st.config.account_ids);
  if (st.config.policy.every > engine::duration{0})
    self->state.kernel->send_later(self, self, st.config.policy.every, round_atom::value);
  return {
      [=](can_debit_atom, std::uint32_t index, const debit_answer& answer) {
        auto& numbers = self->state.numbers;
        ENGINE_CHECK(index < numbers.size(), "no payments row " + std::to_string(index) +
                                                 " of " + std::to_string(numbers.size()));
        numbers[index] = answer;
      },
      [=](debit_atom, const std::string& account_id, std::int64_t amount,
          std::uint32_t attempt) {
        const auto& ids = self->state.ids;
        const auto i =
            std::lower_bound(ids.begin(), ids.end(), std::string_view(account_id));
        ENGINE_CHECK(i != ids.end() && *i == account_id, // ids are validated on load
                     "no account " + account_id);
        debit(self, static_cast<std::uint32_t>(i - ids.begin()), amount, attempt);
      },
      [=](retry_atom, std::uint32_t index, std::int64_t amount, std::uint32_t attempt) {
        debit(self, index, amount, attempt);
      },
      [=](round_atom) {
        const auto& policy = self->state.config.policy;
        const auto n = static_cast<std::uint32_t>(self->state.numbers.size());
        for (std::uint32_t i = 0; i < n; ++i)
          debit(self, i, policy.amount, 1);
        self->state.kernel->send_later(self, self, policy.every, round_atom::value);
      },
  };
}

} // namespace actors
