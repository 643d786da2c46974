#include "reports/console.hpp"

#include "engine/duration.hpp"
#include "engine/printable.hpp"
#include "reports/report_model.hpp"
#include "reports/reproduce.hpp"

#include <fmt/format.h>
#include <ostream>

namespace reports {
namespace {

const char* paint(const console_style& style, const char* code) {
  return style.color ? code : "";
}

// The repaired_share metric as a percentage; "-" when no account went inactive.
std::string repaired_percent(const sim::run_metrics& m) {
  if (m.accounts_deactivated == 0)
    return "-";
  return fmt::format("{:.1f}%", 100.0 * m.repaired_share());
}

std::string seconds_text(double s) {
  if (s < 1.0)
    return fmt::format("{:.3g} ms", s * 1000.0);
  return s < 10 ? fmt::format("{:.3f} s", s) : fmt::format("{:.1f} s", s);
}

} // namespace

std::string rounded(engine::duration d) {
  const auto unit = d >= engine::hours(1) ? engine::minutes(1) : engine::seconds(1);
  return engine::format_duration(
      engine::duration{(d.count() + unit.count() / 2) / unit.count() * unit.count()});
}

std::string with_thousands(std::uint64_t n) {
  std::string digits = std::to_string(n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0)
      out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

// What was simulated: the run, its accounts, requests, funnel, relinks, payments
// and webhooks, one line each.
void print_figures(const sim::outcome& run, const console_style& style, std::ostream& out) {
  const auto& m = run.metrics();
  const auto& spec = run.spec;
  const char* bold = paint(style, "\033[1m");
  const char* reset = paint(style, "\033[0m");
  out << bold << spec.name << reset << "  seed " << run.seed << "  "
      << engine::format_duration(run.stats.virtual_time) << " simulated in "
      << seconds_text(run.stats.wall_seconds) << " (" << with_thousands(run.stats.events)
      << " events)\n";
  if (!spec.title.empty())
    out << "  " << engine::printable(spec.title) << '\n';
  out << "  accounts " << with_thousands(m.accounts) << " · inactive at peak "
      << with_thousands(m.inactive_peak) << " · repaired "
      << with_thousands(m.accounts_repaired) << " (" << repaired_percent(m) << " of "
      << with_thousands(m.accounts_deactivated) << " deactivated)";
  if (m.accounts_recovered > 0)
    out << " · recovered by the bank " << with_thousands(m.accounts_recovered);
  if (const auto p50 = m.repair_time(0.5))
    out << " · p50 repair " << rounded(*p50);
  out << '\n';
  out << "  requests " << with_thousands(m.accepted) << " accepted · "
      << with_thousands(m.rejected) << " rejected";
  if (!m.rejected_by_reason.empty()) {
    out << " (";
    bool first = true;
    for (const auto& [reason, n] : m.rejected_by_reason) {
      out << (first ? "" : ", ") << reason << ' ' << with_thousands(n);
      first = false;
    }
    out << ')';
  }
  if (m.sessions_created + m.sessions_rejected > 0)
    out << " · sessions " << with_thousands(m.sessions_created) << " opened, "
        << with_thousands(m.sessions_rejected) << " refused";
  out << '\n';
  if (style.funnel != nullptr) {
    out << "  funnel (accounts):";
    for (std::size_t i = 0; i < style.funnel->size(); ++i)
      out << (i ? " → " : " ") << (*style.funnel)[i].name << ' '
          << with_thousands((*style.funnel)[i].accounts);
    out << '\n';
  }
  out << "  relinks: emailed " << with_thousands(m.emails_sent);
  if (m.notified > 0)
    out << " (+ " << with_thousands(m.notified) << " notified by the platform)";
  out << " → delivered " << with_thousands(m.emails_delivered) << " → opened "
      << with_thousands(m.emails_opened) << " → flow started "
      << with_thousands(m.flows_started) << " → succeeded "
      << with_thousands(m.relinks_succeeded) << " (failed "
      << with_thousands(m.relinks_failed) << ", cancelled "
      << with_thousands(m.relinks_cancelled) << ", expired "
      << with_thousands(m.relinks_expired) << ")";
  if (m.emails_bounced > 0)
    out << " · " << with_thousands(m.emails_bounced) << " bounced";
  out << '\n';
  if (m.payments_succeeded + m.payments_failed > 0) {
    out << "  payments " << with_thousands(m.payments_succeeded) << " succeeded · "
        << with_thousands(m.payments_failed) << " failed";
    if (!m.payments_failed_by_code.empty()) {
      out << " (";
      bool first = true;
      for (const auto& [code, n] : m.payments_failed_by_code) {
        out << (first ? "" : ", ") << code << ' ' << with_thousands(n);
        first = false;
      }
      out << ')';
    }
    out << '\n';
  }
  const auto& w = run.webhooks;
  if (w.duplicates + w.held_back + w.retried + w.dropped > 0)
    out << "  webhooks " << with_thousands(w.events) << " sent · "
        << with_thousands(w.delivered.size()) << " deliveries ("
        << with_thousands(w.duplicates) << " duplicates, "
        << with_thousands(w.out_of_order) << " out of order, "
        << with_thousands(w.retried) << " retried, " << with_thousands(w.dropped)
        << " dropped)\n";
}

void print_summary(const sim::outcome& run, const std::string& report_dir,
                   const console_style& style, std::ostream& out) {
  const auto& spec = run.spec;
  const char* red = paint(style, "\033[31m");
  const char* green = paint(style, "\033[32m");
  const char* reset = paint(style, "\033[0m");
  // What the scenario wrote (its title, file name, ids and values quoted in
  // messages) is printed with its control characters escaped.
  const std::string file = engine::printable(spec.file);
  const std::string reproduce =
      reproduce_command(spec.file, run.seed, style.reproduce_extra);
  if (!style.failures_only)
    print_figures(run, style, out);
  if (!run.run_error.empty())
    out << red << "ERROR" << reset << ' ' << file
        << ": run stopped: " << engine::printable(run.run_error) << '\n';
  for (const auto& r : run.results) {
    if (r.passed)
      continue;
    if (!r.reached) { // the run stopped first: nothing to reproduce about it
      out << red << "NOT REACHED" << reset << ' ' << file << ':' << r.where.line << "  "
          << engine::printable(r.subject) << ": " << engine::printable(r.detail) << '\n';
      continue;
    }
    out << red << "FAIL" << reset << ' ' << file << ':' << r.where.line << "  "
        << engine::printable(r.subject) << ": " << engine::printable(r.detail) << '\n';
    out << "     reproduce: " << engine::printable(reproduce_following(reproduce, r.account))
        << '\n';
  }
  for (const auto& i : run.invariants) {
    if (i.passed)
      continue;
    out << red << "INVARIANT" << reset << ' ' << i.name << " violated (" << i.violations
        << (i.violations == 1 ? " time" : " times") << "): " << i.description << '\n'
        << "     first at event seq " << i.first_bad_sequence << ": "
        << engine::printable(i.message) << '\n'
        << "     reproduce: " << engine::printable(reproduce) << '\n';
  }
  const std::size_t passed = run.results.size() - run.failed_count();
  out << (run.passed() ? green : red) << (run.passed() ? "PASS" : "FAIL") << reset << ' '
      << passed << '/' << run.results.size() << " expectations passed · "
      << (run.violated_invariants() == 0
              ? std::string("invariants hold")
              : std::to_string(run.violated_invariants()) + " invariant" +
                    (run.violated_invariants() == 1 ? "" : "s") + " violated");
  if (!report_dir.empty())
    out << " · reports in " << engine::printable(report_dir) << '/';
  out << '\n';
}

bool print_story(const sim::outcome& run, const std::string& id, std::ostream& out) {
  std::string holder;
  std::vector<std::string> held; // when `id` is a holder: its accounts
  for (const auto& a : run.spec.accounts) {
    if (a.id == id)
      holder = a.holder;
    if (a.holder == id)
      held.push_back(a.id);
  }
  if (holder.empty() && !held.empty()) { // a holder: each account's story in turn
    bool any = false;
    for (const auto& account : held)
      any = print_story(run, account, out) || any;
    return any;
  }
  out << "story of " << engine::printable(id)
      << (holder.empty() ? "" : " (holder " + holder + ")") << " in " << run.spec.name
      << ", seed " << run.seed << '\n';
  const auto story = account_story(run, id);
  for (const auto* e : story) {
    out << fmt::format("  {:<16} ", engine::format_duration(e->time))
        << engine::format_utc_timestamp(run.spec.start_unix_seconds +
                                        e->time.count() / 1000)
        << "  " << e->type;
    if (e->entity != id)
      out << "  [" << engine::printable(e->entity) << ']';
    for (const auto& f : e->fields())
      if (f.key != "account")
        out << ' ' << f.key << '=' << engine::printable(f.written());
    out << '\n';
  }
  if (story.empty())
    out << "  (no events)\n";
  return !story.empty();
}

} // namespace reports
