// append_json_string, pinned by generated texts against a reference that escapes
// one character at a time: the writers' fast scan (eight bytes at a time) must
// find every character that needs escaping, wherever it falls in the text.

#include <rapidcheck/boost_test.h>

#include "reports/json_text.hpp"

#include <cstdio>
#include <string>

namespace {

std::string reference(const std::string& text) {
  std::string out = "\"";
  for (const char c : text) {
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
    default:
      if (static_cast<unsigned char>(c) < 0x20) {
        char escaped[8];
        std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(c));
        out += escaped;
      } else {
        out += c;
      }
    }
  }
  return out + "\"";
}

// Texts mostly of plain characters, with the ones to escape (and bytes above
// 0x7f, which pass as they are) at any place.
rc::Gen<std::string> texts() {
  return rc::gen::container<std::string>(rc::gen::weightedOneOf<char>({
      {8, rc::gen::inRange<char>('a', 'z')},
      {1, rc::gen::element<char>('"', '\\', '\n', '\t', '\0', '\x1f', ' ', '\x7f')},
      {1, rc::gen::map(rc::gen::inRange<int>(0x80, 0x100),
                       [](int b) { return static_cast<char>(b); })},
  }));
}

} // namespace

RC_BOOST_PROP(json_strings_escape_exactly_the_characters_json_requires, ()) {
  const auto text = *texts();
  std::string out = "x"; // appends, keeping what was there
  reports::append_json_string(text, out);
  RC_ASSERT(out == "x" + reference(text));
}
