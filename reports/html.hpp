#pragma once

// report.html: one self-contained page (inline CSS and SVG, no script, a content
// security policy that forbids every network request) that explains a run in a
// minute: verdict, funnel, accounts by status over virtual time, time to repair,
// rejections by reason, the expectation table with source lines, and the
// timeline of every account a failed expectation names. All scenario text is
// escaped.

#include "reports/json_report.hpp"
#include "reports/report_model.hpp"
#include "sim/outcome.hpp"

#include <iosfwd>
#include <string>

namespace reports {

void write_html_report(const sim::outcome& run, const report_model& model,
                       const run_context& context, std::ostream& out);

// Text made safe for HTML element content and attribute values.
std::string html_escape(const std::string& text);

} // namespace reports
