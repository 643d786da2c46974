#include "actors/deactivation_notice.hpp"

#include <algorithm>

namespace actors {

notice_plan plan_deactivation_notice(std::optional<bool> previous_notice_sent,
                                     engine::duration date, engine::duration now) {
  notice_plan plan;
  date = std::max(date, now);
  plan.due_in = date - now;
  if (previous_notice_sent.value_or(false)) {
    plan.send_date_update = true;
    plan.notice_sent = true;
  } else if (plan.due_in <= deactivation_notice) {
    plan.send_notice_now = true;
    plan.notice_sent = true;
  } else {
    plan.notice_in = plan.due_in - deactivation_notice;
  }
  return plan;
}

} // namespace actors
