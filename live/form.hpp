#pragma once
// Stripe's form encoding, as a platform's library writes it: `a=1&b%5Bc%5D=2&d[]=x`,
// keys kept as written (`b[c]`, `d[]`), `+` for a space. What a platform sends is
// untrusted: tests/fuzz/api_form_fuzzer.cpp feeds this anything.

#include <map>
#include <string>

namespace live {

// Adds each parameter of `text` to `params`; false when `text` is not a form (a
// broken %-escape), with `params` then holding those before it.
bool read_form(const std::string& text, std::multimap<std::string, std::string>& params);

} // namespace live
