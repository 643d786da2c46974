#include "reports/accounts_jsonl.hpp"

#include "reports/json_text.hpp"

#include <ostream>
#include <string>

namespace reports {
namespace {

void append_key(std::string_view key, std::string_view value, std::string& line) {
  line += ",\"";
  line += key;
  line += "\":";
  append_json_string(value, line);
}

} // namespace

void write_accounts_jsonl(const sim::outcome& run, std::ostream& out) {
  std::string line;
  for (const auto& a : run.spec.accounts) {
    const auto* found = run.history.state(a.id);
    const sim::account_state state = found ? *found : sim::account_state{};
    line = "{\"id\":";
    append_json_string(a.id, line);
    append_key("holder", a.holder, line);
    append_key("institution", a.institution, line);
    append_key("status", actors::to_string(state.status), line);
    if (state.cause) {
      append_key("cause", actors::to_string(*state.cause), line);
      append_key("action", state.action ? actors::to_string(*state.action) : "none", line);
    }
    if (state.tan_status)
      append_key("tan", actors::to_string(*state.tan_status), line);
    if (state.relink != sim::relink_status::none)
      append_key("relink", sim::to_string(state.relink), line);
    line += "}\n";
    out.write(line.data(), static_cast<std::streamsize>(line.size()));
  }
}

} // namespace reports
