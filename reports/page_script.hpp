#pragma once

// The one script a report page may run, and the Content-Security-Policy that
// allows exactly it: its SHA-256 digest, so that nothing a scenario wrote into the
// page (titles, ids, messages) can ever run, even if it escaped the escaping.

#include <string>
#include <string_view>

namespace reports {

// `'sha256-<base64 digest>'`, as a CSP script-src source names a script.
std::string script_source(std::string_view script);

// The page's policy: nothing loads; inline styles; data: images when `images`;
// and `script` only (none when empty).
std::string content_security_policy(std::string_view script, bool images = false);

// Copy buttons: a `button.copy` copies the text of the element before it.
extern const std::string_view copy_buttons_script;

} // namespace reports
