#include "actors/institution.hpp"

#include "actors/authorization.hpp"
#include "domain/events.hpp"
#include "engine/check.hpp"
#include "engine/kernel.hpp"

#include <algorithm>
#include <cmath>

namespace actors {
namespace {

void record(institution_actor_ptr self, std::string_view type,
            std::vector<engine::trace_field> fields) {
  auto& s = self->state;
  s.kernel->events().record(s.kernel->now(), type, s.config.id, std::move(fields));
}

bool in_outage(institution_actor_ptr self) {
  return self->state.kernel->now() < self->state.outage_until;
}

// The authorizations decide which of the drawn rows actually go down (those
// already down, revoked or expired, are not this outage's doing), so the start
// is recorded with their answer: after the authorization.deactivated events, at
// the same instant.
void start_outage(institution_actor_ptr self, const outage_plan& plan) {
  auto& s = self->state;
  const auto number = ++s.outages_started;
  const auto now = s.kernel->now();
  s.outage_until = std::max(s.outage_until, now + plan.length);
  s.outages.emplace(number, running_outage{plan, {}});
  // Draw per authorization in id order, from the institution's own stream.
  std::vector<std::uint32_t> drawn;
  for (const auto row : s.config.authorization_rows)
    if (s.random.chance(plan.deactivates))
      drawn.push_back(row);
  const auto until = now + plan.length;
  self->request(s.config.authorizations, caf::infinite, deactivate_atom::value,
                std::move(drawn), inactive_cause::account_unavailable)
      .then([=](const std::vector<std::uint32_t>& taken_down) {
        record(self, events::institution_outage_started,
               {{"outage", std::to_string(number)},
                {"kind", plan.kind},
                {"until", until},
                {"authorizations_deactivated", std::to_string(taken_down.size())}});
        if (auto i = self->state.outages.find(number); i != self->state.outages.end())
          i->second.deactivated = taken_down;
      });
  self->state.kernel->send_later(self, self, plan.length, outage_end_atom::value, number);
}

// Only what this outage took down may come back with its end, and only what the
// authorizations actually restore is counted.
void end_outage(institution_actor_ptr self, std::uint64_t number) {
  auto& s = self->state;
  auto i = s.outages.find(number);
  // Each outage schedules its own end, once.
  ENGINE_CHECK(i != s.outages.end(), "no outage " + std::to_string(number) + " to end");
  std::vector<std::uint32_t> drawn;
  for (const auto row : i->second.deactivated)
    if (s.random.chance(i->second.plan.recovers))
      drawn.push_back(row);
  s.outages.erase(i);
  self->request(s.config.authorizations, caf::infinite, recover_atom::value,
                std::move(drawn))
      .then([=](std::uint64_t recovered) {
        record(self, events::institution_outage_ended,
               {{"outage", std::to_string(number)},
                {"authorizations_recovered", std::to_string(recovered)}});
      });
}

} // namespace

institution_actor::behavior_type institution_behavior(institution_actor_ptr self,
                                                      engine::kernel* kernel,
                                                      institution_config config) {
  kernel->guard(self, "institution " + config.id);
  self->state.kernel = kernel;
  self->state.random = kernel->stream(config.id);
  self->state.config = std::move(config);
  return {
      [=](auth_atom, const relink_link& link, const holder_ref& customer) {
        auto& s = self->state;
        const auto latency = engine::sample_delay(s.config.auth_latency, s.random);
        const bool outage = in_outage(self);
        // Draw even during an outage so that an outage does not shift later draws.
        const bool succeeded = s.random.chance(s.config.auth_success) && !outage;
        std::vector<engine::trace_field> fields{
            {"account", link.account_id},
            {"relink", link.relink_id},
            {"result", succeeded ? "success" : "failure"},
            {"latency", latency}};
        if (outage)
          fields.push_back({"reason", "institution_outage"});
        record(self, events::institution_auth_attempted, std::move(fields));
        self->state.kernel->send_later(self, customer.actor, latency,
                                       auth_done_atom::value, customer.row, link.relink,
                                       succeeded);
      },
      [=](outage_atom, const outage_plan& plan) { start_outage(self, plan); },
      [=](refresh_atom) { return !in_outage(self); },
      [=](outage_end_atom, std::uint64_t number) { end_outage(self, number); },
  };
}

} // namespace actors
