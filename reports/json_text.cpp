#include "reports/json_text.hpp"

#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstring>

namespace reports {

namespace {

bool needs_escape(char c) {
  return c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20;
}

// The place of the first character of `text` from `from` on that needs escaping,
// or text.size(). Eight bytes at a time: most texts (ids, event types, times) have
// none, and the trace writers spend much of their time here.
std::size_t first_to_escape(std::string_view text, std::size_t from) {
  constexpr std::uint64_t ones = 0x0101010101010101ull;
  constexpr std::uint64_t highs = 0x8080808080808080ull;
  const auto has_zero = [](std::uint64_t v) { return (v - ones) & ~v & highs; };
  std::size_t i = from;
  for (; i + 8 <= text.size(); i += 8) {
    std::uint64_t x;
    std::memcpy(&x, text.data() + i, 8);
    const std::uint64_t control = (x - ones * 0x20) & ~x & highs; // a byte below 0x20
    if (control | has_zero(x ^ (ones * '"')) | has_zero(x ^ (ones * '\\')))
      break;
  }
  for (; i < text.size(); ++i)
    if (needs_escape(text[i]))
      return i;
  return text.size();
}

} // namespace

// Appends `text` as a JSON string literal: runs without escapes are copied whole.
void append_json_string(std::string_view text, std::string& out) {
  out.push_back('"');
  std::size_t start = 0;
  for (std::size_t i = first_to_escape(text, 0); i < text.size();
       i = first_to_escape(text, i + 1)) {
    const char c = text[i];
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
