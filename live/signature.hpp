#pragma once
// The Stripe-Signature header of a webhook delivery, as Stripe computes it and its
// libraries check it: "t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<payload>",
// keyed with the whole signing secret (whsec_...)>".

#include <cstdint>
#include <string>
#include <string_view>

namespace live {

std::string stripe_signature(std::string_view signing_secret, std::int64_t unix_seconds,
                             std::string_view payload);

} // namespace live
