#include "actors/platform.hpp"

#include "domain/events.hpp"
#include "engine/check.hpp"
#include "engine/kernel.hpp"

namespace actors {

platform_actor::behavior_type platform_behavior(platform_actor_ptr self,
                                                engine::kernel* kernel,
                                                auto_relink_policy auto_relink) {
  kernel->guard(self, "platform");
  self->state.kernel = kernel;
  self->state.auto_relink = std::move(auto_relink);
  return {
      [=](webhook_atom, const std::string& account_id) {
        self->state.kernel->send_later(self, self, self->state.auto_relink.after,
                                       auto_relink_atom::value, account_id);
      },
      [=](auto_relink_atom, const std::string& account_id) {
        auto& s = self->state;
        const auto& p = s.auto_relink;
        session_order order{"auto_" + std::to_string(++s.sessions_opened),
                            account_id,
                            {},
                            p.delivery,
                            p.channel,
                            engine::duration{0}};
        s.kernel->events().record(
            s.kernel->now(), events::auto_relink_triggered, order.session_id,
            {{"session", order.session_id}, {"account", account_id}});
        self->send(s.coordinator, session_atom::value, order);
      },
      [=](attach_atom, const coordinator_actor& coordinator) {
        self->state.coordinator = coordinator;
      },
      [=](relink_atom, const relink_order& order) {
        auto& s = self->state;
        std::vector<engine::trace_field> fields{
            {"request", order.request_id}, {"via", std::string(to_string(order.via))}};
        if (order.selector)
          fields.push_back({"select", std::string(to_string(order.selector->select))});
        else
          fields.push_back({"accounts", std::to_string(order.account_ids.size())});
        s.kernel->events().record(s.kernel->now(), events::relink_requested,
                                  order.request_id, std::move(fields));
        self->send(s.coordinator, relink_atom::value, order);
      },
      [=](session_atom, const session_order& order) {
        self->send(self->state.coordinator, session_atom::value, order);
      },
      [=](notify_atom, const relink_link& link, const holder_ref& holder,
          const std::string& channel, engine::duration after) {
        self->state.kernel->send_later(self, self, after, deliver_atom::value, link,
                                       holder, channel);
      },
      [=](deliver_atom, const relink_link& link, const holder_ref& holder,
          const std::string& channel) {
        auto& s = self->state;
        s.kernel->events().record(s.kernel->now(), events::session_notified,
                                  link.request_id,
                                  {{"session", link.request_id},
                                   {"account", link.account_id},
                                   {"relink", link.relink_id},
                                   {"channel", channel}});
        // Links go only to accounts with a holder: the rules reject the others.
        ENGINE_CHECK(holder.actor != nullptr, "relink " + link.relink_id + " of " +
                                                  link.account_id +
                                                  " has no holder to reach");
        self->send(holder.actor, deliver_atom::value, holder.row, link);
      },
  };
}

} // namespace actors
