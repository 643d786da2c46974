#include "reports/json_text.hpp"

#include "engine/trace.hpp"

#include <charconv>

namespace reports {

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
        engine::append_json_string(it.key(), out);
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
      engine::append_json_string(value.get_ref<const std::string&>(), out);
      return;
    case t::number_integer:
    case t::number_unsigned: {
      char digits[24];
      const auto end =
        value.type() == t::number_integer
          ? std::to_chars(digits, digits + sizeof digits, value.get<std::int64_t>()).ptr
          : std::to_chars(digits, digits + sizeof digits, value.get<std::uint64_t>()).ptr;
      out.append(digits, end);
      return;
    }
    default: // booleans, null, floating point: as nlohmann writes them
      out += value.dump();
  }
}

} // namespace reports
