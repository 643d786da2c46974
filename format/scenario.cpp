#include "format/scenario.hpp"

namespace sim {

std::string_view to_string(relink_status s) {
  switch (s) {
    case relink_status::none: return "none";
    case relink_status::requested: return "requested";
    case relink_status::email_sent: return "email_sent";
    case relink_status::delivered: return "delivered";
    case relink_status::bounced: return "bounced";
    case relink_status::opened: return "opened";
    case relink_status::flow_started: return "flow_started";
    case relink_status::succeeded: return "succeeded";
    case relink_status::failed: return "failed";
    case relink_status::cancelled: return "cancelled";
    case relink_status::expired: return "expired";
  }
  return "none";
}

} // namespace sim
