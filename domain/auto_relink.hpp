#pragma once

#include "domain/domain.hpp"
#include "engine/duration.hpp"

#include <string>

namespace actors {

// The platform's automation: on these account events, open a session after a delay.
struct auto_relink_policy {
  bool on_deactivated = false;
  bool on_upcoming_account_number_expiry = false;
  bool on_upcoming_deactivation = false;
  delivery_method delivery = delivery_method::email;
  std::string channel = "in_app";
  engine::duration after{0};

  bool any() const {
    return on_deactivated || on_upcoming_account_number_expiry || on_upcoming_deactivation;
  }
};

} // namespace actors
