#include "engine/duration.hpp"

#include <array>
#include <cstdio>

namespace engine {
namespace {

struct unit {
  char symbol;
  std::int64_t milliseconds;
};

constexpr std::array<unit, 5> units{{{'w', 7 * 86'400'000LL},
                                     {'d', 86'400'000LL},
                                     {'h', 3'600'000LL},
                                     {'m', 60'000LL},
                                     {'s', 1'000LL}}};

const unit* find_unit(char symbol) {
  for (const auto& u : units)
    if (u.symbol == symbol)
      return &u;
  return nullptr;
}

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

void civil_from_days(std::int64_t z, std::int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2);
}

} // namespace

std::optional<duration> parse_duration(std::string_view text) {
  if (text.empty())
    return std::nullopt;
  if (text == "0")
    return duration{0}; // zero needs no unit
  std::int64_t total = 0;
  std::string seen;
  std::size_t i = 0;
  while (i < text.size()) {
    std::int64_t amount = 0;
    std::size_t digits = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      if (amount > 1'000'000'000)
        return std::nullopt; // absurd; also guards the multiplication below
      amount = amount * 10 + (text[i] - '0');
      ++i;
      ++digits;
    }
    if (digits == 0 || i == text.size())
      return std::nullopt;
    // Seconds may carry up to three decimals, so that every text format_duration
    // writes (1m3.250s) reads back.
    std::int64_t fraction_ms = 0;
    if (text[i] == '.') {
      std::size_t decimals = 0;
      std::int64_t scale = 100;
      for (++i; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i, ++decimals) {
        fraction_ms += (text[i] - '0') * scale;
        scale /= 10;
      }
      if (decimals == 0 || decimals > 3 || i == text.size() || text[i] != 's')
        return std::nullopt;
    }
    const unit* u = find_unit(text[i]);
    if (u == nullptr || seen.find(text[i]) != std::string::npos)
      return std::nullopt;
    seen.push_back(text[i]);
    total += amount * u->milliseconds + fraction_ms;
    ++i;
  }
  return duration{total};
}

std::string format_duration(duration d) {
  std::int64_t ms = d.count();
  if (ms == 0)
    return "0s";
  std::string out;
  if (ms < 0) {
    out.push_back('-');
    ms = -ms;
  }
  for (const auto& u : units) {
    if (u.symbol == 'w')
      continue; // days read better than weeks in reports (`9d`, `30d`)
    const std::int64_t amount = ms / u.milliseconds;
    if (u.symbol == 's') {
      const std::int64_t rest = ms % 1000;
      if (amount == 0 && rest == 0)
        break;
      out += std::to_string(amount);
      if (rest != 0) {
        char fraction[8];
        std::snprintf(fraction, sizeof fraction, ".%03lld", static_cast<long long>(rest));
        out += fraction;
      }
      out.push_back('s');
      break;
    }
    if (amount != 0) {
      out += std::to_string(amount);
      out.push_back(u.symbol);
      ms -= amount * u.milliseconds;
    }
  }
  return out;
}

std::optional<std::int64_t> parse_utc_timestamp(std::string_view text) {
  // Accepts exactly YYYY-MM-DDTHH:MM:SSZ.
  if (text.size() != 20 || text[4] != '-' || text[7] != '-' || text[10] != 'T' ||
      text[13] != ':' || text[16] != ':' || text[19] != 'Z')
    return std::nullopt;
  auto number = [&](std::size_t pos, std::size_t len) -> std::optional<unsigned> {
    unsigned value = 0;
    for (std::size_t i = pos; i < pos + len; ++i) {
      if (text[i] < '0' || text[i] > '9')
        return std::nullopt;
      value = value * 10 + static_cast<unsigned>(text[i] - '0');
    }
    return value;
  };
  auto y = number(0, 4), mo = number(5, 2), d = number(8, 2);
  auto h = number(11, 2), mi = number(14, 2), s = number(17, 2);
  if (!y || !mo || !d || !h || !mi || !s)
    return std::nullopt;
  static constexpr unsigned month_days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (*mo < 1 || *mo > 12 || *d < 1 || *d > month_days[*mo - 1] || *h > 23 || *mi > 59 ||
      *s > 59)
    return std::nullopt;
  const bool leap = (*y % 4 == 0 && *y % 100 != 0) || *y % 400 == 0;
  if (*mo == 2 && *d == 29 && !leap)
    return std::nullopt;
  return days_from_civil(*y, *mo, *d) * 86400 + *h * 3600 + *mi * 60 + *s;
}

std::string format_utc_timestamp(std::int64_t unix_seconds) {
  std::int64_t day = unix_seconds / 86400;
  std::int64_t second_of_day = unix_seconds % 86400;
  if (second_of_day < 0) {
    second_of_day += 86400;
    --day;
  }
  std::int64_t y = 0;
  unsigned m = 0, d = 0;
  civil_from_days(day, y, m, d);
  char text[64];
  std::snprintf(text, sizeof text, "%04lld-%02u-%02uT%02lld:%02lld:%02lldZ",
                static_cast<long long>(y), m, d,
                static_cast<long long>(second_of_day / 3600),
                static_cast<long long>(second_of_day / 60 % 60),
                static_cast<long long>(second_of_day % 60));
  return text;
}

} // namespace engine
