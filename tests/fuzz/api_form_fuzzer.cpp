// libFuzzer target: any bytes, as the form-encoded body or query of a platform's
// API call, are read as a form or refused; never a crash, an exception or
// undefined behaviour. What is read encodes back to a form that reads the same
// (each byte %-escaped), so nothing is lost or made up on the way.

#include "live/form.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>

namespace {

std::string escaped(const std::string& text) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    out += '%';
    out += hex[c >> 4];
    out += hex[c & 0xF];
  }
  return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  std::multimap<std::string, std::string> params;
  if (!live::read_form(text, params))
    return 0;
  std::string again;
  for (const auto& [key, value] : params)
    again += (again.empty() ? "" : "&") + escaped(key) + "=" + escaped(value);
  std::multimap<std::string, std::string> reread;
  if (!live::read_form(again, reread) || reread != params) {
    std::fprintf(stderr, "a form read differently once encoded again: %s\n", again.c_str());
    std::abort();
  }
  return 0;
}
