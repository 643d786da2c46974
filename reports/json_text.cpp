#include "reports/json_text.hpp"

#include <charconv>
#include <cstdio>

namespace reports {

namespace {

bool needs_escape(char c) {
  return c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20;
}
} // namespace

// Appends `text` as a JSON string literal: runs without escapes are copied whole.
void append_json_string(std::string_view text, std::string& out) {
  out.push_back('"');
  std::size_t start = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (!needs_escape(c))
      continue;
    out.append(text.data() + start, i - start);
    start = i + 1;
    switch (c) {
    case '"':
      out += "\\\"";
      break;
    case '\\':
      out += "\\\\";
      break;
    case '\n':
      out += "\\n";
      break;
    case '\r':
      out += "\\r";
      break;
    case '\t':
      out += "\\t";
      break;
    case '\b':
      out += "\\b";
      break;
    case '\f':
      out += "\\f";
      break;
    default: {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(c));
      out += escaped;
    }
    }
  }
  out.append(text.data() + start, text.size() - start);
  out.push_back('"');
}

void append_compact(const nlohmann::ordered_json& value, std::string& out) {
  using t = nlohmann::ordered_json::value_t;
  switch (value.type()) {
  case t::object: {
    out.push_back('{');
    bool first = true;
    for (auto it = value.begin(); it != value.end(); ++it) {
      if (!first)
        out.push_back(',');
      first = false;
      append_json_string(it.key(), out);
      out.push_back(':');
      append_compact(it.value(), out);
    }
    out.push_back('}');
    return;
  }
  case t::array: {
    out.push_back('[');
    bool first = true;
    for (const auto& item : value) {
      if (!first)
        out.push_back(',');
      first = false;
      append_compact(item, out);
    }
    out.push_back(']');
    return;
  }
  case t::string:
    append_json_string(value.get_ref<const std::string&>(), out);
    return;
  case t::number_integer:
  case t::number_unsigned: {
    char digits[24];
    const auto end =
        value.type() == t::number_integer
            ? std::to_chars(digits, digits + sizeof digits, value.get<std::int64_t>()).ptr
            : std::to_chars(digits, digits + sizeof digits, value.get<std::uint64_t>())
                  .ptr;
    out.append(digits, end);
    return;
  }
  default: // booleans, null, floating point: as nlohmann writes them
    out += value.dump();
  }
}

} // namespace reports
